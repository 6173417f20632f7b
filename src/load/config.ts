import type { Diagnostic } from '../lib/diagnostics.js';
import type { ProviderName } from '../providers/types.js';
import { parseYamlText, pointerToField, lineAt } from './files/positions.js';
import { schemaErrorsToDiagnostics, validateToolFile } from './files/schemas.js';
import { readTextFile, type FileSource } from './files/file-source.js';
import { validateMetrics, type MetricDefinition } from './metrics.js';

export const FAIL_ON_REGRESSION = ['off', 'significant'] as const;
export type FailOnRegression = (typeof FAIL_ON_REGRESSION)[number];

/** USD per 1M tokens. */
export interface PriceOverride {
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
  cacheWrite1h?: number;
}

/** promptgate.yaml, camelCased. Every field is optional: action inputs and CLI flags may supply it. */
export interface RepoConfig {
  provider?: ProviderName;
  model?: string;
  temperature?: number;
  maxTokens?: number;
  /** Minimum pass rate, 0..1. */
  threshold?: number;
  concurrency?: number;
  /** Paths or globs where prompt folders are searched. */
  prompts?: string[];
  pricing?: Record<string, PriceOverride>;
  /** Percent. */
  maxCostIncrease?: number;
  /** Runs per test (k-of-n: N) and runs that must pass (K). */
  repeat?: number;
  minPass?: number;
  failOnRegression?: FailOnRegression;
  /** Default rubric judge, `provider:model`. */
  judge?: string;
  /** Default success metrics, validated; a folder's own metric of the same name wins. */
  metrics?: MetricDefinition[];
  /** Default `models:` matrix for folders whose prompt.yaml has none. */
  models?: string[];
  /** Default `traffic_per_day:` for the cost projection. */
  trafficPerDay?: number;
}

const FILE_KEYS: Record<string, keyof RepoConfig> = {
  provider: 'provider',
  model: 'model',
  temperature: 'temperature',
  max_tokens: 'maxTokens',
  threshold: 'threshold',
  concurrency: 'concurrency',
  prompts: 'prompts',
  pricing: 'pricing',
  max_cost_increase: 'maxCostIncrease',
  repeat: 'repeat',
  min_pass: 'minPass',
  fail_on_regression: 'failOnRegression',
  judge: 'judge',
  metrics: 'metrics',
  models: 'models',
  traffic_per_day: 'trafficPerDay',
};

const DEFAULT_PATH = 'promptgate.yaml';
/** `.yml` is accepted when the default `.yaml` is absent: both spellings are common. */
const ALTERNATE_PATH = 'promptgate.yml';

/**
 * Reads the repository config. A missing file is an empty config; an invalid field is reported
 * and left out, so the rest of the config (and the run) still applies.
 */
export async function loadRepoConfig(source: FileSource, path = DEFAULT_PATH): Promise<{ config: RepoConfig; diagnostics: Diagnostic[] }> {
  let file = path;
  let read = await readTextFile(source, file);
  if (read.status === 'missing' && path === DEFAULT_PATH) {
    file = ALTERNATE_PATH;
    read = await readTextFile(source, file);
  }
  if (read.status === 'missing') return { config: {}, diagnostics: [] };
  if (read.status === 'invalid') return { config: {}, diagnostics: [read.error] };

  const parsed = await parseYamlText(read.text, file);
  if (!parsed.ok) return { config: {}, diagnostics: parsed.errors };
  const value = parsed.parsed.value;
  if (value === null || value === undefined) return { config: {}, diagnostics: [] };

  const errors = validateToolFile('promptgate', value);
  const diagnostics = schemaErrorsToDiagnostics(errors, file, parsed.parsed);
  if (typeof value !== 'object' || Array.isArray(value)) return { config: {}, diagnostics };

  // Fields with a problem are dropped whole; a bad pricing entry drops only that model.
  const badFields = new Set(errors.map((error) => pointerToField(error.instancePath).split(/[.[]/)[0]));
  const badModels = new Set(
    errors.filter((error) => error.instancePath.startsWith('/pricing/')).map((error) => error.instancePath.split('/')[2]),
  );
  const config: Record<string, unknown> = {};
  for (const [key, fieldValue] of Object.entries(value)) {
    const name = FILE_KEYS[key];
    if (!name) continue;
    if (key === 'pricing' && fieldValue && typeof fieldValue === 'object' && !Array.isArray(fieldValue)) {
      config.pricing = Object.fromEntries(Object.entries(fieldValue).filter(([model]) => !badModels.has(model)));
    } else if (!badFields.has(key)) {
      config[name] = fieldValue;
    }
  }
  if (config.metrics !== undefined) {
    const metrics = validateMetrics(config.metrics, { file, locate: (pointer, key) => lineAt(parsed.parsed, pointer, key) });
    config.metrics = metrics.definitions;
    diagnostics.push(...metrics.diagnostics);
  }
  return { config: config as RepoConfig, diagnostics };
}
