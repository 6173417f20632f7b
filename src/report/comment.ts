import type { SuiteComparison, TestChange } from './compare.js';
import { comparisonLookup } from './model-pairs.js';
import { matrixFolders, modelCell, renderModelMatrix } from './model-table.js';
import { perTest } from './compare.js';
import { formatInteger, formatMs, formatPercent, formatPointsDelta, formatRelativeChange, formatUsd, plural } from './format.js';
import { COMMENT_BUDGET, codeBlock, escapeInline, fitToLimit, inlineCode } from './markdown.js';
import type { ResultsFile } from './results-file.js';
import type { CheckResult, SuiteResult, Summary } from './types.js';

/**
 * The reviewer's report, as Markdown for a PR comment or the job summary. Pure: results in,
 * text out. Everything that came from a model (and, to be safe, from the repository) passes
 * through the escapers in markdown.ts, so it cannot break the layout, ping people, link
 * issues, inject HTML or forge the marker.
 */

/** GitHub rejects comments over 65,536 characters; markdown.ts keeps a margin below that. */
export const COMMENT_LIMIT = COMMENT_BUDGET;
/** The job summary's limit is 1 MiB per step. */
export const SUMMARY_LIMIT = 1_000_000;

/** The hidden marker that finds the sticky comment again; a key keeps several steps apart. */
export function commentMarker(key: string): string {
  return `<!-- promptgate:report${key ? `:${key}` : ''} -->`;
}

export interface ReportContext {
  /** Hidden marker that identifies the sticky comment; rendered first. */
  marker?: string;
  /** https://github.com/owner/repo, for links to test lines. */
  repositoryUrl?: string;
  /** Commit the head results are from, for links and the footer. */
  headSha?: string;
  /** Link to the workflow run (its job summary holds the full report). */
  runUrl?: string;
  /** GitHub's comment limit is 65,536 characters; the job summary's is 1 MiB. */
  maxLength: number;
  /** How many tests each detail list shows before it says "and N more". */
  maxTestsPerList?: number;
  /** Include raw outputs of failing tests (collapsed). */
  includeOutputs?: boolean;
}

const CHANGE_LABEL: Record<SuiteComparison['change'], string> = {
  modified: 'changed',
  added: 'new',
  removed: 'removed',
  renamed: 'renamed',
  'new-version': 'new version',
  unchanged: 'unchanged',
};

function testLink(context: ReportContext, testsFile: string | undefined, test: { name: string; line?: number }): string {
  const name = inlineCode(test.name, { maxLength: 120 });
  if (!context.repositoryUrl || !context.headSha || !testsFile || test.line === undefined) return name;
  return `[${name}](${context.repositoryUrl}/blob/${context.headSha}/${encodeURI(testsFile).replace(/#/g, '%23')}#L${test.line})`;
}

function statusIcon(summary: Summary | undefined, threshold: number): string {
  if (!summary) return '➖';
  return summary.passRate !== null && summary.passRate >= threshold ? '✅' : '❌';
}

function arrow<T>(base: T | undefined, head: T | undefined, show: (value: T) => string): string {
  if (base === undefined) return head === undefined ? '—' : show(head);
  if (head === undefined) return `${show(base)} → —`;
  return `${show(base)} → ${show(head)}`;
}

