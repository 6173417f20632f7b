import type { Diagnostic } from '../lib/diagnostics.js';
import type { Json } from '../json/json.js';
import type { JudgeUsage } from '../run/judge.js';
import type { TestRun } from '../run/repeats.js';
import type { MetricResult } from './metrics.js';
import type { Interval } from './statistics.js';

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

/**
 * Errors that mean the test was never run, rather than run and broken: no recording to
 * replay, no key to call live, or the job was cancelled first. A side whose tests were all
 * not run has no pass rate at all (null), never 0%.
 */
export const NOT_RUN_KINDS: readonly string[] = ['missing-recording', 'no-credentials', 'cancelled'];

export function isNotRun(test: Pick<TestResult, 'status' | 'errorKind'>): boolean {
  return test.status === 'error' && test.errorKind !== undefined && NOT_RUN_KINDS.includes(test.errorKind);
}

export interface Summary {
  total: number;
  passed: number;
  failed: number;
  errors: number;
  /** Errored tests that were never run (see NOT_RUN_KINDS); a subset of `errors`. */
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
