import type { CallToPrice, PricedCall } from '../providers/price-call.js';
import type { SourcedResponse, Usage } from '../providers/types.js';
import type { TestStep } from '../results/model.js';
import type { Json } from '../json/json.js';
import { roundUsd } from '../lib/usd.js';
import type { LoopFacts } from './answered-test.js';
import type { LoopOutcome } from './agent-loop.js';

/**
 * An agent loop as one answered test: the final answer, with the tokens, latency and cost of
 * every step summed (a cost is unknown when any step's is), every call made along the way, and
 * each step as results.json shows it. A step answered live makes the test's source live.
 */
export function loopResult(
  outcome: LoopOutcome,
  provider: CallToPrice['provider'],
  requestedModel: string,
  priceCall: (call: CallToPrice) => PricedCall,
): { response: SourcedResponse; priced: PricedCall; loop: LoopFacts } {
  const usage: Usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 };
  let latencyMs = 0;
  let cost: number | null = 0;
  let costNote: string | undefined;
  let pricedAs = '';
  const steps: TestStep[] = [];
  const allToolCalls = [];
  for (const [index, { response, results }] of outcome.steps.entries()) {
    const priced = priceCall({ provider, requestedModel, servedModel: response.model, usage: response.usage });
    usage.inputTokens += response.usage.inputTokens;
    usage.outputTokens += response.usage.outputTokens;
    usage.cachedInputTokens += response.usage.cachedInputTokens;
    usage.cacheWriteTokens += response.usage.cacheWriteTokens;
    if (response.usage.cacheWrite1hTokens) usage.cacheWrite1hTokens = (usage.cacheWrite1hTokens ?? 0) + response.usage.cacheWrite1hTokens;
    latencyMs += response.latencyMs;
    if ('pricedAs' in priced) pricedAs = priced.pricedAs;
    else costNote ??= priced.costNote;
    cost = cost === null || priced.costUsd === null ? null : cost + priced.costUsd;
    const calls = response.toolCalls ?? [];
    allToolCalls.push(...calls);
    steps.push({
      step: index + 1,
      ...(response.text !== '' ? { text: response.text } : {}),
      ...(calls.length > 0 ? { toolCalls: calls.map((call) => ({ name: call.name, arguments: call.arguments as Json })) } : {}),
      ...(results ? { toolResults: results } : {}),
      inputTokens: response.usage.inputTokens,
      outputTokens: response.usage.outputTokens,
      costUsd: priced.costUsd,
      latencyMs: response.latencyMs,
      ...(response.finishReason ? { finishReason: response.finishReason } : {}),
      source: response.source,
    });
  }
  const final = outcome.steps[outcome.steps.length - 1]!.response;
  const live = outcome.steps.some((step) => step.response.source === 'live');
  const priced: PricedCall =
    cost === null ? { costUsd: null, costNote: costNote ?? 'a step has no known price' } : { costUsd: roundUsd(cost), pricedAs };
  return {
    response: { ...final, usage, latencyMs, source: live ? 'live' : final.source },
    priced,
    loop: { allToolCalls, steps, ...(outcome.stopped ? { stopped: outcome.stopped } : {}) },
  };
}
