import { formatPercent, plural } from '../lib/format.js';
import { COMMENT_BUDGET, SUMMARY_BYTE_BUDGET, fitToLimit, type SizeUnit } from './fit.js';
import { escapeInline, inlineCode } from './markdown.js';
import { describeCalls, keepAnswersAdvice, type KeptAnswers } from './calls-text.js';
import { type ResultsFile } from '../results/model.js';
import { isCancelled } from '../results/not-run.js';
import { suitesTable } from './suite-table.js';
import { groupTests, type ListItem } from './test-groups.js';
import { clusterItems, clusterList, testCount, type ListContext, type ListDetail } from './test-lists.js';
import { hasOutput, outputsDetails } from './outputs.js';
import { chanceSection } from './chance.js';
import { modelDetails } from './model-details.js';
import { gateReasonLines, reasonItem, type ReasonLine } from './reasons.js';

/**
 * The reviewer's report as Markdown, in its two GitHub sinks: the sticky PR comment
 * (renderComment) and the job summary (renderJobSummary). Pure: results in, text out.
 * Everything that came from a model or the repository passes through the markdown escapers,
 * so it cannot break the layout, ping people, link issues, inject HTML or forge the marker;
 * fit.ts then keeps the whole within GitHub's limit for the sink.
 */

/** The hidden marker that finds the sticky comment again; a key keeps several steps apart. */
export function commentMarker(key: string): string {
  return `<!-- promptgate:report${key ? `:${key}` : ''} -->`;
}

export interface ReportContext extends ListContext {
  /** What the run did with the answers recordings.json lacked (written, committed). */
  kept?: KeptAnswers;
  /** Hidden marker that identifies the sticky comment; rendered first. Comment only. */
  marker?: string;
  /** Link to the workflow run, whose job summary holds the full report. Comment only: the summary is on that page. */
  runUrl?: string;
  /** Overrides the sink's own limit (characters for the comment, bytes for the summary); for tests. */
  maxLength?: number;
  /** The run's artifacts page, where the HTML report (`html-report`) is uploaded. */
  reportUrl?: string;
  /** How many lines (tests failing alike count as one) each list holds before it says "and N more". */
  maxTestsPerList?: number;
  /** Include raw outputs of failing tests (collapsed). */
  includeOutputs?: boolean;
}

export const TRUNCATION_NOTE =
  "> [!NOTE]\n> Some details were left out to fit GitHub's comment size limit; the job summary and results.json have all of them.";
export const SUMMARY_TRUNCATION_NOTE =
  "> [!NOTE]\n> Some details were left out to fit GitHub's 1 MiB job summary limit; results.json has all of them.";

/** Importance runs the other way from fitToLimit's priority: 0 is the verdict, 5 raw outputs. */
interface Section {
  importance: 0 | 1 | 2 | 3 | 4 | 5;
  text: string;
  /** A cheaper form (fewer tests listed) tried before the section is dropped. */
  short?: string;
}

type Sink = 'comment' | 'summary';

function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function cancelledNote(results: ResultsFile): string {
  const tests = results.suites.flatMap((suite) => suite.tests);
  const cut = tests.filter(isCancelled).length;
  const finished = tests.filter((test) => test.status !== 'error' || test.output !== null).length;
  return (
    `The job was cancelled before every test ran. Kept: ${plural(finished, 'answered test run')}, in results.json and the recordings` +
    `${cut ? `; ${plural(cut, 'test run')} that had not finished ${cut === 1 ? 'is' : 'are'} errored as "cancelled" and count${cut === 1 ? 's' : ''} against the pass rate` : ''}.`
  );
}

/** List items a reviewer sees in the comment without opening anything (the issue's ten seconds). */
export const OPEN_LIST_ITEMS = 15;

/** A list of reasons, the first `open` shown and the rest folded with a count. */
function foldedList(lines: string[], open: number, what: string): string {
  if (lines.length <= open) return lines.join('\n');
  const shown = Math.max(0, open - 1);
  return `${lines.slice(0, shown).join('\n')}\n\n<details><summary>${plural(lines.length - shown, what)} more</summary>\n\n${lines.slice(shown).join('\n')}\n\n</details>`;
}

interface Budget {
  /** Open list items left; Infinity for the job summary. */
  left: number;
}

function take(budget: Budget, wanted: number, cap = wanted): number {
  const open = Math.min(wanted, cap, Math.max(0, budget.left));
  budget.left -= open;
  return open;
}

function reasonList(lines: ReasonLine[], runWide: string[], budget: Budget, what: string): string {
  const items = [...lines.map(reasonItem), ...runWide.map((reason) => `- ${reason}`)];
  if (items.length === 0) return '';
  const open = items.length <= 6 ? take(budget, items.length) : take(budget, 5) + 1;
  if (open >= items.length) return items.join('\n');
  return foldedList(items, open, what);
}

