import type { MetricResult, ResultsFile, SuiteResult } from '../results/model.js';
import { comparisonLookup } from '../results/model-pairs.js';
import { formatInteger, formatMs, formatPercent, formatUsd, plural } from '../lib/format.js';
import { formatInterval } from '../results/statistics.js';
import { escapeTableCell } from './markdown.js';
import { DAYS_PER_MONTH, monthlyCost } from './model-table.js';
import { suiteTitle } from './reasons.js';
import { flakyMark } from './check-words.js';
import { nameCode } from './names.js';

/**
 * What the table leaves out, folded under it: each folder × model's success metrics base → head
 * (a missed target marked, money in dollars, milliseconds as such), the cost of a month of
 * traffic where `traffic_per_day` is set, and each pass rate's 95% interval.
 */

/** A metric's value in its unit: `$0.0014` for *_usd, `1,234 ms` for *_ms, `12.5%` for a rate. */
export function formatMetric(name: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return 'n/a';
  if (name.endsWith('_usd')) return formatUsd(value);
  if (name.endsWith('_ms')) return formatMs(value);
  if (/rate$/.test(name) && value >= 0 && value <= 1) return formatPercent(value);
  return String(Number(value.toPrecision(4)));
}

function target(name: string, metric: MetricResult): string {
  const parts = [
    metric.min !== undefined ? `≥ ${formatMetric(name, metric.min)}` : '',
    metric.max !== undefined ? `≤ ${formatMetric(name, metric.max)}` : '',
  ];
  return parts.filter(Boolean).join(', ') || '—';
}

function baseOf(results: ResultsFile, suite: SuiteResult): SuiteResult | undefined {
  const row = comparisonLookup(results.comparison?.suites)(suite);
  const path = row?.basePath ?? suite.path;
  const bases = results.base?.suites.filter((entry) => entry.path === path) ?? [];
  return (
    bases.find((entry) => entry.provider === suite.provider && entry.model === suite.model) ?? (bases.length === 1 ? bases[0] : undefined)
  );
}

function metricsTable(results: ResultsFile): { table: string; missed: number; total: number } {
  const lines = ['| Prompt · model | Metric | Base → head | Target |', '|---|---|---|---|'];
  let missed = 0;
  let total = 0;
  for (const suite of results.suites) {
    const base = baseOf(results, suite);
    for (const [name, metric] of Object.entries(suite.metrics ?? {})) {
      total += 1;
      if (!metric.passed) missed += 1;
      const before = base?.metrics?.[name] ? `${formatMetric(name, base.metrics[name].value)} → ` : '';
      const why = metric.reason ? `<br><sub>${escapeTableCell(metric.reason, 200)}</sub>` : '';
      lines.push(
        `| ${suiteTitle(suite, true)} | ${metric.passed ? '✅' : '❌'} ${escapeTableCell(name, 60)} | ${before}${formatMetric(name, metric.value)}${why} | ${target(name, metric)} |`,
      );
    }
  }
  return { table: total > 0 ? lines.join('\n') : '', missed, total };
}

function projection(results: ResultsFile): string {
  const lines: string[] = [];
  for (const suite of results.suites) {
    if (suite.trafficPerDay === undefined) continue;
    const head = monthlyCost(suite.summary, suite.trafficPerDay);
    const baseSuite = baseOf(results, suite);
    const base = baseSuite ? monthlyCost(baseSuite.summary, suite.trafficPerDay) : null;
    const show = (value: number | null) => (value === null ? 'unknown' : value >= 100 ? `$${formatInteger(value)}` : formatUsd(value));
    lines.push(
      `- ${suiteTitle(suite)}: ${base !== null ? `${show(base)} → ` : ''}${show(head)} a month at ${formatInteger(suite.trafficPerDay)} runs a day`,
    );
  }
  if (lines.length === 0) return '';
  return `**Cost per month** (${DAYS_PER_MONTH} days; this run's tokens and prices; \`traffic_per_day\`)\n\n${lines.join('\n')}`;
}

function intervals(results: ResultsFile): string {
  const lines = results.suites
    .filter((suite) => suite.summary.passRate !== null && suite.summary.passRateInterval)
    .map(
      (suite) =>
        `- ${suiteTitle(suite)}: ${formatPercent(suite.summary.passRate)}, 95% interval ${formatInterval(suite.summary.passRateInterval!)} (${suite.summary.passed} of ${suite.summary.total})`,
    );
  return lines.length > 0 ? `**Pass rate, 95% interval** (Wilson, over the head's tests)\n\n${lines.join('\n')}` : '';
}

function flakyLines(results: ResultsFile): string {
  const lines = results.suites.flatMap((suite) =>
    suite.tests.flatMap((test) => {
      const mark = flakyMark(test);
      return mark ? [`- ${suiteTitle(suite)} · ${nameCode(test.name)} · ${mark}`] : [];
    }),
  );
  return lines.length > 0 ? `**Flaky tests** (their runs disagree)\n\n${lines.slice(0, 20).join('\n')}` : '';
}

function judgeLines(results: ResultsFile): string {
  const lines = results.suites
    .filter((suite) => suite.summary.judge)
    .map((suite) => {
      const judge = suite.summary.judge!;
      return `- ${suiteTitle(suite)}: ${formatInteger(judge.inputTokens + judge.outputTokens)} tokens · ${formatUsd(judge.costUsd)}`;
    });
  return lines.length > 0 ? `**Judge** (rubric checks, apart from the prompt's own tokens and cost)\n\n${lines.join('\n')}` : '';
}

/** The fold under the table, or '' when there is nothing in it. `open` for the job summary. */
export function modelDetails(results: ResultsFile, open = false): string {
  const metrics = metricsTable(results);
  const flaky = flakyLines(results);
  const parts = [metrics.table, projection(results), intervals(results), flaky, judgeLines(results)].filter(Boolean);
  if (parts.length === 0) return '';
  const what = [
    metrics.total > 0 ? `metrics${metrics.missed > 0 ? ` (${plural(metrics.missed, 'target')} missed)` : ''}` : '',
    results.suites.some((suite) => suite.trafficPerDay !== undefined) ? 'cost per month' : '',
    'intervals',
    flaky ? 'flaky tests' : '',
  ].filter(Boolean);
  return `<details${open ? ' open' : ''}><summary>Per model: ${what.join(', ')}</summary>\n\n${parts.join('\n\n')}\n\n</details>`;
}
