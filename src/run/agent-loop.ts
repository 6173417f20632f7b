import type { CheckResult } from '../results/model.js';
import type { ChatMessage, ModelRequest, SourcedResponse, ToolCall } from '../providers/types.js';
import type { TestCase, ToolResultRule } from '../load/types.js';
import { withoutThinking } from '../json/output-json.js';
import { formatToolCalls, isSubset } from './tool-checks.js';

/*
 * The agent loop of a test with `tool_results:`. The model calls tools; promptgate answers each
 * call with the test's canned result and asks again, with the calls and results appended to the
 * conversation, until the model gives an answer without tool calls, or max_steps calls were
 * made. Each step is its own request, so recordings keep every step under its own key (which
 * holds the steps before it), and a replay runs the whole loop offline.
 *
 * The calls get promptgate's own ids (`call_s<step>_<n>`), not the provider's: a provider's ids
 * are random, and would put a new recording key on every later step of every re-recording.
 *
 * A call the test has no canned result for ends the loop, and the test fails with that one
 * check: the model did something the test did not plan for, and an invented answer would send
 * the run somewhere no test author wrote down. So does running out of steps.
 */

export const DEFAULT_MAX_STEPS = 5;

export interface LoopStep {
  response: SourcedResponse;
  /** The canned results sent back for the step's calls (none on the final step). */
  results?: Array<{ name: string; result: string }>;
}

export interface LoopOutcome {
  steps: LoopStep[];
  /** Set when the loop ended without a final answer: the one check the test fails with. */
  stopped?: CheckResult;
}

/** Finish reasons after which the answer is judged as it is (answered-test.ts explains why). */
const STOPPED_SHORT = new Set(['length', 'refusal', 'content_filter']);

export async function runAgentLoop(
  first: ModelRequest,
  test: TestCase,
  maxSteps: number,
  ask: (request: ModelRequest, step: number) => Promise<SourcedResponse>,
): Promise<LoopOutcome> {
  const canned = test.toolResults ?? {};
  const steps: LoopStep[] = [];
  let messages = first.messages;
  for (let step = 1; ; step += 1) {
    const response = await ask(step === 1 ? first : { ...first, messages }, step);
    const calls = response.toolCalls ?? [];
    steps.push({ response });
    if (calls.length === 0 || (response.finishReason !== undefined && STOPPED_SHORT.has(response.finishReason))) return { steps };
    const results: Array<{ name: string; result: string }> = [];
    for (const call of calls) {
      const rule = cannedResult(canned[call.name], call);
      if (!rule) return { steps, stopped: noCannedResult(call, canned) };
      results.push({ name: call.name, result: rule.result });
    }
    steps[steps.length - 1]!.results = results;
    if (step >= maxSteps) return { steps, stopped: outOfSteps(maxSteps, calls) };
    const identified = calls.map((call, index): ToolCall => ({ ...call, id: `call_s${step}_${index + 1}` }));
    messages = [
      ...messages,
      // The reasoning shown as <think> blocks is the answer's, not a turn to send back as text.
      { role: 'assistant', content: withoutThinking(response.text), toolCalls: identified },
      ...identified.map((call, index): ChatMessage => ({
        role: 'tool',
        name: call.name,
        toolCallId: call.id!,
        content: results[index]!.result,
      })),
    ];
  }
}

/** The first rule of the tool whose `args` are a subset of the call's arguments (a rule without args answers any call). */
function cannedResult(rules: ToolResultRule[] | undefined, call: ToolCall): ToolResultRule | undefined {
  return rules?.find((rule) => !rule.args || isSubset(rule.args, call.arguments));
}

function noCannedResult(call: ToolCall, canned: Record<string, ToolResultRule[]>): CheckResult {
  const shown = formatToolCalls([call]);
  const given = canned[call.name];
  const why = given
    ? `none of the ${given.length} tool_results of ${call.name} has args matching this call`
    : `tool_results has no entry for ${call.name} (it has: ${Object.keys(canned).join(', ') || 'none'})`;
  return {
    name: 'every tool call has a canned result',
    passed: false,
    expected: `a tool_results entry for ${call.name}`,
    actual: shown,
    message: `the model called ${shown}, and ${why}; add a result for it, or check that it is not called (not-tool-called)`,
  };
}

function outOfSteps(maxSteps: number, calls: readonly ToolCall[]): CheckResult {
  return {
    name: `final answer within ${maxSteps} steps`,
    passed: false,
    expected: `an answer without tool calls by step ${maxSteps}`,
    actual: formatToolCalls(calls),
    message: `the model was still calling tools after ${maxSteps} model calls (max_steps: ${maxSteps}); raise max_steps, or check why it loops`,
  };
}