function verdict(results: ResultsFile, context: ReportContext, budget: Budget): string {
  // A `models:` matrix runs one folder as several suites: count folders, not suites.
  const folders = new Set(results.suites.map((suite) => suite.path)).size;
  const models = new Set(results.suites.map((suite) => `${suite.provider}:${suite.model}`)).size;
  const cancelled = results.cancelled === true;
  if (!cancelled && folders === 0 && results.changedPrompts.length === 0 && results.gate.passed) {
    return '### ✅ promptgate: no prompt changed\n\nThis change touches no prompt folder, so there is nothing to test.';
  }
  // Tests, and runs when tests repeat: the calls behind them are counted in the notes (calls).
  const runs = results.suites.reduce((sum, suite) => sum + suite.tests.reduce((count, test) => count + (test.runs?.length ?? 1), 0), 0);
  const tests = `${plural(results.summary.total, 'test')}${runs > results.summary.total ? ` (${plural(runs, 'run')})` : ''}`;
  const report = context.reportUrl ? ` · [HTML report](${context.reportUrl})` : '';
  const where = `${plural(folders, 'prompt folder')}${models > 1 ? ` · ${plural(models, 'model')}` : ''} · ${tests} · threshold ${formatPercent(results.threshold, 0)} per folder${report}`;
  const reasons = gateReasonLines(results);
  const blocking = reasonList(reasons.suites, reasons.runWide, budget, 'reason');
  if (cancelled) return `### ⏹️ promptgate: run cancelled\n\n${cancelledNote(results)}\n\n${where}${blocking ? `\n\n${blocking}` : ''}`;
  const notes = reasonList(reasons.notes, [], budget, 'note');
  const notBlocking = notes ? `\n\nNot blocking:\n\n${notes}` : '';
  if (results.gate.passed) return `### ✅ promptgate: gate passed\n\n${where}${notBlocking}`;
  return `### ❌ promptgate: merge blocked\n\n${where}\n\n${blocking}${notBlocking}`;
}

/** How every request was answered (results.json `calls`): the same sentence as the console's. */
function sourceNote(results: ResultsFile, kept: KeptAnswers | undefined): string {
  const calls = results.calls && describeCalls(results.calls);
  const advice = keepAnswersAdvice(results.calls, results.changedPrompts, kept, {
    code: (text) => inlineCode(text, { maxLength: 300 }),
    text: (text) => escapeInline(text, 300),
  });
  return [calls ? `${escapeInline(calls, 600)}.` : '', advice ?? ''].filter(Boolean).join(' ');
}

function openList(
  title: string,
  items: ListItem[],
  detail: ListDetail,
  context: ListContext & { limit: number },
  budget: Budget,
  importance: Section['importance'],
): Section {
  const clusters = clusterItems(items, detail);
  const heading = `#### ${title} (${plural(testCount(clusters), 'test')})\n\n`;
  // A list that does not fit what is left open shows five lines at most and folds the rest.
  const open = clusters.length <= budget.left ? take(budget, clusters.length) : take(budget, 5);
  return {
    importance,
    text: heading + clusterList(clusters, context, open, context.limit),
    short: heading + clusterList(clusters, context, Math.min(open, 5), 5),
  };
}

function foldedSection(
  title: string,
  items: ListItem[],
  detail: ListDetail,
  context: ListContext & { limit: number },
  open = false,
): string {
  const clusters = clusterItems(items, detail);
  const summary = `${title} (${plural(testCount(clusters), 'test')})`;
  return details(summary, clusterList(clusters, context, context.limit, context.limit), open);
}

function testSections(results: ResultsFile, sinkContext: ReportContext, sink: Sink, budget: Budget): Section[] {
  const context = {
    ...sinkContext,
    moreHint: sink === 'comment' ? 'see the job summary, the HTML report or results.json' : 'see results.json',
    limit: sinkContext.maxTestsPerList ?? (sink === 'summary' ? 200 : 25),
    namesShown: sink === 'summary' ? 50 : 3,
  };
  const groups = groupTests(results);
  const sections: Section[] = [];
  const { compared } = groups;
  if (groups.newlyFailing.length > 0)
    sections.push(openList(compared ? 'Newly failing' : 'Failing', groups.newlyFailing, 'checks', context, budget, 2));
  if (groups.newlyErroring.length > 0)
    sections.push(
      openList(
        compared ? 'Newly erroring, no answer to judge' : 'Errors, no answer to judge',
        groups.newlyErroring,
        'error',
        context,
        budget,
        2,
      ),
    );
  if (groups.withoutBase.length > 0)
    sections.push(openList('Not passing, no base result to compare with', groups.withoutBase, 'checks', context, budget, 2));
  if (groups.stillFailed.length > 0)
    sections.push({ importance: 3, text: foldedSection('Still failing, as on the base', groups.stillFailed, 'checks', context) });
  if (groups.stillErrored.length > 0)
    sections.push({ importance: 3, text: foldedSection('Still erroring, as on the base', groups.stillErrored, 'error', context) });
  if (groups.newlyPassing.length > 0)
    sections.push({ importance: 4, text: foldedSection('Newly passing', groups.newlyPassing, 'none', context) });
  if (groups.added.length > 0) {
    const addedFailing = groups.added.filter((item) => item.test.head !== 'passed').length;
    const title = `New tests${addedFailing ? `, ${addedFailing} not passing` : ''}`;
    sections.push({
      importance: addedFailing ? 2 : 4,
      text: foldedSection(title, groups.added, 'checks', context, addedFailing > 0 && sink === 'summary'),
    });
  }
  if (groups.removed.length > 0) sections.push({ importance: 4, text: foldedSection('Removed tests', groups.removed, 'none', context) });

  if (context.includeOutputs !== false) {
    const failing = [...groups.newlyFailing, ...groups.withoutBase, ...groups.added].filter(
      (item) => item.test.head === 'failed' && hasOutput(item),
    );
    // The comment shows one output per way of failing (the first test of each group); the summary all.
    const shown = sink === 'comment' ? clusterItems(failing, 'checks').map((cluster) => cluster.items[0]!) : failing;
    if (shown.length > 0) {
      const hint = sink === 'comment' ? 'the job summary and the HTML report show every one' : 'results.json has all of them';
      const limit = sink === 'comment' ? 8 : context.limit;
      const total = failing.length;
      sections.push({ importance: 5, text: outputsDetails(shown, limit, hint, total), short: outputsDetails(shown, 5, hint, total) });
    }
  }
  return sections;
}

