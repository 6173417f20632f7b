import { formatDiagnostic, type Diagnostic } from '../lib/diagnostics.js';
import { type Comparison, type GateResult, type SuiteResult, type TestResult } from '../results/model.js';
import { perTest } from '../results/compare.js';
import { suiteLabeller } from '../results/model-pairs.js';
import { formatPercent, formatUsd, plural } from '../lib/format.js';
import { missedMetricFailures, requiredTestFailures, significantRegressions } from './rules.js';
import { isNotRun } from '../results/not-run.js';

/**
 * The one place the gate is decided. The CLI's exit status, the action's setFailed and
 * release mode's "tag or not" all read what this module says; none of them judges again.
 */

export interface GateInput {
  /** The head suites that ran (or were meant to). */
  suites: readonly SuiteResult[];
  /** Minimum pass rate per suite, 0..1 (errors count against it). */
  threshold: number;
  comparison?: Comparison | undefined;
  /** Fail when a suite's cost per run rises more than this many percent over base. */
  maxCostIncreasePercent?: number | undefined;
  /**
   * Where the run was told to look and could not: `prompts` paths or globs that matched nothing,
   * changed paths it cannot read. Each blocks the gate (exit 2): a typo or an odd file name must
   * not pass as "no prompt changed".
   */
  blindSpots?: readonly Diagnostic[];
  /** No prompt folder was found where folders were expected (not a changed-only run that selected none). */
  nothingFound: boolean;
  /** The job was cancelled before every test ran. */
  cancelled?: boolean;
  /** `significant`: also fail a suite above the threshold but significantly worse than its base. */
  failOnRegression?: 'off' | 'significant';
  /**
   * The run is one shard of a sharded run. The merge job is the one gate: a share below the
   * threshold must not fail its job too (the merge would be a second red check for one cause,
   * or never run). A shard's exit status is 2 only for what makes the whole run unjudgeable,
   * which every shard sees alike (a blind spot, no folder found), else 0; its reasons still
   * say how its own share did.
   */
  share?: boolean;
}

const NOT_RUN_WHY: Record<string, string> = {
  'missing-recording': 'no recorded response',
  'no-credentials': 'no API key to call the provider',
  cancelled: 'the run was cancelled',
};

/** Why a suite's tests did not run, in words: "no recorded response", ... */
function whyNotRun(tests: readonly TestResult[]): string {
  const kinds = new Set(tests.filter(isNotRun).map((test) => test.errorKind ?? ''));
  return [...kinds].map((kind) => NOT_RUN_WHY[kind] ?? kind).join('; ');
}

/**
 * Whether one suite holds: undefined when it does, else the words that say why not. The
 * gate holds per suite, not on the total, so one strong suite cannot hide a weak one; release
 * mode tags a version by the same rule.
 */
export function suiteGateFailure(suite: SuiteResult, threshold: number): string | undefined {
  const prefix = `${suite.path}: `;
  const rule = [...requiredTestFailures([suite]), ...missedMetricFailures([suite])][0];
  return thresholdFailure(suite, threshold) ?? rule?.slice(prefix.length);
}

function thresholdFailure(suite: SuiteResult, threshold: number): string | undefined {
  const { summary } = suite;
  if (summary.passRate === null) {
    return `not run (${whyNotRun(suite.tests)}), so it is untested and cannot pass`;
  }
  if (summary.passRate >= threshold) return undefined;
  const errors = summary.errors > 0 ? `, ${plural(summary.errors, 'error')}` : '';
  const notRun = summary.notRun > 0 ? `; ${summary.notRun} not run: ${whyNotRun(suite.tests)}` : '';
  return `pass rate ${formatPercent(summary.passRate)} (${summary.passed}/${summary.total} passed${errors}${notRun}) is below the ${formatPercent(threshold)} threshold`;
}

function costIncreaseFailures(comparison: Comparison | undefined, maxPercent: number | undefined): string[] {
  if (maxPercent === undefined || !comparison) return [];
  const reasons: string[] = [];
  for (const suite of comparison.suites) {
    if (!suite.head || !suite.base) continue;
    const head = perTest(suite.head).costPer1kRuns;
    const base = perTest(suite.base).costPer1kRuns;
    if (head === null || base === null || base === 0) continue;
    const increase = ((head - base) / base) * 100;
    if (increase > maxPercent) {
      reasons.push(
        `${suite.path}${suite.model !== undefined ? ` (${suite.provider}:${suite.model})` : ''}: cost per 1,000 runs rose ${increase.toFixed(0)}% (${formatUsd(base)} → ${formatUsd(head)}), above the allowed ${maxPercent}%`,
      );
    }
  }
  return reasons;
}

/**
 * 2 when the run cannot be trusted to have looked where it was told: a blind spot (a `prompts`
 * path that matches nothing, a changed path it cannot read) (a typo must not pass as "no prompt changed"), no folder where folders were
 * expected, or every test of every folder malformed.
 */
function nothingJudged(input: GateInput): boolean {
  if ((input.blindSpots?.length ?? 0) > 0 || input.nothingFound) return true;
  if (input.suites.length === 0) return false;
  return input.suites.every((suite) => suite.tests.every((test) => test.errorKind === 'invalid-input'));
}

/** The verdict of a run: passed, the reasons it did not, and the exit status that says so. */
export function decideGate(input: GateInput): GateResult {
  // Each model of a `models:` matrix is gated on its own, and its reason names the model.
  const label = suiteLabeller(input.suites);
  const reasons = [
    // Required tests first: a leak through an injection test outranks any pass rate.
    ...requiredTestFailures(input.suites),
    ...(input.blindSpots ?? []).map(formatDiagnostic),
    ...input.suites.flatMap((suite) => {
      const failure = thresholdFailure(suite, input.threshold);
      return failure === undefined ? [] : [`${label(suite)}: ${failure}`];
    }),
    ...missedMetricFailures(input.suites),
    ...costIncreaseFailures(input.comparison, input.maxCostIncreasePercent),
    ...significantRegressions(input.comparison, input.failOnRegression),
  ];
  if (input.nothingFound) reasons.push('no prompt folders found (a prompt folder holds tests.yaml and system.txt)');
  if (input.cancelled) reasons.push('the run was cancelled before every test ran');
  const exitCode = input.share ? shareExitCode(input) : nothingJudged(input) ? 2 : reasons.length > 0 ? 1 : 0;
  const passed = reasons.length === 0 && !nothingJudged(input);
  return { passed, threshold: input.threshold, reasons, exitCode };
}

function shareExitCode(input: GateInput): 0 | 2 {
  return (input.blindSpots?.length ?? 0) > 0 || input.nothingFound ? 2 : 0;
}

/** The one-paragraph failure message for a job log (the action's setFailed). */
export function describeGateFailure(gate: GateResult, diagnostics: readonly Diagnostic[]): string | undefined {
  if (gate.exitCode === 2) {
    // The input problems themselves (file, line, field) say more than "below the threshold".
    const lines = diagnostics.length > 0 ? diagnostics.map(formatDiagnostic) : gate.reasons;
    const problems = lines.slice(0, 5).map((line) => `- ${line}`);
    return `promptgate could not judge this change (see the annotations and the job summary)${problems.length ? `:\n${problems.join('\n')}` : '.'}`;
  }
  if (!gate.passed) return `promptgate blocked the merge:\n${gate.reasons.map((reason) => `- ${reason}`).join('\n')}`;
  return undefined;
}
