import { comparisonLookup } from '../results/model-pairs.js';
import { modelCell } from './model-table.js';
import { perTest } from '../results/compare.js';
import { formatInteger, formatMs, formatPercent, formatPointsDelta, formatRelativeChange, formatUsd } from '../lib/format.js';
import { escapeInline } from './markdown.js';
import { verdictOf } from '../gate/decide.js';
import { type SuiteComparison, type ResultsFile, type SuiteResult, type SuiteVerdict, type Summary } from '../results/model.js';
import { didNotRun } from '../results/not-run.js';
import { type RowState, stateOf, ICON } from './marks.js';

/**
 * The report's table: one row per prompt folder (per model, with `models:`), base → head.
 * A side that did not run says "not run" — never 0%, and no delta against it.
 */

const CHANGE_LABEL: Record<SuiteComparison['change'], string> = {
  modified: 'changed',
  added: 'new',
  removed: 'removed',
  renamed: 'renamed',
  'new-version': 'new version',
  unchanged: 'unchanged',
};

const NOT_RUN = '_not run_';

export interface Row {
  path: string;
  id: string;
  version: string;
  model?: string;
  provider?: string | undefined;
  change?: SuiteComparison['change'];
  baseVersion?: string;
  basePath?: string;
  head?: Summary;
  comparison?: SuiteComparison;
  /** The gate's verdict of the head suite: the row's mark says what the gate said, nothing else. */
  verdict?: SuiteVerdict;
}

/** Comparisons are matched by path, and by provider and model in a `models:` matrix. */
export function comparisonFor(results: ResultsFile, suite: SuiteResult): SuiteComparison | undefined {
  return comparisonLookup(results.comparison?.suites)(suite);
}

export function rowsOf(results: ResultsFile): Row[] {
  const rows: Row[] = results.suites.map((suite) => {
    const comparison = comparisonFor(results, suite);
    return {
      path: suite.path,
      id: suite.id,
      version: suite.version,
      model: suite.model,
      provider: suite.provider,
      head: suite.summary,
      ...(comparison ? { comparison, change: comparison.change } : {}),
      ...withVerdict(verdictOf(results.gate, suite)),
      ...(comparison?.baseVersion ? { baseVersion: comparison.baseVersion } : {}),
      ...(comparison?.basePath ? { basePath: comparison.basePath } : {}),
    };
  });
  for (const suite of results.comparison?.suites ?? []) {
    if (suite.change === 'removed') {
      rows.push({
        path: suite.path,
        id: suite.id,
        version: suite.version,
        change: 'removed',
        comparison: suite,
        ...(suite.model !== undefined ? { model: suite.model, provider: suite.provider } : {}),
      });
    }
  }
  return rows;
}

const withVerdict = (verdict: SuiteVerdict | undefined) => (verdict ? { verdict } : {});

const ORDER: Record<RowState, number> = { failing: 0, 'not-run': 1, noted: 2, passing: 3, unjudged: 4, removed: 5 };

function headRateText(row: Row, threshold: number): string {
  const { head } = row;
  if (!head) return '—';
  const rate = head?.passRate ?? null;
  if (rate === null) return NOT_RUN;
  return rate < threshold ? `**${formatPercent(rate)}**` : formatPercent(rate);
}

function passRateCell(row: Row, threshold: number): string {
  if (row.change === 'removed') return 'removed';
  const base = row.comparison?.base;
  const headText = headRateText(row, threshold);
  if (!base) return headText;
  const baseRate = base?.passRate ?? null;
  const headRate = row.head?.passRate ?? null;
  const baseText = didNotRun(base) || baseRate === null ? NOT_RUN : formatPercent(baseRate);
  // A delta needs two sides that ran: "0.0% → 100.0% (+100 pp)" against a side that never ran is a lie.
  const delta = baseRate !== null && headRate !== null ? headRate - baseRate : null;
  return `${baseText} → ${headText}${delta !== null ? ` (${formatPointsDelta(delta)})` : ''}`;
}

/**
 * `base → head (change)` for a per-run figure. A side with no answered run shows `—`; a price
 * that is not known shows `unknown`, never `$0`.
 */
