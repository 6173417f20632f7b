import { hash } from 'node:crypto';
import { redactor } from '../lib/secrets.js';

/*
 * What a production case may carry into the repository. Everything harvest writes (inputs,
 * prior turns, kept variables, recorded answers) passes through scrub(): the environment's own
 * secrets, then token-shaped strings, private keys and `password: …` pairs, then e-mail
 * addresses, card numbers (13 to 19 digits that pass the Luhn check) and phone numbers. A
 * variable not listed in prompt.yaml `harvest: { keep }` is never written at all: its hash
 * stands in for it.
 */

const SECRET_PATTERNS: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/g,
  /\b(?:ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

/** `password: hunter2`, `api_key=…`, `token "…"`: the label stays, the value goes. */
const LABELLED_SECRET =
  /\b(password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token|token)(\s*(?:is|:|=)\s*)(["']?)([^\s"',;]{4,})\3/gi;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** 13 to 19 digits, in groups separated by single spaces or dashes. */
const CARD_CANDIDATE = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;

/** A run of digits with the separators phone numbers are written with. */
const PHONE_CANDIDATE = /(?<![\w+])(?:\+|\(\d)?[\d()][\d\s().-]{5,}\d(?![\w])/g;

/** The Luhn checksum every payment card number satisfies (and a random 16-digit run only 1 time in 10). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function scrubPhones(text: string): string {
  return text.replace(PHONE_CANDIDATE, (match) => {
    const digits = match.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) return match;
    // Dates and times are not phone numbers: 2026-12-01, 10:30, 1.2.3.
    if (/^\d{4}-\d{2}-\d{2}$/.test(match.trim()) || /^\d{1,3}(\.\d{1,3}){2,3}$/.test(match.trim())) return match;
    const separated = /[\s().-]/.test(match.trim()) || match.startsWith('+');
    return separated || digits.length >= 10 ? '[PHONE]' : match;
  });
}

export interface Scrubber {
  (text: string): string;
}

/** A scrubber for one run: `secrets` are the environment's (lib/secrets.ts secretsIn). */
export function scrubber(secrets: readonly string[]): Scrubber {
  const redact = redactor(secrets);
  return (text) => {
    let clean = redact(text);
    for (const pattern of SECRET_PATTERNS) clean = clean.replace(pattern, '[SECRET]');
    clean = clean.replace(LABELLED_SECRET, (_, label: string, separator: string) => `${label}${separator}[SECRET]`);
    clean = clean.replace(EMAIL, '[EMAIL]');
    clean = clean.replace(CARD_CANDIDATE, (match) => (passesLuhn(match.replace(/\D/g, '')) ? '[CARD]' : match));
    return scrubPhones(clean);
  };
}

/**
 * A variable harvest may not keep: a hash of its value in its place, so cases that shared a
 * value still share it, and the value itself never reaches git. A value from a small set (a
 * tier, a country) can be guessed back from its hash: keep such variables (`harvest: { keep }`)
 * when they are harmless, or leave them out of the spans (telemetry.record.variables).
 */
export function hashedValue(value: string): string {
  return `sha256:${hash('sha256', value, 'hex').slice(0, 16)}`;
}
