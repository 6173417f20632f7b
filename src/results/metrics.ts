import { parsePath, valueAt } from '../json/field-path.js';
import { parseOutputJson } from '../json/output-json.js';
import { percentile } from './summarize.js';
import type { MetricResult, TestStatus } from './model.js';
import type { MetricDefinition } from '../load/metrics.js';

/*
 * The article's success metrics ("escalation rate < 10%", "average confidence >= 0.8"),
 * declared under `metrics:` in prompt.yaml and computed over a suite's answers. The pass rate
 * says whether each answer was right; these say whether the answers, taken together, behave
 * as the product needs. A missed target fails the suite's gate like a low pass rate.
 */

/** What a metric looks at: one answer (a test, or each run of a repeated test). */
export interface MetricSample {
  status: TestStatus;
  output: string | null;
  latencyMs: number | null;
  costUsd: number | null;
}

/**
 * The answers metrics are computed over. A repeated test contributes every run: each run is
 * an answer the product would have given, and the escalation rate is a rate of answers.
 */
export function metricSamples(tests: readonly (MetricSample & { runs?: readonly MetricSample[]; needsExpected?: true })[]): MetricSample[] {
  // A harvested case awaiting expectations is not gated, and metrics are.
  return tests.flatMap((test): readonly MetricSample[] => (test.needsExpected ? [] : (test.runs ?? [test])));
}

/** Float sums (the mean of 0.6, 0.9, 0.9 is 0.7999999999999999) must not miss a target of 0.8. */
const TOLERANCE = 1e-9;

/**
 * Each metric's value and whether it met its targets.
 * - rate_of / mean_of: over answered samples (passed or failed) whose output is JSON with a
 *   boolean (rate_of) or finite number (mean_of) at `field`. Other answers (prose, a missing
 *   field, a string "true") are left out of numerator and denominator alike, and counted in
 *   the reason: counting them as "false" would flatter an escalation rate. The pass rate
 *   already fails those answers through their checks.
 * - p95_latency_ms: nearest-rank p95 of answered samples' latencies (as summary.latencyMs).
 * - cost_per_query_usd: the prompt's cost per answered sample (judge calls are not the
 *   prompt's cost); null when any answered sample's price is unknown, never a partial sum.
 * - error_rate: errored samples over all samples; 1.0 when every call errored is a real value.
 */
export function computeMetrics(definitions: readonly MetricDefinition[], samples: readonly MetricSample[]): Record<string, MetricResult> {
  const results: Record<string, MetricResult> = {};
  for (const definition of definitions) {
    const measured = measure(definition, samples);
    const { min, max } = definition;
    const passed =
      measured.value !== null &&
      (min === undefined || measured.value >= min - TOLERANCE * Math.max(1, Math.abs(min))) &&
      (max === undefined || measured.value <= max + TOLERANCE * Math.max(1, Math.abs(max)));
    results[definition.name] = {
      value: measured.value,
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
      passed: passed || (measured.value === null && min === undefined && max === undefined),
      ...(measured.reason !== undefined ? { reason: measured.reason } : {}),
    };
  }
  return results;
}

type Measured = { value: number | null; reason?: string };

function measure(definition: MetricDefinition, samples: readonly MetricSample[]): Measured {
  const answered = samples.filter((sample) => sample.status !== 'error' && sample.output !== null);
  if (definition.kind === 'built-in' && definition.name === 'error_rate') {
    if (samples.length === 0) return { value: null, reason: 'no test ran' };
    return { value: samples.filter((sample) => sample.status === 'error').length / samples.length };
  }
  if (answered.length === 0) return { value: null, reason: 'no test was answered' };
  switch (definition.kind) {
    case 'built-in':
      return definition.name === 'p95_latency_ms' ? p95Latency(answered) : costPerQuery(answered);
    case 'rate_of':
    case 'mean_of':
      return fieldMetric(definition.kind, definition.field, answered);
  }
}

function p95Latency(answered: readonly MetricSample[]): Measured {
  const latencies = answered.flatMap((sample) => (sample.latencyMs === null ? [] : [sample.latencyMs])).sort((a, b) => a - b);
  if (latencies.length === 0) return { value: null, reason: 'no answered test has a latency' };
  return { value: percentile(latencies, 0.95) };
}

function costPerQuery(answered: readonly MetricSample[]): Measured {
  let total = 0;
  for (const sample of answered) {
    if (sample.costUsd === null) return { value: null, reason: "the model's price is unknown (add it under pricing: in promptgate.yaml)" };
    total += sample.costUsd;
  }
  return { value: total / answered.length };
}

function fieldMetric(kind: 'rate_of' | 'mean_of', field: string, answered: readonly MetricSample[]): Measured {
  const segments = parsePath(field) ?? [field];
  const wanted = kind === 'rate_of' ? 'boolean' : 'number';
  const values: (boolean | number)[] = [];
  for (const sample of answered) {
    const parsed = parseOutputJson(sample.output ?? '');
    if (!parsed.ok) continue;
    const value = valueAt(parsed.value, segments);
    if (kind === 'rate_of' && typeof value === 'boolean') values.push(value);
    if (kind === 'mean_of' && typeof value === 'number' && Number.isFinite(value)) values.push(value);
  }
  const leftOut = answered.length - values.length;
  const without = `${leftOut} of ${answered.length} answered outputs had no ${wanted} ${field} (not JSON, or the field missing or of another type)`;
  if (values.length === 0) return { value: null, reason: `${without}` };
  const value =
    kind === 'rate_of'
      ? values.filter((v) => v === true).length / values.length
      : (values as number[]).reduce((a, b) => a + b, 0) / values.length;
  return leftOut === 0 ? { value } : { value, reason: `${without}; measured over the other ${values.length}` };
}
