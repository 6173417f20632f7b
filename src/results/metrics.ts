import type { Diagnostic } from '../lib/diagnostics.js';
import { parsePath, valueAt } from '../json/field-path.js';
import { parseOutputJson } from '../json/output-json.js';
import { percentile } from './summarize.js';
import type { MetricResult, TestStatus } from './model.js';

/*
 * The article's success metrics ("escalation rate < 10%", "average confidence >= 0.8"),
 * declared under `metrics:` in prompt.yaml and computed over a suite's answers. The pass rate
 * says whether each answer was right; these say whether the answers, taken together, behave
 * as the product needs. A missed target fails the suite's gate like a low pass rate.
 */

export const BUILT_IN_METRICS = ['p95_latency_ms', 'cost_per_query_usd', 'error_rate'] as const;
export type BuiltInMetric = (typeof BUILT_IN_METRICS)[number];

interface Targets {
  min?: number;
  max?: number;
}

/** One entry of `metrics:`, validated. `field` is a path into the JSON output (`a.b[0]`). */
export type MetricDefinition =
  | ({ name: string; kind: 'rate_of'; field: string } & Targets)
  | ({ name: string; kind: 'mean_of'; field: string } & Targets)
  | ({ name: BuiltInMetric; kind: 'built-in' } & Targets);

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
export function metricSamples(tests: readonly (MetricSample & { runs?: readonly MetricSample[] })[]): MetricSample[] {
  return tests.flatMap((test): readonly MetricSample[] => test.runs ?? [test]);
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

/** A gate reason for a missed target, in a reviewer's words; undefined when it passed. */
export function describeMissedMetric(name: string, result: MetricResult): string | undefined {
  if (result.passed) return undefined;
  if (result.value === null) return `metric ${name} could not be measured: ${result.reason ?? 'no value'}`;
  // Four significant digits: 0.15000000000000002 is float noise, not information.
  const shown = Number(result.value.toPrecision(4));
  if (result.min !== undefined && result.value < result.min) return `metric ${name} is ${shown}, below its min ${result.min}`;
  return `metric ${name} is ${shown}, above its max ${result.max}`;
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
    kind === 'rate_of' ? values.filter((v) => v === true).length / values.length : (values as number[]).reduce((a, b) => a + b, 0) / values.length;
  return leftOut === 0 ? { value } : { value, reason: `${without}; measured over the other ${values.length}` };
}

// ---------------------------------------------------------------------------------------------
// Validating the `metrics:` block

/** Finds the line of a node (JSON pointer) or of one of its keys; positions.ts `lineAt` fits. */
export type LineLocator = (pointer: string, key?: string) => number | undefined;

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const FIELD_KEYS = ['rate_of', 'mean_of', 'min', 'max'];
const TARGET_KEYS = ['min', 'max'];

/**
 * Checks a parsed `metrics:` value. Each problem is a diagnostic naming the key
 * (`metrics.escalation_rate.max`) and its line; an entry with a problem is left out and the
 * others are kept, so one typo does not silence every metric. Unknown keys are errors: a
 * misspelt `mx: 0.1` silently measuring nothing would be a target nobody enforces.
 */
export function validateMetrics(
  value: unknown,
  where: { file: string; locate?: LineLocator; pointer?: string },
): { definitions: MetricDefinition[]; diagnostics: Diagnostic[] } {
  const root = where.pointer ?? '/metrics';
  const diagnostics: Diagnostic[] = [];
  const report = (field: string, pointer: string, key: string | undefined, message: string) => {
    const line = where.locate?.(pointer, key);
    diagnostics.push({ file: where.file, ...(line !== undefined ? { line } : {}), field, message });
  };
  if (value === undefined || value === null) return { definitions: [], diagnostics };
  if (!isMapping(value)) {
    report('metrics', root, undefined, 'must be a mapping of metric name to { rate_of or mean_of, min, max }');
    return { definitions: [], diagnostics };
  }
  const definitions: MetricDefinition[] = [];
  for (const [name, entry] of Object.entries(value)) {
    const before = diagnostics.length;
    const field = `metrics.${name}`;
    const pointer = `${root}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const fail = (message: string, key?: string) => report(key ? `${field}.${key}` : field, key ? pointer : root, key ?? name, message);
    if (!NAME.test(name)) fail('a metric name is letters, digits, _ and -, starting with a letter or _ (it names the metric in results.json)');
    if (!isMapping(entry)) {
      fail('must be a mapping such as { rate_of: escalate, max: 0.10 } or { max: 2000 } for a built-in metric');
      continue;
    }
    const builtIn = (BUILT_IN_METRICS as readonly string[]).includes(name);
    const allowed = builtIn ? TARGET_KEYS : FIELD_KEYS;
    for (const key of Object.keys(entry)) {
      if (allowed.includes(key)) continue;
      fail(builtIn && FIELD_KEYS.includes(key) ? `${name} is built in and takes only min and max` : `unknown key "${key}"; expected ${allowed.join(', ')}`, key);
    }
    let kind: 'rate_of' | 'mean_of' | 'built-in' = 'built-in';
    let fieldPath = '';
    if (!builtIn) {
      const kinds = (['rate_of', 'mean_of'] as const).filter((key) => entry[key] !== undefined);
      if (kinds.length !== 1) {
        fail(
          kinds.length === 0
            ? `needs rate_of (share of outputs whose boolean field is true) or mean_of (mean of a numeric field); the built-in metrics are ${BUILT_IN_METRICS.join(', ')}`
            : 'takes rate_of or mean_of, not both',
        );
      } else {
        kind = kinds[0]!;
        const path = entry[kind];
        if (typeof path !== 'string' || parsePath(path) === undefined) fail('must name an output field, such as escalate or result.confidence', kind);
        else fieldPath = path;
      }
    }
    const isRate = kind === 'rate_of' || name === 'error_rate';
    const targets: Targets = {};
    for (const key of TARGET_KEYS as ('min' | 'max')[]) {
      const target = entry[key];
      if (target === undefined) continue;
      if (typeof target !== 'number' || !Number.isFinite(target)) fail(`must be a number, got ${JSON.stringify(target) ?? String(target)}`, key);
      else if (isRate && (target < 0 || target > 1)) fail(`a rate is between 0 and 1 (10% is written 0.10), got ${target}`, key);
      else if (!isRate && kind === 'built-in' && target < 0) fail(`must be at least 0, got ${target}`, key);
      else targets[key] = target;
    }
    if (targets.min !== undefined && targets.max !== undefined && targets.min > targets.max) {
      fail(`min ${targets.min} is above max ${targets.max}: no value can meet both`);
    }
    if (diagnostics.length > before) continue;
    definitions.push(
      kind === 'built-in' ? { name: name as BuiltInMetric, kind, ...targets } : { name, kind, field: fieldPath, ...targets },
    );
  }
  return { definitions, diagnostics };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
