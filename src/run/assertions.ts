import type { CheckResult } from '../results/model.js';
import { compileUserSchema, describeOutputErrors, truncate, userSchemaName } from '../load/files/schemas.js';
import type { ToolCall } from '../providers/types.js';
import type { Assertion, TestCase } from '../load/types.js';
import type { Json } from '../json/json.js';
import { deepEqual } from '../json/deep-equal.js';
import { checkNoToolCalled, checkToolCalled, checkToolSequence, shownOutput } from './tool-checks.js';
import { RegexTimeoutError, testRegex } from '../lib/regex-sandbox.js';
import { finishCheck, type Outcome } from './negate.js';
import { notJson, OutputView, SHOWN_OUTPUT_CHARS, type Selected } from './output-view.js';
import { checkText } from './text-checks.js';

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
  /** Every call made along the way (each step of an agent loop), for the tool checks; default `toolCalls`. */
  allToolCalls?: readonly ToolCall[];
}

/**
 * Runs every assertion of a test on one answer. Never throws: an answer that is not JSON, a
 * missing field, a bad pattern or an unknown cost each make a failed check that says why.
 * `schema` (the folder's) is checked too unless the test already lists it; not on an answer
 * that calls tools: schema.json describes the final answer, and a tool call (with or without a
 * "Let me look that up." before it) is a step on the way to it, checked with the tool checks.
 */
export function evaluateChecks(test: TestCase, answer: Answer, schema?: Record<string, unknown>): CheckResult[] {
  const calls = answer.toolCalls ?? [];
  const isFolderSchema = (assertion: Assertion) => assertion.type === 'json-schema' && assertion.value === schema && !assertion.negated;
  let assertions: Assertion[] =
    schema && !test.assert.some(isFolderSchema) ? [{ type: 'json-schema', value: schema }, ...test.assert] : test.assert;
  if (schema && calls.length > 0) assertions = assertions.filter((assertion) => !isFolderSchema(assertion));
  const output = new OutputView(answer.output ?? shownOutput(answer.text, calls), answer.text, calls.length > 0);
  return assertions.map((assertion) => finishCheck(evaluate(assertion, output, answer), assertion));
}

function evaluate(assertion: Assertion, output: OutputView, answer: Answer): Outcome {
  const allCalls = answer.allToolCalls ?? answer.toolCalls ?? [];
  switch (assertion.type) {
    case 'equals':
      return checkEquals(assertion, output);
    case 'contains':
    case 'not-contains':
      return checkContains(assertion, output);
    case 'icontains':
    case 'contains-any':
    case 'contains-all':
    case 'starts-with':
      return checkText(assertion, assertion.path === undefined ? { ok: true, value: output.text } : output.select(assertion.path));
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
      return checkToolCalled(assertion, allCalls);
    case 'no-tool-called':
      return checkNoToolCalled(assertion, allCalls);
    case 'tool-sequence':
      return checkToolSequence(assertion, allCalls);
    case 'rubric':
    case 'js':
    case 'similar':
      // The runner makes these (they call a judge, run code or ask for embeddings), not this.
      return {
        name: `${assertion.type} check`,
        passed: false,
        expected: null,
        actual: null,
        message: `${assertion.type} is run by the runner`,
        undecided: true,
      };
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
// The checks

function show(value: Json): string {
  return truncate(JSON.stringify(value), 80);
}

function checkEquals(assertion: Extract<Assertion, { type: 'equals' }>, output: OutputView): Outcome {
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

function checkContains(assertion: Extract<Assertion, { type: 'contains' | 'not-contains' }>, output: OutputView): Outcome {
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
  else return { name, passed: false, expected, actual: value, message: `${where} is neither text nor a list`, undecided: true };
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

function checkRegex(assertion: Extract<Assertion, { type: 'regex' }>, output: OutputView): Outcome {
  const where = assertion.path ?? 'output';
  const pattern = `/${assertion.value}/${assertion.flags ?? ''}`;
  const name = `${where} matches ${pattern}`;
  const selected: Selected = assertion.path === undefined ? { ok: true, value: output.text } : output.select(assertion.path);
  if (!selected.ok) return { name, expected: pattern, ...selected.failure };
  const subject = typeof selected.value === 'string' ? selected.value : JSON.stringify(selected.value);
  const result = testRegex(assertion.value, assertion.flags ?? '', subject);
  const actual = truncate(subject, SHOWN_OUTPUT_CHARS);
  if ('error' in result) return { name, passed: false, expected: pattern, actual, message: result.error, undecided: true };
  return { name, passed: result.matched, expected: pattern, actual };
}

function checkBound(assertion: Extract<Assertion, { type: 'min' | 'max' }>, output: OutputView): Outcome {
  const name = `${assertion.path} ${assertion.type === 'min' ? '>=' : '<='} ${assertion.value}`;
  const expected = assertion.value;
  const selected = output.select(assertion.path);
  if (!selected.ok) return { name, expected, ...selected.failure };
  const actual = selected.value;
  if (typeof actual !== 'number')
    return { name, passed: false, expected, actual, message: `${assertion.path} is not a number`, undecided: true };
  return { name, passed: assertion.type === 'min' ? actual >= expected : actual <= expected, expected, actual };
}

function checkIsJson(output: OutputView): Outcome {
  const parsed = output.json();
  if (parsed.ok) return { name: 'output is JSON', passed: true, expected: 'JSON', actual: 'JSON' };
  // Not JSON is this check's verdict (not-is-json passes on it), not a failure to look.
  const { undecided: _undecided, ...failure } = notJson(output.text, parsed.reason);
  return { name: 'output is JSON', expected: 'JSON', ...failure };
}

function checkSchema(schema: Record<string, unknown>, output: OutputView): Outcome {
  const { label, name, expected } = schemaCheckWords(schema);
  const parsed = output.json();
  if (!parsed.ok) return { name, expected, ...notJson(output.text, parsed.reason) };
  const compiled = compileUserSchema(schema);
  if (!compiled.ok) return { name, passed: false, expected, actual: null, message: `${label} ${compiled.message}`, undecided: true };
  let valid: boolean;
  try {
    valid = compiled.validate(parsed.value);
  } catch (error) {
    // A pattern of the schema that timed out (lib/regex-sandbox.ts): no verdict on the answer.
    if (!(error instanceof RegexTimeoutError)) throw error;
    return {
      name,
      passed: false,
      expected,
      actual: 'not checked',
      message: `${label} could not be checked: ${error.message}`,
      undecided: true,
    };
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

function checkAtMost(name: string, limit: number, actual: number | null, what: string): Outcome {
  if (actual === null) {
    const why =
      what === 'cost' ? 'cost is unknown (no price for this model; add it under pricing in promptgate.yaml)' : `${what} is unknown`;
    return { name, passed: false, expected: limit, actual: null, message: why, undecided: true };
  }
  return { name, passed: actual <= limit, expected: limit, actual };
}
