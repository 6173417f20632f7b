import type { LimitFunction } from 'p-limit';
import { formatDiagnostic, InputError } from '../diagnostics.js';
import type { CallToPrice, PricedCall } from '../providers/price-call.js';
import { ProviderError, type AnswerSource, type ModelRequest, type SourcedResponse } from '../providers/types.js';
import { summarize } from '../report/summarize.js';
import type { RunResult, SuiteResult, TestResult } from '../report/types.js';
import { renderMessages } from '../suite/template.js';
import type { LoadedFolder, PromptFolder, TestCase } from '../suite/types.js';
import { answeredTest } from './answered-test.js';

export interface RunOptions {
  /**
   * One bound for all tests of all suites, shared by head and base: it is the provider's rate
   * limit that matters.
   */
  limiter: LimitFunction;
  /** Run every test this many times (flaky-prone prompts); each run is reported. */
  repeat: number;
  answerSource: AnswerSource;
  /** The cost of an answered call, and the price-list name that priced it, or why it is unknown. */
  priceCall(call: CallToPrice): PricedCall;
  onTestDone?(suite: PromptFolder, result: TestResult): void;
  /** On abort no call starts, and calls in flight get CANCEL_GRACE_MS to answer. */
  signal?: AbortSignal | undefined;
}

/** How long a call already in flight may still answer after a cancel: its answer is kept. */
export const CANCEL_GRACE_MS = 2000;

/** Name of the single errored test that stands for a folder that could not be loaded. */
const LOAD_FAILURE_TEST = '(prompt folder could not be loaded)';

/** Totals over suites: what a run is once every suite has finished. */
export function collectRun(suites: SuiteResult[]): RunResult {
  return { summary: summarize(suites.flatMap((suite) => suite.tests)), suites };
}

/**
 * One folder's tests, queued on the limiter. Callers that load folders one by one start each
 * folder as soon as it is loaded, so model calls overlap with parsing the rest.
 */
export async function runSuite(loaded: LoadedFolder, options: RunOptions): Promise<SuiteResult> {
  if (!loaded.ok) return failedToLoad(loaded);
  const limit = options.limiter;
  const { folder } = loaded;
  const runs: Promise<TestResult>[] = [];
  for (const test of folder.tests) {
    for (let repeatIndex = 0; repeatIndex < options.repeat; repeatIndex += 1) {
      runs.push(
        limit(async () => {
          const result = await runTest(folder, test, repeatIndex, options);
          options.onTestDone?.(folder, result);
          return result;
        }),
      );
    }
  }
  const tests = await Promise.all(runs);
  return {
    id: folder.id,
    version: folder.version,
    path: folder.path,
    provider: folder.settings.provider,
    model: folder.settings.model,
    testsFile: folder.testsFile,
    summary: summarize(tests),
    tests,
    ...(loaded.warnings.length > 0 ? { diagnostics: loaded.warnings } : {}),
  };
}

async function runTest(folder: PromptFolder, test: TestCase, repeatIndex: number, options: RunOptions): Promise<TestResult> {
  const base = {
    name: test.name,
    line: test.line,
    ...(options.repeat > 1 ? { repeat: repeatIndex + 1 } : {}),
  };
  if (test.invalid) return errored(base, formatDiagnostic(test.invalid), 'invalid-input');

  let request: ModelRequest;
  try {
    request = {
      provider: folder.settings.provider,
      model: folder.settings.model,
      messages: renderMessages(folder, test),
      ...(folder.settings.temperature !== undefined ? { temperature: folder.settings.temperature } : {}),
      ...(folder.settings.maxTokens !== undefined ? { maxTokens: folder.settings.maxTokens } : {}),
      ...(folder.schema ? { jsonSchema: folder.schema } : {}),
      ...(folder.settings.tools?.length ? { tools: folder.settings.tools } : {}),
    };
  } catch (error) {
    if (error instanceof InputError) return errored(base, error.message, 'invalid-input');
    throw error;
  }

  let response: SourcedResponse;
  try {
    // Checked here, after the limiter let this test through: a cancelled run drains its queue
    // without calling anyone.
    if (options.signal?.aborted) return errored(base, CANCELLED_MESSAGE, 'cancelled');
    const answer = options.answerSource.respond(request, { folderPath: folder.path, testName: test.name, repeatIndex });
    const answered = await untilCancelled(answer, options.signal);
    if (!answered) return errored(base, CANCELLED_MESSAGE, 'cancelled');
    response = answered;
  } catch (error) {
    // A call cut off by the cancel fails as whatever the SDK makes of an abort: it was cancelled.
    if (options.signal?.aborted) return errored(base, CANCELLED_MESSAGE, 'cancelled');
    if (error instanceof ProviderError) return errored(base, error.message, error.kind);
    return errored(base, `unexpected error: ${error instanceof Error ? error.message : String(error)}`, 'unexpected');
  }

  const priced = options.priceCall({
    provider: request.provider,
    requestedModel: request.model,
    servedModel: response.model,
    usage: response.usage,
  });
  return { ...base, ...answeredTest(test, response, priced, folder.schema) };
}

const CANCELLED_MESSAGE = 'not run: the run was cancelled before this test had an answer';

/**
 * The call's answer, or undefined once the signal has been aborted for CANCEL_GRACE_MS. The
 * answer of a call that finishes within the grace is kept (and recorded).
 */
async function untilCancelled<T>(call: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return call;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const gaveUp = new Promise<undefined>((resolve) => {
    const startGrace = () => {
      timer = setTimeout(() => resolve(undefined), CANCEL_GRACE_MS);
    };
    if (signal.aborted) startGrace();
    else signal.addEventListener('abort', (onAbort = startGrace), { once: true });
  });
  // A call abandoned after the grace may still fail later: nobody is waiting for it.
  call.catch(() => undefined);
  try {
    return await Promise.race([call, gaveUp]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
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
