import type { CheckResult } from '../results/model.js';
import type { ToolCall } from '../providers/types.js';
import type { Json } from '../json/json.js';
import type { Assertion } from '../load/types.js';
import { deepEqual } from '../json/deep-equal.js';

/** `tool-called` / `no-tool-called` / `tool-sequence`: checks on the tool calls made (every step of an agent loop). */

export function checkToolCalled(assertion: Extract<Assertion, { type: 'tool-called' }>, calls: readonly ToolCall[]): CheckResult {
  const { value: name, args } = assertion;
  const checkName = args ? `tool ${name} called with ${JSON.stringify(args)}` : `tool ${name} called`;
  const expected: Json = args ? { name, args } : name;
  const actual = callsAsJson(calls);
  const named = calls.filter((call) => call.name === name);
  if (named.length === 0) {
    const message =
      calls.length === 0 ? 'the answer called no tool' : `${name} was not called (called: ${calls.map((call) => call.name).join(', ')})`;
    return { name: checkName, passed: false, expected, actual, message };
  }
  if (!args || named.some((call) => isSubset(args, call.arguments))) return { name: checkName, passed: true, expected, actual };
  return {
    name: checkName,
    passed: false,
    expected,
    actual,
    message: `${name} was called, but not with arguments that include ${JSON.stringify(args)}`,
  };
}

export function checkNoToolCalled(assertion: Extract<Assertion, { type: 'no-tool-called' }>, calls: readonly ToolCall[]): CheckResult {
  const name = assertion.value;
  const offending = name === undefined ? calls : calls.filter((call) => call.name === name);
  const checkName = name === undefined ? 'no tool called' : `tool ${name} not called`;
  const passed = offending.length === 0;
  return {
    name: checkName,
    passed,
    expected: name === undefined ? 'no tool call' : `no call of ${name}`,
    actual: callsAsJson(calls),
    ...(passed ? {} : { message: `called ${offending.map((call) => call.name).join(', ')}` }),
  };
}

/**
 * `tool-sequence`: the calls made along the way (every step of an agent loop) hold the listed
 * calls in order; other calls may come between them, unless `exact` (then the calls are exactly
 * these). An item is a name, or `{ name, args }` with args a subset match, as for tool-called.
 */
export function checkToolSequence(assertion: Extract<Assertion, { type: 'tool-sequence' }>, calls: readonly ToolCall[]): CheckResult {
  const wanted = assertion.value.map((item) => (typeof item === 'string' ? { name: item } : item));
  const listed = wanted.map((item) => (item.args ? `${item.name}(${JSON.stringify(item.args)})` : item.name)).join(', ');
  const name = `tools called ${assertion.exact ? 'exactly' : 'in order'}: ${listed}`;
  const expected = assertion.value as Json;
  const actual = callsAsJson(calls);
  const matches = (item: (typeof wanted)[number], call: ToolCall) =>
    call.name === item.name && (!item.args || isSubset(item.args, call.arguments));
  const made = calls.length === 0 ? 'no tool was called' : `calls: ${calls.map((call) => call.name).join(', ')}`;
  if (assertion.exact) {
    const first = wanted.findIndex((item, index) => !calls[index] || !matches(item, calls[index]!));
    const passed = first < 0 && calls.length === wanted.length;
    if (passed) return { name, passed, expected, actual };
    const why =
      first >= 0
        ? `call ${first + 1} is not ${wanted[first]!.name}${wanted[first]!.args ? ' with those arguments' : ''}`
        : `${calls.length - wanted.length} more call(s) than listed`;
    return { name, passed, expected, actual, message: `${why}; ${made}` };
  }
  let next = 0;
  for (const call of calls) if (next < wanted.length && matches(wanted[next]!, call)) next += 1;
  if (next === wanted.length) return { name, passed: true, expected, actual };
  const after = next === 0 ? '' : ` after ${wanted[next - 1]!.name}`;
  return {
    name,
    passed: false,
    expected,
    actual,
    message: `${wanted[next]!.name}${wanted[next]!.args ? ' (with those arguments)' : ''} was not called${after}; ${made}`,
  };
}

/** Every key of `expected` is in `actual` with an equal value; objects nest, arrays compare whole. */
export function isSubset(expected: Json, actual: unknown): boolean {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const record = actual as Record<string, unknown>;
    return Object.entries(expected).every(([key, value]) => Object.hasOwn(record, key) && isSubset(value, record[key]));
  }
  return deepEqual(expected, actual as Json);
}

function callsAsJson(calls: readonly ToolCall[]): Json {
  return calls.map((call) => ({ name: call.name, arguments: call.arguments as Json }));
}

/**
 * The output of an answer as results.json, the comment and the judge show it, and as every
 * text check (contains, not-contains, regex, equals on text) reads it: one value, decided here.
 * A tool-call answer shows its calls, one a line after the text: a forbidden
 * `run_sql({"q":"DROP TABLE users"})` is what a `not-contains: DROP TABLE` must see, never an
 * empty text that passes.
 */
export function shownOutput(text: string, calls: readonly ToolCall[]): string {
  if (calls.length === 0) return text;
  const shown = formatToolCalls(calls);
  return text.trim() === '' ? shown : `${text}\n${shown}`;
}

/** How a reviewer reads the calls of an answer: `lookup_order({"order_id":"48213"})`, one a line. */
export function formatToolCalls(calls: readonly ToolCall[]): string {
  return calls
    .map((call) => `${call.name}(${typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments)})`)
    .join('\n');
}
