import type { Diagnostic } from '../lib/diagnostics.js';
import { lineAt, parseYamlText } from './files/positions.js';
import { readTextFile, type FileSource } from './files/file-source.js';
import { parsePath } from '../json/field-path.js';

/*
 * The `metrics:` block of prompt.yaml and promptgate.yaml: what a metric is, how it is written
 * and validated. results/metrics.ts computes them over a suite's answers.
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

/*
 * A folder's success metrics: prompt.yaml `metrics:` over promptgate.yaml's defaults, a
 * folder's own metric winning by name. Read apart from the rest of prompt.yaml so the loader
 * stays one page; a bad entry is a load error with file and line (a target nobody enforces is
 * worse than a loud error).
 */

export async function loadPromptMetrics(
  source: FileSource,
  file: string,
  defaults: readonly MetricDefinition[] | undefined,
): Promise<{ definitions: MetricDefinition[]; errors: Diagnostic[] }> {
  const own = await ownMetrics(source, file);
  const byName = new Map<string, MetricDefinition>();
  for (const definition of defaults ?? []) byName.set(definition.name, definition);
  for (const definition of own.definitions) byName.set(definition.name, definition);
  return { definitions: [...byName.values()], errors: own.errors };
}

async function ownMetrics(source: FileSource, file: string): Promise<{ definitions: MetricDefinition[]; errors: Diagnostic[] }> {
  const read = await readTextFile(source, file);
  if (read.status !== 'ok') return { definitions: [], errors: [] };
  const parsed = await parseYamlText(read.text, file);
  // Parse errors are reported by the prompt.yaml loader itself.
  if (!parsed.ok) return { definitions: [], errors: [] };
  const value = parsed.parsed.value as Record<string, unknown> | null;
  if (!value || typeof value !== 'object' || !('metrics' in value)) return { definitions: [], errors: [] };
  const { definitions, diagnostics } = validateMetrics(value.metrics, {
    file,
    locate: (pointer, key) => lineAt(parsed.parsed, pointer, key),
  });
  return { definitions, errors: diagnostics };
}

/** Finds the line of a node (JSON pointer) or of one of its keys; files/positions.ts `lineAt` fits. */
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
    if (!NAME.test(name))
      fail('a metric name is letters, digits, _ and -, starting with a letter or _ (it names the metric in results.json)');
    if (!isMapping(entry)) {
      fail('must be a mapping such as { rate_of: escalate, max: 0.10 } or { max: 2000 } for a built-in metric');
      continue;
    }
    const builtIn = (BUILT_IN_METRICS as readonly string[]).includes(name);
    const allowed = builtIn ? TARGET_KEYS : FIELD_KEYS;
    for (const key of Object.keys(entry)) {
      if (allowed.includes(key)) continue;
      fail(
        builtIn && FIELD_KEYS.includes(key)
          ? `${name} is built in and takes only min and max`
          : `unknown key "${key}"; expected ${allowed.join(', ')}`,
        key,
      );
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
        if (typeof path !== 'string' || parsePath(path) === undefined)
          fail('must name an output field, such as escalate or result.confidence', kind);
        else fieldPath = path;
      }
    }
    const isRate = kind === 'rate_of' || name === 'error_rate';
    const targets: Targets = {};
    for (const key of TARGET_KEYS as ('min' | 'max')[]) {
      const target = entry[key];
      if (target === undefined) continue;
      if (typeof target !== 'number' || !Number.isFinite(target))
        fail(`must be a number, got ${JSON.stringify(target) ?? String(target)}`, key);
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
