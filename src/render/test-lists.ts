import { flakyNote } from '../run/repeats.js';
import { matrixFolders, modelCell } from './model-table.js';
import { plural } from '../lib/format.js';
import { codeBlock, escapeInline, inlineCode } from './markdown.js';
import {
  type SuiteComparison,
  type TestChange,
  type ResultsFile,
  type CheckResult,
  type SuiteResult,
  type TestResult,
} from '../results/model.js';
import { isNotRun, didNotRun } from '../results/not-run.js';
import { comparisonFor } from './suite-table.js';

/**
 * Which tests the report lists, and how one listed test reads. A flip needs two sides that
 * ran: a test (or folder) that never ran on the base is listed as "no base result", and a
 * folder the PR adds is "new" — never "still failing, as on the base".
 */

export interface ListedSuite {
  id: string;
  version: string;
  path: string;
  model?: string;
  /** Set when the folder runs a `models:` matrix: the lists then say which model. */
  provider?: string;
  testsFile?: string;
}

export interface ListItem {
  suite: ListedSuite;
  test: TestChange;
  /** The head result, for what TestChange does not carry (finish reason, served model, tool calls). */
  result?: TestResult;
  /** Why there is nothing to compare with: "new folder", "base not run". */
  note?: string;
}

export interface TestGroups {
  compared: boolean;
  newlyFailing: ListItem[];
  newlyErroring: ListItem[];
  /** Not passing on the head, with no base result to compare with. */
  withoutBase: ListItem[];
  stillFailed: ListItem[];
  stillErrored: ListItem[];
  newlyPassing: ListItem[];
  added: ListItem[];
  removed: ListItem[];
}

/** A repeated test is one entry (its runs are in results.json); a flaky one says so. */
function displayName(test: TestResult): string {
  const note = flakyNote(test);
  return note ? `${test.name} [${note}]` : test.name;
}

function changeOf(test: TestResult): TestChange {
  return {
    name: displayName(test),
    ...(test.line !== undefined ? { line: test.line } : {}),
    head: test.status,
    failedChecks: test.checks.filter((check) => !check.passed),
    error: test.error,
    output: test.output,
  };
}

/** `matrix`: the paths of folders that run a `models:` matrix (their lists name the model). */
function listed(suite: SuiteResult, matrix: ReadonlySet<string>): ListedSuite {
  return {
    id: suite.id,
    version: suite.version,
    path: suite.path,
    model: suite.model,
    ...(matrix.has(suite.path) ? { provider: suite.provider } : {}),
    ...(suite.testsFile ? { testsFile: suite.testsFile } : {}),
  };
}

function notPassing(suite: SuiteResult, matrix: ReadonlySet<string>, note?: string): ListItem[] {
  return suite.tests
    .filter((test) => test.status !== 'passed')
    .map((test) => ({ suite: listed(suite, matrix), test: changeOf(test), result: test, ...(note ? { note } : {}) }));
}

function baseSuiteOf(results: ResultsFile, comparison: SuiteComparison): SuiteResult | undefined {
  const path = comparison.basePath ?? comparison.path;
  const bases = results.base?.suites.filter((suite) => suite.path === path) ?? [];
  // A models: matrix has one base suite per model: the same model's.
  return bases.find((suite) => suite.model === comparison.model && suite.provider === comparison.provider) ?? bases[0];
}

