import { formatDiagnostic, InputError } from '../lib/diagnostics.js';
import type { CallToPrice, PricedCall } from '../providers/price-call.js';
import {
  ProviderError,
  type AnswerSource,
  type ChatMessage,
  type ModelRequest,
  type RequestContext,
  type SourcedResponse,
} from '../providers/types.js';
import { summarize, sumJudgeUsage } from '../results/summarize.js';
import type { ConversationTurn, SuiteResult, TestResult, TestRun } from '../results/model.js';
import type { Json } from '../json/json.js';
import { buildModelRequest, type DroppedSettingsNote } from '../load/request.js';
import type { LoadedFolder, PromptFolder, TestCase } from '../load/types.js';
import { computeMetrics, metricSamples } from '../results/metrics.js';
import { answeredTest, type LoopFacts } from './answered-test.js';
import { DEFAULT_MAX_STEPS, runAgentLoop } from './agent-loop.js';
import { loopResult } from './loop-result.js';
import { isDeferred, withDeferredChecks } from './deferred-checks.js';
import type { CustomCheckPolicy } from './js-checks.js';
import { aggregateRuns, resolveRepeatPolicy, type RepeatPolicy, type RepeatPolicyResult, type RepeatSettings } from './repeats.js';
import { mapWindowed } from './windowed.js';
import { CANCELLED_MESSAGE, providerSlot, untilCancelled } from './cancel.js';
import type { Semaphore } from './semaphore.js';

export interface RunOptions {
  /**
   * One bound on provider calls for all tests of all suites, shared by head and base: it is
   * the provider's rate limit that matters. A test takes a place only when it calls a provider
   * (providerSlot): an answer from recordings waits for nothing.
   */
  limiter: Semaphore;
  /** Run every test this many times (k-of-n: N); a test's own `repeat` wins. */
  repeat: number;
  /** Runs that must pass (k-of-n: K); undefined: all of them. A test's own `min_pass` wins. */
  minPass?: number | undefined;
  /** promptgate.yaml `judge:`: the judge of rubrics that name none. */
  defaultJudge?: string | undefined;
  /** The providers a judge may name: the built-in ones and promptgate.yaml's endpoints. */
  judgeProviders?: readonly string[] | undefined;
  /** Told of a sampling setting not sent to a model family that refuses it (once per run: DroppedSettings). */
  onDroppedSettings?: DroppedSettingsNote | undefined;
  answerSource: AnswerSource;
  /** The cost of an answered call, and the price-list name that priced it, or why it is unknown. */
  priceCall(call: CallToPrice): PricedCall;
  onTestDone?(suite: PromptFolder, result: TestResult): void;
  /** On abort no call starts, and calls in flight get CANCEL_GRACE_MS to answer. */
  signal?: AbortSignal | undefined;
  /** Where `js` checks may run (js-checks.ts); absent: they do not, and say so. Shared by the run's sides. */
  customChecks?: CustomCheckPolicy | undefined;
}

/** Name of the single errored test that stands for a folder that could not be loaded. */
const LOAD_FAILURE_TEST = '(prompt folder could not be loaded)';

/**
 * One folder's tests, queued on the limiter. Callers that load folders one by one start each
 * folder as soon as it is loaded, so model calls overlap with parsing the rest.
 */
export async function runSuite(loaded: LoadedFolder, options: RunOptions): Promise<SuiteResult> {
  if (!loaded.ok) return failedToLoad(loaded);
  const limit = options.limiter;
  const { folder } = loaded;
  // The run-wide k-of-n, resolved once: a test that sets neither `repeat` nor `min_pass` uses it.
  const runWide = resolveRepeatPolicy(runWideRepeat(options));
  const tests = await mapWindowed(folder.tests, testWindow(limit), (test) =>
    runRepeated(folder, test, options, limit, test.repeat === undefined && test.minPass === undefined ? runWide : undefined),
  );
  return {
    id: folder.id,
    version: folder.version,
    path: folder.path,
    provider: folder.settings.provider,
    model: folder.settings.model,
    testsFile: folder.testsFile,
    summary: summarize(tests),
    tests,
    ...(folder.metrics ? { metrics: computeMetrics(folder.metrics, metricSamples(tests)) } : {}),
    ...(loaded.warnings.length > 0 ? { diagnostics: loaded.warnings } : {}),
    ...(folder.settings.candidate ? { candidate: true as const } : {}),
    ...(folder.allowRemovingRequired ? { allowRemovingRequired: folder.allowRemovingRequired } : {}),
  };
}

