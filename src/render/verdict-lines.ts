import { formatInteger, formatPercent, formatUsd } from '../lib/format.js';
import { escapeInline, escapeTableCell } from './markdown.js';
import { describeVerdict, formatInterval, formatP, formatPp } from '../results/statistics.js';
import type { SuiteComparison, MetricResult, ResultsFile, VerdictResult, SuiteResult, Summary } from '../results/model.js';
import { flakyNote } from '../run/repeats.js';
import { comparisonLookup, suiteLabeller } from '../results/model-pairs.js';

/** The base suite a head suite is compared with: the same model's in a `models:` matrix. */
function sameModelBase(results: ResultsFile, suite: SuiteResult, comparison: SuiteComparison): SuiteResult | undefined {
  const bases = results.base?.suites.filter((entry) => entry.path === (comparison.basePath ?? suite.path)) ?? [];
  return (
    bases.find((entry) => entry.provider === suite.provider && entry.model === suite.model) ?? (bases.length === 1 ? bases[0] : undefined)
  );
}

/*
 * Issue 9's lines for a reviewer: how sure a pass rate is (Wilson interval), whether a change
 * is bigger than noise (paired McNemar), the success metrics base → head, flaky tests and judge
 * spend. Shared by the console and the comment/job summary; the comment escapes every name.
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

/** The comment's "Verdict" section (Markdown), or undefined when there is nothing to add. */
export function commentVerdictSection(results: ResultsFile): string | undefined {
  const comparisonOf = comparisonLookup(results.comparison?.suites);
  const label = suiteLabeller(results.suites);
  const blocks: string[] = [];
  for (const suite of results.suites) {
    const comparison = comparisonOf(suite);
    const base = comparison ? sameModelBase(results, suite, comparison) : undefined;
    const verdict = comparison ? reviewerVerdict(comparison) : undefined;
    const metrics = Object.entries(suite.metrics ?? {});
    const flaky = suite.tests.filter((test) => test.flaky);
    const judge = suite.summary.judge;
    // A suite with nothing beyond what the table shows gets no block.
    if (!suite.summary.passRateInterval && !verdict && metrics.length === 0 && flaky.length === 0 && !judge) continue;
    const title = `**${escapeInline(suite.id, 80)} ${escapeInline(suite.version, 40)}**${label(suite) === suite.path ? '' : ` · ${escapeInline(label(suite).slice(suite.path.length).trim(), 80)}`}`;
    const lines = [`${title}: ${passRateWithInterval(suite.summary)}${verdict ? ` · ${verdict}` : ''}`];
    if (metrics.length > 0) {
      lines.push('', '| metric | base → head | target | |', '|---|---|---|---|');
      for (const [name, metric] of metrics) {
        const value = base?.metrics?.[name] ? `${metricValue(base.metrics[name])} → ${metricValue(metric)}` : metricValue(metric);
        lines.push(
          `| ${escapeTableCell(name, 60)} | ${value} | ${target(metric)} | ${metric.passed ? '✅' : `❌${metric.reason ? ` ${escapeTableCell(metric.reason, 200)}` : ''}`} |`,
        );
      }
      lines.push('');
    }
    if (flaky.length > 0)
      lines.push(
        `Flaky: ${flaky
          .slice(0, 20)
          .map((test) => `${escapeInline(test.name, 120)} (${flakyNote(test)})`)
          .join('; ')}`,
      );
    if (judge)
      lines.push(
        `Judge: ${formatInteger(judge.inputTokens + judge.outputTokens)} tokens · ${formatUsd(judge.costUsd)}, apart from the prompt's own`,
      );
    blocks.push(lines.join('\n'));
  }
  return blocks.length > 0 ? `#### Verdict\n\n${blocks.join('\n\n')}` : undefined;
}
