import type { Comparison, MetricResult, SuiteResult } from '../results/model.js';
import { describeVerdict } from '../results/statistics.js';

/*
 * The gate's rules beyond the pass-rate threshold (issue 9): required tests, success metric
 * targets and, opt-in, a significant regression against the base. decideGate applies them;
 * nothing else judges. Names from the repository stay raw here: each sink escapes them.
 */

/** `path: required test "name" failed` for each required test that did not pass. */
export function requiredTestFailures(suites: readonly SuiteResult[]): string[] {
  return suites.flatMap((suite) =>
    suite.tests
      .filter((test) => test.required && test.status !== 'passed')
      .map(
        (test) =>
          `${suite.path}: required test "${test.name}" ${test.status === 'error' ? 'errored' : 'failed'}${test.error ? ` (${test.error.split('\n')[0]})` : ''}`,
      ),
  );
}

/** One reason per missed metric target, naming the metric and its figures. */
export function missedMetricFailures(suites: readonly SuiteResult[]): string[] {
  return suites.flatMap((suite) =>
    Object.entries(suite.metrics ?? {}).flatMap(([name, metric]) => {
      const missed = describeMissedMetric(name, metric);
      return missed === undefined ? [] : [`${suite.path}: ${missed}`];
    }),
  );
}

/** With `fail-on-regression: significant`: each suite significantly worse than its base. */
export function significantRegressions(comparison: Comparison | undefined, mode: 'off' | 'significant' | undefined): string[] {
  if (mode !== 'significant' || !comparison) return [];
  return comparison.suites
    .filter((suite) => suite.verdict === 'regression' && suite.head && suite.verdictDetail)
    .map(
      (suite) =>
        `${suite.path}: significantly worse than base: ${describeVerdict({ verdict: 'regression', pValue: suite.pValue ?? null, ...suite.verdictDetail! })}`,
    );
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
