import type { Guard, GuardOperator } from '../load/guards.js';
import type { GroupTotals } from './aggregate.js';
import { figureOf, kindOf, meanMoments, rateCounts, type Figure } from './figures.js';
import { meanDifferenceInterval, rateDifferenceInterval, type Bounds } from './intervals.js';

/*
 * When a guard acts (docs/monitor.md, "When monitor acts"):
 *
 * - Breached: the version has at least min_samples executions in the window and the 95%
 *   interval of the guarded figure lies wholly on the bad side of the limit. A figure without
 *   data (no answer had the field, no price known) is never breached: missing data never
 *   triggers.
 * - Worse than production (a canary only): both versions have min_samples executions and the
 *   interval of canary − production, at the stricter COMPARISON_Z, lies wholly on the bad side
 *   of 0 (for a p95: the two order-statistic intervals at that z do not overlap). A canary is
 *   exactly what a comparison is for: a +3 pp error rate under a 5% limit is no breach, but it
 *   is a regression.
 *
 * COMPARISON_Z = 4 leaves a one-sided 3.2e-5 per guard per run. Monitor runs again and again
 * over overlapping windows, so the chance of a false drop over a canary's life is at most
 * runs × guards × 3.2e-5 (Bonferroni; 0.4% for 40 runs of 3 guards, and in fact far less, as
 * overlapping windows are nearly the same test). Yet with production at 2% errors and a
 * canary at 5% (10% of the traffic), the canary is dropped after about 1,000 of its executions
 * (__tests__/monitor/soak.test.ts measures both).
 */

export const COMPARISON_Z = 4;

export type GuardState = 'breached' | 'within' | 'too-few' | 'no-data';

export interface GuardCheck {
  guard: Guard;
  /** The version's figure at 95%, as the table shows it. */
  figure: Figure;
  state: GuardState;
  /** A canary, against production. */
  versus?: Comparison;
}

export interface Comparison {
  state: 'worse' | 'not-worse' | 'not-compared';
  production: Figure;
  /** canary − production (rates, means) at COMPARISON_Z; for a p95, the two intervals side by side. */
  difference: Bounds | null;
  why?: string;
}

const badHigh = (op: GuardOperator) => op === '>' || op === '>=';

/** Whether the interval lies wholly on the bad side of the limit. */
export function beyondLimit(interval: Bounds, op: GuardOperator, limit: number): boolean {
  const [low, high] = interval;
  switch (op) {
    case '>':
      return low > limit;
    case '>=':
      return low >= limit;
    case '<':
      return high !== null && high < limit;
    case '<=':
      return high !== null && high <= limit;
  }
}

/** The guard on one version's executions. */
export function checkGuard(guard: Guard, totals: GroupTotals | undefined, minSamples: number): GuardCheck {
  const figure = totals
    ? figureOf(totals, guard.name, guard.measure)
    : { name: guard.name, kind: kindOf(guard.measure), measure: guard.measure, value: null, interval: null, n: 0 };
  if (figure.value === null || figure.interval === null) return { guard, figure, state: 'no-data' };
  if ((totals?.executions ?? 0) < minSamples) return { guard, figure, state: 'too-few' };
  return { guard, figure, state: beyondLimit(figure.interval, guard.op, guard.limit) ? 'breached' : 'within' };
}

/** The canary's check, with its comparison against production on the same guard. */
export function compareGuard(
  check: GuardCheck,
  canary: GroupTotals | undefined,
  production: GroupTotals | undefined,
  minSamples: number,
): GuardCheck {
  const { guard } = check;
  const productionFigure = production
    ? figureOf(production, guard.name, guard.measure)
    : { name: guard.name, kind: kindOf(guard.measure), measure: guard.measure, value: null, interval: null, n: 0 };
  const notCompared = (why: string): GuardCheck => ({
    ...check,
    versus: { state: 'not-compared', production: productionFigure, difference: null, why },
  });
  if (!canary || !production) return notCompared(production ? 'no canary executions' : 'no production executions in the window');
  if (canary.executions < minSamples || production.executions < minSamples) {
    return notCompared(`needs ${minSamples} executions of each (canary ${canary.executions}, production ${production.executions})`);
  }
  const difference = differenceOf(guard, canary, production);
  if (difference === null) return notCompared('no data to compare');
  const worse = badHigh(guard.op) ? difference[0] > 0 : difference[1] !== null && difference[1] < 0;
  return { ...check, versus: { state: worse ? 'worse' : 'not-worse', production: productionFigure, difference } };
}

/**
 * canary − production at COMPARISON_Z. For a p95 there is no difference interval without
 * assumptions; the bounds returned are [canary low − production high, canary high − production
 * low] of the two order-statistic intervals, wholly above 0 exactly when they do not overlap.
 */
function differenceOf(guard: Guard, canary: GroupTotals, production: GroupTotals): Bounds | null {
  const kind = kindOf(guard.measure);
  if (kind === 'rate') {
    const a = rateCounts(canary, guard.measure);
    const b = rateCounts(production, guard.measure);
    if (a.n === 0 || b.n === 0) return null;
    return rateDifferenceInterval(a.k, a.n, b.k, b.n, COMPARISON_Z);
  }
  if (kind === 'latency') {
    const a = figureOf(canary, guard.name, guard.measure, COMPARISON_Z).interval;
    const b = figureOf(production, guard.name, guard.measure, COMPARISON_Z).interval;
    if (!a || !b) return null;
    const low = b[1] === null ? Number.NEGATIVE_INFINITY : a[0] - b[1];
    const high = a[1] === null ? null : a[1] - b[0];
    return [low, high];
  }
  return meanDifferenceInterval(meanMoments(canary, guard.measure), meanMoments(production, guard.measure), COMPARISON_Z);
}
