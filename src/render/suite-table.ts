import { comparisonLookup } from '../results/model-pairs.js';
import { modelName, nameText } from './names.js';
import { perTest } from '../results/compare.js';
import { formatInteger, formatMs, formatPercent, formatPointsDelta, formatUsd, plural } from '../lib/format.js';
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

/**
 * `base → head` and, under it, the one delta of the row; a real regression (the paired test's
 * verdict) is emphasised. A delta needs two sides that ran: "0.0% → 100.0% (+100 pp)" against
 * a side that never ran is a lie.
 */
function passRateCell(row: Row, threshold: number): string {
  if (row.change === 'removed') return 'removed';
  const base = row.comparison?.base;
  const headText = headRateText(row, threshold);
  if (!base) return headText;
  const baseRate = base?.passRate ?? null;
  const headRate = row.head?.passRate ?? null;
  const baseText = didNotRun(base) || baseRate === null ? NOT_RUN : formatPercent(baseRate);
  const delta = baseRate !== null && headRate !== null ? formatPointsDelta(headRate - baseRate) : '';
  const real = row.comparison?.verdict === 'regression' || row.comparison?.verdict === 'improvement';
  const shown = delta && real ? `**${delta}**` : delta;
  return `${baseText} → ${headText}${shown ? `<br><sub>${shown}</sub>` : ''}`;
}

/** `base → head` of a per-run figure; `—` for a side with no answered run, `unknown` for an unknown price (never `$0`). */
function perRunCell(
  head: Summary | undefined,
  base: Summary | undefined,
  figure: (summary: Summary) => number | null,
  show: (value: number) => string,
): string {
  const text = (summary: Summary | undefined) => {
    const v = summary ? figure(summary) : null;
    if (v !== null) return show(v);
    return summary && summary.passed + summary.failed > 0 ? 'unknown' : '—';
  };
  return base ? `${text(base)} → ${text(head)}` : text(head);
}

function latencyCell(head: Summary | undefined, base: Summary | undefined): string {
  const value = (summary: Summary | undefined) => summary?.latencyMs.p95 ?? null;
  const [b, h] = [value(base), value(head)];
  if (!base) return h === null ? '—' : formatMs(h);
  // One unit for the pair when both are in ms: "152 → 80 ms".
  if (b !== null && h !== null && b < 10_000 && h < 10_000) return `${formatInteger(b)} → ${formatMs(h)}`;
  return `${b === null ? '—' : formatMs(b)} → ${h === null ? '—' : formatMs(h)}`;
}

function countsCell(summary: Summary | undefined): string {
  if (!summary) return '—';
  if (didNotRun(summary)) return `${summary.total} not run`;
  const notRun = summary.notRun;
  const parts = [`${summary.passed} of ${summary.total}`];
  // Tests counted as not run are errors the engine set apart; show them under their own name.
  if (summary.errors - notRun > 0) parts.push(plural(summary.errors - notRun, 'error'));
  if (notRun) parts.push(`${notRun} not run`);
  return parts.join(', ');
}

/** `**support** v2.0` over `` `openai:gpt-4o` ``: two lines, names unbroken. */
function suiteLabel(row: Row): string {
  const name = `**${nameText(row.id)}** ${nameText(row.version, 40)}`;
  let note = row.change && row.change !== 'modified' && row.change !== 'unchanged' ? CHANGE_LABEL[row.change] : '';
  if (row.change === 'new-version' && row.baseVersion) note = `was ${nameText(row.baseVersion, 40)}`;
  if (row.change === 'renamed' && row.basePath) note = `renamed from ${escapeInline(row.basePath, 120)}`;
  const model = row.model ? modelName(row, true) : '';
  return `${name}${note ? ` · <sub>${note}</sub>` : ''}${model ? `<br>${model}` : ''}`;
}

/**
 * No-break spaces in a figure cell ("$1.40 → $1.55", "119 → 82 ms"): a pair of figures is one
 * line, never "$1.40 →" over "$1.55", and a unit stays with its number (seen in rendered comments).
 */
function keepFiguresTogether(cell: string): string {
  return cell.replace(/ (?=→|ms\b|s\b)|(?<=→) /g, '\u00a0');
}

/**
 * The one table: a row per folder × model, failing rows first (then rows that did not run), each
 * group in run order. Pass rate base → head with its one delta, cost per 1,000 runs and p95
 * latency base → head, and the head's counts.
 */
export function suitesTable(results: ResultsFile): string {
  const rows = rowsOf(results)
    .map((row, index) => ({ row, index, state: stateOf(row) }))
    .sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.index - b.index);
  const header = `| | Prompt, model | Pass rate | Cost / 1k runs | p95 latency | Passed |\n|---|---|---|---|---|---|`;
  const lines = rows.map(({ row, state }) => {
    const base = row.comparison?.base;
    const cells = [
      ICON[state],
      suiteLabel(row),
      keepFiguresTogether(passRateCell(row, results.threshold)),
      keepFiguresTogether(perRunCell(row.head, base, (s) => perTest(s).costPer1kRuns, formatUsd)),
      keepFiguresTogether(latencyCell(row.head, base)),
      countsCell(row.head),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [header, ...lines].join('\n');
}
