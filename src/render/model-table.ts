import { perTest } from '../results/compare.js';
import { formatInteger, formatMs, formatPercent, formatPointsDelta, formatRelativeChange, formatUsd } from '../lib/format.js';
import { escapeInline, inlineCode } from './markdown.js';
import { ICON, stateOf } from './marks.js';
import { verdictOf } from '../gate/decide.js';
import { suitesByPath } from '../results/model-pairs.js';
import type { SuiteComparison, ResultsFile, SuiteResult, Summary, SuiteVerdict } from '../results/model.js';

/**
 * The model matrix of a folder with `models:`: one row per model (pass rate, tokens per test,
 * cost per 1,000 runs, p95, each base → head) and, with `traffic_per_day:`, the cost per month
 * of each model — the table a team picks a model from. Pure: results in, Markdown out; model
 * names and paths come from the repository and pass through the escapers.
 */

/** A month in the projection: 30 days, said in the footnote. */
export const DAYS_PER_MONTH = 30;

interface MatrixRow {
  provider: string;
  model: string;
  head?: Summary;
  base?: Summary;
  change?: SuiteComparison['change'];
  passRateDelta: number | null;
  verdict?: SuiteVerdict;
}

interface MatrixFolder {
  path: string;
  id: string;
  version: string;
  trafficPerDay?: number;
  rows: MatrixRow[];
}

/** `provider:model` as a code span (the name is the repository's text). */
export function modelCell(ref: { provider?: string; model?: string }): string {
  return inlineCode(`${ref.provider ?? ''}:${ref.model ?? ''}`, { maxLength: 80, table: true });
}

/** Folders that run more than one model on either side, with one row per model. */
export function matrixFolders(results: ResultsFile): MatrixFolder[] {
  const headByPath = suitesByPath(results.suites);
  const comparedByPath = new Map<string, SuiteComparison[]>();
  for (const row of results.comparison?.suites ?? []) {
    if (row.model === undefined) continue;
    comparedByPath.set(row.path, [...(comparedByPath.get(row.path) ?? []), row]);
  }
  const paths = new Set([...[...headByPath].filter(([, group]) => group.length > 1).map(([path]) => path), ...comparedByPath.keys()]);
  return [...paths].map((path) => {
    const heads: SuiteResult[] = headByPath.get(path) ?? [];
    const compared = comparedByPath.get(path);
    const first = heads[0] ?? compared?.[0];
    const trafficPerDay = heads.find((suite) => suite.trafficPerDay !== undefined)?.trafficPerDay;
    const verdict = (provider: string, model: string) => {
      const found = verdictOf(results.gate, { path, provider, model });
      return found ? { verdict: found } : {};
    };
    const rows: MatrixRow[] = compared
      ? compared.map((row) => ({
          provider: row.provider ?? '',
          model: row.model ?? '',
          ...(row.change !== 'removed' ? verdict(row.provider ?? '', row.model ?? '') : {}),
          ...(row.head ? { head: row.head } : {}),
          ...(row.base ? { base: row.base } : {}),
          change: row.change,
          passRateDelta: row.delta.passRate,
        }))
      : heads.map((suite) => ({
          provider: suite.provider,
          model: suite.model,
          head: suite.summary,
          passRateDelta: null,
          ...verdict(suite.provider, suite.model),
        }));
    return { path, id: first?.id ?? '', version: first?.version ?? '', ...(trafficPerDay !== undefined ? { trafficPerDay } : {}), rows };
  });
}

function passRate(summary: Summary | undefined, threshold: number): string {
  if (!summary) return '—';
  if (summary.passRate === null) return 'not run';
  const text = formatPercent(summary.passRate);
  return summary.passRate < threshold ? `**${text}**` : text;
}

/** `base → head (change)`; a model new on the head shows `new →`, one dropped `→ removed`. */
function sides(row: MatrixRow, show: (summary: Summary | undefined) => string, change: string): string {
  const suffix = change ? ` (${change})` : '';
  if (row.change === 'added') return `new → ${show(row.head)}`;
  if (row.change === 'removed') return `${show(row.base)} → removed`;
  if (!row.base) return show(row.head);
  return `${show(row.base)} → ${show(row.head)}${suffix}`;
}

