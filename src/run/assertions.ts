import type { CheckResult } from '../results/model.js';
import { compileUserSchema, describeOutputErrors, truncate, userSchemaName } from '../load/files/schemas.js';
import type { ToolCall } from '../providers/types.js';
import type { Assertion, TestCase } from '../load/types.js';
import type { Json } from '../json/json.js';
import { childOf, formatPath, parsePath } from '../json/field-path.js';
import { deepEqual } from '../json/deep-equal.js';
import { parseOutputJson, type Parsed } from '../json/output-json.js';
import { checkNoToolCalled, checkToolCalled, shownOutput } from './tool-checks.js';
import { RegexTimeoutError, testRegex } from '../lib/regex-sandbox.js';

/** What a check looks at: the answer and what it cost. Unknown latency or cost is null, never 0. */
export interface Answer {
  /** The model's message text: where JSON checks look for the JSON answer. */
  text: string;
  /**
   * The output as results.json and the comment show it (shownOutput: the text, then the tool
   * calls), which every text check reads. Computed from `text` and `toolCalls` when absent.
   */
  output?: string;
  outputTokens: number;
  latencyMs: number | null;
  costUsd: number | null;
  /** The answer's tool calls (none when absent). */
  toolCalls?: readonly ToolCall[];
}

/** Raw output shown in a failed check: enough to see what went wrong, not a whole essay. */
const SHOWN_OUTPUT_CHARS = 500;
/**
 * Runs every assertion of a test on one answer. Never throws: an answer that is not JSON, a
 * missing field, a bad pattern or an unknown cost each make a failed check that says why.
 * `schema` (the folder's) is checked too unless the test already lists it.
 */
export function evaluateChecks(test: TestCase, answer: Answer, schema?: Record<string, unknown>): CheckResult[] {
  const assertions: Assertion[] =
    schema && !test.assert.some((assertion) => assertion.type === 'json-schema' && assertion.value === schema)
      ? [{ type: 'json-schema', value: schema }, ...test.assert]
      : test.assert;
  const calls = answer.toolCalls ?? [];
  const output = new OutputView(answer.output ?? shownOutput(answer.text, calls), answer.text, calls.length > 0);
  return assertions.map((assertion) => evaluate(assertion, output, answer));
}

