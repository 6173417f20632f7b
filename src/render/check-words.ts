import type { CheckResult, TestResult, TestStatus } from '../results/model.js';
import { K_OF_N_CHECK } from '../run/repeats.js';
import { escapeInline, inlineCode } from './markdown.js';

/**
 * How one check, and a flaky test, read in the comment: short, and said once. A repeated test's
 * k-of-n check is "0 of 3 runs passed, 2 needed" (not its name, expected, actual and message,
 * which say the same four times); a field check is "intent: expected `billing_issue`, got
 * `general_question`"; a check with a message says the message.
 */

/** The output field a check reads, from the names assertions.ts gives checks ("intent equals …", "no "x" in reply"). */
export function checkField(check: Pick<CheckResult, 'name'>): string | undefined {
  const leading = /^([\w.[\]-]+) (?:equals|contains|matches|>=|<=) /.exec(check.name);
  const trailing = /^no .+ in ([\w.[\]-]+)$/.exec(check.name);
  const field = leading?.[1] ?? trailing?.[1];
  return field === undefined || field === 'output' ? undefined : field;
}

function value(v: unknown, maxLength: number): string {
  return inlineCode(typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'), { maxLength });
}

/** One failed check in a line of Markdown (untrusted text escaped). */
export function describeCheck(check: CheckResult): string {
  if (check.name === K_OF_N_CHECK && check.message) return escapeInline(check.message, 120);
  const field = checkField(check);
  if (check.message) {
    const actual = typeof check.actual === 'string' ? check.actual : JSON.stringify(check.actual);
    // A tool check's actual is the calls, which the line shows with their arguments already.
    const toolCheck = check.name.startsWith('tool ') || check.name === 'no tool called';
    const shown = actual && actual.length <= 80 && !toolCheck && !check.message.includes(actual) ? `; got ${value(check.actual, 80)}` : '';
    return `${escapeInline(check.message, 240)}${shown}`;
  }
  const label = field ?? check.name;
  return `${escapeInline(label, 120)}: expected ${value(check.expected, 80)}, got ${value(check.actual, 80)}`;
}

/** The failed checks of a test, joined: at most `max`, then how many more. */
export function describeChecks(checks: readonly CheckResult[], max = 3): string {
  const shown = checks.slice(0, max).map(describeCheck);
  if (checks.length > max) shown.push(`${checks.length - max} more`);
  return shown.join('; ');
}

/** The one flaky mark: "🎲 flaky, 2 of 3 runs passed". Undefined for a test whose runs agreed. */
export function flakyMark(test: { flaky?: boolean; runs?: readonly { status: TestStatus }[] } | undefined): string | undefined {
  if (!test?.flaky || !test.runs) return undefined;
  const passed = test.runs.filter((run) => run.status === 'passed').length;
  return `🎲 flaky, ${passed} of ${test.runs.length} runs passed`;
}

/** The tool calls of an answer, with their arguments: `lookup_order({"order_id":"48231"})`. */
export function toolCallsText(result: Pick<TestResult, 'toolCalls'> | undefined, maxLength = 160): string {
  const calls = result?.toolCalls ?? [];
  return calls.map((call) => inlineCode(`${call.name}(${JSON.stringify(call.arguments) ?? ''})`, { maxLength })).join(', ');
}