export function groupTests(results: ResultsFile): TestGroups {
  const groups: TestGroups = {
    compared: results.comparison !== undefined,
    newlyFailing: [],
    newlyErroring: [],
    withoutBase: [],
    stillFailed: [],
    stillErrored: [],
    newlyPassing: [],
    added: [],
    removed: [],
  };
  const matrix = new Set(matrixFolders(results).map((folder) => folder.path));
  if (!groups.compared) {
    for (const suite of results.suites) {
      for (const item of notPassing(suite, matrix)) (item.test.head === 'error' ? groups.newlyErroring : groups.newlyFailing).push(item);
    }
    return groups;
  }
  for (const suite of results.suites) {
    const comparison = comparisonFor(results, suite);
    if (!comparison?.base || didNotRun(comparison.base)) {
      const note = !comparison?.base ? 'new folder' : 'base not run';
      groups.withoutBase.push(...notPassing(suite, matrix, note));
      continue;
    }
    const headTests = new Map<string, TestResult>();
    for (const test of suite.tests) if (!headTests.has(test.name) || test.status !== 'passed') headTests.set(test.name, test);
    const baseTests = new Map(baseSuiteOf(results, comparison)?.tests.map((test) => [test.name, test]));
    const item = (test: TestChange): ListItem => {
      const result = headTests.get(test.name);
      return { suite: listed(suite, matrix), test, ...(result ? { result } : {}) };
    };
    // A base test that never ran is no result to flip from: its head failures are listed apart.
    const ranOnBase = (test: TestChange) => !isNotRun(baseTests.get(test.name));
    const split = (tests: TestChange[], into: ListItem[]) => {
      for (const test of tests) {
        if (ranOnBase(test)) into.push(item(test));
        else if (test.head !== 'passed') groups.withoutBase.push({ ...item(test), note: 'not run on the base' });
      }
    };
    split(comparison.newlyFailing, groups.newlyFailing);
    split(comparison.newlyErroring, groups.newlyErroring);
    split(comparison.newlyPassing, groups.newlyPassing);
    split(
      comparison.stillFailing.filter((t) => t.head === 'failed'),
      groups.stillFailed,
    );
    split(
      comparison.stillFailing.filter((t) => t.head !== 'failed'),
      groups.stillErrored,
    );
    groups.added.push(...comparison.addedTests.map(item));
  }
  for (const comparison of results.comparison?.suites ?? []) {
    const suite = { id: comparison.id, version: comparison.version, path: comparison.path };
    for (const test of comparison.removedTests) groups.removed.push({ suite, test });
  }
  return groups;
}

export interface ListContext {
  /** Where the tests a list leaves out can be read; the comment and the job summary say different things. */
  moreHint?: string;
  /** https://github.com/owner/repo, for links to test lines. */
  repositoryUrl?: string;
  /** Commit the head results are from: test links point at it, so line numbers are right. */
  headSha?: string;
}

function testLink(context: ListContext, testsFile: string | undefined, test: { name: string; line?: number }): string {
  const name = inlineCode(test.name, { maxLength: 120 });
  if (!context.repositoryUrl || !context.headSha || !testsFile || test.line === undefined) return name;
  return `[${name}](${context.repositoryUrl}/blob/${context.headSha}/${encodeURI(testsFile).replace(/#/g, '%23')}#L${test.line})`;
}