function perRunCell(
  head: Summary | undefined,
  base: Summary | undefined,
  figure: (summary: Summary) => number | null,
  show: (value: number) => string,
): string {
  const value = (summary: Summary | undefined) => (summary ? figure(summary) : null);
  const text = (summary: Summary | undefined) => {
    const v = value(summary);
    if (v !== null) return show(v);
    return summary && summary.passed + summary.failed > 0 ? 'unknown' : '—';
  };
  const change = formatRelativeChange(value(head), value(base));
  const cell = base ? `${text(base)} → ${text(head)}` : text(head);
  return `${cell}${change ? ` (${change})` : ''}`;
}

function latencyCell(head: Summary | undefined, base: Summary | undefined): string {
  const show = (summary: Summary | undefined) => (summary?.latencyMs.p95 != null ? formatMs(summary.latencyMs.p95) : '—');
  if (!base) return show(head);
  return `${show(base)} → ${head ? show(head) : '—'}`;
}

function countsCell(summary: Summary | undefined): string {
  if (!summary) return '—';
  if (didNotRun(summary)) return `${summary.total} not run`;
  const notRun = summary.notRun;
  const parts = [`${summary.passed} passed`];
  if (summary.failed) parts.push(`${summary.failed} failed`);
  // Tests counted as not run are errors the engine set apart; show them under their own name.
  if (summary.errors - notRun > 0) parts.push(`${summary.errors - notRun} errored`);
  if (notRun) parts.push(`${notRun} not run`);
  return parts.join(', ');
}

function suiteLabel(row: Row, showModel: boolean): string {
  const name = `**${escapeInline(row.id, 80)}** ${escapeInline(row.version, 40)}`;
  let note = row.change ? CHANGE_LABEL[row.change] : '';
  if (row.change === 'new-version' && row.baseVersion) note = `new version, compared with ${escapeInline(row.baseVersion, 40)}`;
  if (row.change === 'renamed' && row.basePath) note = `renamed from ${escapeInline(row.basePath, 120)}`;
  const model = showModel && row.model ? ` · ${modelCell(row)}` : '';
  return `${name}<br><sub>${escapeInline(row.path, 160)}${model}${note ? ` · ${note}` : ''}</sub>`;
}

/**
 * A no-break space before a unit or a bracketed change, so a narrow column wraps at the arrow
 * ("500 ms →" / "450 ms") and never between a figure and its unit (seen in rendered comments).
 * Tokens, cost and latency only: the pass-rate cell wraps well as it is, and other tools read it.
 */
function keepFiguresTogether(cell: string): string {
  return cell.replace(/ (?=(?:ms|s|pp)\b|\()/g, '\u00a0');
}

/** The table, failing folders first (then folders that did not run), each group in run order. */
export function suitesTable(results: ResultsFile): string {
  const rows = rowsOf(results)
    .map((row, index) => ({ row, index, state: stateOf(row) }))
    .sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.index - b.index);
  const compared = results.comparison !== undefined;
  // With `models:` one folder has several rows; the model tells them apart.
  const models = new Set(results.suites.map((suite) => suite.model));
  const showModel = models.size > 1;
  const header = `| | Prompt | ${compared ? 'Pass rate (base → head)' : 'Pass rate'} | Tokens / test | Cost / 1k runs | p95 latency | Tests |\n|---|---|---|---|---|---|---|`;
  const lines = rows.map(({ row, state }) => {
    const base = row.comparison?.base;
    const cells = [
      ICON[state],
      suiteLabel(row, showModel),
      passRateCell(row, results.threshold),
      perRunCell(row.head, base, (s) => perTest(s).tokens, formatInteger),
      perRunCell(row.head, base, (s) => perTest(s).costPer1kRuns, formatUsd),
      latencyCell(row.head, base),
      countsCell(row.head),
    ];
    return `| ${cells.map((cell, i) => (i >= 3 && i <= 5 ? keepFiguresTogether(cell) : cell)).join(' | ')} |`;
  });
  return [header, ...lines].join('\n');
}
