import type { Diagnostic } from '../lib/diagnostics.js';
import type { LineLocator, MetricDefinition } from './metrics.js';

/*
 * prompt.yaml `deploy: { rollback_on: { … }, min_samples }`: the guards `promptgate monitor`
 * checks against production, parsed strictly here with the file and line of every problem.
 * A guard is a limit on one measure of a version's executions, written the way the seed writes
 * it: `error_rate: "> 5%"`, `escalation_rate: "> 15%"`, `latency_p95: "> 2000ms"`. The
 * monitor (src/monitor/) decides when a guard is breached; this file only says what it is.
 */

/** Executions a version needs in the window before a guard may act on it, unless prompt.yaml says. */
export const DEFAULT_MIN_SAMPLES = 200;

/** The built-in guards, and the suite's built-in metric names that mean the same measure. */
export const BUILT_IN_GUARDS = ['error_rate', 'latency_p95', 'cost_per_query'] as const;
const BUILT_IN_ALIASES: Record<string, BuiltInMeasure> = {
  error_rate: 'error_rate',
  latency_p95: 'latency_p95',
  p95_latency_ms: 'latency_p95',
  cost_per_query: 'cost_per_query',
  cost_per_query_usd: 'cost_per_query',
};
type BuiltInMeasure = (typeof BUILT_IN_GUARDS)[number];

/** What a guard measures over a version's executions. */
export type GuardMeasure =
  | { kind: BuiltInMeasure }
  /** Share of answers whose boolean output field is true (a `rate_of` metric). */
  | { kind: 'rate_of'; field: string }
  /** Mean of a numeric output field (a `mean_of` metric). */
  | { kind: 'mean_of'; field: string };

export type GuardOperator = '>' | '>=' | '<' | '<=';

export interface Guard {
  /** The name as written (`latency_p95`, `escalation_rate`). */
  name: string;
  measure: GuardMeasure;
  /** The bad side: `>` means a value above the limit is bad. */
  op: GuardOperator;
  /** A fraction for rates, milliseconds for latency, USD for cost, the field's unit for a mean. */
  limit: number;
  /** The limit as written (`> 5%`), for reports. */
  text: string;
  line?: number;
}

export interface GuardSet {
  guards: Guard[];
  minSamples: number;
}

/** The unit a measure's limit is written in, and what one looks like. */
function unitOf(measure: GuardMeasure): 'rate' | 'latency' | 'cost' | 'mean' {
  if (measure.kind === 'error_rate' || measure.kind === 'rate_of') return 'rate';
  if (measure.kind === 'latency_p95') return 'latency';
  return measure.kind === 'cost_per_query' ? 'cost' : 'mean';
}

const EXAMPLES = { rate: '"> 5%"', latency: '"> 2000ms" or "> 2s"', cost: '"> $0.01"', mean: '"< 0.7"' };

/** `> 5%`, `>= 2000ms`, `< 0.7`, `> $0.01`: operator, number, unit. Nothing else. */
const LIMIT = /^(>=|<=|>|<)\s*(\$)?(\d+(?:\.\d+)?|\.\d+)\s*(%|ms|s)?$/;

/**
 * Parses one limit for a measure; a string saying why it is not one otherwise. Rates are
 * written in percent (`5%`) or as a fraction (`0.05`); latency needs its unit (a bare number
 * could be seconds or milliseconds); cost is USD, with or without `$`.
 */
export function parseGuardLimit(text: string, measure: GuardMeasure): { op: GuardOperator; limit: number } | string {
  const unit = unitOf(measure);
  const match = LIMIT.exec(text.trim());
  if (!match) return `must be a comparison such as ${EXAMPLES[unit]}, got ${JSON.stringify(text)}`;
  const [, op, dollar, digits, suffix] = match;
  const number = Number(digits);
  const wrongUnit = (what: string) => `${what}: write it like ${EXAMPLES[unit]}, got ${JSON.stringify(text)}`;
  switch (unit) {
    case 'rate': {
      if (dollar || suffix === 'ms' || suffix === 's') return wrongUnit('is a rate');
      const limit = suffix === '%' ? number / 100 : number;
      if (limit > 1) return `a rate is at most 100% (or 1), got ${JSON.stringify(text)}`;
      return { op: op as GuardOperator, limit };
    }
    case 'latency':
      if (dollar || suffix === '%' || suffix === undefined) return wrongUnit('is a latency, in ms or s');
      return { op: op as GuardOperator, limit: suffix === 's' ? number * 1000 : number };
    case 'cost':
      if (suffix !== undefined) return wrongUnit('is a cost per query in USD');
      return { op: op as GuardOperator, limit: number };
    case 'mean':
      if (dollar || suffix !== undefined) return wrongUnit("is a mean of the output field, in the field's own unit");
      return { op: op as GuardOperator, limit: number };
  }
}

/**
 * `deploy.rollback_on` and `deploy.min_samples` (already shape-checked by the prompt.yaml
 * schema), against the folder's metrics: a guard's name is one of its metrics or a built-in.
 * Every problem is a diagnostic with the line of the guard; the valid guards are kept.
 */
export function parseGuards(
  deploy: { rollback_on?: Record<string, string>; min_samples?: number } | undefined,
  metrics: readonly MetricDefinition[],
  where: { file: string; locate?: LineLocator },
): { set?: GuardSet; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (!deploy?.rollback_on) {
    if (deploy?.min_samples !== undefined) {
      const line = where.locate?.('/deploy', 'min_samples');
      diagnostics.push({
        file: where.file,
        ...(line !== undefined ? { line } : {}),
        field: 'deploy.min_samples',
        message: 'has no guard to apply to: add deploy.rollback_on (e.g. error_rate: "> 5%")',
      });
    }
    return { diagnostics };
  }
  const byName = new Map(metrics.map((metric) => [metric.name, metric]));
  const guards: Guard[] = [];
  for (const [name, text] of Object.entries(deploy.rollback_on)) {
    const line = where.locate?.('/deploy/rollback_on', name);
    const at = { file: where.file, ...(line !== undefined ? { line } : {}), field: `deploy.rollback_on.${name}` };
    const measure = measureOf(name, byName.get(name));
    if (!measure) {
      const known = [...BUILT_IN_GUARDS, ...metrics.filter((metric) => metric.kind !== 'built-in').map((metric) => metric.name)];
      diagnostics.push({ ...at, message: `is not a guard: name one of the folder's metrics or a built-in (${known.join(', ')})` });
      continue;
    }
    const parsed = parseGuardLimit(text, measure);
    if (typeof parsed === 'string') {
      diagnostics.push({ ...at, message: parsed });
      continue;
    }
    guards.push({ name, measure, ...parsed, text: text.trim(), ...(line !== undefined ? { line } : {}) });
  }
  return { set: { guards, minSamples: deploy.min_samples ?? DEFAULT_MIN_SAMPLES }, diagnostics };
}

function measureOf(name: string, metric: MetricDefinition | undefined): GuardMeasure | undefined {
  if (metric?.kind === 'rate_of' || metric?.kind === 'mean_of') return { kind: metric.kind, field: metric.field };
  const builtIn = Object.hasOwn(BUILT_IN_ALIASES, name) ? BUILT_IN_ALIASES[name] : undefined;
  return builtIn ? { kind: builtIn } : undefined;
}
