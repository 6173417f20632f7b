import type { Usage } from './types.js';

/** Prices in USD per 1M tokens. Cached input and cache writes default to the input price. */
export interface ModelPrice {
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
  /** When the list price was last checked (table entries); absent for user overrides. */
  asOf?: string;
}

/** promptgate.yaml `pricing:` — model name (or a prefix of dated snapshots) to its price. */
export type PricingOverrides = Readonly<Record<string, Omit<ModelPrice, 'asOf'>>>;

/**
 * Published list prices (standard tier, no batch discount). Anthropic cache writes are the
 * 5-minute-TTL rate (1.25x input); OpenAI bills no cache-write premium. Prices change: a team
 * that needs exact figures overrides them in promptgate.yaml rather than waiting for a release.
 */
export const PRICES: Readonly<Record<string, Required<ModelPrice>>> = {
  // OpenAI
  'gpt-4o': { input: 2.5, cachedInput: 1.25, cacheWrite: 2.5, output: 10, asOf: '2025-11-01' },
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, cacheWrite: 0.15, output: 0.6, asOf: '2025-11-01' },
  'gpt-4.1': { input: 2, cachedInput: 0.5, cacheWrite: 2, output: 8, asOf: '2025-11-01' },
  'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, cacheWrite: 0.4, output: 1.6, asOf: '2025-11-01' },
  'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, cacheWrite: 0.1, output: 0.4, asOf: '2025-11-01' },
  'gpt-5': { input: 1.25, cachedInput: 0.125, cacheWrite: 1.25, output: 10, asOf: '2025-11-01' },
  'gpt-5-mini': { input: 0.25, cachedInput: 0.025, cacheWrite: 0.25, output: 2, asOf: '2025-11-01' },
  'gpt-5-nano': { input: 0.05, cachedInput: 0.005, cacheWrite: 0.05, output: 0.4, asOf: '2025-11-01' },
  'gpt-5.1': { input: 1.25, cachedInput: 0.125, cacheWrite: 1.25, output: 10, asOf: '2025-11-15' },
  o3: { input: 2, cachedInput: 0.5, cacheWrite: 2, output: 8, asOf: '2025-11-01' },
  'o3-mini': { input: 1.1, cachedInput: 0.55, cacheWrite: 1.1, output: 4.4, asOf: '2025-11-01' },
  'o4-mini': { input: 1.1, cachedInput: 0.275, cacheWrite: 1.1, output: 4.4, asOf: '2025-11-01' },
  // Anthropic
  'claude-opus-4-5': { input: 5, cachedInput: 0.5, cacheWrite: 6.25, output: 25, asOf: '2025-11-24' },
  'claude-opus-4-1': { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75, asOf: '2025-11-01' },
  'claude-opus-4': { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75, asOf: '2025-11-01' },
  'claude-sonnet-4-5': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15, asOf: '2025-11-01' },
  'claude-sonnet-4': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15, asOf: '2025-11-01' },
  'claude-3-7-sonnet': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15, asOf: '2025-11-01' },
  'claude-haiku-4-5': { input: 1, cachedInput: 0.1, cacheWrite: 1.25, output: 5, asOf: '2025-11-01' },
  'claude-3-5-haiku': { input: 0.8, cachedInput: 0.08, cacheWrite: 1, output: 4, asOf: '2025-11-01' },
  'claude-3-haiku': { input: 0.25, cachedInput: 0.03, cacheWrite: 0.3, output: 1.25, asOf: '2025-11-01' },
};

/**
 * What may follow a known name in a dated snapshot: `-2024-07-18`, `-20250929`, `-0613`,
 * `-latest`, optionally followed by a platform suffix (`-v1:0`). Anything else is a different
 * model: `claude-sonnet-4-6` is not `claude-sonnet-4`, `gpt-4o-audio` is not `gpt-4o`.
 */
const SNAPSHOT_SUFFIX = /^-(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|latest)(?:[-:@].*)?$/;

/**
 * The price of a model: an override or table entry of that exact name, else of the longest
 * name the model is a dated snapshot of. Overrides win over the table. Undefined when unknown:
 * callers show the cost as unknown, never as zero.
 */
export function findPrice(model: string, overrides: PricingOverrides = {}): ModelPrice | undefined {
  const name = model.trim();
  const override = lookup(name, overrides);
  if (override) return { ...override.price };
  return lookup(name, PRICES)?.price;
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
  const uncached = Math.max(0, usage.inputTokens - cached - writes);
  const perToken = 1 / 1_000_000;
  return (
    (uncached * price.input +
      cached * (price.cachedInput ?? price.input) +
      writes * (price.cacheWrite ?? price.input) +
      usage.outputTokens * price.output) *
    perToken
  );
}
