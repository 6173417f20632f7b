import type { Diagnostic } from '../lib/diagnostics.js';
import type { Json } from '../json/json.js';
import type { FailOnRegression } from '../load/config.js';
import type { SuiteChange, SuitePair } from '../select/pairing.js';
import type { RecordedPiece, ShardFolder } from './shard-record.js';

/**
 * The results model: the shape of results.json (schemas/results.schema.json documents it).
 * Field names here are a public contract other tools read; rename nothing.
 */

/** passed: answered and every check held; failed: answered, a check did not hold;
 *  error: no answer to judge (provider fault, timeout, broken response, missing recording,
 *  or a malformed test). Errors count against the pass rate. */
export type TestStatus = 'passed' | 'failed' | 'error';

export interface CheckResult {
  name: string;
  passed: boolean;
  expected: Json;
  actual: Json;
  /** Why it failed, in words, when expected/actual alone do not say it. */
  message?: string;
}

export interface TestResult {
  name: string;
  status: TestStatus;
  checks: CheckResult[];
  output: string | null;
  inputTokens: number;
  outputTokens: number;
  /** null when the model's price is unknown: unknown is never shown as zero. */
  costUsd: number | null;
  latencyMs: number | null;
  error: string | null;
  /** Why there was no answer: a provider error kind, or `invalid-input` for a malformed test. */
  errorKind?: string;
  /** Every run, when the test ran more than once (--repeat / per test `repeat`). */
  runs?: TestRun[];
  /** With runs: the answered runs disagreed (some passed, some failed). */
  flaky?: boolean;
  /** `required: true` in tests.yaml: any failure or error of this test blocks the gate. */
  required?: boolean;
  /** Judge (rubric) tokens and cost, apart from the prompt's own. */
  judge?: JudgeUsage;
  /** Line of the test in tests.yaml, for annotations. */
  line?: number;
  model?: string;
  source?: 'live' | 'replay';
  /** Why the model stopped: stop | length | refusal | tool_calls | content_filter | other. */
  finishReason?: string;
  /** The model the provider says answered. */
  servedModel?: string;
  toolCalls?: Array<{ name: string; arguments: Json }>;
  /** The price-list (or `pricing:`) name that priced costUsd. */
  pricedAs?: string;
  /** Why costUsd is null, naming the `pricing:` key that fixes it. */
  costNote?: string;
}

export interface Summary {
  total: number;
  passed: number;
  failed: number;
  errors: number;
  /** Errored tests that were never run (not-run.ts); a subset of `errors`. */
  notRun: number;
  /** passed / total; null when there are tests but none of them ran. */
  passRate: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  latencyMs: { p50: number | null; p95: number | null };
  /** Wilson 95% interval of the pass rate (passed of total). */
  passRateInterval?: Interval;
  /** Rubric judge usage, apart from the prompt's own tokens and cost (present when a judge ran). */
  judge?: JudgeUsage;
}

export interface SuiteResult {
  id: string;
  version: string;
  path: string;
  provider: string;
  model: string;
  summary: Summary;
  tests: TestResult[];
  /** File the tests come from, repository-relative (annotations point here). */
  testsFile?: string;
  /** The folder's success metrics (prompt.yaml `metrics:`), when it declares any. */
  metrics?: Record<string, MetricResult>;
  /** Problems found while loading; a suite that could not load has one errored test. */
  diagnostics?: Diagnostic[];
  /** `traffic_per_day:` (prompt.yaml or promptgate.yaml): runs a day, for the cost projection. */
  trafficPerDay?: number;
}

export interface RunResult {
  summary: Summary;
  suites: SuiteResult[];
}

/**
 * One run of a test: what the runner produces for one call (a test result without the test's
 * own identity and k-of-n fields), numbered from 1. Recordings key each run's answer by that
 * number, so replays reproduce it.
 */
export type TestRun = { run: number } & Omit<TestResult, 'name' | 'line' | 'runs' | 'flaky' | 'required'>;

/** Judge tokens and cost, reported apart from the prompt's own (results.json per test `judge`). */
export interface JudgeUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

