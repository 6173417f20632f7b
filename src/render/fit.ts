import { cutAt } from './text.js';

/**
 * Fitting a rendered report into GitHub's size limits. Apart from escaping on purpose: the
 * escapers decide what a piece of text may say, this module only decides how much of the
 * report fits. The two limits are counted differently, so the unit is explicit:
 * - a PR comment: 65,536 characters;
 * - a step's job summary: 1 MiB, counted in bytes of UTF-8 (one CJK character is 3 bytes,
 *   an emoji 4), so a character count under the limit can still be rejected.
 */

/** GitHub rejects comments over 65,536 characters; the rest is headroom for the marker and note. */
export const COMMENT_BUDGET = 65_000;
/** GitHub's job summary limit per step: 1 MiB of UTF-8. */
export const SUMMARY_BYTE_LIMIT = 1_048_576;
/** What the summary renderer aims for: the limit less room for the trailing newline and redaction. */
export const SUMMARY_BYTE_BUDGET = SUMMARY_BYTE_LIMIT - 4_096;
export const CUT_NOTE = "Details cut to fit GitHub's comment size limit; see the job summary / results.json.";

export type SizeUnit = 'chars' | 'utf8-bytes';

export function sizeOf(text: string, unit: SizeUnit): number {
  return unit === 'chars' ? text.length : Buffer.byteLength(text, 'utf8');
}

/** Cuts `text` to at most `maxBytes` of UTF-8 (suffix included), never inside a character. */
export function truncateToBytes(text: string, maxBytes: number, suffix = '…'): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes - Buffer.byteLength(suffix, 'utf8'));
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1; // back off UTF-8 continuation bytes
  return bytes.subarray(0, end).toString('utf8') + suffix;
}

function truncateTo(text: string, max: number, unit: SizeUnit): string {
  return unit === 'chars' ? `${cutAt(text, max - 1)}…` : truncateToBytes(text, max);
}

export interface ReportSection {
  /** Higher survives longer: the lowest priority is shortened, then dropped, first. */
  priority: number;
  full: string;
  /** A cheaper rendering tried before the section is dropped. */
  short?: string;
  /** Never dropped (the headline, the gate verdict); shortened if it has a short form. */
  required?: boolean;
}

export interface FitOptions {
  /** In `unit`s; COMMENT_BUDGET characters by default. */
  limit?: number;
  /** What `limit` counts: characters (a comment) or UTF-8 bytes (the job summary). */
  unit?: SizeUnit;
  /** Markdown appended when anything was cut. */
  note?: string;
  /** Between sections; a blank line by default. */
  separator?: string;
}

export interface FitResult {
  body: string;
  cut: boolean;
  shortened: number;
  dropped: number;
}

const FULL = 0;
const SHORT = 1;
const DROPPED = 2;

/**
 * Joins sections, in their order, into a body of at most `limit` units. When the whole does
 * not fit, priorities are visited from the lowest up; within one priority every section is
 * first shortened (last section first), then dropped, until the rest fits with the note.
 * If the required sections alone are too long the body is cut hard, still with the note.
 */
export function fitToLimit(sections: ReportSection[], options: FitOptions = {}): FitResult {
  const limit = options.limit ?? COMMENT_BUDGET;
  const unit = options.unit ?? 'chars';
  const separator = options.separator ?? '\n\n';
  const noteBlock = `${separator}${options.note ?? `> [!NOTE]\n> ${CUT_NOTE}`}`;
  const levels = sections.map(() => FULL);
  const textOf = (i: number) => {
    const level = levels[i]!;
    const section = sections[i]!;
    return level === DROPPED ? '' : level === SHORT ? (section.short ?? '') : section.full;
  };
  // Size of the joined body, kept incrementally: reports can have thousands of sections.
  const separatorSize = sizeOf(separator, unit);
  let pieces = 0;
  let size = 0;
  const account = (i: number, sign: 1 | -1) => {
    const text = textOf(i);
    if (text === '') return;
    pieces += sign;
    size += sign * sizeOf(text, unit);
  };
  const total = () => size + Math.max(0, pieces - 1) * separatorSize;
  const setLevel = (i: number, level: number) => {
    account(i, -1);
    levels[i] = level;
    account(i, 1);
  };
  const render = () =>
    sections
      .map((_, i) => textOf(i))
      .filter((text) => text !== '')
      .join(separator);

  sections.forEach((_, i) => account(i, 1));
  if (total() <= limit) return { body: render(), cut: false, shortened: 0, dropped: 0 };

  const budget = limit - sizeOf(noteBlock, unit);
  const priorities = [...new Set(sections.map((s) => s.priority))].sort((a, b) => a - b);
  const fits = () => total() <= budget;
  outer: for (const priority of priorities) {
    const group = sections
      .map((s, i) => (s.priority === priority ? i : -1))
      .filter((i) => i >= 0)
      .reverse();
    for (const i of group) {
      if (sections[i]!.short === undefined) continue;
      setLevel(i, SHORT);
      if (fits()) break outer;
    }
    for (const i of group) {
      if (sections[i]!.required) continue;
      setLevel(i, DROPPED);
      if (fits()) break outer;
    }
  }

  let body = render();
  // Only required sections are left and they are still too long: a hard cut, but a stated one.
  if (sizeOf(body, unit) > budget) body = truncateTo(body, budget, unit);
  return {
    body: body + noteBlock,
    cut: true,
    shortened: levels.filter((level) => level === SHORT).length,
    dropped: levels.filter((level) => level === DROPPED).length,
  };
}
