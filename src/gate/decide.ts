import { formatDiagnostic, type Diagnostic } from '../lib/diagnostics.js';
import type { Comparison, GateResult, SuiteResult } from '../results/model.js';
import type { BlockOn } from '../load/config.js';
import { comparisonLookup, suiteLabeller } from '../results/model-pairs.js';
import { rankedVerdict } from './suite-verdict.js';
import { awaitingExpectations } from './rules.js';

/**
 * The one place the gate is decided. The CLI's exit status, the action's setFailed, every
 * row's mark in the comment and release mode's "tag or not" all read what this module says;
 * none of them judges again.
 */

export interface GateInput {
  /** The head suites that ran (or were meant to). */
  suites: readonly SuiteResult[];
  /** Minimum pass rate per suite, 0..1 (errors count against it). */
  threshold: number;
  comparison?: Comparison | undefined;
  /** Fail when a suite's cost per run rises more than this many percent over base. */
  maxCostIncreasePercent?: number | undefined;
  /** `significant`: also fail a suite above the threshold but significantly worse than its base. */
  failOnRegression?: 'off' | 'significant' | undefined;
  /** `regressions`: failures already on the base are shown, not blocking. Default `all`. */
  blockOn?: BlockOn | undefined;
  /**
   * Problems with the run's own input, each of which makes its verdict untrustworthy (exit 2):
   * a promptgate.yaml error (a typo'd key must not pass as "the default applies"), `prompts`
   * paths or globs that matched nothing, changed paths it cannot read.
   */
  inputProblems?: readonly Diagnostic[];
  /** No prompt folder was found where folders were expected (not a changed-only run that selected none). */
  nothingFound: boolean;
  /** The job was cancelled before every test ran. */
  cancelled?: boolean;
  /**
   * The run is one shard of a sharded run. The merge job is the one gate: a share below the
   * threshold must not fail its job too (the merge would be a second red check for one cause,
   * or never run). A shard's exit status is 2 only for what makes the whole run unjudgeable,
   * which every shard sees alike (an input problem, no folder found), else 0; its reasons still
   * say how its own share did.
   */
  share?: boolean;
}

/** The verdict of a run: every suite's, the reasons it did not pass, and the exit status that says so. */
export function decideGate(input: GateInput): GateResult {
  const blockOn = input.blockOn ?? 'all';
  const rules = {
    threshold: input.threshold,
    blockOn,
    maxCostIncreasePercent: input.maxCostIncreasePercent,
    failOnRegression: input.failOnRegression,
  };
  // Each model of a `models:` matrix is judged on its own, and its reasons name the model.
  const label = suiteLabeller(input.suites);
  const rowOf = comparisonLookup(input.comparison?.suites);
  const required: string[] = [];
  const others: string[] = [];
  const notes: string[] = [];
  const suites = input.suites.map((suite) => {
    const { verdict, requiredCount } = rankedVerdict(suite, rowOf(suite), rules);
    const named = (reason: string) => `${label(suite)}: ${reason}`;
    required.push(...verdict.reasons.slice(0, requiredCount).map(named));
    others.push(...verdict.reasons.slice(requiredCount).map(named));
    notes.push(...(verdict.notes ?? []).map(named));
    const awaiting = awaitingExpectations(suite);
    if (awaiting !== undefined) notes.push(named(awaiting));
    return verdict;
  });
  const inputProblems = input.inputProblems ?? [];
  // Required tests first: a leak through an injection test outranks any pass rate.
  const reasons = [...required, ...inputProblems.map(formatDiagnostic), ...others];
  if (input.nothingFound) reasons.push('no prompt folders found (a prompt folder holds tests.yaml and system.txt)');
  if (input.cancelled) reasons.push('the run was cancelled before every test ran');
  const unjudgeable = nothingJudged(input);
  const exitCode = input.share ? (inputProblems.length > 0 || input.nothingFound ? 2 : 0) : unjudgeable ? 2 : reasons.length > 0 ? 1 : 0;
  return {
    passed: reasons.length === 0 && !unjudgeable,
    threshold: input.threshold,
    reasons,
    exitCode,
    ...(blockOn !== 'all' ? { blockOn } : {}),
    ...(notes.length > 0 ? { notes } : {}),
    suites,
  };
}

/**
 * 2 when the run cannot be trusted to have looked where it was told: an input problem, no folder
 * where folders were expected, or every test of every folder malformed.
 */
function nothingJudged(input: GateInput): boolean {
  if ((input.inputProblems?.length ?? 0) > 0 || input.nothingFound) return true;
  if (input.suites.length === 0) return false;
  return input.suites.every((suite) => suite.tests.every((test) => test.errorKind === 'invalid-input'));
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

/** A suite's verdict in the gate, for a renderer's row (undefined for results written before verdicts existed). */
export function verdictOf(gate: GateResult, suite: Pick<SuiteResult, 'path' | 'provider' | 'model'>) {
  return gate.suites?.find(
    (verdict) => verdict.path === suite.path && verdict.provider === suite.provider && verdict.model === suite.model,
  );
}