/** A per-answered-run figure of a side; `—` when nothing was answered, `unknown` for an unknown price. */
function figure(pick: (summary: Summary) => number | null, show: (value: number) => string) {
  return (summary: Summary | undefined) => {
    if (!summary) return '—';
    const value = pick(summary);
    if (value !== null) return show(value);
    return summary.passed + summary.failed > 0 ? 'unknown' : '—';
  };
}

const tokensPerTest = (summary: Summary) => perTest(summary).tokens;
const costPer1k = (summary: Summary) => perTest(summary).costPer1kRuns;
const p95 = (summary: Summary) => summary.latencyMs.p95;

function relative(row: MatrixRow, pick: (summary: Summary) => number | null): string {
  if (!row.head || !row.base) return '';
  return formatRelativeChange(pick(row.head), pick(row.base));
}

/** The gate's verdict of the model, as the folder table marks it (stateOf, suite-table.ts). */
function icon(row: MatrixRow): string {
  return ICON[stateOf(row)];
}

function matrixTable(folder: MatrixFolder, threshold: number): string {
  const lines = [
    '| | Model | Pass rate | Tokens / test | Cost / 1k runs | p95 latency |',
    '|---|---|---|---|---|---|',
    ...folder.rows
      .map((row) =>
        [
          icon(row),
          modelCell(row),
          sides(row, (summary) => passRate(summary, threshold), row.passRateDelta !== null ? formatPointsDelta(row.passRateDelta) : ''),
          sides(row, figure(tokensPerTest, formatInteger), relative(row, tokensPerTest)),
          sides(row, figure(costPer1k, formatUsd), relative(row, costPer1k)),
          sides(row, figure(p95, formatMs), relative(row, p95)),
        ].join(' | '),
      )
      .map((cells) => `| ${cells} |`),
  ];
  return lines.join('\n');
}

/** Cost of a month of traffic: cost per answered run × runs a day × DAYS_PER_MONTH. */
export function monthlyCost(summary: Summary | undefined, trafficPerDay: number): number | null {
  const per1k = summary ? perTest(summary).costPer1kRuns : null;
  return per1k === null ? null : (per1k / 1000) * trafficPerDay * DAYS_PER_MONTH;
}

/** Whole dollars from $100 up: a monthly figure is read to the dollar, not the cent. */
function formatMonthly(value: number): string {
  return value >= 100 ? `$${formatInteger(value)}` : formatUsd(value);
}

function projectionTable(folder: MatrixFolder, traffic: number, threshold: number): string {
  const month = (summary: Summary | undefined) => {
    if (!summary) return '—';
    const cost = monthlyCost(summary, traffic);
    if (cost !== null) return `${formatMonthly(cost)}/mo`;
    return summary.passed + summary.failed > 0 ? 'unknown' : '—';
  };
  const lines = [
    `**Projected cost at ${formatInteger(traffic)} runs a day**`,
    '',
    '| Model | Pass rate | Cost / month |',
    '|---|---|---|',
    ...folder.rows.map((row) => {
      const change = row.head && row.base ? formatRelativeChange(monthlyCost(row.head, traffic), monthlyCost(row.base, traffic)) : '';
      return `| ${modelCell(row)} | ${row.change === 'removed' ? 'removed' : passRate(row.head, threshold)} | ${sides(row, month, change)} |`;
    }),
    '',
    `<sub>A month is ${DAYS_PER_MONTH} days: cost per answered test × ${formatInteger(traffic)} (\`traffic_per_day\`) × ${DAYS_PER_MONTH}, at this run's token counts and prices.</sub>`,
  ];
  return lines.join('\n');
}

/** The matrix section of the comment, or '' when no folder runs more than one model. */
export function renderModelMatrix(results: ResultsFile): string {
  const folders = matrixFolders(results);
  if (folders.length === 0) return '';
  return folders
    .map((folder) => {
      const title = `#### Models · **${escapeInline(folder.id, 80)}** ${escapeInline(folder.version, 40)} · ${escapeInline(folder.path, 160)}`;
      const parts = [title, matrixTable(folder, results.threshold)];
      if (folder.trafficPerDay !== undefined) parts.push(projectionTable(folder, folder.trafficPerDay, results.threshold));
      return parts.join('\n\n');
    })
    .join('\n\n');
}
