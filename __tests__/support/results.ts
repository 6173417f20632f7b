import { summarize } from '../../src/results/summarize.js';
import type { ResultsFile, CheckResult, RunResult, SuiteResult, TestResult } from '../../src/results/model.js';

/** Builders for results fixtures: every field real, only what a test cares about given. */
export function testResult(name: string, status: TestResult['status'], overrides: Partial<TestResult> = {}): TestResult {
  const answered = status !== 'error';
  const failedCheck: CheckResult = {
    name: 'intent equals "billing_issue"',
    passed: false,
    expected: 'billing_issue',
    actual: 'general_question',
  };
  return {
    name,
    status,
    checks:
      status === 'failed'
        ? [failedCheck]
        : answered
          ? [{ name: 'output matches schema.json', passed: true, expected: 'valid', actual: 'valid' }]
          : [],
    output: answered ? '{"intent":"general_question"}' : null,
    inputTokens: answered ? 400 : 0,
    outputTokens: answered ? 50 : 0,
    costUsd: answered ? 0.0001 : 0,
    latencyMs: answered ? 500 : null,
    error: answered ? null : 'provider error: 500 Internal Server Error',
    ...(answered ? {} : { errorKind: 'server' }),
    line: 3,
    ...overrides,
  };
}

export function suiteResult(path: string, tests: TestResult[], overrides: Partial<SuiteResult> = {}): SuiteResult {
  const [id = path, version = 'v1'] = path.split('/').slice(-2);
  return {
    id,
    version,
    path,
    provider: 'openai',
    model: 'gpt-4o-mini',
    testsFile: `${path}/tests.yaml`,
    summary: summarize(tests),
    tests,
    ...overrides,
  };
}

export function runResult(suites: SuiteResult[]): RunResult {
  return { suites, summary: summarize(suites.flatMap((suite) => suite.tests)) };
}

/** A whole results.json around a run: a failed gate, no diagnostics; `extra` replaces any field. */
export function resultsFileOf(run: RunResult, extra: Partial<ResultsFile> = {}): ResultsFile {
  return {
    schemaVersion: 1,
    tool: { name: 'promptgate', version: '0.1.0' },
    generatedAt: '2026-01-01T00:00:00.000Z',
    responses: 'replay',
    threshold: 0.95,
    gate: { passed: false, threshold: 0.95, reasons: ['x'], exitCode: 1 },
    changedPrompts: run.suites.map((suite) => suite.path),
    diagnostics: [],
    notices: [],
    ...run,
    ...extra,
  };
}
