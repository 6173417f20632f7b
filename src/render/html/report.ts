import type { ResultsFile, SuiteComparison, Summary } from '../../results/model.js';
import { perTest } from '../../results/compare.js';
import { formatPercent as percent, formatInteger, formatMs, formatPointsDelta, formatUsd, plural } from '../../lib/format.js';
import { formatInterval, formatPp } from '../../results/statistics.js';
import { chanceWords } from '../chance.js';
import { formatMetric } from '../model-details.js';
import { ICON, stateOf } from '../marks.js';
import { verdictOf } from '../../gate/decide.js';
import { attr, esc } from './escape.js';
import { page } from './page.js';
import { suitePairs, testPairs, type SuitePair } from './pairs.js';
import { renderPlots, type VersionSeries } from './plots.js';
import { testCard } from './test-card.js';

/**
 * `--html FILE` (action input `html-report`): the report to dig into, one self-contained page.
 * The verdict and its reasons; a row per folder × model with every figure base → head; the
 * plots; then every test, base ↔ head, with filters (failed, flipped, flaky, required, folder,
 * model). Pure but for the plots' lazy imports: results (already redacted by the sink) in,
 * HTML out.
 */

export interface HtmlReportOptions {
  /** The prompts' tagged versions (read from the release tags when a repository is at hand). */
  versions?: readonly VersionSeries[];
}

export type { VersionSeries } from './plots.js';

function heading(results: ResultsFile): string {
  const folders = new Set(results.suites.map((suite) => suite.path)).size;
  const models = new Set(results.suites.map((suite) => `${suite.provider}:${suite.model}`)).size;
  const verdict = results.cancelled
    ? '⏹️ promptgate: run cancelled'
    : results.gate.passed
      ? '✅ promptgate: gate passed'
      : '❌ promptgate: merge blocked';
  const refs = [
    results.ref ? `head <code>${esc(results.ref.slice(0, 12))}</code>` : '',
    results.base ? `base <code>${esc(results.base.ref.slice(0, 12))}</code>` : '',
  ]
    .filter(Boolean)
    .join(' vs ');
  const facts = [
    plural(folders, 'prompt folder'),
    plural(models, 'model'),
    plural(results.summary.total, 'test'),
    `threshold ${percent(results.threshold, 0)} per folder`,
    refs,
    `promptgate ${esc(results.tool.version, 20)}`,
  ]
    .filter(Boolean)
    .join(' · ');
  const reasons = results.gate.reasons.map((reason) => `<li>${esc(reason, 600)}</li>`).join('');
  const notes = (results.gate.notes ?? []).map((note) => `<li>${esc(note, 600)}</li>`).join('');
  return `<h1>${verdict}</h1><p class="muted">${facts}</p>${reasons ? `<h3>Blocking</h3><ul>${reasons}</ul>` : ''}${notes ? `<h3>Not blocking</h3><ul>${notes}</ul>` : ''}`;
}

function pair(base: Summary | undefined, head: Summary | undefined, show: (summary: Summary) => string): string {
  if (!head) return base ? `${show(base)} → <em>removed</em>` : '—';
  return base ? `${show(base)} → ${show(head)}` : show(head);
}

function verdictText(comparison: SuiteComparison | undefined): string {
  const detail = comparison?.verdictDetail;
  if (!comparison || !detail) return '';
  if (detail.deltaPp === null || comparison.pValue == null) return esc(detail.reason ?? 'not comparable');
  const paired = `${formatPp(detail.deltaPp)} on the ${plural(detail.paired, 'test')} run on both sides`;
  if (Math.round(detail.deltaPp * 10) === 0) return paired;
  const words =
    comparison.verdict === 'regression'
      ? '<strong class="failed">a real regression</strong>: '
      : comparison.verdict === 'improvement'
        ? '<strong class="passed">a real improvement</strong>: '
        : '';
  return `${words}${paired}; ${chanceWords(detail.deltaPp, comparison.pValue)} (exact McNemar p = ${Number(comparison.pValue.toPrecision(2))})`;
}

