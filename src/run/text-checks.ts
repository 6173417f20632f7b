import { truncate } from '../load/files/schemas.js';
import type { Json } from '../json/json.js';
import type { Assertion } from '../load/types.js';
import type { Outcome } from './negate.js';

/*
 * The text checks people reach for beside `contains`: `icontains` (any case), `contains-any`,
 * `contains-all` and `starts-with`. Each reads the output as shown (or, with `path`, a field of
 * the JSON answer: a text, or a list whose items are compared whole).
 */

type TextAssertion = Extract<Assertion, { type: 'icontains' | 'contains-any' | 'contains-all' | 'starts-with' }>;

/** What the check reads: the text or list at its place, or why there is none (then undecided). */
export type Subject = { ok: true; value: Json } | { ok: false; failure: Omit<Outcome, 'name' | 'expected'> };

const SHOWN_CHARS = 500;

function show(value: Json): string {
  return truncate(JSON.stringify(value), 80);
}

export function checkText(assertion: TextAssertion, subject: Subject): Outcome {
  const where = assertion.path ?? 'output';
  const { name, expected } = words(assertion, where);
  if (!subject.ok) return { name, expected, ...subject.failure };
  const value = subject.value;
  if (typeof value !== 'string' && !Array.isArray(value)) {
    return { name, passed: false, expected, actual: value, message: `${where} is neither text nor a list`, undecided: true };
  }
  const has = (wanted: string) => (typeof value === 'string' ? value.includes(wanted) : value.some((item) => item === wanted));
  const actual = typeof value === 'string' ? truncate(value, SHOWN_CHARS) : value;
  switch (assertion.type) {
    case 'icontains': {
      const wanted = assertion.value.toLocaleLowerCase('en-US');
      const found =
        typeof value === 'string'
          ? value.toLocaleLowerCase('en-US').includes(wanted)
          : value.some((item) => typeof item === 'string' && item.toLocaleLowerCase('en-US') === wanted);
      return {
        name,
        passed: found,
        expected,
        actual,
        ...(found ? {} : { message: `${show(assertion.value)} not found in ${where}, in any case` }),
      };
    }
    case 'contains-any': {
      const found = assertion.value.filter(has);
      return { name, passed: found.length > 0, expected, actual, ...(found.length > 0 ? {} : { message: `none of them is in ${where}` }) };
    }
    case 'contains-all': {
      const missing = assertion.value.filter((wanted) => !has(wanted));
      return {
        name,
        passed: missing.length === 0,
        expected,
        actual,
        ...(missing.length === 0 ? {} : { message: `missing from ${where}: ${missing.map(show).join(', ')}` }),
      };
    }
    case 'starts-with': {
      if (typeof value !== 'string') return { name, passed: false, expected, actual, message: `${where} is not text`, undecided: true };
      // Leading white space is not part of what a reader sees as the start of an answer.
      const passed = value.trimStart().startsWith(assertion.value);
      return {
        name,
        passed,
        expected,
        actual,
        ...(passed ? {} : { message: `${where} starts with ${show(value.trimStart().slice(0, 40))}` }),
      };
    }
  }
}

function words(assertion: TextAssertion, where: string): { name: string; expected: Json } {
  switch (assertion.type) {
    case 'icontains':
      return { name: `${where} contains ${show(assertion.value)} (any case)`, expected: assertion.value };
    case 'contains-any':
      return { name: `${where} contains any of ${show(assertion.value)}`, expected: assertion.value };
    case 'contains-all':
      return { name: `${where} contains all of ${show(assertion.value)}`, expected: assertion.value };
    case 'starts-with':
      return { name: `${where} starts with ${show(assertion.value)}`, expected: assertion.value };
  }
}