/** results.json `suites[].metrics[name]`. */
export interface MetricResult {
  min?: number;
  max?: number;
  /** null when there is nothing to measure: never 0, which would read as a measured zero. */
  value: number | null;
  /** Every target met. A metric with no value has not met its targets (and has no reason to be trusted). */
  passed: boolean;
  /** Why the value is null, or which answers it left out. */
  reason?: string;
}

/** [low, high], both within 0..1; the shape of results.json `summary.passRateInterval`. */
export type Interval = [low: number, high: number];

export type Verdict = 'regression' | 'improvement' | 'within-noise' | 'not-comparable';

export interface VerdictResult {
  verdict: Verdict;
  /** Exact two-sided McNemar p over the paired tests; null when not comparable. */
  pValue: number | null;
  /** Head pass rate minus base pass rate over the paired tests, in percentage points. */
  deltaPp: number | null;
  /** Tests that ran on both sides: the only ones a paired test may use. */
  paired: number;
  /** Passed on base, not on head (b): the tests a reviewer sees as newly failing. */
  regressions: number;
  /** Passed on head, not on base (c). */
  improvements: number;
  /** Wilson 95% interval of each side's pass rate over the paired tests; null when not comparable. */
  headInterval: Interval | null;
  baseInterval: Interval | null;
  /** Why the verdict is not-comparable, in a reviewer's words. */
  reason?: string;
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
export type ComparisonVerdict = Verdict;

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

export interface GateResult {
  passed: boolean;
  threshold: number;
  /** One sentence per reason the gate failed, naming the folder and the figures. */
  reasons: string[];
  /** 0 passed, 1 blocked, 2 nothing could be judged (bad input or usage). */
  exitCode: 0 | 1 | 2;
}

// `shard`'s pieces and folders, and the shard spec: results/shard-record.ts.
export type { RecordedPiece, ShardFolder, ShardPiece, ShardSpec } from './shard-record.js';

/**
 * What a shard's results.json records beyond its own share: which share it ran, and the facts
 * of the whole run (the same in every shard of one run) that `promptgate merge` needs to build
 * the unsharded results again through the engine's own assembly step.
 */
export interface ShardRecord {
  /** 1-based, as in `--shard 2/3`. */
  index: number;
  count: number;
  /** The commit checked out when the shard ran; shards of different commits are not merged. */
  commit?: string;
  /** The pieces of head folders this shard ran: tests [from, to) in tests.yaml order. */
  pieces: RecordedPiece[];
  run: ShardRunFacts;
}

export interface ShardRunFacts {
  /** Every selected head folder's pairing with the base (not only this shard's). */
  pairs: SuitePair[];
  selectedPaths: string[];
  /** Every selected head folder, in path order (not only this shard's). */
  folders: ShardFolder[];
  roots: string[];
  changedOnly: boolean;
  /** Run-wide k-of-n: runs per test (N), and runs that must pass (K, which is N when not given). */
  repeat: number;
  minPass: number;
  maxCostIncreasePercent?: number;
  failOnRegression?: FailOnRegression;
  /** Run-level problems, before assembly adds its own. */
  diagnostics: Diagnostic[];
  blindSpots: Diagnostic[];
  /** Run-level notices, before the not-run ones (those are counted again from the merged tests). */
  notices: string[];
}

/** results.json: documented by schemas/results.schema.json; other tools read these names. */
export interface ResultsFile extends RunResult {
  /** Bumped only on a breaking change to this shape. */
  schemaVersion: 1;
  tool: { name: 'promptgate'; version: string };
  generatedAt: string;
  /** Commit (or ref) the head results come from, when known. */
  ref?: string;
  responses: string;
  threshold: number;
  gate: GateResult;
  /** The job was cancelled: unfinished tests are errored with errorKind "cancelled". */
  cancelled?: boolean;
  /** Folder paths selected because the change touched them (or every folder). */
  changedPrompts: string[];
  base?: RunResult & { ref: string };
  comparison?: Comparison;
  diagnostics: Diagnostic[];
  notices: string[];
  /** Set by `test --shard I/N`: this file holds one share; `promptgate merge` joins them. */
  shard?: ShardRecord;
}
