import { costOf, findPriceEntry, type ModelPrice, type PricingOverrides } from './pricing.js';
import type { ProviderName, Usage } from './types.js';

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

/** The price-list entry for the served model, else the requested one (Azure: the deployment only). */
function priceEntryFor(call: CallToPrice, overrides: PricingOverrides): PriceEntry | undefined {
  if (call.provider === 'azure') return azureEntry(call.requestedModel, overrides);
  const served = call.servedModel === '' ? undefined : findPriceEntry(call.servedModel, overrides);
  if (served || call.requestedModel === '' || call.requestedModel === call.servedModel) return served;
  return findPriceEntry(call.requestedModel, overrides);
}

function pricedWith(entry: PriceEntry | undefined, call: CallToPrice): PricedCall {
  if (entry) return { costUsd: costOf(call.usage, entry.price), pricedAs: entry.key };
  const key = call.provider === 'azure' ? call.requestedModel : call.requestedModel || call.servedModel;
  const what = call.provider === 'azure' ? `azure deployment "${key}"` : `model "${key}"`;
  return {
    costUsd: null,
    costNote: `no price for ${what}; add it to promptgate.yaml: pricing: { ${JSON.stringify(key)}: { input: <USD per 1M tokens>, output: <USD per 1M tokens> } }`,
  };
}

function azureEntry(deployment: string, overrides: PricingOverrides): PriceEntry | undefined {
  return Object.hasOwn(overrides, deployment) ? { key: deployment, price: overrides[deployment]! } : undefined;
}
