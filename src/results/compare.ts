import { compareVerdict, type ComparisonSide, type VerdictResult } from './statistics.js';
import { pairModels, suitesByPath } from './model-pairs.js';
import { isNotRun, type CheckResult, type RunResult, type SuiteResult, type Summary, type TestResult, type TestStatus } from './model.js';
import { compareText } from '../lib/text-order.js';

/** How a head suite relates to the base branch. */
export type SuiteChange = 'modified' | 'added' | 'removed' | 'renamed' | 'new-version' | 'unchanged';

/** Which base suite a head suite is compared with (decided by pairSuites). */
export interface SuitePair {
  headPath?: string;
  basePath?: string;
  change: SuiteChange;
}

export interface TestChange {
  name: string;
  line?: number;
  base?: TestStatus;
  head?: TestStatus;
  /** The head's failed checks (expected vs actual), or its error. */
  failedChecks?: CheckResult[];
  error?: string | null;
  output?: string | null;
}

export interface SummaryDelta {
  passRate: number | null;
  inputTokensPerTest: number | null;
  outputTokensPerTest: number | null;
  costPer1kRuns: number | null;
  p95LatencyMs: number | null;
}

/** not-comparable: one side is absent or did not run, so there is no base → head story. */
export type ComparisonVerdict = 'regression' | 'improvement' | 'within-noise' | 'not-comparable';

export interface SuiteComparison {
  change: SuiteChange;
  /** Paired significance (exact McNemar over the tests run on both sides); not-comparable when a side did not run. */
  verdict?: ComparisonVerdict;
  /** Exact two-sided McNemar p-value; null when not comparable. */
  pValue?: number | null;
  /** How the verdict was reached: delta in points over the paired tests, intervals, flips. */
  verdictDetail?: Omit<VerdictResult, 'verdict' | 'pValue'>;
  path: string;
  basePath?: string;
  id: string;
  version: string;
  baseVersion?: string;
  /** With a `models:` matrix: the model this row compares (the same on both sides). */
  provider?: string;
  model?: string;
  head?: Summary;
  base?: Summary;
  delta: SummaryDelta;
  newlyFailing: TestChange[];
  newlyErroring: TestChange[];
  newlyPassing: TestChange[];
  stillFailing: TestChange[];
  addedTests: TestChange[];
  removedTests: TestChange[];
}

export interface Comparison {
  suites: SuiteComparison[];
  head: Summary;
  base: Summary | null;
  delta: SummaryDelta;
}

/**
 * Averages per answered run (passed or failed) make suites of different sizes comparable;
 * errored runs used no tokens and cost nothing, so counting them would make a prompt whose
 * tests errored look cheaper. Null when nothing was answered.
 */
export function perTest(summary: Summary): { tokens: number | null; inputTokens: number | null; outputTokens: number | null; costPer1kRuns: number | null } {
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
  return suite!.tests.map((test) => ({ name: test.name, status: isNotRun(test) ? 'not-run' : test.status }));
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
  }
  return comparison;
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

/** `v2.10` after `v2.9`: numeric segments compare as numbers. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.replace(/^v/i, '').split(/[.\-_]/);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = Number(x);
    const ny = Number(y);
    const diff = x !== '' && y !== '' && !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : compareText(x, y);
    if (diff !== 0) return diff;
  }
  return 0;
}

export interface FolderIdentity {
  path: string;
  id: string;
  version: string;
}

/**
 * Decides what each head folder is compared with:
 * the same path at base; else the base path git saw it renamed from; else, for a new version
 * folder of an existing prompt (v2.1 added beside v2.0), the newest base version of that id —
 * the comparison a reviewer of a new prompt version actually wants. Base folders that no head
 * folder took and that are gone from head are reported as removed.
 */
export function pairSuites(
  headFolders: FolderIdentity[],
  baseFolders: FolderIdentity[],
  options: { renamedFrom?: Map<string, string>; removedPaths?: Set<string>; changedPaths?: Set<string> } = {},
): SuitePair[] {
  const basePaths = new Set(baseFolders.map((folder) => folder.path));
  const taken = new Set<string>();
  const pairs: SuitePair[] = [];
  for (const folder of headFolders) {
    if (basePaths.has(folder.path)) {
      const unchanged = options.changedPaths !== undefined && !options.changedPaths.has(folder.path);
      pairs.push({ headPath: folder.path, basePath: folder.path, change: unchanged ? 'unchanged' : 'modified' });
      taken.add(folder.path);
      continue;
    }
    const renamedFrom = options.renamedFrom?.get(folder.path);
    if (renamedFrom && basePaths.has(renamedFrom)) {
      pairs.push({ headPath: folder.path, basePath: renamedFrom, change: 'renamed' });
      taken.add(renamedFrom);
      continue;
    }
    const previousVersions = baseFolders
      .filter((base) => base.id === folder.id)
      .sort((a, b) => compareVersions(b.version, a.version));
    const latest = previousVersions[0];
    if (latest) {
      pairs.push({ headPath: folder.path, basePath: latest.path, change: 'new-version' });
      continue;
    }
    pairs.push({ headPath: folder.path, change: 'added' });
  }
  for (const path of options.removedPaths ?? []) {
    if (basePaths.has(path) && !taken.has(path)) pairs.push({ basePath: path, change: 'removed' });
  }
  return pairs;
}