function metricsCell(pairOf: SuitePair): string {
  const metrics = Object.entries(pairOf.head?.metrics ?? {});
  return metrics
    .map(([name, metric]) => {
      const before = pairOf.base?.metrics?.[name];
      const target = [
        metric.min !== undefined ? `≥ ${formatMetric(name, metric.min)}` : '',
        metric.max !== undefined ? `≤ ${formatMetric(name, metric.max)}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      return `<div class="${metric.passed ? 'passed' : 'failed'}">${metric.passed ? '✓' : '✗'} ${esc(name, 80)}: ${before ? `${formatMetric(name, before.value)} → ` : ''}${formatMetric(name, metric.value)} <span class="muted">(${target})</span></div>`;
    })
    .join('');
}

function suitesTable(results: ResultsFile, pairs: SuitePair[]): string {
  const rows = pairs.map((pairOf) => {
    const { suite, head, base, comparison } = pairOf;
    const verdict = head ? verdictOf(results.gate, head) : undefined;
    const mark = ICON[stateOf({ change: head ? comparison?.change : 'removed', head: head?.summary, verdict })];
    const rate = pair(base?.summary, head?.summary, (summary) =>
      summary.passRate === null ? '<em>not run</em>' : percent(summary.passRate),
    );
    const delta =
      head && base && head.summary.passRate !== null && base.summary.passRate !== null
        ? ` (${formatPointsDelta(head.summary.passRate - base.summary.passRate)})`
        : '';
    const interval = head?.summary.passRateInterval
      ? `<br><span class="muted">95% interval ${formatInterval(head.summary.passRateInterval)}</span>`
      : '';
    const counts = head ? `${head.summary.passed} passed, ${head.summary.failed} failed, ${head.summary.errors} errored` : '—';
    return `<tr><td>${mark}</td><td class="name"><strong>${esc(suite.id, 120)}</strong> ${esc(suite.version, 60)}<br><span class="muted">${esc(suite.path, 200)}</span></td><td><code class="name">${esc(`${suite.provider}:${suite.model}`, 160)}</code></td><td class="name">${rate}${delta}${interval}</td><td>${verdictText(comparison)}</td><td class="name">${pair(base?.summary, head?.summary, (s) => formatInteger(perTest(s).tokens ?? 0))}</td><td class="name">${pair(base?.summary, head?.summary, (s) => formatUsd(perTest(s).costPer1kRuns))}</td><td class="name">${pair(base?.summary, head?.summary, (s) => formatMs(s.latencyMs.p95))}</td><td>${counts}</td><td>${metricsCell(pairOf)}</td></tr>`;
  });
  return `<table class="suites"><thead><tr><th></th><th>Prompt</th><th>Model</th><th>Pass rate, base → head</th><th>Paired comparison</th><th>Tokens / test</th><th>Cost / 1k runs</th><th>p95 latency</th><th>Head tests</th><th>Metrics</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function filters(pairs: SuitePair[]): string {
  const folders = [...new Set(pairs.map((p) => p.suite.path))];
  const models = [...new Set(pairs.map((p) => `${p.suite.provider}:${p.suite.model}`))];
  const option = (value: string) => `<option value="${attr(value)}">${esc(value, 200)}</option>`;
  const box = (name: string, text: string) => `<label><input type="checkbox" name="${name}" value="1"> ${text}</label>`;
  return `<form id="filters">${box('failed', 'failed')}${box('flipped', 'flipped')}${box('flaky', 'flaky')}${box('required', 'required')}<label>folder <select name="folder"><option value="">all</option>${folders.map(option).join('')}</select></label><label>model <select name="model"><option value="">all</option>${models.map(option).join('')}</select></label><span id="shown" class="muted"></span></form>`;
}

export async function renderHtmlReport(results: ResultsFile, options: HtmlReportOptions = {}): Promise<string> {
  const pairs = suitePairs(results);
  const figures = await renderPlots(pairs, options.versions ?? []);
  const plots = figures.map((figure) => `<figure><figcaption>${esc(figure.title, 200)}</figcaption>${figure.svg}</figure>`).join('');
  const noVersions = options.versions?.length
    ? ''
    : '<p class="muted">No tagged versions to plot (promptgate release tags them; the report reads the tags when it runs in a repository).</p>';
  const cards = testPairs(results).map(testCard).join('\n');
  const body = `${heading(results)}
<h2>Folders × models</h2>${suitesTable(results, pairs)}
<h2>Plots</h2><div class="plots">${plots}</div>${noVersions}
<h2>Tests</h2>${filters(pairs)}
${cards}`;
  return page(`promptgate report${results.ref ? ` · ${results.ref.slice(0, 7)}` : ''}`, body);
}
