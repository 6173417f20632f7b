import type { DroppedRequired, MetricResult, SuiteComparison, SuiteResult, TestResult } from '../results/model.js';
import { isNotRun } from '../results/not-run.js';
import { describeVerdict } from '../results/statistics.js';
import { formatPercent, formatUsd, plural } from '../lib/format.js';
import { perTest } from '../results/compare.js';

/*
 * The gate's rules, each over one head suite (and its comparison row, when the base ran). Each
 * returns the sentences that say how the suite failed it, without the suite's name (the verdict
 * puts that in front). judgeSuite (suite-verdict.ts) applies them; nothing else judges. Names
 * from the repository stay raw here: each sink escapes them.
 */

/** Each required test that did not pass. */
export function requiredTestFailures(suite: SuiteResult): string[] {
  return suite.tests
    .filter((test) => test.required && !test.needsExpected && test.status !== 'passed')
    .map(
      (test) =>
        `required test "${test.name}" ${test.status === 'error' ? 'errored' : 'failed'}${test.error ? ` (${test.error.split('\n')[0]})` : ''}`,
    );
}

const DROPPED_HOW: Record<DroppedRequired['how'], (name: string) => string> = {
  removed: (name) => `required test "${name}" of the base is gone (deleted or renamed)`,
  'not-required': (name) => `test "${name}" is no longer required (it is on the base)`,
  'needs-expected': (name) => `required test "${name}" of the base is marked needs_expected, which takes it out of the gate`,
};

/** Each required test of the base that the head dropped without saying so in prompt.yaml. */
export function droppedRequiredFailures(row: SuiteComparison | undefined): string[] {
  return (row?.droppedRequired ?? [])
    .filter((dropped) => !dropped.allowed)
    .map(
      (dropped) => `${DROPPED_HOW[dropped.how](dropped.name)}; if that is intended, name it under allow_removing_required in prompt.yaml`,
    );
}

const NOT_RUN_WHY: Record<string, string> = {
  'missing-recording': 'no recorded response',
  'no-credentials': 'no API key to call the provider',
  cancelled: 'the run was cancelled',
};

/** Why a suite's tests did not run, in words: "no recorded response", ... */
function whyNotRun(tests: readonly TestResult[]): string {
  const kinds = new Set(tests.filter((test) => isNotRun(test)).map((test) => test.errorKind ?? ''));
  return [...kinds].map((kind) => NOT_RUN_WHY[kind] ?? kind).join('; ');
}

/** The pass rate below the threshold, or a suite none of whose tests ran (untested, so never a pass). */
export function thresholdFailure(suite: SuiteResult, threshold: number): string | undefined {
  const { summary } = suite;
  if (summary.passRate === null) return `not run (${whyNotRun(suite.tests)}), so it is untested and cannot pass`;
  if (summary.passRate >= threshold) return undefined;
  const errors = summary.errors > 0 ? `, ${plural(summary.errors, 'error')}` : '';
  const notRun = summary.notRun > 0 ? `; ${summary.notRun} not run: ${whyNotRun(suite.tests)}` : '';
  const rate = formatPercent(summary.passRate);
  return `pass rate ${rate} (${summary.passed}/${summary.total} passed${errors}${notRun}) is below the ${formatPercent(threshold)} threshold`;
}

/** Each missed metric target, naming the metric and its figures. */
export function missedMetricFailures(suite: SuiteResult): string[] {
  return Object.entries(suite.metrics ?? {}).flatMap(([name, metric]) => {
    const missed = describeMissedMetric(name, metric);
    return missed === undefined ? [] : [missed];
  });
}

/** A gate reason for a missed target, in a reviewer's words; undefined when it passed. */
export function describeMissedMetric(name: string, result: MetricResult): string | undefined {
  if (result.passed) return undefined;
  if (result.value === null) return `metric ${name} could not be measured: ${result.reason ?? 'no value'}`;
  // Four significant digits: 0.15000000000000002 is float noise, not information.
  const shown = Number(result.value.toPrecision(4));
  if (result.min !== undefined && result.value < result.min) return `metric ${name} is ${shown}, below its min ${result.min}`;
  return `metric ${name} is ${shown}, above its max ${result.max}`;
}

/** `max_cost_increase`: the cost per run rose more than allowed over the base. */
export function costIncreaseFailure(row: SuiteComparison | undefined, maxPercent: number | undefined): string | undefined {
  if (maxPercent === undefined || !row?.head || !row.base) return undefined;
  const head = perTest(row.head).costPer1kRuns;
  const base = perTest(row.base).costPer1kRuns;
  if (head === null || base === null || base === 0) return undefined;
  const increase = ((head - base) / base) * 100;
  if (increase <= maxPercent) return undefined;
  return `cost per 1,000 runs rose ${increase.toFixed(0)}% (${formatUsd(base)} → ${formatUsd(head)}), above the allowed ${maxPercent}%`;
}

/** `fail-on-regression: significant`: the suite is significantly worse than its base. */
export function significantRegression(row: SuiteComparison | undefined, mode: 'off' | 'significant' | undefined): string | undefined {
  if (mode !== 'significant' || row?.verdict !== 'regression' || !row.head || !row.verdictDetail) return undefined;
  return `significantly worse than base: ${describeVerdict({ verdict: 'regression', pValue: row.pValue ?? null, ...row.verdictDetail })}`;
}

/**
 * Under `block-on: regressions`, whether the suite's failing tests include one the base did not
 * already fail: a new failure or error, a test the base does not have, or any failure when there
 * is no base to compare with (nothing proves it old).
 */
export function hasNewFailure(suite: SuiteResult, row: SuiteComparison | undefined): boolean {
  const gated = suite.tests.filter((test) => !test.needsExpected);
  if (!row?.base || row.base.passRate === null) return gated.some((test) => test.status !== 'passed');
  const old = new Set(row.stillFailing.map((test) => test.name));
  return gated.some((test) => test.status !== 'passed' && !old.has(test.name));
}

/** Harvested cases that ran without expectations (`needs_expected`): shown, never gated. */
export function awaitingExpectations(suite: SuiteResult): string | undefined {
  const count = suite.tests.filter((test) => test.needsExpected).length;
  if (count === 0) return undefined;
  return `${plural(count, 'harvested test')} await${count === 1 ? 's' : ''} expectations (needs_expected: true): run and shown, not gated until a person writes them`;
}
