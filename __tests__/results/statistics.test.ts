import { describe, expect, it } from '@jest/globals';
import {
  compareVerdict,
  describeVerdict,
  formatInterval,
  formatP,
  formatPp,
  mcnemarExactP,
  wilsonInterval,
  Z_95,
  type PairedTest,
} from '../../src/results/statistics.js';

/*
 * Every expected number here comes from outside the module under test: a published table, a
 * hand computation written out in the comment, or a second computation in this file that
 * shares no code and no method with the module (bisection on the score statistic for Wilson,
 * exact BigInt binomial sums for McNemar).
 */

/**
 * Independent Wilson bounds: the interval is every p the score test does not reject,
 * |p̂ - p| <= z·√(p(1-p)/n). Found by bisection on each side of p̂, not by the closed form.
 */
function wilsonByBisection(k: number, n: number): [number, number] {
  const phat = k / n;
  const rejects = (p: number) => Math.abs(phat - p) > Z_95 * Math.sqrt((p * (1 - p)) / n);
  const boundary = (inside: number, outside: number) => {
    for (let i = 0; i < 200; i += 1) {
      const mid = (inside + outside) / 2;
      if (rejects(mid)) outside = mid;
      else inside = mid;
    }
    return (inside + outside) / 2;
  };
  const low = k === 0 ? 0 : boundary(phat, 0);
  const high = k === n ? 1 : boundary(phat, 1);
  return [low, high];
}

/** Exact p = min(1, 2·Σ_{i<=min(b,c)} C(n,i) / 2^n) with BigInt factorials, then one division. */
function mcnemarByBigInt(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  const factorials = [1n];
  for (let i = 1; i <= n; i += 1) factorials.push(factorials[i - 1]! * BigInt(i));
  const factorial = (m: number) => factorials[m]!;
  const nFactorial = factorial(n);
  let sum = 0n;
  for (let i = 0; i <= Math.min(b, c); i += 1) sum += nFactorial / (factorial(i) * factorial(n - i));
  const numerator = 2n * sum;
  const denominator = 2n ** BigInt(n);
  if (numerator >= denominator) return 1;
  // 80 decimal digits of the exact ratio, then to a double: exact to double precision.
  const scale = 10n ** 80n;
  return Number((numerator * scale) / denominator) / 1e80;
}

function expectRelativelyClose(actual: number, expected: number, tolerance = 1e-12) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(Math.abs(expected), Number.MIN_VALUE));
}

describe('wilsonInterval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of
  // seven methods", Statistics in Medicine 17:857-872, Table I, method 3 (score, no correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('matches the published bounds for %i of %i', (k, n, low, high) => {
    const [actualLow, actualHigh] = wilsonInterval(k, n);
    expect(actualLow).toBeCloseTo(low, 4);
    expect(actualHigh).toBeCloseTo(high, 4);
  });

  it.each([
    [14, 14],
    [13, 14],
    [7, 14],
    [0, 1],
    [1, 1],
    [95, 100],
    [3, 1000],
    [999, 1000],
  ])('matches an independent bisection on the score test for %i of %i', (k, n) => {
    const [low, high] = wilsonInterval(k, n);
    const [expectedLow, expectedHigh] = wilsonByBisection(k, n);
    expect(low).toBeCloseTo(expectedLow, 12);
    expect(high).toBeCloseTo(expectedHigh, 12);
  });

  it('stays honest for a perfect small suite where the textbook interval would be [1, 1]', () => {
    // 14 of 14 by hand: centre (1 + z²/28)/(1 + z²/14) = 0.89235, half-width 0.10766.
    const [low, high] = wilsonInterval(14, 14);
    expect(low).toBeCloseTo(0.7847, 4);
    expect(high).toBe(1);
  });

  it('gives exact 0 and 1 at the edges, not float noise', () => {
    expect(wilsonInterval(0, 7)[0]).toBe(0);
    expect(wilsonInterval(7, 7)[1]).toBe(1);
  });

  it('is symmetric: k of n mirrors n-k of n', () => {
    const [low, high] = wilsonInterval(3, 17);
    const [mirrorLow, mirrorHigh] = wilsonInterval(14, 17);
    expect(low).toBeCloseTo(1 - mirrorHigh, 14);
    expect(high).toBeCloseTo(1 - mirrorLow, 14);
  });

  it('is [0, 1] for no tests: no evidence, every rate plausible', () => {
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });

  it('rejects counts that cannot be counts', () => {
    expect(() => wilsonInterval(5, 4)).toThrow(/k must be a whole number in 0\.\.4/);
    expect(() => wilsonInterval(-1, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(0, -1)).toThrow(/n must be/);
  });
});

