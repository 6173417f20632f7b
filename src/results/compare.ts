import { compareVerdict, type ComparisonSide } from './statistics.js';
import {
  type TestChange,
  type SummaryDelta,
  type SuiteComparison,
  type Comparison,
  type RunResult,
  type SuiteResult,
  type Summary,
  type TestResult,
  type TestStatus,
  type DroppedRequired,
} from './model.js';
import { pairModels, suitesByPath } from './model-pairs.js';
import { isNotRun } from './not-run.js';
import type { SuitePair } from '../select/pairing.js';

/**
 * Averages per answered run (passed or failed) make suites of different sizes comparable;
 * errored runs used no tokens and cost nothing, so counting them would make a prompt whose
 * tests errored look cheaper. Null when nothing was answered.
 */
export function perTest(summary: Summary): {
  tokens: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costPer1kRuns: number | null;
} {
  const answered = summary.passed + summary.failed;
  if (answered === 0) return { tokens: null, inputTokens: null, outputTokens: null, costPer1kRuns: null };
  return {
    tokens: (summary.inputTokens + summary.outputTokens) / answered,
    inputTokens: summary.inputTokens / answered,
    outputTokens: summary.outputTokens / answered,
    costPer1kRuns: summary.costUsd === null ? null : (summary.costUsd / answered) * 1000,
  };
}

const difference = (head: number | null, base: number | null) => (head === null || base === null ? null : head - base);

function summaryDelta(head: Summary | undefined, base: Summary | undefined): SummaryDelta {
  if (!head || !base) {
    return { passRate: null, inputTokensPerTest: null, outputTokensPerTest: null, costPer1kRuns: null, p95LatencyMs: null };
  }
  const h = perTest(head);
  const b = perTest(base);
  return {
    passRate: head.passRate === null || base.passRate === null ? null : head.passRate - base.passRate,
    inputTokensPerTest: difference(h.inputTokens, b.inputTokens),
    outputTokensPerTest: difference(h.outputTokens, b.outputTokens),
    costPer1kRuns: difference(h.costPer1kRuns, b.costPer1kRuns),
    p95LatencyMs: difference(head.latencyMs.p95, base.latencyMs.p95),
  };
}

/**
 * A test's verdict over its repeats: any error makes it errored, else any failure failed.
 * Repeats are folded so a test is matched to its base by name alone.
 */
function foldRepeats(tests: TestResult[]): Map<string, TestResult & { folded: TestStatus }> {
  const byName = new Map<string, TestResult & { folded: TestStatus }>();
  const rank: Record<TestStatus, number> = { passed: 0, failed: 1, error: 2 };
  for (const test of tests) {
    const seen = byName.get(test.name);
    if (!seen || rank[test.status] > rank[seen.folded]) byName.set(test.name, { ...test, folded: test.status });
  }
  return byName;
}

function describe(test: TestResult & { folded: TestStatus }, baseStatus?: TestStatus): TestChange {
  return {
    name: test.name,
    ...(test.line !== undefined ? { line: test.line } : {}),
    ...(baseStatus ? { base: baseStatus } : {}),
    head: test.folded,
    failedChecks: test.checks.filter((check) => !check.passed),
    error: test.error,
    output: test.output,
  };
}

/** A suite ran when it exists and has a pass rate (some of its tests were run). */
function ran(suite: SuiteResult | undefined): boolean {
  return suite !== undefined && suite.summary.passRate !== null;
}

/** A side's tests for the paired test: never-run tests are left out; a side none of whose tests ran is not run. */
function pairedSide(suite: SuiteResult | undefined): ComparisonSide {
  if (!ran(suite)) return 'not-run';
  // A harvested case awaiting expectations is not gated, so it is no evidence of a change either.
  return suite!.tests
    .filter((test) => !test.needsExpected)
    .map((test) => ({ name: test.name, status: isNotRun(test) ? 'not-run' : test.status }));
}