function footer(results: ResultsFile, context: ReportContext, sink: Sink): string {
  const parts = [
    `promptgate ${escapeInline(results.tool.version, 20)}`,
    context.headSha ? `commit ${inlineCode(context.headSha.slice(0, 7))}` : '',
    results.base ? `base ${inlineCode(results.base.ref.slice(0, 7))}` : '',
    // The job summary is on the run page: a link there would point at itself.
    sink === 'comment' && context.runUrl ? `[full report in the job summary](${context.runUrl})` : '',
    context.reportUrl ? `[HTML report in the run's artifacts](${context.reportUrl})` : '',
  ].filter(Boolean);
  return `<sub>${parts.join(' · ')}</sub>`;
}

function buildSections(results: ResultsFile, context: ReportContext, sink: Sink): Section[] {
  const budget: Budget = { left: sink === 'comment' ? OPEN_LIST_ITEMS : Infinity };
  const sections: Section[] = [];
  if (sink === 'comment' && context.marker) sections.push({ importance: 0, text: context.marker });
  sections.push({ importance: 0, text: verdict(results, context, budget) });
  if (results.suites.length > 0 || results.comparison?.suites.length) sections.push({ importance: 0, text: suitesTable(results) });
  const chance = chanceSection(results);
  if (chance) sections.push({ importance: 1, text: chance });
  const perModel = modelDetails(results, sink === 'summary');
  if (perModel) sections.push({ importance: 1, text: perModel });
  const notes = [sourceNote(results, context.kept), ...results.notices.map((notice) => escapeInline(notice, 400))].filter(Boolean);
  if (notes.length > 0) sections.push({ importance: 1, text: notes.map((note) => `> ${note}`).join('\n>\n') });
  if (results.diagnostics.length > 0) {
    const limit = context.maxTestsPerList ?? 25;
    const lines = results.diagnostics
      .slice(0, limit)
      .map(
        (d) =>
          `- ${inlineCode(`${d.file}${d.line ? `:${d.line}` : ''}`, { maxLength: 200 })}: ${escapeInline(d.field ? `${d.field}: ${d.message}` : d.message, 300)}`,
      );
    if (results.diagnostics.length > limit)
      lines.push(`- … and ${plural(results.diagnostics.length - limit, 'more problem')} (see results.json)`);
    const open = take(budget, lines.length, 5);
    sections.push({ importance: 1, text: `**Input problems**\n\n${foldedList(lines, Math.max(open, 1), 'problem')}` });
  }
  sections.push(...testSections(results, context, sink, budget));
  sections.push({ importance: 0, text: footer(results, context, sink) });
  return sections;
}

function render(results: ResultsFile, context: ReportContext, sink: Sink, limit: number, unit: SizeUnit, note: string): string {
  return fitToLimit(
    buildSections(results, context, sink).map((section) => ({
      priority: 5 - section.importance,
      full: section.text,
      ...(section.short !== undefined ? { short: section.short } : {}),
      required: section.importance === 0,
    })),
    { limit, unit, note },
  ).body;
}

/**
 * The sticky PR comment, within GitHub's 65,536 characters: when the report does not fit, the
 * least important sections are shortened, then dropped (raw outputs first), and a note says
 * so. The marker, verdict, table and footer always stay.
 */
export function renderComment(results: ResultsFile, context: ReportContext = {}): string {
  return render(results, context, 'comment', context.maxLength ?? COMMENT_BUDGET, 'chars', TRUNCATION_NOTE);
}

/**
 * The job summary: the same report with longer lists, within GitHub's 1 MiB counted in UTF-8
 * bytes (multi-byte model output fills it three or four times faster than its length says).
 * No marker, and no link to the run page it is shown on.
 */
export function renderJobSummary(results: ResultsFile, context: ReportContext = {}): string {
  return render(results, context, 'summary', context.maxLength ?? SUMMARY_BYTE_BUDGET, 'utf8-bytes', SUMMARY_TRUNCATION_NOTE);
}