function passRateCell(suite: SuiteComparison | undefined, head: Summary | undefined, threshold: number): string {
  const base = suite?.base;
  const headText = !head ? '—' : head.passRate === null ? 'not run' : head.passRate < threshold ? `**${formatPercent(head.passRate)}**` : formatPercent(head.passRate);
  if (!base) return headText;
  const delta = suite?.delta.passRate ?? null;
  return `${base.passRate === null ? 'not run' : formatPercent(base.passRate)} → ${headText}${delta !== null ? ` (${formatPointsDelta(delta)})` : ''}`;
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

function tokensCell(head: Summary | undefined, base: Summary | undefined): string {
  return perRunCell(head, base, (summary) => perTest(summary).tokens, formatInteger);
}

function costCell(head: Summary | undefined, base: Summary | undefined): string {
  return perRunCell(head, base, (summary) => perTest(summary).costPer1kRuns, formatUsd);
}

function countsCell(summary: Summary | undefined): string {
  if (!summary) return '—';
  const parts = [`${summary.passed} passed`];
  if (summary.failed) parts.push(`${summary.failed} failed`);
  if (summary.errors) parts.push(`${summary.errors} errored`);
  return parts.join(', ');
}

interface Row {
  path: string;
  id: string;
  version: string;
  change?: SuiteComparison['change'];
  baseVersion?: string;
  basePath?: string;
  head?: Summary;
  comparison?: SuiteComparison;
  /** The model, when the folder runs a `models:` matrix (one row per model). */
  model?: { provider?: string; model?: string };
}

function rowsOf(results: ResultsFile): Row[] {
  const comparisonOf = comparisonLookup(results.comparison?.suites);
  const inMatrix = new Set(matrixFolders(results).map((folder) => folder.path));
  const rows: Row[] = results.suites.map((suite) => {
    const comparison = comparisonOf(suite);
    return {
      ...(inMatrix.has(suite.path) ? { model: suite } : {}),
      path: suite.path,
      id: suite.id,
      version: suite.version,
      head: suite.summary,
      ...(comparison ? { comparison, change: comparison.change } : {}),
      ...(comparison?.baseVersion ? { baseVersion: comparison.baseVersion } : {}),
      ...(comparison?.basePath ? { basePath: comparison.basePath } : {}),
    };
  });
  for (const suite of results.comparison?.suites ?? []) {
    if (suite.change === 'removed') rows.push({ path: suite.path, id: suite.id, version: suite.version, change: 'removed', comparison: suite, ...(suite.model !== undefined ? { model: suite } : {}) });
  }
  return rows;
}

function suiteLabel(row: Row): string {
  const name = `**${escapeInline(row.id, 80)}** ${escapeInline(row.version, 40)}`;
  let note = row.change ? CHANGE_LABEL[row.change] : '';
  if (row.change === 'new-version' && row.baseVersion) note = `new version, compared with ${escapeInline(row.baseVersion, 40)}`;
  if (row.change === 'renamed' && row.basePath) note = `renamed from ${escapeInline(row.basePath, 120)}`;
  const model = row.model ? ` · ${modelCell(row.model)}` : '';
  return `${name}<br><sub>${escapeInline(row.path, 160)}${model}${note ? ` · ${note}` : ''}</sub>`;
}

function suitesTable(results: ResultsFile): string {
  const rows = rowsOf(results);
  const compared = results.comparison !== undefined;
  const header = compared
    ? '| | Prompt | Pass rate (base → head) | Tokens / test | Cost / 1k runs | p95 latency | Tests |\n|---|---|---|---|---|---|---|'
    : '| | Prompt | Pass rate | Tokens / test | Cost / 1k runs | p95 latency | Tests |\n|---|---|---|---|---|---|---|';
  const lines = rows.map((row) => {
    const base = row.comparison?.base;
    const latency = arrow(base?.latencyMs.p95 ?? undefined, row.head?.latencyMs.p95 ?? undefined, (ms) => formatMs(ms));
    const icon = row.change === 'removed' ? '🗑️' : statusIcon(row.head, results.threshold);
    return `| ${icon} | ${suiteLabel(row)} | ${row.change === 'removed' ? 'removed' : passRateCell(row.comparison, row.head, results.threshold)} | ${tokensCell(row.head, base)} | ${costCell(row.head, base)} | ${latency} | ${countsCell(row.head)} |`;
  });
  return [header, ...lines].join('\n');
}

function describeCheck(check: CheckResult): string {
  const value = (v: unknown) => inlineCode(typeof v === 'string' ? v : JSON.stringify(v) ?? 'undefined', { maxLength: 160 });
  const why = check.message ? ` — ${escapeInline(check.message, 300)}` : '';
  return `${escapeInline(check.name, 200)}: expected ${value(check.expected)}, got ${value(check.actual)}${why}`;
}

interface ListItem {
  suite: { id: string; version: string; path: string; testsFile?: string; provider?: string; model?: string };
  test: TestChange;
}

function testList(items: ListItem[], context: ReportContext, limit: number, detail: 'checks' | 'error' | 'none'): string {
  const lines: string[] = [];
  for (const { suite, test } of items.slice(0, limit)) {
    const before = test.base && test.head ? ` (${test.base} → ${test.head})` : '';
    const model = suite.model !== undefined ? ` · ${modelCell(suite)}` : '';
    lines.push(`- ${escapeInline(suite.id, 80)} ${escapeInline(suite.version, 40)}${model} · ${testLink(context, suite.testsFile, test)}${before}`);
    if (detail === 'checks') for (const check of (test.failedChecks ?? []).slice(0, 5)) lines.push(`  - ${describeCheck(check)}`);
    if (detail === 'checks' && (test.failedChecks?.length ?? 0) === 0 && test.error) lines.push(`  - error: ${escapeInline(test.error, 300)}`);
    if (detail === 'error' && test.error) lines.push(`  - ${escapeInline(test.error, 400)}`);
  }
  if (items.length > limit) lines.push(`- … and ${plural(items.length - limit, 'more test')} (see the job summary or results.json)`);
  return lines.join('\n');
}

function collect(results: ResultsFile, pick: (suite: SuiteComparison) => TestChange[]): ListItem[] {
  const testsFiles = new Map(results.suites.map((suite) => [suite.path, suite.testsFile]));
  const items: ListItem[] = [];
  for (const suite of results.comparison?.suites ?? []) {
    const testsFile = testsFiles.get(suite.path);
    for (const test of pick(suite)) items.push({ suite: { ...suite, ...(testsFile ? { testsFile } : {}) }, test });
  }
  return items;
}

/** Without a base, every failing test is simply failing: list them from the head results. */
function failingWithoutBase(results: ResultsFile, status: 'failed' | 'error'): ListItem[] {
  return results.suites.flatMap((suite: SuiteResult) =>
    suite.tests
      .filter((test) => test.status === status)
      .map((test) => ({
        suite,
        test: {
          name: test.repeat !== undefined ? `${test.name} [run ${test.repeat}]` : test.name,
          ...(test.line !== undefined ? { line: test.line } : {}),
          head: test.status,
          failedChecks: test.checks.filter((check) => !check.passed),
          error: test.error,
          output: test.output,
        },
      })),
  );
}

/** Importance runs the other way from fitToLimit's priority: 0 is the verdict, 5 raw outputs. */
interface Section {
  importance: 0 | 1 | 2 | 3 | 4 | 5;
  text: string;
  /** A cheaper form (fewer tests listed) tried before the section is dropped. */
  short?: string;
}

function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function verdict(results: ResultsFile): string {
  // A `models:` matrix runs one folder as several suites: count folders, not suites.
  const folders = new Set(results.suites.map((suite) => suite.path)).size;
  if (folders === 0 && results.changedPrompts.length === 0 && results.gate.passed) {
    return '### ✅ promptgate: no prompt changed\n\nThis change touches no prompt folder, so there is nothing to test.';
  }
  const where = `${plural(folders, 'prompt folder')} · ${plural(results.summary.total, 'test run')} · threshold ${formatPercent(results.threshold, 0)} per folder`;
  if (results.gate.passed) return `### ✅ promptgate: gate passed\n\n${where}`;
  const reasons = results.gate.reasons.map((reason) => `- ${escapeInline(reason, 400)}`).join('\n');
  return `### ❌ promptgate: merge blocked\n\n${where}\n\n${reasons}`;
}

function sourceNote(results: ResultsFile): string {
  const tests = results.suites.flatMap((suite) => suite.tests);
  const live = tests.filter((test) => test.source === 'live').length;
  const replayed = tests.filter((test) => test.source === 'replay').length;
  if (live === 0 && replayed > 0) return 'Answers replayed from recorded responses (no API calls).';
  if (live > 0 && replayed === 0) return 'Answers from live model calls.';
  if (live > 0) return `${plural(replayed, 'answer')} replayed from recordings, ${plural(live, 'live call')}.`;
  return '';
}

function buildSections(results: ResultsFile, context: ReportContext): Section[] {
  const limit = context.maxTestsPerList ?? 25;
  const sections: Section[] = [];
  if (context.marker) sections.push({ importance: 0, text: context.marker });
  sections.push({ importance: 0, text: verdict(results) });
  if (results.suites.length > 0 || results.comparison?.suites.length) sections.push({ importance: 0, text: suitesTable(results) });
  const matrix = renderModelMatrix(results);
  if (matrix) sections.push({ importance: 1, text: matrix });
  const notes = [sourceNote(results), ...results.notices.map((notice) => escapeInline(notice, 400))].filter(Boolean);
  if (notes.length > 0) sections.push({ importance: 1, text: notes.map((note) => `> ${note}`).join('\n>\n') });
  if (results.diagnostics.length > 0) {
    const lines = results.diagnostics.slice(0, limit).map((d) => `- ${inlineCode(`${d.file}${d.line ? `:${d.line}` : ''}`, { maxLength: 200 })}: ${escapeInline(d.field ? `${d.field}: ${d.message}` : d.message, 300)}`);
    sections.push({ importance: 1, text: `**Input problems**\n\n${lines.join('\n')}` });
  }

  const compared = results.comparison !== undefined;
  const failing = compared ? collect(results, (s) => s.newlyFailing) : failingWithoutBase(results, 'failed');
  const erroring = compared ? collect(results, (s) => s.newlyErroring) : failingWithoutBase(results, 'error');
  const SHORT_LIST = 5;
  if (failing.length > 0) {
    const title = `#### ${compared ? 'Newly failing' : 'Failing'} (${failing.length})\n\n`;
    sections.push({ importance: 2, text: title + testList(failing, context, limit, 'checks'), short: title + testList(failing, context, SHORT_LIST, 'checks') });
  }
  if (erroring.length > 0) {
    const title = `#### ${compared ? 'Newly erroring' : 'Errors'} (${erroring.length}) — no answer to judge\n\n`;
    sections.push({ importance: 2, text: title + testList(erroring, context, limit, 'error'), short: title + testList(erroring, context, SHORT_LIST, 'error') });
  }
  if (compared) {
    const still = collect(results, (s) => s.stillFailing);
    const stillFailed = still.filter((item) => item.test.head === 'failed');
    const stillErrored = still.filter((item) => item.test.head === 'error');
    if (stillFailed.length > 0) sections.push({ importance: 3, text: details(`Still failing (${stillFailed.length}), as on the base`, testList(stillFailed, context, limit, 'checks')) });
    if (stillErrored.length > 0) sections.push({ importance: 3, text: details(`Still erroring (${stillErrored.length})`, testList(stillErrored, context, limit, 'error')) });
    const passing = collect(results, (s) => s.newlyPassing);
    if (passing.length > 0) sections.push({ importance: 4, text: details(`Newly passing (${passing.length})`, testList(passing, context, limit, 'none')) });
    const added = collect(results, (s) => s.addedTests);
    if (added.length > 0) {
      const addedFailing = added.filter((item) => item.test.head !== 'passed').length;
      const summary = `New tests (${added.length}${addedFailing ? `, ${addedFailing} not passing` : ''})`;
      sections.push({ importance: addedFailing ? 2 : 4, text: details(summary, testList(added, context, limit, 'checks'), addedFailing > 0) });
    }
    const removed = collect(results, (s) => s.removedTests);
    if (removed.length > 0) sections.push({ importance: 4, text: details(`Removed tests (${removed.length})`, testList(removed, context, limit, 'none')) });
  }
  if (context.includeOutputs !== false) {
    const withOutput = [...failing, ...(compared ? collect(results, (s) => s.addedTests.filter((t) => t.head === 'failed')) : [])]
      .filter((item) => item.test.output);
    if (withOutput.length > 0) {
      const blocks = withOutput
        .slice(0, limit)
        .map(({ suite, test }) => `**${escapeInline(suite.id, 80)} ${escapeInline(suite.version, 40)} · ${escapeInline(test.name, 120)}**\n\n${codeBlock(test.output ?? '', { maxLength: 2000 })}`);
      sections.push({ importance: 5, text: details(`Model outputs of failing tests (${withOutput.length})`, blocks.join('\n\n')) });
    }
  }
  const footer = [
    `promptgate ${escapeInline(results.tool.version, 20)}`,
    context.headSha ? `commit ${context.headSha.slice(0, 7)}` : '',
    results.base ? `base ${results.base.ref.slice(0, 7)}` : '',
    context.runUrl ? `[full report in the job summary](${context.runUrl})` : '',
  ].filter(Boolean);
  sections.push({ importance: 0, text: `<sub>${footer.join(' · ')}</sub>` });
  return sections;
}

/**
 * Renders the report within `maxLength` characters: when it does not fit, the least important
 * sections are shortened, then dropped (raw outputs first), and a stated note says so. The
 * marker, verdict, table and footer always stay.
 */
export function renderReport(results: ResultsFile, context: ReportContext): string {
  const sections = buildSections(results, context);
  return fitToLimit(
    sections.map((section) => ({
      priority: 5 - section.importance,
      full: section.text,
      ...(section.short !== undefined ? { short: section.short } : {}),
      required: section.importance === 0,
    })),
    { limit: context.maxLength, note: TRUNCATION_NOTE },
  ).body;
}

export const TRUNCATION_NOTE =
  "> [!NOTE]\n> Some details were left out to fit GitHub's comment size limit; the job summary and results.json have all of them.";
