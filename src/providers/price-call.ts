import { costOf, findPriceEntry, type PricingOverrides } from './pricing.js';
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
  const candidates =
    call.provider === 'azure'
      ? [call.requestedModel]
      : [...new Set([call.servedModel, call.requestedModel].filter((model) => model !== ''))];
  for (const model of candidates) {
    const found = call.provider === 'azure' ? azureEntry(model, overrides) : findPriceEntry(model, overrides);
    if (found) return { costUsd: costOf(call.usage, found.price), pricedAs: found.key };
  }
  const key = call.provider === 'azure' ? call.requestedModel : call.requestedModel || call.servedModel;
  const what = call.provider === 'azure' ? `azure deployment "${key}"` : `model "${key}"`;
  return {
    costUsd: null,
    costNote: `no price for ${what}; add it to promptgate.yaml: pricing: { ${JSON.stringify(key)}: { input: <USD per 1M tokens>, output: <USD per 1M tokens> } }`,
  };
}

function azureEntry(deployment: string, overrides: PricingOverrides) {
  return Object.hasOwn(overrides, deployment) ? { key: deployment, price: overrides[deployment]! } : undefined;
}
