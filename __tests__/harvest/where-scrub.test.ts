import { describe, expect, it } from '@jest/globals';
import { hashedValue, passesLuhn, scrubber } from '../../src/harvest/scrub.js';
import { evaluateWhere, parseWhere, type Literal } from '../../src/harvest/where.js';

const fields: Record<string, Literal> = {
  confidence: 0.55,
  escalate: true,
  error: false,
  'error.type': null,
  intent: 'billing_issue',
  'result.score': 3,
  version: 'v2.0',
};
const matches = (text: string, values: Record<string, Literal> = fields) =>
  evaluateWhere(parseWhere(text), (field) => (Object.hasOwn(values, field) ? values[field] : undefined));

describe('--where expressions', () => {
  it.each([
    ['confidence < 0.6', true],
    ['confidence >= 0.6', false],
    ['escalate == true', true],
    ['escalate', true],
    ['error', false],
    ['not error', true],
    ['!error && escalate', true],
    ['intent == "billing_issue"', true],
    ["intent != 'billing_issue'", false],
    ['confidence < 0.6 and (intent == "account_access" or escalate)', true],
    ['confidence < 0.6 AND intent == "account_access" OR version == "v2.0"', true],
    ['result.score > 2', true],
    ['error.type == null', true],
    // A missing field never matches, and strings are not ordered.
    ['refund < 1', false],
    ['refund', false],
    ['intent > "a"', false],
    ['confidence == "0.55"', false],
  ])('%s → %p', (text, expected) => {
    expect(matches(text)).toBe(expected);
  });

  it.each([
    ['', 'is empty: write e.g. "confidence < 0.6", "escalate == true" or "error"'],
    ['confidence <', 'needs a number, true, false, null or a quoted string after it'],
    ['confidence < 0.6 oops', 'has "oops" where the expression should end'],
    ['(escalate', 'has a "(" without its ")"'],
    ['intent == "open', 'has a string without its closing quote'],
    ['confidence < process.exit()', '"confidence <" needs a number, true, false, null or a quoted string after it'],
    ['a = 1', 'cannot read "="'],
  ])('refuses %p clearly', (text, message) => {
    expect(() => parseWhere(text)).toThrow(message);
  });

  it('is data, never code: a field that looks like code is just a missing field', () => {
    expect(matches('constructor')).toBe(false);
    expect(matches('__proto__ == null')).toBe(false);
  });
});

describe('scrubbing what harvest writes', () => {
  const scrub = scrubber(['sk-env-secret-value-123456']);

  it('checks card numbers with Luhn', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(scrub('card 4111 1111 1111 1111 or 4111-1111-1111-1111')).toBe('card [CARD] or [CARD]');
    // Not a valid card number: 16 digits that fail the check are left, as order ids would be.
    expect(scrub('ref 4111 1111 1111 1112')).toBe('ref 4111 1111 1111 1112');
  });

  it('takes out e-mail addresses and phone numbers, not dates, versions or short numbers', () => {
    expect(scrub('write to jane.doe+tag@mail.example.co.uk today')).toBe('write to [EMAIL] today');
    expect(scrub('call +1 (415) 555-0100 or 020 7946 0958 or 4155550100')).toBe('call [PHONE] or [PHONE] or [PHONE]');
    expect(scrub('on 2026-12-01 at 10:30, version 1.2.3, order 48213')).toBe('on 2026-12-01 at 10:30, version 1.2.3, order 48213');
  });

  it('takes out secrets: the environment’s, token shapes, private keys and labelled values', () => {
    expect(scrub('key sk-env-secret-value-123456 here')).toBe('key [REDACTED] here');
    expect(scrub('use sk-proj-abcdefghijklmnop1234 and ghp_abcdefghijklmnopqrstuvwxyz0123')).toBe('use [SECRET] and [SECRET]');
    expect(scrub('AKIAIOSFODNN7EXAMPLE')).toBe('[SECRET]');
    expect(scrub('my password: hunter2! and token=abcd1234')).toBe('my password: [SECRET] and token=[SECRET]');
    expect(scrub('-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----')).toBe('[SECRET]');
  });

  it('hashes a variable it may not keep, the same value to the same hash', () => {
    expect(hashedValue('Globex')).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(hashedValue('Globex')).toBe(hashedValue('Globex'));
    expect(hashedValue('Globex')).not.toBe(hashedValue('Acme'));
  });
});
