import { comparisonLookup } from '../results/model-pairs.js';
import { formatInteger, formatMs, formatPercent, formatPointsDelta, formatUsd, plural } from '../lib/format.js';
import {
  type Comparison,
  type SuiteComparison,
  type GateResult,
  type CheckResult,
  type RunResult,
  type SuiteResult,
  type TestResult,
  type RunCalls,
} from '../results/model.js';
import { isCancelled } from '../results/not-run.js';
import { escapeLogText } from './log-text.js';
import { flakyNote } from '../run/repeats.js';
import { consoleVerdictLines } from './verdict-lines.js';
import { describeCalls } from './calls-text.js';

/**
 * The report a developer reads in a terminal (and CI in its log). Pure: results in, text out.
 * Every value from a model or the repository — outputs, test names, ids, versions, model
 * names, paths — goes through escapeLogText: one line each, no ANSI, no workflow command.
 */

export interface ConsoleReportOptions {
  color: boolean;
  /** Cap on failures listed per suite; the rest are counted. */
  maxFailuresPerSuite?: number;
}

/** What the console renders: the results file's shape, of which it reads these parts. */
export type ConsoleInput = RunResult & {
  gate: GateResult;
  comparison?: Comparison;
  cancelled?: boolean;
  base?: RunResult;
  calls?: RunCalls;
};

type Paint = (text: string) => string;

function painter(color: boolean) {
  const wrap = (code: string): Paint => (color ? (text) => `\u001b[${code}m${text}\u001b[0m` : (text) => text);
  return { red: wrap('31'), green: wrap('32'), yellow: wrap('33'), dim: wrap('2'), bold: wrap('1') };
}

/** Single-line, bounded rendering of a value a model produced, escaped for the log: a report is not a dump. */
export function preview(value: unknown, max = 160): string {
  return escapeLogText(value, max);
}

function describeCheck(check: CheckResult): string {
  const detail = check.message ? ` — ${preview(check.message)}` : '';
  return `${preview(check.name, 200)}: expected ${preview(check.expected)}, got ${preview(check.actual)}${detail}`;
}

function answerNotes(suite: SuiteResult, test: TestResult): string {
  const notes: string[] = [];
  if (test.finishReason && test.finishReason !== 'stop' && test.finishReason !== 'tool_calls')
    notes.push(`finish: ${preview(test.finishReason, 40)}`);
  if (test.servedModel && test.servedModel !== suite.model) notes.push(`served by ${preview(test.servedModel, 80)}`);
  if (test.reasoningTokens)
    notes.push(`${formatInteger(test.reasoningTokens)} of ${formatInteger(test.outputTokens)} output tokens reasoning`);
  return notes.length ? ` · ${notes.join(' · ')}` : '';
}

/** " (1,200 reasoning)": the suite's reasoning tokens, part of its output tokens; nothing without any. */
function reasoningText(suite: SuiteResult): string {
  let reasoning = 0;
  for (const test of suite.tests) reasoning += test.reasoningTokens ?? 0;
  return reasoning > 0 ? ` (${formatInteger(reasoning)} reasoning)` : '';
}

function testLines(suite: SuiteResult, test: TestResult, paint: ReturnType<typeof painter>): string[] {
  const where = test.line !== undefined && suite.testsFile ? paint.dim(`  (${preview(suite.testsFile, 200)}:${test.line})`) : '';
  const note = flakyNote(test);
  const repeat = note ? ` [${note}]` : '';
  const name = preview(test.name, 200);
  if (test.status === 'error') {
    return [`  ${paint.yellow('!')} ${name}${repeat}${where}`, `      error: ${preview(test.error, 400)}`];
  }
  return [
    `  ${paint.red('✗')} ${name}${repeat}${where}${answerNotes(suite, test)}`,
    ...test.checks.filter((check) => !check.passed).map((check) => `      ${describeCheck(check)}`),
  ];
}

function rateText(rate: number | null, paint: ReturnType<typeof painter>): string {
  if (rate === null) return paint.yellow('not run');
  return rate >= 1 ? paint.green(formatPercent(rate)) : paint.red(formatPercent(rate));
}

function versusBase(comparison: SuiteComparison | undefined, headRate: number | null, paint: ReturnType<typeof painter>): string {
  if (!comparison?.base) return '';
  const baseRate = comparison.base?.passRate ?? null;
  if (baseRate === null) return ` ${paint.dim('(base not run)')}`;
  const delta = headRate === null ? '' : `, ${formatPointsDelta(headRate - baseRate)}`;
  return ` ${paint.dim(`(base ${formatPercent(baseRate)}${delta})`)}`;
}

