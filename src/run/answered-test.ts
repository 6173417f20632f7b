import type { PricedCall } from '../providers/price-call.js';
import type { SourcedResponse, ToolCall } from '../providers/types.js';
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
): TestResult {
  const toolCalls = response.toolCalls ?? [];
  const allToolCalls = loop?.allToolCalls ?? toolCalls;
  // What results.json and the comment show is what the text checks read (shownOutput).
  const output = shownOutput(response.text, toolCalls);
  // An answer cut off, refused or filtered is never a pass, and its content checks would only
  // judge a fragment ("Unterminated string"): the one check that says what happened stands alone.
  const checks =
    (loop?.stopped ? [loop.stopped] : undefined) ??
    stoppedShort(response) ??
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

function stoppedShort(response: SourcedResponse): CheckResult[] | undefined {
  switch (response.finishReason) {
    case 'length':
      return [
        {
          name: 'answer is complete',
          passed: false,
          expected: 'a complete answer',
          actual: `cut off at max_tokens after ${response.usage.outputTokens} output tokens`,
          message: 'the answer was cut off at max_tokens (finish reason: length); raise max_tokens, or ask for a shorter answer',
        },
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

/** The answer's text as a failed check shows it (only for an answer that stopped short). */
function shownText(response: SourcedResponse): string {
  return truncate(response.text.trim(), 500);
}
