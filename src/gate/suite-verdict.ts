import type { SuiteComparison, SuiteResult, SuiteVerdict } from '../results/model.js';
import type { BlockOn } from '../load/config.js';
import {
  costIncreaseFailure,
  droppedRequiredFailures,
  hasNewFailure,
  missedMetricFailures,
  requiredTestFailures,
  significantRegression,
  thresholdFailure,
} from './rules.js';

/** What every suite is judged by: the run's settings and, when the base ran, its comparison row. */
export interface SuiteRules {
  threshold: number;
  blockOn: BlockOn;
  maxCostIncreasePercent?: number | undefined;
  failOnRegression?: 'off' | 'significant' | undefined;
}

/**
 * One suite's verdict, by every rule. The gate holds per suite, not on the total, so one strong
 * suite cannot hide a weak one; release mode tags a version by the same verdict.
 *
 * What blocks: required tests (failed, or dropped from the base without allow_removing_required)
 * and missed metric targets always; a pass rate below the threshold unless `block-on:
 * regressions` and every failing test already failed on the base; a cost increase and a
 * significant regression when their rule is on. A candidate model (`gate: false`) blocks
 * nothing: its failures are notes. Reasons are in that order: a leak through an injection test
 * outranks any pass rate.
 */
export function judgeSuite(suite: SuiteResult, row: SuiteComparison | undefined, rules: SuiteRules): SuiteVerdict {
  return rankedVerdict(suite, row, rules).verdict;
}

/** The verdict, and how many of its reasons are about required tests (they are listed first run-wide). */
export function rankedVerdict(
  suite: SuiteResult,
  row: SuiteComparison | undefined,
  rules: SuiteRules,
): { verdict: SuiteVerdict; requiredCount: number } {
  const blocking: string[] = [...requiredTestFailures(suite), ...droppedRequiredFailures(row)];
  const requiredCount = suite.candidate ? 0 : blocking.length;
  const notes: string[] = [];
  const threshold = thresholdFailure(suite, rules.threshold);
  if (threshold !== undefined) {
    if (rules.blockOn === 'regressions' && suite.summary.passRate !== null && !hasNewFailure(suite, row)) {
      notes.push(`${threshold}, but every failing test already failed on the base (block-on: regressions)`);
    } else {
      blocking.push(threshold);
    }
  }
  blocking.push(...missedMetricFailures(suite));
  const cost = costIncreaseFailure(row, rules.maxCostIncreasePercent);
  if (cost !== undefined) blocking.push(cost);
  const regression = significantRegression(row, rules.failOnRegression);
  if (regression !== undefined) blocking.push(regression);
  const reasons = suite.candidate ? [] : blocking;
  const allNotes = suite.candidate ? [...blocking.map((reason) => `${reason} (a candidate model: gate: false)`), ...notes] : notes;
  const verdict: SuiteVerdict = {
    path: suite.path,
    provider: suite.provider,
    model: suite.model,
    passed: blocking.length === 0 && notes.length === 0,
    reasons,
    ...(allNotes.length > 0 ? { notes: allNotes } : {}),
    ...(suite.candidate ? { candidate: true as const } : {}),
  };
  return { verdict, requiredCount };
}
