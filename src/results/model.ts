import type { Diagnostic } from '../lib/diagnostics.js';
import type { Json } from '../json/json.js';
import type { CallCount } from '../providers/call-count.js';
import type { SuiteChange } from '../select/pairing.js';
import { type ShardRecord } from './shard-record.js';
import type { TestStep } from './test-step.js';
import type { ConversationTurn } from './conversation-turn.js';
import type { GateResult } from './gate-result.js';

export type { TestStep } from './test-step.js';
export type { ConversationTurn } from './conversation-turn.js';
export type { GateResult, SuiteVerdict } from './gate-result.js';

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
  /** Of the output tokens, those the model spent reasoning (present when the provider reported some). */
  reasoningTokens?: number;
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
  /**
   * `needs_expected: true` in tests.yaml (a harvested production case awaiting its
   * expectations): it ran and is shown, but is left out of the summary's counts, the pass rate,
   * the metrics and every gate rule.
   */
  needsExpected?: true;
  /** The test's input: the last user message, sent after `messages`. */
  input?: string;
  /** tests.yaml `messages:`: the prior turns of the conversation, sent before `input`. */
  messages?: ConversationTurn[];
  /** Judge (rubric) tokens and cost, apart from the prompt's own. */
  judge?: JudgeUsage;
  /** Line of the test in tests.yaml, for annotations. */
  line?: number;
  model?: string;
  /** Where the answer came from: a live call, recordings.json, or the answer cache. */
  source?: 'live' | 'replay' | 'cache';
  /** Why the model stopped: stop | length | context_window | pause_turn | refusal | tool_calls | content_filter | other. */
  finishReason?: string;
  /** The model the provider says answered. */
  servedModel?: string;
  /** The answer's tool calls; after an agent loop, every call made along the way. */
  toolCalls?: Array<{ name: string; arguments: Json }>;
  /** The price-list (or `pricing:`) name that priced costUsd. */
  pricedAs?: string;
  /** Why costUsd is null, naming the `pricing:` key that fixes it. */
  costNote?: string;
  /** The agent loop's model calls (`tool_results:`); tokens, cost and latency above are their sums. */
  steps?: TestStep[];
  /** A data file's test (`- file: cases.csv`): the file and row line (`line` is its tests.yaml entry). */
  dataRow?: { file: string; line: number };
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
  /** Tests that ran but await their expectations (`needs_expected`): outside total and the pass rate. */
  needsExpected?: number;
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
  /** `gate: false` on this model of a `models:` matrix: a candidate, shown and compared, never blocking. */
  candidate?: true;
  /** prompt.yaml `allow_removing_required`: base required tests this version may drop, reviewed in its diff. */
  allowRemovingRequired?: string[];
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
export type TestRun = { run: number } & Omit<
  TestResult,
  'name' | 'line' | 'dataRow' | 'runs' | 'flaky' | 'required' | 'needsExpected' | 'input' | 'messages'
>;

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
  /** Base tests marked required that the head dropped, or no longer marks required. */
  droppedRequired?: DroppedRequired[];
  newlyFailing: TestChange[];
  newlyErroring: TestChange[];
  newlyPassing: TestChange[];
  stillFailing: TestChange[];
  addedTests: TestChange[];
  removedTests: TestChange[];
}

export interface DroppedRequired {
  name: string;
  /**
   * `removed`: the head has no test of this name (deleted or renamed); `not-required`: it dropped
   * `required: true`; `needs-expected`: it is marked `needs_expected`, which the gate does not count.
   */
  how: 'removed' | 'not-required' | 'needs-expected';
  /** Named in the head's prompt.yaml `allow_removing_required`: allowed on purpose, not blocking. */
  allowed: boolean;
}

export interface Comparison {
  suites: SuiteComparison[];
  head: Summary;
  base: Summary | null;
  delta: SummaryDelta;
}

/**
 * Every request a run made or was answered for: each side's prompt calls and the judge's of
 * both sides. `live` counts the requests the providers received, retries included.
 */
export interface RunCalls {
  head: CallCount;
  base: CallCount;
  judge: CallCount;
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
  /** How every request was answered, and what the live calls cost. */
  calls?: RunCalls;
  /** Set by `test --shard I/N`: this file holds one share; `promptgate merge` joins them. */
  shard?: ShardRecord;
}