/**
 * Tests of one suite started ahead of the limiter: twice its concurrency keeps it busy while a
 * finished test hands its lane to the next, and at least 64 so that suites sharing the limiter
 * still overlap. Memory grows with this width, not with the size of the suite.
 */
function testWindow(limit: Semaphore): number {
  return Math.max(64, 2 * limit.concurrency);
}

/**
 * One test, N times (k-of-n), each run its own call on the limiter with its own repeatIndex:
 * recordings key answers by it, so a replay (and the base) reproduce the same runs. One run
 * gives the plain result, so results.json without repeats is unchanged.
 */
async function runRepeated(
  folder: PromptFolder,
  test: TestCase,
  options: RunOptions,
  limit: Semaphore,
  runWide: RepeatPolicyResult | undefined,
): Promise<TestResult> {
  const resolved =
    runWide ??
    resolveRepeatPolicy({
      ...runWideRepeat(options),
      ...(test.repeat !== undefined ? { testRepeat: test.repeat } : {}),
      ...(test.minPass !== undefined ? { testMinPass: test.minPass } : {}),
    });
  // The test is done, and reported, inside the provider slot of its last run (if it took one):
  // a cancel from onTestDone then lands before the slot lets the next call start.
  const finish = (result: TestResult): TestResult => {
    // What was asked, for the reports: the input and, in a conversation, its prior turns.
    const final: TestResult = {
      ...result,
      ...(test.required ? { required: true } : {}),
      input: test.input,
      ...(test.messages?.length ? { messages: test.messages.map(reportedTurn) } : {}),
    };
    options.onTestDone?.(folder, final);
    return final;
  };
  // A malformed test runs once, to report what the loader found (its own repeat may be the problem).
  if (!resolved.ok && !test.invalid) {
    const where = resolved.field.startsWith('tests.')
      ? `${folder.testsFile}:${test.line}: tests[].${resolved.field.slice(6)}`
      : resolved.field;
    return finish(errored({ name: test.name, line: test.line }, `${where}: ${resolved.message}`, 'invalid-input'));
  }
  const policy = resolved.ok && !test.invalid ? resolved.policy : { repeat: 1, minPass: 1 };
  const count = policy.repeat;
  // Each run holds its provider slot (if it takes one) until `then` has seen its result.
  const run = async <T>(index: number, then: (result: TestResult) => T): Promise<T> => {
    const slot = providerSlot(limit, options.signal);
    try {
      return then(await runTest(folder, test, index, options, slot.take));
    } finally {
      slot.release();
    }
  };
  // One run (the common case) is the test itself: no array of runs to fold.
  if (count === 1) return run(0, finish);
  const results: TestResult[] = new Array(count);
  let pending = count;
  let final: TestResult | undefined;
  await Promise.all(
    Array.from({ length: count }, (_, index) =>
      run(index, (result) => {
        results[index] = result;
        if (--pending === 0) final = finish(aggregate(test, results, policy));
      }),
    ),
  );
  return final!;
}

function runWideRepeat(options: RunOptions): RepeatSettings {
  return { repeat: options.repeat, ...(options.minPass !== undefined ? { minPass: options.minPass } : {}) };
}

function aggregate(test: TestCase, results: readonly TestResult[], policy: RepeatPolicy): TestResult {
  const runs = results.map((result, index): TestRun => {
    const { name: _name, line: _line, dataRow: _dataRow, ...run } = result;
    return { run: index + 1, ...run };
  });
  const judge = sumJudgeUsage(results.map((result) => result.judge));
  return { ...aggregateRuns(test, runs, policy), ...(judge ? { judge } : {}) };
}