function describeCheck(check: CheckResult): string {
  const value = (v: unknown) => inlineCode(typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'), { maxLength: 160 });
  const why = check.message ? ` — ${escapeInline(check.message, 300)}` : '';
  return `${escapeInline(check.name, 200)}: expected ${value(check.expected)}, got ${value(check.actual)}${why}`;
}

/** What the providers tell about an answer, when they tell it: a cut-off, another model. */
function answerNotes(item: ListItem): string[] {
  const notes: string[] = [];
  const result = item.result;
  if (result?.finishReason && result.finishReason !== 'stop' && result.finishReason !== 'tool_calls')
    notes.push(`finish: ${escapeInline(result.finishReason, 40)}`);
  if (result?.servedModel && item.suite.model && result.servedModel !== item.suite.model)
    notes.push(`served by ${escapeInline(result.servedModel, 80)}`);
  return notes;
}

export function suiteName(suite: ListedSuite): string {
  const model = suite.provider !== undefined ? ` · ${modelCell(suite)}` : '';
  return `${escapeInline(suite.id, 80)} ${escapeInline(suite.version, 40)}${model}`;
}

export function testList(items: ListItem[], context: ListContext, limit: number, detail: 'checks' | 'error' | 'none'): string {
  const lines: string[] = [];
  for (const item of items.slice(0, limit)) {
    const { suite, test } = item;
    const flip = test.base && test.head ? ` (${test.base} → ${test.head})` : '';
    const extra = [item.note ?? '', ...answerNotes(item)].filter(Boolean);
    lines.push(
      `- ${suiteName(suite)} · ${testLink(context, suite.testsFile, test)}${flip}${extra.length ? ` · ${extra.join(' · ')}` : ''}`,
    );
    const checks = test.failedChecks ?? [];
    if (detail === 'checks') for (const check of checks.slice(0, 5)) lines.push(`  - ${describeCheck(check)}`);
    if (detail === 'checks' && checks.length > 5) lines.push(`  - … and ${plural(checks.length - 5, 'more failed check')}`);
    if (detail === 'checks' && checks.length === 0 && test.error) lines.push(`  - error: ${escapeInline(test.error, 300)}`);
    if (detail === 'error' && test.error) lines.push(`  - ${escapeInline(test.error, 400)}`);
  }
  if (items.length > limit)
    lines.push(`- … and ${plural(items.length - limit, 'more test')} (${context.moreHint ?? 'see the job summary or results.json'})`);
  return lines.join('\n');
}

/** JSON output pretty-printed (a reviewer reads a nested object, not one long line); else as is. */
function outputBlock(item: ListItem): string {
  const toolCalls = item.result?.toolCalls;
  const text = item.test.output ?? '';
  if (toolCalls && toolCalls.length > 0 && text.trim() === '')
    return codeBlock(JSON.stringify(toolCalls, null, 2), { maxLength: OUTPUT_SHOWN, lang: 'json' });
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return codeBlock(JSON.stringify(JSON.parse(trimmed), null, 2), { maxLength: OUTPUT_SHOWN, lang: 'json' });
    } catch {
      // Not JSON after all (prose that starts with a bracket): shown as the model wrote it.
    }
  }
  const wrapped = wrapLongLines(text);
  return wrapped === text
    ? codeBlock(text, { maxLength: OUTPUT_SHOWN })
    : `${codeBlock(wrapped, { maxLength: OUTPUT_SHOWN })}\n_(long lines wrapped for reading)_`;
}

const WRAP_AT = 100;
/** Characters of an output shown in its block. */
const OUTPUT_SHOWN = 2_000;

/**
 * Prose answers come as one long line, which a code block shows in a box that scrolls
 * sideways (seen in the rendered comment): wrapped at spaces for reading. Only the shown
 * head is wrapped; results.json keeps the answer as the model wrote it.
 */
function wrapLongLines(text: string): string {
  const head = text.length > OUTPUT_SHOWN ? text.slice(0, OUTPUT_SHOWN) : text;
  const lines = head.split('\n');
  if (!lines.some((line) => line.length > WRAP_AT + 20)) return text;
  return lines.map((line) => (line.length <= WRAP_AT + 20 ? line : wrapLine(line))).join('\n') + text.slice(head.length);
}

/** Greedy wrap at spaces, in one pass (a regex here backtracked for seconds on long words). */
function wrapLine(line: string): string {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(/ +/)) {
    if (current !== '' && current.length + 1 + word.length > WRAP_AT) {
      out.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  out.push(current);
  return out.join('\n');
}

export function hasOutput(item: ListItem): boolean {
  return !!item.test.output || (item.result?.toolCalls?.length ?? 0) > 0;
}

/** The collapsed outputs, `limit` of them; the summary line says how many are shown and left out. */
export function outputsDetails(items: ListItem[], limit: number, leftOutHint: string): string {
  const shown = items.slice(0, limit);
  const blocks = shown.map((item) => `**${suiteName(item.suite)} · ${escapeInline(item.test.name, 120)}**\n\n${outputBlock(item)}`);
  const leftOut = items.length - shown.length;
  const title =
    leftOut > 0
      ? `Model outputs of failing tests (${shown.length} of ${items.length} shown, ${leftOut} left out)`
      : `Model outputs of failing tests (${items.length})`;
  if (leftOut > 0) blocks.push(`_${plural(leftOut, 'more output')} left out: ${leftOutHint}._`);
  return `<details><summary>${title}</summary>\n\n${blocks.join('\n\n')}\n\n</details>`;
}
