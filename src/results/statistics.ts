import type { Interval, TestStatus, VerdictResult, Verdict } from './model.js';

/*
 * The statistics behind the verdict a reviewer reads. LLM answers are noisy: a suite of 14
 * tests that drops from 13 to 12 passes has told us almost nothing, and a gate that fails on
 * it gets switched off. So each pass rate carries a Wilson interval (how sure are we of this
 * rate?) and each head/base comparison an exact McNemar test (is the change bigger than the
 * tests flipping by chance?). Pure functions, no dependencies: the numbers are checked in the
 * tests against published tables and against a second, independent computation.
 */

/** Two-sided 95%: the standard normal quantile 1 - 0.05/2, to double precision. */
export const Z_95 = 1.959963984540054;

/** A change is called a regression or improvement only below this p-value (unless overridden). */
export const DEFAULT_ALPHA = 0.05;

/**
 * Wilson score interval for k successes of n. Chosen over the textbook p ± z·√(p(1-p)/n)
 * because suites are small and pass rates sit near 100%, exactly where that one collapses to
 * a zero-width [1, 1] for 14 of 14; Wilson stays honest ([0.785, 1] for 14 of 14) and never
 * leaves 0..1.
 *
 * n = 0 gives [0, 1]: no tests is no evidence, so every rate is plausible. This is also the
 * formula's own limit as n → 0, and it is never a pass rate of 0 shown with false certainty.
 */
