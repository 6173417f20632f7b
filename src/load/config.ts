import type { Diagnostic } from '../lib/diagnostics.js';
import { isBuiltinProvider, type ProviderName } from '../providers/types.js';
import type { EndpointConfig } from '../providers/from-env.js';
import { duplicateModels, KNOWN_PROVIDERS, parseModelEntries, splitModelRef } from './models.js';
import { modelEntryErrors } from './model-entries.js';
import { quoteToken } from '../lib/quote.js';
import type { ModelEntry } from './types.js';
import { parseYamlText, pointerToField, lineAt } from './files/positions.js';
import { schemaErrorsToDiagnostics, validateToolFile } from './files/schemas.js';
import { readTextFile, type FileSource } from './files/file-source.js';
import { validateMetrics, type MetricDefinition } from './metrics.js';

export const FAIL_ON_REGRESSION = ['off', 'significant'] as const;
export type FailOnRegression = (typeof FAIL_ON_REGRESSION)[number];

/** What blocks the merge: every failure (`all`), or only new ones (`regressions`). */
export const BLOCK_ON = ['all', 'regressions'] as const;
export type BlockOn = (typeof BLOCK_ON)[number];

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
  models?: ModelEntry[];
  /** What blocks the merge: every failure, or only new ones. */
  blockOn?: BlockOn;
  /** Default `traffic_per_day:` for the cost projection. */
  trafficPerDay?: number;
  /** OpenAI-compatible servers by name: a folder uses `provider: NAME` or `NAME:model`. */
  endpoints?: Record<string, EndpointConfig>;
  /** Default `structured_output:`; false: schema.json is checked but not sent to the provider. */
  structuredOutput?: boolean;
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
  block_on: 'blockOn',
  traffic_per_day: 'trafficPerDay',
  endpoints: 'endpoints',
  structured_output: 'structuredOutput',
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
  // One text of paths, as the action input takes them, is a list too.
  if (typeof config.prompts === 'string') config.prompts = splitPathList(config.prompts);
  const lineOf = (pointer: string) => lineAt(parsed.parsed, pointer);
  if (config.endpoints !== undefined) {
    const endpoints = readEndpoints(config.endpoints as Record<string, RawEndpoint>, file, lineOf);
    config.endpoints = endpoints.endpoints;
    diagnostics.push(...endpoints.diagnostics);
  }
  const providers = [...KNOWN_PROVIDERS, ...Object.keys((config.endpoints as object | undefined) ?? {})];
  if (config.provider !== undefined && !providers.includes(config.provider as string)) {
    diagnostics.push(unknownProvider(config.provider as string, file, lineOf('/provider')));
    delete config.provider;
  }
  if (config.models !== undefined) {
    const models = config.models as ModelEntry[];
    const configModel = typeof config.model === 'string' ? splitModelRef(config.model, providers) : undefined;
    const provider = configModel?.provider ?? (config.provider as ProviderName | undefined) ?? 'openai';
    diagnostics.push(...duplicateModelErrors(models, provider, file, lineOf, providers));
    const entryErrors = modelEntryErrors(models, {
      defaultProvider: provider,
      providers,
      maxTokens: config.maxTokens as number | undefined,
      file,
      lineOf,
    });
    diagnostics.push(...entryErrors);
    if (entryErrors.length > 0) delete config.models;
  }
  if (config.metrics !== undefined) {
    const metrics = validateMetrics(config.metrics, { file, locate: (pointer, key) => lineAt(parsed.parsed, pointer, key) });
    config.metrics = metrics.definitions;
    diagnostics.push(...metrics.diagnostics);
  }
  return { config: config as RepoConfig, diagnostics };
}

/** One error per `models:` entry that names a model already listed (each would run twice). */
export function duplicateModelErrors(
  entries: readonly ModelEntry[],
  defaultProvider: ProviderName,
  file: string,
  lineOf: (pointer: string) => number | undefined,
  providers: readonly ProviderName[] = KNOWN_PROVIDERS,
): Diagnostic[] {
  return duplicateModels(parseModelEntries(entries, defaultProvider, providers)).map(({ index, first, label }) => {
    const line = lineOf(`/models/${index}`);
    return {
      file,
      ...(line !== undefined ? { line } : {}),
      field: `models[${index}]`,
      message: `names ${label} again (models[${first}]): a model runs once per folder; remove one of them`,
    };
  });
}

/** `prompts/**, shared/*` or one path a line: the entries, trimmed, empty ones dropped. */
export function splitPathList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** A provider name that is neither built in nor an endpoint of promptgate.yaml. */
export function unknownProvider(name: string, file: string, line: number | undefined, field = 'provider'): Diagnostic {
  return {
    file,
    ...(line !== undefined ? { line } : {}),
    field,
    message:
      `${quoteToken(name)} is not a provider: the built-in ones are ${KNOWN_PROVIDERS.join(', ')}, ` +
      'and an OpenAI-compatible server is named under endpoints: in promptgate.yaml',
  };
}

/** An `endpoints:` entry as written (its shape already checked by the schema). */
interface RawEndpoint {
  base_url: string;
  token_limit_field?: 'max_tokens' | 'max_completion_tokens';
  api_key_env?: string;
}

/** `endpoints:`, camelCased; a name that is a built-in provider, or a base_url that is not a URL, is an error. */
function readEndpoints(
  raw: Record<string, RawEndpoint>,
  file: string,
  lineOf: (pointer: string) => number | undefined,
): { endpoints: Record<string, EndpointConfig>; diagnostics: Diagnostic[] } {
  const endpoints: Record<string, EndpointConfig> = {};
  const diagnostics: Diagnostic[] = [];
  for (const [name, endpoint] of Object.entries(raw)) {
    const line = lineOf(`/endpoints/${name}`);
    const at = (key?: string) => ({ file, ...(line !== undefined ? { line: lineOf(`/endpoints/${name}/${key}`) ?? line } : {}) });
    if (isBuiltinProvider(name)) {
      diagnostics.push({
        ...at(),
        field: `endpoints.${name}`,
        message: `"${name}" is a built-in provider; give the endpoint another name`,
      });
      continue;
    }
    if (!URL.canParse(endpoint.base_url) || !/^https?:$/.test(new URL(endpoint.base_url).protocol)) {
      diagnostics.push({
        ...at('base_url'),
        field: `endpoints.${name}.base_url`,
        message: 'must be an http(s) URL, the one the server serves /chat/completions under (e.g. http://localhost:11434/v1)',
      });
      continue;
    }
    endpoints[name] = {
      baseURL: endpoint.base_url,
      ...(endpoint.token_limit_field ? { tokenLimitField: endpoint.token_limit_field } : {}),
      ...(endpoint.api_key_env ? { apiKeyEnv: endpoint.api_key_env } : {}),
    };
  }
  return { endpoints, diagnostics };
}
