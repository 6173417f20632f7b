import { roundUsd } from '../lib/usd.js';
import type { CheckResult, TestResult, TestRun, TestStatus } from '../results/model.js';

/*
 * Repeats with k-of-n. A noisy prompt is run N times per test; the test passes when at least
 * K runs pass. The pass rate still counts tests, not runs: a suite of 14 tests run 5 times is
 * 14 verdicts, so a threshold means the same with and without --repeat. Every run is kept so
 * a reviewer can see which answers disagreed.
 */

/** A test's result over its runs: TestResult plus `runs` and `flaky` (results.json fields). */
export type RepeatedTestResult = Omit<TestResult, 'repeat'> & {
  runs: TestRun[];
  /** The answered runs disagreed: at least one passed and at least one failed. */
  flaky: boolean;
};

export interface RepeatPolicy {
  /** N: runs per test. */
  repeat: number;
  /** K: runs that must pass. */
  minPass: number;
}

/** Name of the check that states the k-of-n rule, first among a repeated test's checks. */
export const K_OF_N_CHECK = 'runs passed';

/**
 * Folds N runs of one test into the test's result.
 *
 * - status: passed when at least K runs passed. Otherwise failed when the failed runs alone
 *   make K unreachable (the prompt's answers were judged and found wanting), else error
 *   (the shortfall is runs with no answer: provider faults are not the prompt's fault, and
 *   errors are counted apart, as everywhere else).
 * - flaky: among the runs that were answered, some passed and some failed. An errored run
 *   gave no answer to disagree with; a timeout next to passes is not an unstable prompt.
 * - tokens and cost: summed over all runs, because that is what the test cost; the suite's
 *   totals stay the real spend. Cost is unknown (null) if any answered run's price is.
 * - latencyMs: the median of the answered runs (nearest rank, a latency that occurred), the
 *   typical time of one call; every run's own latency stays in `runs`.
 * - checks, output, error: those of one representative run, so the result reads like a single
 *   test: the first passing run when passed, the first failed run when failed, the first
 *   errored run when errored. A leading check states the k-of-n outcome (expected K, actual
 *   the passes), so a reviewer sees "3 of 5 runs passed, 4 needed" without opening `runs`.
 */
export function aggregateRuns(
  test: { name: string; line?: number; dataRow?: { file: string; line: number } },
  runs: readonly TestRun[],
  policy: RepeatPolicy,
): RepeatedTestResult {
  if (runs.length === 0) throw new RangeError(`aggregateRuns: test "${test.name}" has no runs`);
  const passed = runs.filter((run) => run.status === 'passed').length;
  const failed = runs.filter((run) => run.status === 'failed').length;
  const { minPass } = policy;
  const status: TestStatus = passed >= minPass ? 'passed' : runs.length - failed < minPass ? 'failed' : 'error';
  const representative = runs.find((run) => run.status === status) ?? runs[0]!;

  const answered = runs.filter((run) => run.status !== 'error');
  const latencies = answered.flatMap((run) => (run.latencyMs === null ? [] : [run.latencyMs])).sort((a, b) => a - b);
  const unknownCost = answered.some((run) => run.costUsd === null);
  const kOfN: CheckResult = {
    name: K_OF_N_CHECK,
    passed: passed >= minPass,
    expected: `>= ${minPass} of ${runs.length}`,
    actual: passed,
    message: `${passed} of ${runs.length} runs passed, ${minPass} needed`,
  };
  return {
    name: test.name,
    ...(test.line !== undefined ? { line: test.line } : {}),
    ...(test.dataRow ? { dataRow: test.dataRow } : {}),
    status,
    // One run is the test itself: a "1 of 1 runs passed" line would only add noise.
    checks: runs.length === 1 ? [...representative.checks] : [kOfN, ...representative.checks],
    output: representative.output,
    inputTokens: sum(runs.map((run) => run.inputTokens)),
    outputTokens: sum(runs.map((run) => run.outputTokens)),
    ...(runs.some((run) => run.reasoningTokens) ? { reasoningTokens: sum(runs.map((run) => run.reasoningTokens ?? 0)) } : {}),
    costUsd: unknownCost ? null : roundUsd(sum(runs.map((run) => run.costUsd ?? 0))),
    latencyMs: latencies.length === 0 ? null : latencies[Math.ceil(latencies.length / 2) - 1]!,
    error: status === 'passed' ? null : representative.error,
    ...(status === 'error' && representative.errorKind !== undefined ? { errorKind: representative.errorKind } : {}),
    ...(representative.model !== undefined ? { model: representative.model } : {}),
    ...(representative.source !== undefined ? { source: representative.source } : {}),
    runs: [...runs],
    flaky: answered.some((run) => run.status === 'passed') && answered.some((run) => run.status === 'failed'),
  };
}

/** "flaky: 3 of 5 runs passed" for a test whose runs disagreed; undefined otherwise. */
export function flakyNote(test: { flaky?: boolean; runs?: readonly { status: TestStatus }[] }): string | undefined {
  if (!test.flaky || !test.runs) return undefined;
  const passed = test.runs.filter((run) => run.status === 'passed').length;
  return `flaky: ${passed} of ${test.runs.length} runs passed`;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Where a repeat setting came from, so a bad one is reported at the right place. */
export interface RepeatSettings {
  /** Run-wide: `--repeat` / action input `repeat` (already resolved against promptgate.yaml). */
  repeat?: number;
  /** Run-wide: `--min-pass` / action input `min-pass`. */
  minPass?: number;
  /** This test's `repeat:` in tests.yaml. */
  testRepeat?: number;
  /** This test's `min_pass:` in tests.yaml. */
  testMinPass?: number;
}

/** The setting a bad value came from: an action input / CLI flag, or a tests.yaml key. */
export type RepeatField = 'repeat' | 'min-pass' | 'tests.repeat' | 'tests.min_pass';

export type RepeatPolicyResult = { ok: true; policy: RepeatPolicy } | { ok: false; field: RepeatField; message: string };

/**
 * N and K for one test. A test's own `repeat`/`min_pass` win over the run-wide ones. K
 * defaults to N ("every run must pass": repeats then find flakiness without forgiving it).
 * A test that sets its own `repeat` but no `min_pass` gets K = its N, not the run-wide K: a
 * run-wide "--min-pass 4" was written for the run-wide N and means nothing for a test that
 * asked for 2 runs. A K above N can never pass, so it is an error, not a silent cap.
 */
export function resolveRepeatPolicy(settings: RepeatSettings): RepeatPolicyResult {
  const checks: [RepeatField, number | undefined][] = [
    ['repeat', settings.repeat],
    ['min-pass', settings.minPass],
    ['tests.repeat', settings.testRepeat],
    ['tests.min_pass', settings.testMinPass],
  ];
  for (const [field, value] of checks) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
      return { ok: false, field, message: `must be a whole number of at least 1, got ${String(value)}` };
    }
  }
  const repeat = settings.testRepeat ?? settings.repeat ?? 1;
  const minPass = settings.testMinPass ?? (settings.testRepeat !== undefined ? repeat : (settings.minPass ?? repeat));
  if (minPass > repeat) {
    const field = settings.testMinPass !== undefined ? 'tests.min_pass' : 'min-pass';
    return {
      ok: false,
      field,
      message: `${minPass} runs must pass but only ${repeat} run${repeat === 1 ? '' : 's'}: set repeat to at least ${minPass}`,
    };
  }
  return { ok: true, policy: { repeat, minPass } };
}
