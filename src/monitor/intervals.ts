import { wilsonInterval, Z_95 } from '../results/statistics.js';

/*
 * The intervals behind every figure monitor shows and every guard it checks (docs/monitor.md,
 * "The statistics"). Pure functions, checked in the tests against published values.
 *
 * - Rates (error rate, rate_of metrics): the Wilson score interval, as the suite's pass rate.
 * - p95 latency: distribution-free. The order statistics X(r) ≤ ξ(0.95) ≤ X(s) bracket the true
 *   95th percentile with probability P(r ≤ B < s), B ~ Binomial(n, 0.95); the ranks come from
 *   the normal approximation of B. No assumption about the shape of latencies, which are
 *   skewed and heavy-tailed. With too few samples a bound is open (null): there is no X(s).
 * - Means (cost per query, mean_of metrics): mean ± t(n-1) · s/√n, Student's t; by the central
 *   limit theorem this holds for the skewed costs too once n is in the hundreds (min_samples).
 * - Canary against production: the difference of two rates by Newcombe's hybrid score method
 *   (method 10 of Newcombe 1998, built from the two Wilson intervals), of two means by Welch;
 *   two p95s differ when their order-statistic intervals do not overlap.
 */

/** [low, high]; high is null when the data cannot bound it (a p95 from too few samples). */
export type Bounds = [low: number, high: number | null];

export { Z_95 };

/** The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/**
 * Student's t quantile with `df` degrees of freedom: exact for 1 and 2, else the Cornish–Fisher
 * expansion around the normal quantile (Abramowitz & Stegun 26.7.5; within 0.1% from df = 5).
 */
export function tQuantile(p: number, df: number): number {
  if (!(df >= 1)) throw new RangeError(`tQuantile: df must be at least 1, got ${df}`);
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const z = normalQuantile(p);
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  const z9 = z ** 9;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  );
}

/** The z of a two-sided interval that leaves `alpha` out (1.96 for 0.05). */
export function zFor(alpha: number): number {
  return normalQuantile(1 - alpha / 2);
}

export function rateInterval(k: number, n: number, z = Z_95): Bounds {
  return wilsonInterval(k, n, z);
}

/** Running sums of a sample, enough for its mean and variance. */
export interface Moments {
  n: number;
  sum: number;
  sumSquares: number;
}

export function mean(moments: Moments): number | null {
  return moments.n === 0 ? null : moments.sum / moments.n;
}

/** The sample variance (n − 1); 0 for a single value. Clamped: float cancellation must not go below 0. */
export function variance(moments: Moments): number {
  if (moments.n < 2) return 0;
  const m = moments.sum / moments.n;
  return Math.max(0, (moments.sumSquares - moments.n * m * m) / (moments.n - 1));
}

/** mean ± t · s / √n at the two-sided level of `z` (z = 1.96: 95%); null below two samples. */
export function meanInterval(moments: Moments, z = Z_95): Bounds | null {
  if (moments.n < 2) return null;
  const m = moments.sum / moments.n;
  // The t quantile at the same one-sided probability as z.
  const t = tQuantile(normalCdf(z), moments.n - 1);
  const half = t * Math.sqrt(variance(moments) / moments.n);
  return [m - half, m + half];
}

/**
 * The distribution-free interval of the q-quantile from sorted values (ascending): the order
 * statistics at ranks n·q ∓ z·√(n·q·(1−q)), widened outward to whole ranks. A rank below 1
 * bounds nothing below (the lowest value is kept), a rank past n leaves the high bound open.
 */
export function quantileInterval(sorted: ArrayLike<number>, q: number, z = Z_95): Bounds | null {
  const n = sorted.length;
  if (n === 0) return null;
  const centre = n * q;
  const spread = z * Math.sqrt(n * q * (1 - q));
  const lowRank = Math.floor(centre - spread);
  const highRank = Math.ceil(centre + spread) + 1;
  const low = sorted[Math.max(1, lowRank) - 1]!;
  return [low, highRank > n ? null : sorted[highRank - 1]!];
}

/** Nearest-rank quantile (the suite's p95: a value that occurred). */
export function nearestRank(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/**
 * Newcombe's hybrid score interval of p1 − p2 (k1 of n1 against k2 of n2), from each rate's
 * Wilson interval at the same z: it keeps Wilson's good behaviour near 0 and 1, where error
 * rates live.
 */
export function rateDifferenceInterval(k1: number, n1: number, k2: number, n2: number, z: number): Bounds {
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const [l1, u1] = wilsonInterval(k1, n1, z);
  const [l2, u2] = wilsonInterval(k2, n2, z);
  const d = p1 - p2;
  return [d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)];
}

/** Welch's interval of mean1 − mean2 (normal quantile: both samples are in the hundreds). */
export function meanDifferenceInterval(a: Moments, b: Moments, z: number): Bounds | null {
  if (a.n < 2 || b.n < 2) return null;
  const d = a.sum / a.n - b.sum / b.n;
  const half = z * Math.sqrt(variance(a) / a.n + variance(b) / b.n);
  return [d - half, d + half];
}

/** Φ(x), by the complementary error function (Numerical Recipes' erfc, |error| < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}
