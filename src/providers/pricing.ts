import type { Usage } from './types.js';

/** Prices in USD per 1M tokens. Cached input and cache writes default to the input price. */
export interface ModelPrice {
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
  /** 1-hour-TTL cache writes (Anthropic); defaults to the 5-minute write price. */
  cacheWrite1h?: number;
  /** When the list price was last checked (table entries); absent for user overrides. */
  asOf?: string;
}

/** promptgate.yaml `pricing:` — model name (or a prefix of dated snapshots) to its price. */
export type PricingOverrides = Readonly<Record<string, Omit<ModelPrice, 'asOf'>>>;

/**
 * Published list prices (standard tier, no batch discount). `cacheWrite` is Anthropic's
 * 5-minute-TTL write rate (1.25x input) and `cacheWrite1h` its 1-hour rate (2x input); OpenAI
 * bills no cache-write premium. Prices change: a team that needs exact figures overrides them
 * in promptgate.yaml rather than waiting for a release. `asOf` is the day the row was checked
 * against the provider's pricing page.
 */
const ANTHROPIC_CHECKED = '2026-11-30';
const OPENAI_CHECKED = '2026-11-30';
const anthropic = (input: number, output: number, cachedInput = input / 10) =>
  ({ input, cachedInput, cacheWrite: input * 1.25, cacheWrite1h: input * 2, output, asOf: ANTHROPIC_CHECKED }) as const;
const openai = (input: number, cachedInput: number, output: number, asOf = OPENAI_CHECKED) =>
  ({ input, cachedInput, cacheWrite: input, cacheWrite1h: input, output, asOf }) as const;

export const PRICES: Readonly<Record<string, Required<ModelPrice>>> = {
  // OpenAI
  'gpt-4o': openai(2.5, 1.25, 10, '2025-11-01'),
  'gpt-4o-mini': openai(0.15, 0.075, 0.6, '2025-11-01'),
  'gpt-4.1': openai(2, 0.5, 8, '2025-11-01'),
  'gpt-4.1-mini': openai(0.4, 0.1, 1.6, '2025-11-01'),
  'gpt-4.1-nano': openai(0.1, 0.025, 0.4, '2025-11-01'),
  'gpt-5': openai(1.25, 0.125, 10, '2025-11-01'),
  'gpt-5-mini': openai(0.25, 0.025, 2, '2025-11-01'),
  'gpt-5-nano': openai(0.05, 0.005, 0.4, '2025-11-01'),
  'gpt-5.1': openai(1.25, 0.125, 10, '2025-11-15'),
  'gpt-5.4': openai(2.5, 0.25, 15),
  'gpt-5.4-mini': openai(0.75, 0.075, 4.5),
  o3: openai(2, 0.5, 8, '2025-11-01'),
  // Embeddings (the `similar` check): input tokens only.
  'text-embedding-3-small': openai(0.02, 0.02, 0),
  'text-embedding-3-large': openai(0.13, 0.13, 0),
  'o3-mini': openai(1.1, 0.55, 4.4, '2025-11-01'),
  'o4-mini': openai(1.1, 0.275, 4.4, '2025-11-01'),
  // Anthropic
  'claude-fable-5-1': anthropic(10, 50, 0.25),
  'claude-fable-5': anthropic(10, 50, 1),
  'claude-opus-5': anthropic(5, 25),
  'claude-opus-4-8': anthropic(5, 25),
  'claude-opus-4-7': anthropic(5, 25),
  'claude-opus-4-6': anthropic(5, 25),
  'claude-opus-4-5': anthropic(5, 25),
  'claude-opus-4-1': anthropic(15, 75),
  'claude-opus-4': anthropic(15, 75),
  'claude-sonnet-5-5': anthropic(2, 10),
  'claude-sonnet-5': anthropic(2, 10),
  'claude-sonnet-4-6': anthropic(3, 15),
  'claude-sonnet-4-5': anthropic(3, 15),
  'claude-sonnet-4': anthropic(3, 15),
  'claude-3-7-sonnet': anthropic(3, 15),
  'claude-haiku-4-5': anthropic(1, 5),
  'claude-3-5-haiku': anthropic(0.8, 4),
  'claude-3-haiku': { input: 0.25, cachedInput: 0.03, cacheWrite: 0.3, cacheWrite1h: 0.5, output: 1.25, asOf: '2025-11-01' },
};

/**
 * What may follow a known name in a dated snapshot: `-2024-07-18`, `-20250929`, `-0613`,
 * `-latest`, Vertex's `@20250929`, optionally followed by a platform suffix (`-v1:0`). Anything
 * else is a different model: `claude-sonnet-4-6` is not `claude-sonnet-4`, `gpt-4o-audio` is not
 * `gpt-4o`.
 */
const SNAPSHOT_SUFFIX = /^(?:-(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|latest)|@\d{8})(?:[-:@].*)?$/;

/**
 * A platform's model id as the price list names the model: Bedrock's `anthropic.` vendor prefix
 * and its inference-profile region (`us.`, `eu.`, `apac.`, `global.`) are not part of the
 * model's name, nor is an OpenRouter-style `vendor/` prefix.
 */
function listedName(model: string): string {
  return model.replace(/^(?:(?:us|eu|apac|jp|au|us-gov|global)\.)?anthropic\./, '').replace(/^[a-z0-9-]+\//, '');
}

/**
 * The price of a model: an override or table entry of that exact name, else of the longest
 * name the model is a dated snapshot of. Overrides win over the table. Undefined when unknown:
 * callers show the cost as unknown, never as zero.
 */
export function findPrice(model: string, overrides: PricingOverrides = {}): ModelPrice | undefined {
  return findPriceEntry(model, overrides)?.price;
}

/** The price and the name it is listed under (the override or table key that matched). */
export function findPriceEntry(model: string, overrides: PricingOverrides = {}): { key: string; price: ModelPrice } | undefined {
  const name = model.trim();
  const override = lookup(name, overrides) ?? lookup(listedName(name), overrides);
  if (override) return { key: override.key, price: { ...override.price } };
  return lookup(name, PRICES) ?? lookup(listedName(name), PRICES);
}

function lookup<T>(model: string, table: Readonly<Record<string, T>>): { key: string; price: T } | undefined {
  const exact = Object.hasOwn(table, model) ? table[model] : undefined;
  if (exact !== undefined) return { key: model, price: exact };
  let best: { key: string; price: T } | undefined;
  for (const [key, price] of Object.entries(table)) {
    if (model.startsWith(key) && SNAPSHOT_SUFFIX.test(model.slice(key.length))) {
      if (!best || key.length > best.key.length) best = { key, price };
    }
  }
  return best;
}

/**
 * Cost of one call in USD. `inputTokens` includes the cached reads and the cache writes, so
 * those are taken out of it and priced at their own rates.
 */
export function costOf(usage: Usage, price: ModelPrice): number {
  const cached = Math.max(0, usage.cachedInputTokens);
  const writes = Math.max(0, usage.cacheWriteTokens);
  const oneHourWrites = Math.min(writes, Math.max(0, usage.cacheWrite1hTokens ?? 0));
  const uncached = Math.max(0, usage.inputTokens - cached - writes);
  const perToken = 1 / 1_000_000;
  const writePrice = price.cacheWrite ?? price.input;
  return (
    (uncached * price.input +
      cached * (price.cachedInput ?? price.input) +
      (writes - oneHourWrites) * writePrice +
      oneHourWrites * (price.cacheWrite1h ?? writePrice) +
      usage.outputTokens * price.output) *
    perToken
  );
}