describe('mcnemarExactP', () => {
  // By hand: n = b + c, p = 2·Σ_{i<=min} C(n,i)/2^n.
  it.each([
    [0, 5, 0.0625], //          2·1/32
    [5, 0, 0.0625], //          symmetric
    [0, 6, 0.03125], //         2·1/64: six one-way flips are the fewest that reach p < 0.05
    [1, 9, 0.021484375], //     2·(1+10)/1024 ≈ 0.0215
    [2, 8, 0.109375], //        2·(1+10+45)/1024
    [3, 12, 0.03515625], //     2·(1+15+105+455)/32768
    [1, 1, 1], //               2·3/4 = 1.5, capped at 1
    [5, 5, 1],
    [0, 1, 1],
    [0, 0, 1], //               no discordant pairs: no evidence of change
  ])('b=%i, c=%i gives %f', (b, c, expected) => {
    expect(mcnemarExactP(b, c)).toBeCloseTo(expected, 12);
  });

  it.each([
    [0, 10],
    [4, 16],
    [7, 20],
    [30, 60],
    [100, 150],
    [480, 520],
    [700, 820], // n = 1520: 2^-n underflows a double, the log-space sum must not
    [1, 1500],
  ])('b=%i, c=%i matches the exact BigInt binomial sum', (b, c) => {
    expectRelativelyClose(mcnemarExactP(b, c), mcnemarByBigInt(b, c), 1e-11);
  });

  it('is symmetric in b and c', () => {
    expect(mcnemarExactP(3, 11)).toBe(mcnemarExactP(11, 3));
  });

  it('rejects counts that cannot be counts', () => {
    expect(() => mcnemarExactP(-1, 3)).toThrow(/b must be a whole number/);
    expect(() => mcnemarExactP(1, 2.5)).toThrow(/c must be a whole number/);
  });
});

const tests = (statuses: Record<string, PairedTest['status']>): PairedTest[] =>
  Object.entries(statuses).map(([name, status]) => ({ name, status }));

/** n tests named t0..t(n-1), the first `passing` of them passed and the rest failed. */
const suite = (n: number, passing: number, failing: PairedTest['status'] = 'failed'): PairedTest[] =>
  Array.from({ length: n }, (_, i) => ({ name: `t${i}`, status: i < passing ? 'passed' : failing }));