export function wilsonInterval(k: number, n: number, z: number = Z_95): Interval {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`wilsonInterval: n must be a whole number >= 0, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`wilsonInterval: k must be a whole number in 0..${n}, got ${k}`);
  if (n === 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At k = 0 and k = n the bound is exactly 0 or 1 in theory; float noise must not show as
  // "0.0000000001" or an upper bound below the observed 100%.
  const low = k === 0 ? 0 : Math.max(0, centre - halfWidth);
  const high = k === n ? 1 : Math.min(1, centre + halfWidth);
  return [low, high];
}

/**
 * Exact two-sided McNemar p-value from the discordant pairs: b tests that passed on base only
 * and c that passed on head only. Under "no change" each discordant test is a fair coin, so
 * this is the two-sided binomial test of min(b, c) with n = b + c, p = 1/2:
 *   p = min(1, 2 · Σ_{i=0}^{min(b,c)} C(n, i) / 2^n).
 * Exact rather than the chi-square approximation, because prompt suites have a handful of
 * flipped tests, far below the ~25 discordant pairs the approximation needs.
 * No discordant pairs (b + c = 0) is no evidence of change: p = 1.
 */
export function mcnemarExactP(b: number, c: number): number {
  for (const [name, value] of [
    ['b', b],
    ['c', c],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`mcnemarExactP: ${name} must be a whole number >= 0, got ${value}`);
  }
  const n = b + c;
  if (n === 0) return 1;
  const tail = binomialLowerTailHalf(Math.min(b, c), n);
  return Math.min(1, 2 * tail);
}

/**
 * P(X <= m) for X ~ Binomial(n, 1/2), m <= n/2. Each term is the previous one times
 * (n-i+1)/i, starting from 2^-n, which is exact in a double: small suites get exact table
 * values (0.03125, not 0.031250000000000014). 2^-n underflows past n = 1074, so larger n sum
 * in log space instead, relative to the last (largest, since m <= n/2) term.
 */
function binomialLowerTailHalf(m: number, n: number): number {
  if (n <= 1000) {
    let term = 2 ** -n;
    let sum = term;
    for (let i = 1; i <= m; i += 1) {
      term = (term * (n - i + 1)) / i;
      sum += term;
    }
    return sum;
  }
  const logTerms: number[] = [];
  let logTerm = -n * Math.LN2;
  logTerms.push(logTerm);
  for (let i = 1; i <= m; i += 1) {
    logTerm += Math.log(n - i + 1) - Math.log(i);
    logTerms.push(logTerm);
  }
  let relativeSum = 0;
  for (const term of logTerms) relativeSum += Math.exp(term - logTerm);
  return Math.exp(logTerm) * relativeSum;
}

/** A test's outcome on one side; `not-run` means it did not run there (nothing to pair). */
export interface PairedTest {
  name: string;
  status: TestStatus | 'not-run';
}

/** One side of a comparison: its tests (one entry per test, repeats already folded), or not run. */
export type ComparisonSide = readonly PairedTest[] | 'not-run';

/**
 * Is head's change against base real or noise? Tests are paired by name and compared as
 * passed versus not passed (failed and errored both count against, as in the pass rate).
 * Pairing matters: the same 14 tests on both sides make a much sharper test than two
 * independent pass rates, because a test that passes on both says nothing about the change.
 *
 * - not-comparable: a side did not run, or no test ran on both sides.
 * - regression: head passes fewer paired tests than base, with p < alpha.
 * - improvement: head passes more, with p < alpha.
 * - within-noise: anything else (including no flipped test at all).
 */
export function compareVerdict(head: ComparisonSide, base: ComparisonSide, options: { alpha?: number } = {}): VerdictResult {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`compareVerdict: alpha must be between 0 and 1, got ${alpha}`);
  if (head === 'not-run' || base === 'not-run') {
    const side = head === 'not-run' ? (base === 'not-run' ? 'neither side' : 'head') : 'base';
    return notComparable(side === 'neither side' ? 'neither side ran' : `the ${side} did not run`);
  }
  const headByName = passedByName(head);
  const baseByName = passedByName(base);
  let paired = 0;
  let headPassed = 0;
  let basePassed = 0;
  let regressions = 0;
  let improvements = 0;
  for (const [name, headPass] of headByName) {
    const basePass = baseByName.get(name);
    if (basePass === undefined) continue;
    paired += 1;
    if (headPass) headPassed += 1;
    if (basePass) basePassed += 1;
    if (basePass && !headPass) regressions += 1;
    if (headPass && !basePass) improvements += 1;
  }
  if (paired === 0) return notComparable('no test ran on both sides');
  const pValue = mcnemarExactP(regressions, improvements);
  const significant = pValue < alpha;
  const verdict: Verdict =
    significant && regressions > improvements ? 'regression' : significant && improvements > regressions ? 'improvement' : 'within-noise';
  return {
    verdict,
    pValue,
    deltaPp: ((headPassed - basePassed) / paired) * 100,
    paired,
    regressions,
    improvements,
    headInterval: wilsonInterval(headPassed, paired),
    baseInterval: wilsonInterval(basePassed, paired),
  };
}

/**
 * name → passed, for the tests that ran. A name listed twice (repeats not folded) passes only
 * if every entry passed: the same rule compare.ts uses to fold repeats.
 */
function passedByName(tests: readonly PairedTest[]): Map<string, boolean> {
  const byName = new Map<string, boolean>();
  for (const test of tests) {
    if (test.status === 'not-run') continue;
    const passed = test.status === 'passed';
    byName.set(test.name, (byName.get(test.name) ?? true) && passed);
  }
  return byName;
}

function notComparable(reason: string): VerdictResult {
  return {
    verdict: 'not-comparable',
    pValue: null,
    deltaPp: null,
    paired: 0,
    regressions: 0,
    improvements: 0,
    headInterval: null,
    baseInterval: null,
    reason,
  };
}

/**
 * The verdict in a reviewer's words, for the comment, summary and console:
 * "−42.9 pp, p = 0.031: regression", "−7.1 pp, p = 1: within noise",
 * "not comparable (the base did not run)". Numbers only: no untrusted text to escape.
 * The p-value shows two significant digits; below 0.001 the exact figure tells nobody more.
 */
export function describeVerdict(result: VerdictResult): string {
  if (result.verdict === 'not-comparable' || result.pValue === null || result.deltaPp === null) {
    return `not comparable (${result.reason ?? 'nothing to compare'})`;
  }
  const words = result.verdict === 'within-noise' ? 'within noise' : result.verdict;
  return `${formatPp(result.deltaPp)}, ${formatP(result.pValue)}: ${words}`;
}

/** "+7.1 pp", "−7.1 pp" (a true minus sign, as typeset), "±0.0 pp". */
export function formatPp(deltaPp: number): string {
  const rounded = Math.round(deltaPp * 10) / 10;
  if (rounded === 0) return '±0.0 pp';
  return `${rounded > 0 ? '+' : '\u2212'}${Math.abs(rounded).toFixed(1)} pp`;
}

export function formatP(pValue: number): string {
  return pValue < 0.001 ? 'p < 0.001' : `p = ${Number(pValue.toPrecision(2))}`;
}

/** "68.5–98.7%": an interval of a pass rate, in percent with one decimal. */
export function formatInterval([low, high]: Interval): string {
  return `${(low * 100).toFixed(1)}\u2013${(high * 100).toFixed(1)}%`;
}
