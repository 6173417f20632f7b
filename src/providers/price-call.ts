import { costOf, findPriceEntry, type ModelPrice, type PricingOverrides } from './pricing.js';
import { isBuiltinProvider, type ProviderName, type Usage } from './types.js';

/** One answered call to price: the model asked for, the model that answered, its tokens. */
export interface CallToPrice {
  provider: ProviderName;
  requestedModel: string;
  servedModel: string;
  usage: Usage;
}

/** The cost, the price-list name that priced it, or why it is unknown (never shown as zero). */
export type PricedCall = { costUsd: number; pricedAs: string } | { costUsd: null; costNote: string };

/**
 * Prices the model that answered when the list knows it (a request for an alias served by a
 * dated snapshot, or by another model, is billed as what served it), else the model asked for.
 * Azure is priced only from `pricing:`, under the deployment name: a deployment's price is the
 * team's contract, and the served model's list price would be a guess.
 */
export function priceCall(call: CallToPrice, overrides: PricingOverrides = {}): PricedCall {
  return pricedWith(priceEntryFor(call, overrides), call);
}

/**
 * priceCall for a whole run: the price list is looked up once per provider, requested and
 * served model, not once per call (a served snapshot such as `gpt-4o-mini-2024-07-18` is matched
 * by scanning the list).
 */
export function runPricer(overrides: PricingOverrides = {}): (call: CallToPrice) => PricedCall {
  const entries = new Map<string, PriceEntry | undefined>();
  return (call) => {
    const key = `${call.provider}\u0000${call.requestedModel}\u0000${call.servedModel}`;
    let entry = entries.get(key);
    if (entry === undefined && !entries.has(key)) {
      entry = priceEntryFor(call, overrides);
      entries.set(key, entry);
    }
    return pricedWith(entry, call);
  };
}

type PriceEntry = { key: string; price: ModelPrice };

/**
 * The price-list entry for the served model, else the requested one (Azure: the deployment only).
 * A `pricing:` entry written `provider:model` (`ollama:qwen3:8b`, `openrouter:openai/gpt-4o`)
 * prices that provider's model before any entry of the model's name alone.
 */
function priceEntryFor(call: CallToPrice, overrides: PricingOverrides): PriceEntry | undefined {
  const qualified = `${call.provider}:${call.requestedModel}`;
  if (Object.hasOwn(overrides, qualified)) return { key: qualified, price: overrides[qualified]! };
  if (call.provider === 'azure') return azureEntry(call.requestedModel, overrides);
  const served = call.servedModel === '' ? undefined : findPriceEntry(call.servedModel, overrides);
  if (served || call.requestedModel === '' || call.requestedModel === call.servedModel) return served;
  return findPriceEntry(call.requestedModel, overrides);
}

function pricedWith(entry: PriceEntry | undefined, call: CallToPrice): PricedCall {
  // No usage reported is no count of tokens: a price times zero would show $0 for a paid answer.
  if (call.usage.unreported) {
    return {
      costUsd: null,
      costNote: `${call.provider} reported no token usage for this answer (usage missing or null), so its tokens and cost are unknown`,
    };
  }
  if (entry) return { costUsd: costOf(call.usage, entry.price), pricedAs: entry.key };
  const builtIn = isBuiltinProvider(call.provider);
  const model = call.requestedModel || call.servedModel;
  // An endpoint's model is priced under its qualified name: `qwen3:8b` may be free locally and paid elsewhere.
  const key = call.provider === 'azure' ? call.requestedModel : builtIn ? model : `${call.provider}:${model}`;
  const what = call.provider === 'azure' ? `azure deployment "${key}"` : builtIn ? `model "${key}"` : `${call.provider} model "${model}"`;
  return {
    costUsd: null,
    costNote: `no price for ${what}; add it to promptgate.yaml: pricing: { ${JSON.stringify(key)}: { input: <USD per 1M tokens>, output: <USD per 1M tokens> } }`,
  };
}

function azureEntry(deployment: string, overrides: PricingOverrides): PriceEntry | undefined {
  return Object.hasOwn(overrides, deployment) ? { key: deployment, price: overrides[deployment]! } : undefined;
}