describe('compareVerdict', () => {
  it('calls one flipped test of 14 within noise, with the delta a reviewer sees', () => {
    const result = compareVerdict(suite(14, 13), suite(14, 14));
    expect(result).toMatchObject({ verdict: 'within-noise', pValue: 1, paired: 14, regressions: 1, improvements: 0 });
    expect(result.deltaPp).toBeCloseTo(-7.142857, 5);
    expect(result.headInterval?.[0]).toBeCloseTo(wilsonInterval(13, 14)[0], 15);
    expect(result.baseInterval).toEqual(wilsonInterval(14, 14));
  });

  it('calls six one-way flips a regression (p = 0.03125 < 0.05)', () => {
    const result = compareVerdict(suite(14, 8), suite(14, 14));
    expect(result).toMatchObject({ verdict: 'regression', pValue: 0.03125, regressions: 6, improvements: 0 });
    expect(result.deltaPp).toBeCloseTo((-6 / 14) * 100, 10);
  });

  it('calls five one-way flips within noise: p = 0.0625 is not below 0.05', () => {
    expect(compareVerdict(suite(14, 9), suite(14, 14))).toMatchObject({ verdict: 'within-noise', pValue: 0.0625 });
  });

  it('calls the mirror an improvement', () => {
    expect(compareVerdict(suite(14, 14), suite(14, 8))).toMatchObject({ verdict: 'improvement', regressions: 0, improvements: 6 });
  });

  it('honours a stricter alpha', () => {
    expect(compareVerdict(suite(14, 8), suite(14, 14), { alpha: 0.01 })).toMatchObject({ verdict: 'within-noise', pValue: 0.03125 });
    expect(() => compareVerdict(suite(1, 1), suite(1, 1), { alpha: 0 })).toThrow(/alpha/);
  });

  it('is within noise when as many tests flip each way, however many', () => {
    const head = tests({ a: 'passed', b: 'passed', c: 'passed', d: 'failed', e: 'failed', f: 'failed' });
    const base = tests({ a: 'failed', b: 'failed', c: 'failed', d: 'passed', e: 'passed', f: 'passed' });
    expect(compareVerdict(head, base)).toMatchObject({ verdict: 'within-noise', pValue: 1, deltaPp: 0, regressions: 3, improvements: 3 });
  });

  it('counts an errored test as not passed, as the pass rate does', () => {
    const result = compareVerdict(suite(10, 4, 'error'), suite(10, 10));
    expect(result).toMatchObject({ verdict: 'regression', regressions: 6 });
  });

  it('pairs by name and leaves out tests that ran on one side only', () => {
    const head = tests({ kept: 'passed', added: 'failed', skipped: 'not-run' });
    const base = tests({ kept: 'passed', removed: 'failed', skipped: 'passed' });
    const result = compareVerdict(head, base);
    expect(result).toMatchObject({ verdict: 'within-noise', paired: 1, deltaPp: 0, regressions: 0, improvements: 0, pValue: 1 });
  });

  it('folds a name listed twice (unfolded repeats): passes only if every entry passed', () => {
    const head = [...tests({ a: 'passed' }), ...tests({ a: 'failed' })];
    expect(compareVerdict(head, tests({ a: 'passed' }))).toMatchObject({ paired: 1, regressions: 1 });
  });

  it('is not comparable when a side did not run, never a pass rate of 0', () => {
    expect(compareVerdict(suite(5, 5), 'not-run')).toEqual({
      verdict: 'not-comparable',
      pValue: null,
      deltaPp: null,
      paired: 0,
      regressions: 0,
      improvements: 0,
      headInterval: null,
      baseInterval: null,
      reason: 'the base did not run',
    });
    expect(compareVerdict('not-run', suite(5, 5)).reason).toBe('the head did not run');
    expect(compareVerdict('not-run', 'not-run').reason).toBe('neither side ran');
  });

  it('is not comparable when no test ran on both sides', () => {
    expect(compareVerdict(tests({ a: 'passed' }), tests({ b: 'passed' }))).toMatchObject({
      verdict: 'not-comparable',
      reason: 'no test ran on both sides',
    });
    expect(compareVerdict(tests({ a: 'not-run' }), tests({ a: 'passed' })).verdict).toBe('not-comparable');
    expect(compareVerdict([], []).verdict).toBe('not-comparable');
  });
});

describe('describeVerdict', () => {
  it("says in a reviewer's words whether a drop is real or noise", () => {
    expect(describeVerdict(compareVerdict(suite(14, 8), suite(14, 14)))).toBe('\u221242.9 pp, p = 0.031: regression');
    expect(describeVerdict(compareVerdict(suite(14, 13), suite(14, 14)))).toBe('\u22127.1 pp, p = 1: within noise');
    expect(describeVerdict(compareVerdict(suite(40, 40), suite(40, 30)))).toBe('+25.0 pp, p = 0.002: improvement');
    expect(describeVerdict(compareVerdict(suite(5, 5), suite(5, 5)))).toBe('±0.0 pp, p = 1: within noise');
    expect(describeVerdict(compareVerdict(suite(5, 5), 'not-run'))).toBe('not comparable (the base did not run)');
  });

  it('shows tiny p-values as a bound', () => {
    expect(formatP(mcnemarExactP(0, 30))).toBe('p < 0.001');
    expect(formatP(0.0078125)).toBe('p = 0.0078');
    expect(formatP(0.125)).toBe('p = 0.13');
  });

  it('formats percentage points and intervals', () => {
    expect(formatPp(-0.04)).toBe('±0.0 pp');
    expect(formatPp(12.345)).toBe('+12.3 pp');
    expect(formatInterval(wilsonInterval(13, 14))).toBe('68.5\u201398.7%');
    expect(formatInterval(wilsonInterval(14, 14))).toBe('78.5\u2013100.0%');
  });
});
