import type { GuardMeasure } from '../load/guards.js';
import type { MetricDefinition } from '../load/metrics.js';
import type { GroupTotals } from './aggregate.js';
import { mean, meanInterval, nearestRank, quantileInterval, rateInterval, Z_95, type Bounds, type Moments } from './intervals.js';

/*
 * The figures of one prompt × version × variant over the window: the suite's figures, measured
 * on production. Each has its value, its 95% interval and the samples behind it.
 * - error_rate: failed executions (a provider error, an answer refused, cut off or failing the
 *   schema) over all executions;
 * - latency_p95: nearest-rank p95 of the answered executions' span durations;
 * - cost_per_query: mean promptgate.cost_usd of the answered executions that had a price;
 * - each `metrics:` entry of the version's folder, from promptgate.output.<field>: rate_of over
 *   the answers whose field is a boolean, mean_of over those where it is a number.
 */

export type FigureKind = 'rate' | 'latency' | 'cost' | 'mean';

export interface Figure {
  name: string;
  kind: FigureKind;
  measure: GuardMeasure;
  value: number | null;
  interval: Bounds | null;
  /** The samples the value is over. */
  n: number;
}

const BUILT_IN_FIGURES: Array<{ name: string; measure: GuardMeasure }> = [
  { name: 'error_rate', measure: { kind: 'error_rate' } },
  { name: 'latency_p95', measure: { kind: 'latency_p95' } },
  { name: 'cost_per_query', measure: { kind: 'cost_per_query' } },
];

export function kindOf(measure: GuardMeasure): FigureKind {
  switch (measure.kind) {
    case 'error_rate':
    case 'rate_of':
      return 'rate';
    case 'latency_p95':
      return 'latency';
    case 'cost_per_query':
      return 'cost';
    case 'mean_of':
      return 'mean';
  }
}

/** The rate behind a rate measure: k of n. */
export function rateCounts(totals: GroupTotals, measure: GuardMeasure): { k: number; n: number } {
  if (measure.kind === 'error_rate') return { k: totals.failures, n: totals.executions };
  if (measure.kind !== 'rate_of') throw new Error(`not a rate: ${measure.kind}`);
  const field = totals.fields.get(measure.field);
  return { k: field?.trues ?? 0, n: field?.booleans ?? 0 };
}

/** The sample behind a mean measure. */
export function meanMoments(totals: GroupTotals, measure: GuardMeasure): Moments {
  if (measure.kind === 'cost_per_query') return totals.cost;
  if (measure.kind !== 'mean_of') throw new Error(`not a mean: ${measure.kind}`);
  return totals.fields.get(measure.field)?.numbers ?? { n: 0, sum: 0, sumSquares: 0 };
}

/** Sorted latencies, computed once per group (and size) however many figures and guards read them. */
const sortedCache = new WeakMap<GroupTotals, Float64Array>();
export function sortedLatencies(totals: GroupTotals): Float64Array {
  let sorted = sortedCache.get(totals);
  if (!sorted || sorted.length !== totals.latencies.length) {
    sorted = totals.latencies.sorted();
    sortedCache.set(totals, sorted);
  }
  return sorted;
}

/** One figure at the two-sided level of z (1.96: the 95% shown everywhere). */
export function figureOf(totals: GroupTotals, name: string, measure: GuardMeasure, z = Z_95): Figure {
  const kind = kindOf(measure);
  if (kind === 'rate') {
    const { k, n } = rateCounts(totals, measure);
    return { name, kind, measure, value: n === 0 ? null : k / n, interval: n === 0 ? null : rateInterval(k, n, z), n };
  }
  if (kind === 'latency') {
    const sorted = sortedLatencies(totals);
    return { name, kind, measure, value: nearestRank(sorted, 0.95), interval: quantileInterval(sorted, 0.95, z), n: sorted.length };
  }
  const moments = meanMoments(totals, measure);
  return { name, kind, measure, value: mean(moments), interval: meanInterval(moments, z), n: moments.n };
}

/**
 * The figures of a group: the three built-ins, then the version's metrics (a metric named like a
 * built-in is that built-in). Without the version's folder (no tag to read it from), each output
 * field the spans carry is shown under its own name: booleans as a rate, numbers as a mean.
 */
export function figuresOf(totals: GroupTotals, metrics: readonly MetricDefinition[] | undefined): Figure[] {
  const figures = BUILT_IN_FIGURES.map(({ name, measure }) => figureOf(totals, name, measure));
  if (metrics) {
    for (const metric of metrics) {
      if (metric.kind === 'built-in') continue;
      figures.push(figureOf(totals, metric.name, { kind: metric.kind, field: metric.field }));
    }
    return figures;
  }
  for (const [field, counts] of [...totals.fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (counts.booleans > 0) figures.push(figureOf(totals, field, { kind: 'rate_of', field }));
    else if (counts.numbers.n > 0) figures.push(figureOf(totals, field, { kind: 'mean_of', field }));
  }
  return figures;
}