async function runTest(
  folder: PromptFolder,
  test: TestCase,
  repeatIndex: number,
  options: RunOptions,
  beforeCall: () => Promise<void>,
): Promise<TestResult> {
  const base: Pick<TestResult, 'name' | 'line' | 'dataRow'> = { name: test.name, line: test.line };
  if (test.dataRow) base.dataRow = test.dataRow;
  if (test.invalid) return errored(base, formatDiagnostic(test.invalid), 'invalid-input');

  let request: ModelRequest;
  try {
    request = buildModelRequest(folder, test, options.onDroppedSettings);
  } catch (error) {
    if (error instanceof InputError) return errored(base, error.message, 'invalid-input');
    throw error;
  }

  const context = { folderPath: folder.path, testName: test.name, repeatIndex, beforeCall };
  let response: SourcedResponse;
  let priced: PricedCall;
  let loop: LoopFacts | undefined;
  try {
    if (test.toolResults) {
      // The agent loop: one request per step; a step that gets no answer ends the test with why.
      const maxSteps = test.maxSteps ?? folder.maxSteps ?? DEFAULT_MAX_STEPS;
      const outcome = await runAgentLoop(request, test, maxSteps, (next, step) => ask(next, context, options, step));
      ({ response, priced, loop } = loopResult(outcome, request.provider, request.model, options.priceCall));
    } else {
      response = await ask(request, context, options, 1);
      priced = options.priceCall({
        provider: request.provider,
        requestedModel: request.model,
        servedModel: response.model,
        usage: response.usage,
      });
    }
  } catch (error) {
    if (error instanceof Unanswered) return errored(base, error.message, error.kind);
    throw error;
  }
  // The checks that call out (judge, checks.mjs, embeddings) are made below; the answer's own are everything else.
  const deferred = test.assert.some(isDeferred);
  const ownChecks = deferred ? { ...test, assert: test.assert.filter((assertion) => !isDeferred(assertion)) } : test;
  const answered = answeredTest(base, ownChecks, response, priced, folder.schema, loop, request);
  // An answer that stopped short (cut off, refused, no canned result, out of steps) stands alone.
  if (!deferred || loop?.stopped || (answered.checks.length === 1 && STOPPED_SHORT.has(response.finishReason ?? ''))) return answered;
  const calls = response.toolCalls ?? [];
  const final = { output: answered.output ?? response.text, text: response.text, calls, allCalls: loop?.allToolCalls ?? calls };
  return withDeferredChecks(folder, test, answered, final, { repeatIndex, beforeCall }, options);
}

const STOPPED_SHORT = new Set(['length', 'refusal', 'content_filter']);

/** A request that got no answer to judge: the test errors with this message and kind. */
class Unanswered extends Error {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
  }
}

/** One answer, or Unanswered (cancelled, a provider error); a later step of an agent loop says which step. */
async function ask(request: ModelRequest, context: RequestContext, options: RunOptions, step: number): Promise<SourcedResponse> {
  const which = step > 1 ? `step ${step} of the agent loop: ` : '';
  try {
    // Checked before asking (and again when a live call gets its slot): a cancelled run drains
    // its window without calling anyone.
    if (options.signal?.aborted) throw new Unanswered(CANCELLED_MESSAGE, 'cancelled');
    const answered = await untilCancelled(options.answerSource.respond(request, context), options.signal);
    if (!answered) throw new Unanswered(CANCELLED_MESSAGE, 'cancelled');
    return answered;
  } catch (error) {
    if (error instanceof Unanswered) throw error;
    // A call cut off by the cancel fails as whatever the SDK makes of an abort: it was cancelled.
    if (options.signal?.aborted) throw new Unanswered(CANCELLED_MESSAGE, 'cancelled');
    if (error instanceof ProviderError) throw new Unanswered(`${which}${error.message}`, error.kind);
    throw new Unanswered(`${which}unexpected error: ${error instanceof Error ? error.message : String(error)}`, 'unexpected');
  }
}

function errored(base: Pick<TestResult, 'name'> & Partial<TestResult>, message: string, errorKind: string): TestResult {
  return {
    ...base,
    status: 'error',
    errorKind,
    checks: [],
    output: null,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    latencyMs: null,
    error: message,
  };
}

/** A folder that could not be loaded still counts: one errored test, so the gate sees it. */
function failedToLoad(loaded: Extract<LoadedFolder, { ok: false }>): SuiteResult {
  const tests = [errored({ name: LOAD_FAILURE_TEST }, loaded.errors.map(formatDiagnostic).join('\n'), 'invalid-input')];
  return {
    id: loaded.id,
    version: loaded.version,
    path: loaded.path,
    provider: 'unknown',
    model: 'unknown',
    testsFile: `${loaded.path}/tests.yaml`,
    summary: summarize(tests),
    tests,
    diagnostics: loaded.errors,
  };
}

/** A conversation turn as results.json keeps it: call ids are wire detail, not evidence. */
function reportedTurn(message: ChatMessage): ConversationTurn {
  return {
    role: message.role,
    content: message.content,
    ...(message.role === 'tool' && message.name ? { name: message.name } : {}),
    ...(message.toolCalls?.length
      ? { toolCalls: message.toolCalls.map((call) => ({ name: call.name, arguments: call.arguments as Json })) }
      : {}),
  };
}
