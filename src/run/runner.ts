import pLimit, { type LimitFunction } from 'p-limit';
import { formatDiagnostic, InputError } from '../diagnostics.js';
import { ProviderError, type ModelRequest, type ModelResponse, type Usage } from '../providers/types.js';
import { summarize } from '../report/summarize.js';
import type { RunResult, SuiteResult, TestResult } from '../report/types.js';
import { renderMessages } from '../suite/template.js';
import type { LoadedFolder, PromptFolder, TestCase } from '../suite/types.js';
import { evaluateChecks } from './assertions.js';

export interface AnswerSource {
  respond(
    request: ModelRequest,
    context: { folderPath: string; testName: string; repeatIndex: number },
  ): Promise<ModelResponse & { source: 'live' | 'replay' }>;
}

export interface RunOptions {
  /** One bound for all tests of all suites: it is the provider's rate limit that matters. */
  concurrency: number;
  /** A limiter shared with another run (head and base together), instead of a new one. */
  limiter?: LimitFunction;
  /** Run every test this many times (flaky-prone prompts); each run is reported. */
  repeat: number;
  answers: AnswerSource;
  /** Price of a call, or null when the model's price is unknown. */
  costOf(model: string, usage: Usage): number | null;
  onTestDone?(suite: PromptFolder, result: TestResult): void;
  /** Once aborted (a cancelled job), tests not yet started error as 'cancelled' without a call. */
  signal?: AbortSignal;
}

/** Name of the single errored test that stands for a folder that could not be loaded. */
export const LOAD_FAILURE_TEST = '(prompt folder could not be loaded)';

/** Runs every test of every folder concurrently; never throws for a test's sake. */
export async function runSuites(folders: LoadedFolder[], options: RunOptions): Promise<RunResult> {
  const limiter = options.limiter ?? pLimit(Math.max(1, options.concurrency));
  const suites = await Promise.all(folders.map((loaded) => runSuite(loaded, { ...options, limiter })));
  return collectRun(suites);
}

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
  const limit = options.limiter ?? pLimit(Math.max(1, options.concurrency));
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
  if (options.signal?.aborted) return errored(base, 'not run: the job was cancelled', 'cancelled');

  let request: ModelRequest;
  try {
    request = {
      provider: folder.settings.provider,
      model: folder.settings.model,
      messages: renderMessages(folder, test),
      ...(folder.settings.temperature !== undefined ? { temperature: folder.settings.temperature } : {}),
      ...(folder.settings.maxTokens !== undefined ? { maxTokens: folder.settings.maxTokens } : {}),
      ...(folder.schema ? { jsonSchema: folder.schema } : {}),
    };
  } catch (error) {
    if (error instanceof InputError) return errored(base, error.message, 'invalid-input');
    throw error;
  }

  let response: ModelResponse & { source: 'live' | 'replay' };
  try {
    response = await options.answers.respond(request, { folderPath: folder.path, testName: test.name, repeatIndex });
  } catch (error) {
    if (error instanceof ProviderError) return errored(base, error.message, error.kind);
    return errored(base, `unexpected error: ${error instanceof Error ? error.message : String(error)}`, 'unexpected');
  }

  const costUsd = options.costOf(response.model, response.usage);
  const checks = evaluateChecks(
    test,
    { text: response.text, outputTokens: response.usage.outputTokens, latencyMs: response.latencyMs, costUsd },
    folder.schema,
  );
  return {
    ...base,
    status: checks.every((check) => check.passed) ? 'passed' : 'failed',
    checks,
    output: response.text,
    inputTokens: response.usage.inputTokens,
    outputTokens: response.usage.outputTokens,
    costUsd,
    latencyMs: response.latencyMs,
    error: null,
    model: response.model,
    source: response.source,
  };
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
