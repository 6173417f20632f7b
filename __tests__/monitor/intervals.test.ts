import { describe, expect, it } from '@jest/globals';
import {
  meanDifferenceInterval,
  meanInterval,
  nearestRank,
  normalCdf,
  normalQuantile,
  quantileInterval,
  rateDifferenceInterval,
  tQuantile,
  type Moments,
} from '../../src/monitor/intervals.js';
import { latency, seeded } from '../support/otel-spans.js';

const moments = (values: number[]): Moments => ({
  n: values.length,
  sum: values.reduce((a, b) => a + b, 0),
  sumSquares: values.reduce((a, b) => a + b * b, 0),
});

describe('quantiles of the normal and t distributions (against published tables)', () => {
  it.each([
    [0.975, 1.959964],
    [0.995, 2.575829],
    [0.9, 1.281552],
    [0.025, -1.959964],
    [0.00003167, -4.0],
  ])('normalQuantile(%p) = %p', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 4);
  });

  it('normalCdf inverts it', () => {
    for (const z of [-3, -1, 0, 0.5, 1.96, 4]) expect(normalQuantile(normalCdf(z))).toBeCloseTo(z, 5);
  });

  it.each([
    [1, 12.7062],
    [2, 4.3027],
    [5, 2.5706],
    [10, 2.2281],
    [30, 2.0423],
    [199, 1.972],
  ])('tQuantile(0.975, df = %p) = %p', (df, t) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(t, 3);
  });
});

describe('the intervals of the figures', () => {
  it('mean: Student t over the sample (1..10: 5.5, 3.334–7.666)', () => {
    const [low, high] = meanInterval(moments([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))!;
    expect(low).toBeCloseTo(3.3341, 3);
    expect(high).toBeCloseTo(7.6659, 3);
    expect(meanInterval(moments([3]))).toBeNull();
  });

  it('p95: the order statistics at ranks n·0.95 ∓ 1.96·√(n·0.95·0.05), open above when n is too small', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(nearestRank(values, 0.95)).toBe(950);
    expect(quantileInterval(values, 0.95)).toEqual([936, 965]);
    // 100 samples cannot bound the p95 from above: rank 101 does not exist.
    expect(quantileInterval(values.slice(0, 100), 0.95)).toEqual([90, null]);
  });

  it('p95: covers the true 95th percentile of skewed (log-normal) latencies at least 95% of the time (whole ranks make it a little wider)', () => {
    // The log-normal's p95 is median · e^(1.645·σ).
    const truth = 800 * Math.exp(1.6448536 * 0.35);
    const random = seeded(3);
    let covered = 0;
    for (let replicate = 0; replicate < 1000; replicate += 1) {
      const sample = Float64Array.from({ length: 400 }, () => latency(random, 800)).sort();
      const [low, high] = quantileInterval(sample, 0.95)!;
      if (low <= truth && high !== null && truth <= high) covered += 1;
    }
    expect(covered / 1000).toBeGreaterThanOrEqual(0.95);
    expect(covered / 1000).toBeLessThan(0.995);
  });

  it('rate difference: Newcombe 1998, method 10 (56/70 against 48/80: 0.0524 to 0.3339)', () => {
    const [low, high] = rateDifferenceInterval(56, 70, 48, 80, 1.959964);
    expect(low).toBeCloseTo(0.0524, 4);
    expect(high).toBeCloseTo(0.3339, 4);
  });

  it('mean difference: Welch with the normal quantile', () => {
    const a = moments([10, 12, 14, 16]);
    const b = moments([1, 2, 3, 4]);
    const [low, high] = meanDifferenceInterval(a, b, 1.959964)!;
    // 13 − 2.5 = 10.5 ± 1.96 · √(6.667/4 + 1.667/4) = 10.5 ± 2.829
    expect(low).toBeCloseTo(7.671, 2);
    expect(high).toBeCloseTo(13.329, 2);
  });
});