function suiteLines(
  suite: SuiteResult,
  options: ConsoleReportOptions,
  paint: ReturnType<typeof painter>,
  comparison?: SuiteComparison,
  baseSuite?: SuiteResult,
): string[] {
  const s = suite.summary;
  const headRate = s.passRate;
  const notRun = s.notRun;
  const lines = [
    `${paint.bold(`${preview(suite.id, 120)} ${preview(suite.version, 60)}`)} ${paint.dim(`${preview(suite.path, 200)} · ${preview(suite.provider, 40)} ${preview(suite.model, 120)}`)}`,
    `  ${s.passed}/${s.total} passed · ${rateText(headRate, paint)}${versusBase(comparison, headRate, paint)} · ${s.failed} failed · ${s.errors} errors · ` +
      `${notRun ? `${notRun} not run · ` : ''}` +
      `${formatInteger(s.inputTokens)} in / ${formatInteger(s.outputTokens)} out tokens${reasoningText(suite)} · ${formatUsd(s.costUsd)} · ` +
      `p50 ${formatMs(s.latencyMs.p50)} · p95 ${formatMs(s.latencyMs.p95)}`,
  ];
  // Test names, metric names and reasons come from the repository: one escaped line each.
  lines.push(...consoleVerdictLines(suite, comparison, baseSuite).map((line) => `  ${preview(line.trimStart(), 600)}`));
  const failing = suite.tests.filter((test) => test.status !== 'passed');
  const max = options.maxFailuresPerSuite ?? 20;
  for (const test of failing.slice(0, max)) lines.push(...testLines(suite, test, paint));
  if (failing.length > max) lines.push(paint.dim(`  … and ${plural(failing.length - max, 'more failing test')} (see results.json)`));
  for (const diagnostic of suite.diagnostics ?? []) {
    if (suite.tests.some((test) => test.status === 'error' && test.error?.includes(diagnostic.message))) continue;
    lines.push(
      `  ${paint.yellow('warning')} ${preview(diagnostic.file, 200)}${diagnostic.line ? `:${diagnostic.line}` : ''}: ${preview(diagnostic.message, 400)}`,
    );
  }
  return lines;
}

export function renderConsole(results: ConsoleInput, options: ConsoleReportOptions): string {
  const { gate, comparison } = results;
  const paint = painter(options.color);
  const comparisonOf = comparisonLookup(comparison?.suites);
  const lines: string[] = [];
  for (const suite of results.suites) {
    const match = comparisonOf(suite);
    // The same model's base suite (a models: matrix has one per model), else the folder's.
    const bases = results.base?.suites.filter((entry) => entry.path === (match?.basePath ?? suite.path)) ?? [];
    const baseSuite =
      bases.find((entry) => entry.provider === suite.provider && entry.model === suite.model) ??
      (bases.length === 1 ? bases[0] : undefined);
    lines.push(...suiteLines(suite, options, paint, match, baseSuite), '');
  }
  const tests = results.suites.flatMap((suite) => suite.tests);
  if (results.cancelled) {
    const cut = tests.filter(isCancelled).length;
    lines.push(
      paint.yellow(
        `Cancelled: ${plural(tests.length - cut, 'test run')} finished and kept, ${plural(cut, 'test run')} errored as "cancelled".`,
      ),
    );
  }
  if (results.suites.length === 0 && gate.passed) {
    // Nothing ran: "gate passed" would claim more than was checked.
    lines.push('No prompt folder was run.');
    return lines.join('\n');
  }
  const t = results.summary;
  if (results.suites.length > 0) {
    lines.push(
      `${plural(results.suites.length, 'suite')} · ${plural(t.total, 'test')} · ${t.passed} passed · ${t.failed} failed · ${t.errors} errors · ` +
        `${t.passRate === null ? 'not run' : formatPercent(t.passRate)} · ${formatUsd(t.costUsd)} · p95 ${formatMs(t.latencyMs.p95)}`,
    );
  }
  const calls = results.calls && describeCalls(results.calls);
  if (calls) lines.push(paint.dim(`${calls}.`));
  if (gate.passed) {
    const every = gate.notes?.length ? 'nothing blocks the merge' : `every suite at or above ${formatPercent(gate.threshold)}`;
    lines.push(paint.green(`Gate passed: ${every}.`));
  } else {
    lines.push(paint.red('Gate failed:'), ...gate.reasons.map((reason) => `  - ${preview(reason, 600)}`));
  }
  if (gate.notes?.length) lines.push(paint.yellow('Not blocking:'), ...gate.notes.map((note) => `  - ${preview(note, 600)}`));
  return lines.join('\n');
}
