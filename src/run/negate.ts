import type { CheckResult } from '../results/model.js';
import type { Assertion } from '../load/types.js';

/*
 * The generic `not-` prefix (`not-icontains`, `not-regex`, `not-tool-called`, …): the check,
 * negated. A negated check passes only when its check was made and did not hold. A check that
 * could not be made (the answer is not JSON, the field is missing, the pattern timed out, the
 * cost is unknown, a judge or a custom check could not run) is `undecided`: it fails either way,
 * with the reason, so `not-` never turns "could not look" into a pass.
 */

/** A check's result, marked when no verdict could be reached. */
export type Outcome = CheckResult & { undecided?: true };

/** The check's words, negated: `output contains "x"` → `output does not contain "x"`. */
const VERBS: ReadonlyArray<readonly [string, string]> = [
  [' contains any of ', ' contains none of '],
  [' contains all of ', ' does not contain all of '],
  [' contains ', ' does not contain '],
  [' equals ', ' does not equal '],
  [' starts with ', ' does not start with '],
  [' matches ', ' does not match '],
  [' is JSON', ' is not JSON'],
  [' similar to ', ' not similar to '],
  [' called in order', ' not called in order'],
  [' called exactly', ' not called exactly'],
  [' called', ' not called'],
  [' passes', ' does not pass'],
  [' >= ', ' < '],
  [' <= ', ' > '],
];

export function negatedName(name: string): string {
  let best: { index: number; from: string; to: string } | undefined;
  for (const [from, to] of VERBS) {
    const index = name.indexOf(from);
    if (index >= 0 && (!best || index < best.index)) best = { index, from, to };
  }
  if (!best) return `not: ${name}`;
  return name.slice(0, best.index) + best.to + name.slice(best.index + best.from.length);
}

/** The result as results.json shows it: negated when the assertion is, without the internal mark. */
export function finishCheck(outcome: Outcome, assertion: Pick<Assertion, 'type' | 'negated'>): CheckResult {
  // The common case, a check as written that reached a verdict, is returned as it is: no copy per check.
  if (!assertion.negated && outcome.undecided === undefined) return outcome;
  const { undecided, ...result } = outcome;
  if (!assertion.negated) return result;
  const name = negatedName(result.name);
  const expected = { not: result.expected };
  if (undecided) {
    return {
      ...result,
      name,
      expected,
      passed: false,
      message: `${result.message ?? 'the check could not be made'} (not-${assertion.type} passes only on a verdict)`,
    };
  }
  if (!result.passed) return { name, passed: true, expected, actual: result.actual };
  const why = result.message ? ` (${result.message})` : '';
  return { name, passed: false, expected, actual: result.actual, message: `${result.name}${why}, which not-${assertion.type} forbids` };
}
