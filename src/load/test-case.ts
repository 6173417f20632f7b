import type { Diagnostic } from '../lib/diagnostics.js';
import type { Assertion, TestCase } from './types.js';
import { isRecord, stringifyValues } from './values.js';
import { checkWrittenAssertions, expandAssertions } from './test-assertions.js';
import { readMessages, readToolResults, type PlaceOf } from './test-messages.js';

/*
 * One test, from its fields as written (a tests.yaml entry, or a row of a data file) to the
 * TestCase the runner runs, with every problem found located by `place`.
 */

/** Where a test was written. */
export interface TestPlace {
  /** The test's line in tests.yaml (for a data file's row, the line of its `- file:` entry). */
  line: number;
  /** Where a node under the test is: file, line (and column in a data file), field. */
  place: PlaceOf;
  /** Only the line of a node under the test (every check asks for it: kept cheap). */
  lineOf(relative: string, key?: string): number | undefined;
  /** A test read from a data file: that file and the row's line. */
  dataRow?: { file: string; line: number };
  /** Checks every test of a data file gets (its entry's `assert:`), already expanded. */
  extraAssert?: Assertion[];
}

/**
 * The TestCase of `fields`. `problems` are what the schema found; when there are any, the
 * test's own checks are not expanded (they may be what is malformed) and the first problem
 * makes the test invalid: it is reported as errored, and the other tests still run.
 */
export function buildTest(
  fields: Record<string, unknown>,
  where: TestPlace,
  schema: Record<string, unknown> | undefined,
  schemaProblems: Diagnostic[],
): { test: TestCase; problems: Diagnostic[] } {
  const problems = [...schemaProblems];
  const { line, place } = where;
  const named = typeof fields.name === 'string' && fields.name !== '';
  const test: TestCase = {
    name: named ? (fields.name as string) : `(unnamed test at line ${where.dataRow?.line ?? line})`,
    input: typeof fields.input === 'string' ? fields.input : '',
    vars: isRecord(fields.vars) ? stringifyValues(scalarsOnly(fields.vars)) : {},
    assert: [],
    line,
  };
  // Set one by one: a spread per optional piece makes an object per piece per test.
  if (where.dataRow) test.dataRow = where.dataRow;
  if (typeof fields.repeat === 'number') test.repeat = fields.repeat;
  if (typeof fields.min_pass === 'number') test.minPass = fields.min_pass;
  if (fields.required === true) test.required = true;
  if (typeof fields.max_steps === 'number') test.maxSteps = fields.max_steps;
  if (problems.length === 0 && Array.isArray(fields.messages) && fields.messages.length > 0) {
    const read = readMessages(fields.messages, place);
    test.messages = read.messages;
    problems.push(...read.problems);
  }
  if (problems.length === 0 && isRecord(fields.tool_results)) {
    const read = readToolResults(fields.tool_results, place);
    test.toolResults = read.results;
    problems.push(...read.problems);
  }
  if (test.minPass !== undefined && test.repeat !== undefined && test.minPass > test.repeat) {
    problems.push({
      ...place('', 'min_pass'),
      message: `${test.minPass} runs must pass but the test has only ${test.repeat}: set repeat to at least ${test.minPass}`,
    });
  }
  if (problems.length === 0) {
    test.assert = [...expandAssertions(fields, where.lineOf, schema, line), ...(where.extraAssert ?? [])];
    problems.push(...checkWrittenAssertions(fields.assert, '/assert', place));
  }
  return { test, problems };
}

function scalarsOnly(values: Record<string, unknown>): Record<string, string | number | boolean> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))) as Record<
    string,
    string | number | boolean
  >;
}
