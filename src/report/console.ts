import { comparisonLookup } from './model-pairs.js';
import type { Comparison, SuiteComparison } from './compare.js';
import { formatInteger, formatMs, formatPercent, formatPointsDelta, formatUsd, plural } from './format.js';
import type { GateResult } from './gate.js';
import type { CheckResult, RunResult, SuiteResult, TestResult } from './types.js';

export interface ConsoleReportOptions {
  color: boolean;
  /** Cap on failures listed per suite; the rest are counted. */
  maxFailuresPerSuite?: number;
}

type Paint = (text: string) => string;

function painter(color: boolean) {
  const wrap = (code: string): Paint => (color ? (text) => `\u001b[${code}m${text}\u001b[0m` : (text) => text);
  return { red: wrap('31'), green: wrap('32'), yellow: wrap('33'), dim: wrap('2'), bold: wrap('1') };
}

/** Single-line, bounded rendering of a value a model produced: a report is not a dump. */
export function preview(value: unknown, max = 160): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function describeCheck(check: CheckResult): string {
  const detail = check.message ? ` — ${preview(check.message)}` : '';
  return `${check.name}: expected ${preview(check.expected)}, got ${preview(check.actual)}${detail}`;
}

function testLines(suite: SuiteResult, test: TestResult, paint: ReturnType<typeof painter>): string[] {
  const where = test.line !== undefined && suite.testsFile ? paint.dim(`  (${suite.testsFile}:${test.line})`) : '';
  const repeat = test.repeat !== undefined ? ` [run ${test.repeat}]` : '';
  if (test.status === 'error') {
    return [`  ${paint.yellow('!')} ${test.name}${repeat}${where}`, `      error: ${preview(test.error, 400)}`];
  }
  return [
    `  ${paint.red('✗')} ${test.name}${repeat}${where}`,
    ...test.checks.filter((check) => !check.passed).map((check) => `      ${describeCheck(check)}`),
  ];
}

function suiteLines(suite: SuiteResult, options: ConsoleReportOptions, paint: ReturnType<typeof painter>, base?: SuiteComparison): string[] {
  const s = suite.summary;
  const rate = s.passRate === null ? paint.red('not run') : s.passRate >= 1 ? paint.green(formatPercent(s.passRate)) : paint.red(formatPercent(s.passRate));
  const baseRate = base?.base?.passRate === null ? 'not run' : formatPercent(base?.base?.passRate);
  const versus = base?.base ? ` ${paint.dim(`(base ${baseRate}${base.delta.passRate === null ? '' : `, ${formatPointsDelta(base.delta.passRate)}`})`)}` : '';
  const lines = [
    `${paint.bold(`${suite.id} ${suite.version}`)} ${paint.dim(`${suite.path} · ${suite.provider} ${suite.model}`)}`,
    `  ${s.passed}/${s.total} passed · ${rate}${versus} · ${s.failed} failed · ${s.errors} errors · ` +
      `${formatInteger(s.inputTokens)} in / ${formatInteger(s.outputTokens)} out tokens · ${formatUsd(s.costUsd)} · ` +
      `p50 ${formatMs(s.latencyMs.p50)} · p95 ${formatMs(s.latencyMs.p95)}`,
  ];
  const failing = suite.tests.filter((test) => test.status !== 'passed');
  const max = options.maxFailuresPerSuite ?? 20;
  for (const test of failing.slice(0, max)) lines.push(...testLines(suite, test, paint));
  if (failing.length > max) lines.push(paint.dim(`  … and ${plural(failing.length - max, 'more failing test')} (see results.json)`));
  for (const diagnostic of suite.diagnostics ?? []) {
    if (suite.tests.some((test) => test.status === 'error' && test.error?.includes(diagnostic.message))) continue;
    lines.push(`  ${paint.yellow('warning')} ${diagnostic.file}${diagnostic.line ? `:${diagnostic.line}` : ''}: ${diagnostic.message}`);
  }
  return lines;
}

/** The report a developer reads in a terminal (and CI in its log). Pure: data in, text out. */
export function renderConsoleReport(
  run: RunResult,
  gate: GateResult,
  options: ConsoleReportOptions,
  comparison?: Comparison,
): string {
  const paint = painter(options.color);
  const comparisonOf = comparisonLookup(comparison?.suites);
  const lines: string[] = [];
  for (const suite of run.suites) {
    lines.push(...suiteLines(suite, options, paint, comparisonOf(suite)), '');
  }
  if (run.suites.length === 0 && gate.passed) {
    // Nothing ran: "gate passed" would claim more than was checked.
    lines.push('No prompt folder was run.');
    return lines.join('\n');
  }
  const t = run.summary;
  if (run.suites.length > 0) {
    lines.push(
      `${plural(run.suites.length, 'suite')} · ${plural(t.total, 'test')} · ${t.passed} passed · ${t.failed} failed · ${t.errors} errors · ` +
        `${formatPercent(t.passRate)} · ${formatUsd(t.costUsd)} · p95 ${formatMs(t.latencyMs.p95)}`,
    );
  }
  const tests = run.suites.flatMap((suite) => suite.tests);
  const live = tests.filter((test) => test.source === 'live').length;
  const replayed = tests.filter((test) => test.source === 'replay').length;
  if (live + replayed > 0) {
    lines.push(paint.dim(live === 0 ? 'All answers replayed from recordings (no API calls).' : `${replayed} answers replayed, ${live} live calls.`));
  }
  if (gate.passed) {
    lines.push(paint.green(`Gate passed: every suite at or above ${formatPercent(gate.threshold)}.`));
  } else {
    lines.push(paint.red('Gate failed:'), ...gate.reasons.map((reason) => `  - ${reason}`));
  }
  return lines.join('\n');
}
