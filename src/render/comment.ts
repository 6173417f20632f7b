import { formatPercent, plural } from '../lib/format.js';
import { COMMENT_BUDGET, SUMMARY_BYTE_BUDGET, fitToLimit, type SizeUnit } from './fit.js';
import { escapeInline, inlineCode } from './markdown.js';
import { describeCalls, keepAnswersAdvice, type KeptAnswers } from './calls-text.js';
import { type ResultsFile } from '../results/model.js';
import { isCancelled } from '../results/not-run.js';
import { suitesTable } from './suite-table.js';
import { groupTests, hasOutput, outputsDetails, testList, type ListContext, type ListItem } from './test-lists.js';
import { renderModelMatrix } from './model-table.js';
import { commentVerdictSection } from './verdict-lines.js';

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
  /** How many tests each detail list shows before it says "and N more". */
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

function verdict(results: ResultsFile): string {
  // A `models:` matrix runs one folder as several suites: count folders, not suites.
  const folders = new Set(results.suites.map((suite) => suite.path)).size;
  const cancelled = results.cancelled === true;
  if (!cancelled && folders === 0 && results.changedPrompts.length === 0 && results.gate.passed) {
    return '### ✅ promptgate: no prompt changed\n\nThis change touches no prompt folder, so there is nothing to test.';
  }
  // Tests, and runs when tests repeat: the calls behind them are counted in the notes (calls).
  const runs = results.suites.reduce((sum, suite) => sum + suite.tests.reduce((count, test) => count + (test.runs?.length ?? 1), 0), 0);
  const tests = `${plural(results.summary.total, 'test')}${runs > results.summary.total ? ` (${plural(runs, 'run')})` : ''}`;
  const where = `${plural(folders, 'prompt folder')} · ${tests} · threshold ${formatPercent(results.threshold, 0)} per folder`;
  const reasons = results.gate.reasons.map((reason) => `- ${escapeInline(reason, 400)}`).join('\n');
  if (cancelled) return `### ⏹️ promptgate: run cancelled\n\n${cancelledNote(results)}\n\n${where}${reasons ? `\n\n${reasons}` : ''}`;
  const notes = (results.gate.notes ?? []).map((note) => `- ${escapeInline(note, 400)}`).join('\n');
  const notBlocking = notes ? `\n\nNot blocking:\n\n${notes}` : '';
  if (results.gate.passed) return `### ✅ promptgate: gate passed\n\n${where}${notBlocking}`;
  return `### ❌ promptgate: merge blocked\n\n${where}\n\n${reasons}${notBlocking}`;
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

function listSection(
  importance: Section['importance'],
  title: string,
  items: ListItem[],
  context: ReportContext,
  limit: number,
  detail: 'checks' | 'error' | 'none',
): Section {
  return { importance, text: title + testList(items, context, limit, detail), short: title + testList(items, context, 5, detail) };
}

function testSections(results: ResultsFile, sinkContext: ReportContext, sink: Sink): Section[] {
  const context = { ...sinkContext, moreHint: sink === 'comment' ? 'see the job summary or results.json' : 'see results.json' };
  const limit = context.maxTestsPerList ?? (sink === 'summary' ? 200 : 25);
  const groups = groupTests(results);
  const sections: Section[] = [];
  const { compared } = groups;
  if (groups.newlyFailing.length > 0) {
    sections.push(
      listSection(
        2,
        `#### ${compared ? 'Newly failing' : 'Failing'} (${groups.newlyFailing.length})\n\n`,
        groups.newlyFailing,
        context,
        limit,
        'checks',
      ),
    );
  }
  if (groups.newlyErroring.length > 0) {
    sections.push(
      listSection(
        2,
        `#### ${compared ? 'Newly erroring' : 'Errors'} (${groups.newlyErroring.length}) — no answer to judge\n\n`,
        groups.newlyErroring,
        context,
        limit,
        'error',
      ),
    );
  }
  if (groups.withoutBase.length > 0) {
    sections.push(
      listSection(
        2,
        `#### Not passing, no base result to compare with (${groups.withoutBase.length})\n\n`,
        groups.withoutBase,
        context,
        limit,
        'checks',
      ),
    );
  }
  if (groups.stillFailed.length > 0)
    sections.push({
      importance: 3,
      text: details(`Still failing (${groups.stillFailed.length}), as on the base`, testList(groups.stillFailed, context, limit, 'checks')),
    });
  if (groups.stillErrored.length > 0)
    sections.push({
      importance: 3,
      text: details(
        `Still erroring (${groups.stillErrored.length}), as on the base`,
        testList(groups.stillErrored, context, limit, 'error'),
      ),
    });
  if (groups.newlyPassing.length > 0)
    sections.push({
      importance: 4,
      text: details(`Newly passing (${groups.newlyPassing.length})`, testList(groups.newlyPassing, context, limit, 'none')),
    });
  if (groups.added.length > 0) {
    const addedFailing = groups.added.filter((item) => item.test.head !== 'passed').length;
    const summary = `New tests (${groups.added.length}${addedFailing ? `, ${addedFailing} not passing` : ''})`;
    sections.push({
      importance: addedFailing ? 2 : 4,
      text: details(summary, testList(groups.added, context, limit, 'checks'), addedFailing > 0),
    });
  }
  if (groups.removed.length > 0)
    sections.push({
      importance: 4,
      text: details(`Removed tests (${groups.removed.length})`, testList(groups.removed, context, limit, 'none')),
    });

  if (context.includeOutputs !== false) {
    const failing = [...groups.newlyFailing, ...groups.withoutBase, ...groups.added].filter(
      (item) => item.test.head === 'failed' && hasOutput(item),
    );
    if (failing.length > 0) {
      const hint = sink === 'comment' ? 'the job summary shows more, results.json has all' : 'results.json has all of them';
      sections.push({ importance: 5, text: outputsDetails(failing, limit, hint), short: outputsDetails(failing, 5, hint) });
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
  ].filter(Boolean);
  return `<sub>${parts.join(' · ')}</sub>`;
}

function buildSections(results: ResultsFile, context: ReportContext, sink: Sink): Section[] {
  const sections: Section[] = [];
  if (sink === 'comment' && context.marker) sections.push({ importance: 0, text: context.marker });
  sections.push({ importance: 0, text: verdict(results) });
  if (results.suites.length > 0 || results.comparison?.suites.length) sections.push({ importance: 0, text: suitesTable(results) });
  const matrix = renderModelMatrix(results);
  if (matrix) sections.push({ importance: 1, text: matrix });
  const verdictSection = commentVerdictSection(results);
  if (verdictSection) sections.push({ importance: 1, text: verdictSection });
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
    sections.push({ importance: 1, text: `**Input problems**\n\n${lines.join('\n')}` });
  }
  sections.push(...testSections(results, context, sink));
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