function compareSuite(pair: SuitePair, head: SuiteResult | undefined, base: SuiteResult | undefined): SuiteComparison {
  const headTests = foldRepeats(head?.tests ?? []);
  const baseTests = foldRepeats(base?.tests ?? []);
  const comparison: SuiteComparison = {
    change: pair.change,
    path: head?.path ?? base?.path ?? pair.headPath ?? pair.basePath ?? '',
    ...(base && head && base.path !== head.path ? { basePath: base.path } : {}),
    id: head?.id ?? base?.id ?? '',
    version: head?.version ?? base?.version ?? '',
    ...(base ? { baseVersion: base.version } : {}),
    ...(head ? { head: head.summary } : {}),
    ...(base ? { base: base.summary } : {}),
    delta: summaryDelta(head?.summary, base?.summary),
    newlyFailing: [],
    newlyErroring: [],
    newlyPassing: [],
    stillFailing: [],
    addedTests: [],
    removedTests: [],
  };
  const { verdict, pValue, ...verdictDetail } = compareVerdict(pairedSide(head), pairedSide(base));
  Object.assign(comparison, { verdict, pValue, verdictDetail });
  for (const [name, test] of headTests) {
    const before = baseTests.get(name);
    if (!before) {
      // A test (or a whole folder) the base never had is new, never "still failing".
      comparison.addedTests.push(describe(test));
      continue;
    }
    if (isNotRun({ status: before.folded, errorKind: before.errorKind })) {
      // Not run on the base: no base status to flip from. Head failures are still listed.
      if (test.folded === 'failed') comparison.newlyFailing.push(describe(test));
      else if (test.folded === 'error') comparison.newlyErroring.push(describe(test));
      continue;
    }
    if (test.folded === before.folded) {
      if (test.folded !== 'passed') comparison.stillFailing.push(describe(test, before.folded));
    } else if (test.folded === 'passed') comparison.newlyPassing.push(describe(test, before.folded));
    else if (test.folded === 'error') comparison.newlyErroring.push(describe(test, before.folded));
    else comparison.newlyFailing.push(describe(test, before.folded));
  }
  if (head) {
    for (const [name, test] of baseTests) {
      if (!headTests.has(name)) comparison.removedTests.push({ name, base: test.folded });
    }
    const dropped = droppedRequired(head, baseTests, headTests);
    if (dropped.length > 0) comparison.droppedRequired = dropped;
  }
  return comparison;
}

/**
 * The base's required tests that the head no longer runs as required: gone (deleted, or
 * renamed, which is the same to a gate that matches tests by name) or stripped of
 * `required: true`. A required test guards something a team decided must hold; losing it
 * silently would pass the very change it was written to stop. The head's prompt.yaml
 * `allow_removing_required` names the ones dropped on purpose.
 */
function droppedRequired(head: SuiteResult, baseTests: Map<string, TestResult>, headTests: Map<string, TestResult>): DroppedRequired[] {
  const allowed = new Set(head.allowRemovingRequired ?? []);
  const dropped: DroppedRequired[] = [];
  for (const [name, test] of baseTests) {
    if (!test.required) continue;
    const now = headTests.get(name);
    // needs_expected takes a test out of the gate, required or not: that drops it as surely.
    if (now?.required && !now.needsExpected) continue;
    const how = !now ? 'removed' : now.needsExpected ? 'needs-expected' : 'not-required';
    dropped.push({ name, how, allowed: allowed.has(name) });
  }
  return dropped;
}

export function compareRuns(head: RunResult, base: RunResult | undefined, pairs: SuitePair[]): Comparison {
  const headByPath = suitesByPath(head.suites);
  const baseByPath = suitesByPath(base?.suites ?? []);
  // A folder with a `models:` matrix yields one row per model, each with its own base.
  const suites = pairs.flatMap((folderPair) =>
    pairModels(
      folderPair,
      (folderPair.headPath !== undefined && headByPath.get(folderPair.headPath)) || [],
      (folderPair.basePath !== undefined && baseByPath.get(folderPair.basePath)) || [],
    ).map(({ pair, head: headSuite, base: baseSuite, model }) => ({ ...compareSuite(pair, headSuite, baseSuite), ...model })),
  );
  return {
    suites,
    head: head.summary,
    base: base ? base.summary : null,
    delta: summaryDelta(head.summary, base?.summary),
  };
}