function evaluate(assertion: Assertion, output: OutputView, answer: Answer): CheckResult {
  switch (assertion.type) {
    case 'equals':
      return checkEquals(assertion, output);
    case 'contains':
    case 'not-contains':
      return checkContains(assertion, output);
    case 'regex':
      return checkRegex(assertion, output);
    case 'min':
    case 'max':
      return checkBound(assertion, output);
    case 'is-json':
      return checkIsJson(output);
    case 'json-schema':
      return checkSchema(assertion.value, output);
    case 'max-tokens':
      return checkAtMost(`output tokens <= ${assertion.value}`, assertion.value, answer.outputTokens, 'output tokens');
    case 'max-latency-ms':
      return checkAtMost(`latency <= ${assertion.value} ms`, assertion.value, answer.latencyMs, 'latency');
    case 'max-cost-usd':
      return checkAtMost(`cost <= $${assertion.value}`, assertion.value, answer.costUsd, 'cost');
    case 'tool-called':
      return checkToolCalled(assertion, answer.toolCalls ?? []);
    case 'no-tool-called':
      return checkNoToolCalled(assertion, answer.toolCalls ?? []);
    default: {
      // The loader validates types; this guards callers that build tests by hand.
      const unknown = assertion as { type: string };
      return {
        name: `${String(unknown.type)} check`,
        passed: false,
        expected: null,
        actual: null,
        message: `unknown assertion type "${String(unknown.type)}"`,
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The output, parsed as JSON at most once

type Selected = { ok: true; value: Json } | { ok: false; failure: Omit<CheckResult, 'name' | 'expected'> };

/**
 * Text checks read `text`, the output as shown. JSON checks (a `path:`, is-json, a schema,
 * equals on a value that is not text, min / max) read the JSON answer in the model's message:
 * tool calls are not a JSON answer. A tool-call answer with no text is "not JSON" to them, and
 * its calls are checked with tool-called; a text + calls answer is judged on its text's JSON.
 * (Treating the calls as a JSON list would check schema.json against `[{name, arguments}]` and
 * let `path: q` reach into a call's arguments by accident.)
 */
class OutputView {
  private parsed?: Parsed;
  constructor(
    readonly text: string,
    private readonly messageText: string,
    private readonly hasToolCalls: boolean,
  ) {}

  json(): Parsed {
    this.parsed ??=
      this.hasToolCalls && this.messageText.trim() === ''
        ? { ok: false, reason: 'the answer is tool calls, not a JSON answer; check them with tool-called' }
        : parseOutputJson(this.messageText);
    return this.parsed;
  }

  /** The field at `path`, or a failure saying why there is none (not JSON, missing field). */
  select(path: string): Selected {
    const parsed = this.json();
    if (!parsed.ok) return { ok: false, failure: notJson(this.text, parsed.reason) };
    const segments = parsePath(path);
    if (!segments)
      return { ok: false, failure: { passed: false, actual: null, message: `"${path}" is not a field path (write it like a.b[0].c)` } };
    let value: Json = parsed.value;
    for (let index = 0; index < segments.length; index += 1) {
      const next = childOf(value, segments[index]!);
      if (next === undefined) {
        const reached = formatPath(segments.slice(0, index + 1));
        return { ok: false, failure: { passed: false, actual: null, message: `output has no field ${reached}` } };
      }
      value = next;
    }
    return { ok: true, value };
  }
}

function notJson(text: string, reason: string): Omit<CheckResult, 'name' | 'expected'> {
  return { passed: false, actual: truncate(text, SHOWN_OUTPUT_CHARS), message: `output is not JSON (${reason})` };
}

// ---------------------------------------------------------------------------------------------
// The checks

function show(value: Json): string {
  return truncate(JSON.stringify(value), 80);
}

function checkEquals(assertion: Extract<Assertion, { type: 'equals' }>, output: OutputView): CheckResult {
  const name = `${assertion.path ?? 'output'} equals ${show(assertion.value)}`;
  const expected = assertion.value;
  if (assertion.path === undefined && typeof expected === 'string') {
    // Compared as text: a prose answer is judged as prose.
    const actual = output.text.trim();
    return { name, passed: actual === expected, expected, actual: truncate(actual, SHOWN_OUTPUT_CHARS) };
  }
  const selected = assertion.path === undefined ? fromJson(output) : output.select(assertion.path);
  if (!selected.ok) return { name, expected, ...selected.failure };
  return { name, passed: deepEqual(selected.value, expected), expected, actual: selected.value };
}

function fromJson(output: OutputView): Selected {
  const parsed = output.json();
  return parsed.ok ? parsed : { ok: false, failure: notJson(output.text, parsed.reason) };
}

function checkContains(assertion: Extract<Assertion, { type: 'contains' | 'not-contains' }>, output: OutputView): CheckResult {
  const where = assertion.path ?? 'output';
  const wanted = assertion.type === 'contains';
  const name = wanted ? `${where} contains ${show(assertion.value)}` : `no ${show(assertion.value)} in ${where}`;
  const expected = assertion.value;
  const selected: Selected = assertion.path === undefined ? { ok: true, value: output.text } : output.select(assertion.path);
  if (!selected.ok) return { name, expected, ...selected.failure };
  const value = selected.value;
  let found: boolean;
  if (typeof value === 'string') found = value.includes(assertion.value);
  else if (Array.isArray(value)) found = value.some((item) => item === assertion.value);
  else return { name, passed: false, expected, actual: value, message: `${where} is neither text nor a list` };
  // A text that should not contain something is shown around the offending match, where a
  // reviewer needs to look, rather than from its start.
  const actual =
    typeof value === 'string'
      ? found && !wanted
        ? excerptAround(value, value.indexOf(assertion.value), assertion.value.length)
        : truncate(value, SHOWN_OUTPUT_CHARS)
      : value;
  return {
    name,
    passed: found === wanted,
    expected,
    actual,
    ...(found !== wanted
      ? { message: wanted ? `${show(assertion.value)} not found in ${where}` : `${where} contains ${show(assertion.value)}` }
      : {}),
  };
}

const EXCERPT_CONTEXT = 60;

function excerptAround(text: string, index: number, length: number): string {
  const start = Math.max(0, index - EXCERPT_CONTEXT);
  const end = Math.min(text.length, index + length + EXCERPT_CONTEXT);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

function checkRegex(assertion: Extract<Assertion, { type: 'regex' }>, output: OutputView): CheckResult {
  const where = assertion.path ?? 'output';
  const pattern = `/${assertion.value}/${assertion.flags ?? ''}`;
  const name = `${where} matches ${pattern}`;
  const selected: Selected = assertion.path === undefined ? { ok: true, value: output.text } : output.select(assertion.path);
  if (!selected.ok) return { name, expected: pattern, ...selected.failure };
  const subject = typeof selected.value === 'string' ? selected.value : JSON.stringify(selected.value);
  const result = testRegex(assertion.value, assertion.flags ?? '', subject);
  const actual = truncate(subject, SHOWN_OUTPUT_CHARS);
  if ('error' in result) return { name, passed: false, expected: pattern, actual, message: result.error };
  return { name, passed: result.matched, expected: pattern, actual };
}

function checkBound(assertion: Extract<Assertion, { type: 'min' | 'max' }>, output: OutputView): CheckResult {
  const name = `${assertion.path} ${assertion.type === 'min' ? '>=' : '<='} ${assertion.value}`;
  const expected = assertion.value;
  const selected = output.select(assertion.path);
  if (!selected.ok) return { name, expected, ...selected.failure };
  const actual = selected.value;
  if (typeof actual !== 'number') return { name, passed: false, expected, actual, message: `${assertion.path} is not a number` };
  return { name, passed: assertion.type === 'min' ? actual >= expected : actual <= expected, expected, actual };
}

function checkIsJson(output: OutputView): CheckResult {
  const parsed = output.json();
  if (parsed.ok) return { name: 'output is JSON', passed: true, expected: 'JSON', actual: 'JSON' };
  return { name: 'output is JSON', expected: 'JSON', ...notJson(output.text, parsed.reason) };
}

function checkSchema(schema: Record<string, unknown>, output: OutputView): CheckResult {
  const { label, name, expected } = schemaCheckWords(schema);
  const parsed = output.json();
  if (!parsed.ok) return { name, expected, ...notJson(output.text, parsed.reason) };
  const compiled = compileUserSchema(schema);
  if (!compiled.ok) return { name, passed: false, expected, actual: null, message: `${label} ${compiled.message}` };
  let valid: boolean;
  try {
    valid = compiled.validate(parsed.value);
  } catch (error) {
    // A pattern of the schema that timed out (lib/regex-sandbox.ts): no verdict on the answer.
    if (!(error instanceof RegexTimeoutError)) throw error;
    return { name, passed: false, expected, actual: 'not checked', message: `${label} could not be checked: ${error.message}` };
  }
  if (valid) return { name, passed: true, expected, actual: 'valid' };
  const problems = describeOutputErrors(compiled.validate.errors ?? []);
  // The problems are the message; `actual` stays short so a report line reads at a glance.
  const actual = problems.length === 1 ? 'invalid: 1 problem' : `invalid: ${problems.length} problems`;
  return { name, passed: false, expected, actual, message: problems.join('; ') };
}

/**
 * How a schema's check reads, made once per schema: every test of a folder is checked against
 * the same schema.json, and each result would otherwise hold its own copies of these strings.
 */
const schemaWords = new WeakMap<object, { label: string; name: string; expected: string }>();
function schemaCheckWords(schema: Record<string, unknown>): { label: string; name: string; expected: string } {
  let words = schemaWords.get(schema);
  if (!words) {
    const label = userSchemaName(schema) ?? 'the inline schema';
    words = { label, name: `output matches ${label}`, expected: `valid against ${label}` };
    schemaWords.set(schema, words);
  }
  return words;
}

function checkAtMost(name: string, limit: number, actual: number | null, what: string): CheckResult {
  if (actual === null) {
    const why =
      what === 'cost' ? 'cost is unknown (no price for this model; add it under pricing in promptgate.yaml)' : `${what} is unknown`;
    return { name, passed: false, expected: limit, actual: null, message: why };
  }
  return { name, passed: actual <= limit, expected: limit, actual };
}
