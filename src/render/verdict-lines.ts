import { formatInteger, formatPercent, formatUsd } from '../lib/format.js';
import { describeVerdict, formatInterval, formatP, formatPp } from '../results/statistics.js';
import type { SuiteComparison, MetricResult, VerdictResult, SuiteResult, Summary } from '../results/model.js';
import { flakyNote } from '../run/repeats.js';

/*
 * Issue 9's lines for a reviewer: how sure a pass rate is (Wilson interval), whether a change
 * is bigger than noise (paired McNemar), the success metrics base → head, flaky tests and judge
 * spend, for the console (the comment says them in chance.ts and model-details.ts).
 */

/** "92.9% (95% CI 68.5–98.7%)". */
export function passRateWithInterval(summary: Summary): string {
  if (summary.passRate === null) return 'not run';
  return summary.passRateInterval
    ? `${formatPercent(summary.passRate)} (95% CI ${formatInterval(summary.passRateInterval)})`
    : formatPercent(summary.passRate);
}

/**
 * The verdict in a reviewer's words: "−7.1 pp (95% CI of head 68.5–98.7%), p = 0.03:
 * regression", "−7.1 pp, within noise (p = 1)", or "not comparable (the base did not run)".
 */
export function reviewerVerdict(suite: SuiteComparison): string | undefined {
  if (!suite.verdict || !suite.verdictDetail) return undefined;
  const result: VerdictResult = { verdict: suite.verdict, pValue: suite.pValue ?? null, ...suite.verdictDetail };
  const { deltaPp, pValue, headInterval } = result;
  if (result.verdict === 'not-comparable' || deltaPp === null || pValue === null) return describeVerdict(result);
  if (result.verdict === 'within-noise') return `${formatPp(deltaPp)}, within noise (${formatP(pValue)})`;
  const interval = headInterval ? ` (95% CI of head ${formatInterval(headInterval)})` : '';
  return `${formatPp(deltaPp)}${interval}, ${formatP(pValue)}: ${result.verdict}`;
}

function metricValue(metric: MetricResult | undefined): string {
  if (!metric) return '—';
  if (metric.value === null) return 'n/a';
  return String(Number(metric.value.toPrecision(4)));
}

function target(metric: MetricResult): string {
  return (
    [metric.min !== undefined ? `≥ ${metric.min}` : '', metric.max !== undefined ? `≤ ${metric.max}` : ''].filter(Boolean).join(', ') || '—'
  );
}

/** Console lines for one suite: interval, verdict, metrics, flaky tests, judge spend. */
export function consoleVerdictLines(suite: SuiteResult, comparison: SuiteComparison | undefined, base: SuiteResult | undefined): string[] {
  const verdict = comparison ? reviewerVerdict(comparison) : undefined;
  const lines =
    suite.summary.passRateInterval || verdict
      ? [`  pass rate ${passRateWithInterval(suite.summary)}${verdict ? ` · vs base: ${verdict}` : ''}`]
      : [];
  for (const [name, metric] of Object.entries(suite.metrics ?? {})) {
    const before = base?.metrics?.[name] ? `${metricValue(base.metrics[name])} → ` : '';
    lines.push(
      `  ${metric.passed ? '✓' : '✗'} metric ${name}: ${before}${metricValue(metric)} (target ${target(metric)})${metric.reason ? ` — ${metric.reason}` : ''}`,
    );
  }
  for (const test of suite.tests) {
    const note = flakyNote(test);
    if (note && test.status === 'passed') lines.push(`  ~ ${test.name} [${note}]`);
  }
  const judge = suite.summary.judge;
  if (judge)
    lines.push(
      `  judge: ${formatInteger(judge.inputTokens)} in / ${formatInteger(judge.outputTokens)} out tokens · ${formatUsd(judge.costUsd)} (apart from the prompt's own)`,
    );
  return lines;
}
