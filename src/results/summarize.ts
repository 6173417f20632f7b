import { wilsonInterval } from './statistics.js';
import { type SuiteResult, type RunResult, type JudgeUsage, type Summary, type TestResult, type TestStatus } from './model.js';
import { isNotRun } from './not-run.js';
import { roundUsd, sumUsd } from '../lib/usd.js';

/** Nearest-rank percentile: a value that actually occurred, no interpolation. */
export function percentile(sortedValues: number[], fraction: number): number | null {
  if (sortedValues.length === 0) return null;
  const rank = Math.max(1, Math.ceil(fraction * sortedValues.length));
  return sortedValues[Math.min(rank, sortedValues.length) - 1] ?? null;
}

/**
 * Totals for a list of test results. Errors count against the pass rate. Cost is unknown
 * (null) as soon as one answered test has an unknown price: a partial sum would understate it.
 */
export function summarize(all: TestResult[]): Summary {
  // Harvested cases awaiting expectations ran, and are shown, but count for nothing.
  const tests = all.some((test) => test.needsExpected) ? all.filter((test) => !test.needsExpected) : all;
  const awaiting = all.length - tests.length;
  let passed = 0;
  let failed = 0;
  let errors = 0;
  let notRun = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd: number | null = 0;
  for (const test of tests) {
    if (test.status === 'passed') passed += 1;
    else if (test.status === 'failed') failed += 1;
    else errors += 1;
    if (isNotRun(test)) notRun += 1;
    inputTokens += test.inputTokens;
    outputTokens += test.outputTokens;
    const answered = test.output !== null;
    if (answered && test.costUsd === null) costUsd = null;
    else if (costUsd !== null && test.costUsd !== null) costUsd += test.costUsd;
  }
  // With repeats, p50/p95 describe calls (N per test), not the per-test medians.
  const latencies = runLatencies(tests).sort((a, b) => a - b);
  const judge = sumJudgeUsage(tests.map((test) => test.judge));
  const total = tests.length;
  return {
    total,
    passed,
    failed,
    errors,
    notRun,
    passRate: passRateOf(total, passed, notRun),
    inputTokens,
    outputTokens,
    costUsd: costUsd === null ? null : roundUsd(costUsd),
    latencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
    passRateInterval: wilsonInterval(passed, total),
    ...(judge ? { judge } : {}),
    ...(awaiting > 0 ? { needsExpected: awaiting } : {}),
  };
}

/** Errors count against the pass rate; a list of tests none of which ran has none (null). */
function passRateOf(total: number, passed: number, notRun: number): number | null {
  if (total === 0) return 0;
  return notRun === total ? null : passed / total;
}

/**
 * Every answered run's latency, for a suite's p50/p95: with repeats the percentiles describe
 * calls, of which there are N per test, not the per-test medians.
 */
export function runLatencies(tests: readonly (Timed & { runs?: readonly Timed[] })[]): number[] {
  return tests
    .flatMap((test): readonly Timed[] => test.runs ?? [test])
    .flatMap((run) => (run.status === 'error' || run.latencyMs === null ? [] : [run.latencyMs]));
}

type Timed = { status: TestStatus; latencyMs: number | null };

/** Judge usage summed over several runs (a repeated test); undefined when none judged. */
export function sumJudgeUsage(usages: readonly (JudgeUsage | undefined)[]): JudgeUsage | undefined {
  const present = usages.filter((usage): usage is JudgeUsage => usage !== undefined);
  if (present.length === 0) return undefined;
  return present.reduce((total, usage) => ({
    inputTokens: total.inputTokens + usage.inputTokens,
    outputTokens: total.outputTokens + usage.outputTokens,
    costUsd: sumUsd([total.costUsd, usage.costUsd]),
  }));
}

/** Totals over suites: what a run is once every suite has finished. */
export function collectRun(suites: SuiteResult[]): RunResult {
  return { summary: summarize(suites.flatMap((suite) => suite.tests)), suites };
}
