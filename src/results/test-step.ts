import type { Json } from '../json/json.js';

/**
 * One model call of an agent loop (a test with `tool_results:`), and the canned results
 * promptgate answered its calls with: results.json `tests[].steps` (model.ts). The test's
 * `toolCalls` are every call made along the way, and its `output` the final answer.
 */
export interface TestStep {
  step: number;
  /** The answer's text, when it had any (e.g. "Let me look that up." before a call). */
  text?: string;
  toolCalls?: Array<{ name: string; arguments: Json }>;
  /** The canned result sent back for each call, in order. */
  toolResults?: Array<{ name: string; result: string }>;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  latencyMs: number;
  finishReason?: string;
  source: 'live' | 'replay' | 'cache';
}
