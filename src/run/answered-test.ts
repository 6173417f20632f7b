import type { PricedCall } from '../providers/price-call.js';
import type { ModelRequest, SourcedResponse, ToolCall } from '../providers/types.js';
import { withoutThinking } from '../json/output-json.js';
import type { CheckResult, TestResult, TestStep } from '../results/model.js';
import { truncate } from '../load/files/schemas.js';
import type { Json } from '../json/json.js';
import type { TestCase } from '../load/types.js';
import { evaluateChecks } from './assertions.js';
import { shownOutput } from './tool-checks.js';

/** What an agent loop adds to its final answer (agent-loop.ts; runner.ts sums the figures). */
export interface LoopFacts {
  /** Every call made along the way: what the tool checks read, and results.json `toolCalls`. */
  allToolCalls: ToolCall[];
  steps: TestStep[];
  /** The loop ended without a final answer: the one check the test fails with. */
  stopped?: CheckResult;
}

/**
 * The result of a test that got an answer: its checks, what it cost, and why the model stopped.
 * After an agent loop, `response` is the final answer with the steps' figures summed.
 */
export function answeredTest(
  base: Pick<TestResult, 'name' | 'line' | 'dataRow'>,
  test: TestCase,
  response: SourcedResponse,
  priced: PricedCall,
  schema: Record<string, unknown> | undefined,
  loop?: LoopFacts,
  /** The request, to name the setting that caps reasoning (reasoning_effort or thinking_budget). */
  request?: Pick<ModelRequest, 'thinkingBudget'>,
): TestResult {
  const toolCalls = response.toolCalls ?? [];
  const allToolCalls = loop?.allToolCalls ?? toolCalls;
  // What results.json and the comment show is what the text checks read (shownOutput).
  const output = shownOutput(response.text, toolCalls);
  // An answer cut off, refused or filtered is never a pass, and its content checks would only
  // judge a fragment ("Unterminated string"): the one check that says what happened stands alone.
  const checks =
    (loop?.stopped ? [loop.stopped] : undefined) ??
    stoppedShort(response, request) ??
    evaluateChecks(
      test,
      {
        text: response.text,
        output,
        outputTokens: response.usage.outputTokens,
        latencyMs: response.latencyMs,
        costUsd: priced.costUsd,
        toolCalls,
        allToolCalls,
      },
      schema,
    );
  // Optional fields are set one by one, in results.json's order: a spread per piece made an
  // object per piece per test.
  const result: TestResult = {
    name: base.name,
    line: base.line,
    status: checks.every((check) => check.passed) ? 'passed' : 'failed',
    checks,
    output,
    inputTokens: response.usage.inputTokens,
    outputTokens: response.usage.outputTokens,
    ...(response.usage.reasoningTokens ? { reasoningTokens: response.usage.reasoningTokens } : {}),
    costUsd: priced.costUsd,
    latencyMs: response.latencyMs,
    error: null,
    model: response.model,
    servedModel: response.model,
  };
  if (response.finishReason) result.finishReason = response.finishReason;
  if (allToolCalls.length > 0) result.toolCalls = allToolCalls.map((call) => ({ name: call.name, arguments: call.arguments as Json }));
  if ('pricedAs' in priced) result.pricedAs = priced.pricedAs;
  else result.costNote = priced.costNote;
  result.source = response.source;
  if (loop) result.steps = loop.steps;
  if (base.dataRow) result.dataRow = base.dataRow;
  return result;
}

function stoppedShort(response: SourcedResponse, request: Pick<ModelRequest, 'thinkingBudget'> | undefined): CheckResult[] | undefined {
  switch (response.finishReason) {
    case 'length':
      return [incomplete(`cut off at max_tokens after ${response.usage.outputTokens} output tokens`, cutOffAdvice(response, request))];
    case 'context_window':
      return [
        incomplete(
          `cut off after ${response.usage.outputTokens} output tokens: the context window was full`,
          "the conversation filled the model's context window (finish reason: context_window); raising max_tokens cannot help: " +
            'shorten the system prompt, examples or messages, or use a model with a larger context window',
        ),
      ];
    case 'pause_turn':
      return [
        incomplete(
          'the model paused its turn',
          'the model paused a long turn of server-side tools before answering (finish reason: pause_turn); ' +
            'promptgate does not resume paused turns, so the answer is incomplete',
        ),
      ];
    case 'refusal': {
      const shown = shownText(response);
      return [
        {
          name: 'model answers',
          passed: false,
          expected: 'an answer',
          actual: shown || '(refused without text)',
          message: `the model refused${shown ? `: ${shown}` : ''}`,
        },
      ];
    }
    case 'content_filter':
      return [
        {
          name: 'answer passes the provider content filter',
          passed: false,
          expected: 'an answer',
          actual: shownText(response) || '(withheld by the content filter)',
          message: 'the provider withheld the answer (finish reason: content_filter)',
        },
      ];
    default:
      return undefined;
  }
}

function incomplete(actual: string, message: string): CheckResult {
  return { name: 'answer is complete', passed: false, expected: 'a complete answer', actual, message };
}

/**
 * Why an answer cut off at max_tokens was: a reasoning model that spent every output token
 * reasoning left no answer at all, and asking for a shorter answer would not help.
 */
function cutOffAdvice(response: SourcedResponse, request: Pick<ModelRequest, 'thinkingBudget'> | undefined): string {
  const { outputTokens, reasoningTokens = 0 } = response.usage;
  const reasoningOnly = reasoningTokens > 0 && reasoningTokens >= outputTokens && withoutThinking(response.text).trim() === '';
  if (!reasoningOnly) return 'the answer was cut off at max_tokens (finish reason: length); raise max_tokens, or ask for a shorter answer';
  const setting = request?.thinkingBudget !== undefined ? 'thinking_budget' : 'reasoning_effort';
  return `all ${outputTokens} output tokens were reasoning: raise max_tokens or lower ${setting}`;
}

/** The answer's text as a failed check shows it (only for an answer that stopped short). */
function shownText(response: SourcedResponse): string {
  return truncate(response.text.trim(), 500);
}
