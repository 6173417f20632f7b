import type { Diagnostic } from '../lib/diagnostics.js';
import type { ChatMessage } from '../providers/types.js';
import { lineAt, parseYamlText, pointerToField, type Positions } from './files/positions.js';
import { compileUserSchema, schemaErrorsToDiagnostics, validateToolFile } from './files/schemas.js';
import { readTextFile, type FileSource } from './files/file-source.js';
import { shortToken } from '../lib/quote.js';
import type { Json } from '../json/json.js';
import type { Assertion, TestCase } from './types.js';
import { isRecord, lineIfKnown, stringifyValues } from './values.js';
import { validateRubricAssertion } from './rubric.js';

/*
 * tests.yaml: the shorthand (`expected_<field>`, `min_<field>`, `max_<field>`) and the general
 * `assert:` form, expanded into typed assertions that each carry their line.
 */

export interface LoadedTests {
  tests: TestCase[];
  /** Problems with the file as a whole: the folder cannot run. */
  errors: Diagnostic[];
  /** Second and later problems of an invalid test (its first is `test.invalid`). */
  warnings: Diagnostic[];
}

/**
 * Keys of a test that are settings, not shorthand checks: `min_pass` would otherwise read as
 * "output.pass >= N" through the `min_<field>` shorthand.
 */
const RESERVED_TEST_KEYS = new Set(['repeat', 'min_pass', 'required']);

/** Shorthand keys that mean a budget check, not a field of the output named `tokens`, etc. */
const BUDGET_SHORTHANDS: Record<string, 'max-tokens' | 'max-latency-ms' | 'max-cost-usd'> = {
  max_tokens: 'max-tokens',
  max_latency_ms: 'max-latency-ms',
  max_cost_usd: 'max-cost-usd',
};

/**
 * A suite of 20,000 tests is ~2.5 MB and must load; a file of 50 MB is a mistake or an attack.
 * (The other guard, against YAML alias bombs, is yaml's maxAliasCount in files/yaml-document.ts.)
 */
export const MAX_TESTS_FILE_BYTES = 16 * 1024 * 1024;

export async function loadTests(source: FileSource, file: string, schema: Record<string, unknown> | undefined): Promise<LoadedTests> {
  const none = (errors: Diagnostic[]): LoadedTests => ({ tests: [], errors, warnings: [] });
  const read = await readTextFile(source, file, MAX_TESTS_FILE_BYTES);
  if (read.status === 'missing') return none([{ file, message: 'is missing: a prompt folder needs tests.yaml (its test suite)' }]);
  if (read.status === 'invalid') return none([read.error]);
  const parsed = await parseYamlText(read.text, file);
  if (!parsed.ok) return none(parsed.errors);
  const { value } = parsed.parsed;
  if (value === null || value === undefined) return none([{ file, line: 1, message: 'is empty; expected a `tests:` list' }]);

  const schemaErrors = validateToolFile('tests', value);
  const perTest = new Map<number, typeof schemaErrors>();
  const fileErrors: typeof schemaErrors = [];
  for (const error of schemaErrors) {
    const match = /^\/tests\/(\d+)(?:\/|$)/.exec(error.instancePath);
    if (!match) fileErrors.push(error);
    else perTest.set(Number(match[1]), [...(perTest.get(Number(match[1])) ?? []), error]);
  }
  if (fileErrors.length > 0) return none(schemaErrorsToDiagnostics(fileErrors, file, parsed.parsed));

  const items = (value as { tests: unknown[] }).tests;
  const tests: TestCase[] = [];
  const warnings: Diagnostic[] = [];
  const firstLineOfName = new Map<string, number>();
  items.forEach((item, index) => {
    const pointer = `/tests/${index}`;
    const line = lineAt(parsed.parsed, pointer) ?? 1;
    const problems = schemaErrorsToDiagnostics(perTest.get(index) ?? [], file, parsed.parsed);
    const fields = isRecord(item) ? item : {};
    const named = typeof fields.name === 'string' && fields.name !== '';
    const test: TestCase = {
      name: named ? (fields.name as string) : `(unnamed test at line ${line})`,
      input: typeof fields.input === 'string' ? fields.input : '',
      vars: isRecord(fields.vars) ? stringifyValues(scalarsOnly(fields.vars)) : {},
      ...(Array.isArray(fields.messages) && fields.messages.length > 0 ? { messages: fields.messages as ChatMessage[] } : {}),
      assert: [],
      line,
      ...(typeof fields.repeat === 'number' ? { repeat: fields.repeat } : {}),
      ...(typeof fields.min_pass === 'number' ? { minPass: fields.min_pass } : {}),
      ...(fields.required === true ? { required: true } : {}),
      ...(fields.needs_expected === true ? { needsExpected: true as const } : {}),
    };
    if (test.minPass !== undefined && test.repeat !== undefined && test.minPass > test.repeat) {
      problems.push({
        file,
        ...lineIfKnown(lineAt(parsed.parsed, pointer, 'min_pass')),
        field: pointerToField(pointer, 'min_pass'),
        message: `${test.minPass} runs must pass but the test has only ${test.repeat}: set repeat to at least ${test.minPass}`,
      });
    }
    if (problems.length === 0) {
      test.assert = expandAssertions(fields, pointer, parsed.parsed, schema, line);
      problems.push(...checkWrittenAssertions(fields, pointer, file, parsed.parsed));
    }
    if (named) {
      const first = firstLineOfName.get(test.name);
      if (first === undefined) firstLineOfName.set(test.name, line);
      else {
        problems.unshift({
          file,
          ...lineIfKnown(lineAt(parsed.parsed, `${pointer}/name`)),
          field: pointerToField(pointer, 'name'),
          message: `duplicate test name "${test.name}" (first used at line ${first}); names must be unique because results are matched by name`,
        });
      }
    }
    if (problems.length > 0) {
      test.invalid = problems[0];
      warnings.push(...problems.slice(1));
    }
    tests.push(test);
  });
  return { tests, errors: [], warnings };
}

function scalarsOnly(values: Record<string, unknown>): Record<string, string | number | boolean> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))) as Record<
    string,
    string | number | boolean
  >;
}

/** Shorthand keys and the `assert` list → typed assertions, each with the line it was written on. */
function expandAssertions(
  fields: Record<string, unknown>,
  pointer: string,
  parsed: Positions,
  schema: Record<string, unknown> | undefined,
  testLine: number,
): Assertion[] {
  // The folder schema is checked first and shown explicitly, so every result lists it.
  const assertions: Assertion[] = schema ? [{ type: 'json-schema', value: schema, line: testLine }] : [];
  for (const key of Object.keys(fields)) {
    const shorthand = shorthandAssertion(key, fields[key]);
    if (!shorthand) continue;
    // The line is looked up only for a key that is a check (name and input are not).
    const line = lineAt(parsed, pointer, key);
    if (line) shorthand.line = line;
    assertions.push(shorthand);
  }
  const written = Array.isArray(fields.assert) ? (fields.assert as Array<Record<string, unknown>>) : [];
  written.forEach((assertion, index) => {
    const at = lineIfKnown(lineAt(parsed, `${pointer}/assert/${index}`));
    if (assertion.type === 'rubric') {
      // min_score → minScore; a bad rubric is reported by checkWrittenAssertions.
      const rubric = validateRubricAssertion(assertion);
      if (rubric.ok) assertions.push({ ...rubric.value, ...at });
      return;
    }
    assertions.push({ ...assertion, ...at } as Assertion);
  });
  return assertions;
}

/** The check a shorthand key (`expected_intent`, `min_confidence`, `max_tokens`) stands for; undefined for other keys. */
function shorthandAssertion(key: string, value: unknown): Assertion | undefined {
  if (RESERVED_TEST_KEYS.has(key)) return undefined;
  const budget = Object.hasOwn(BUDGET_SHORTHANDS, key) ? BUDGET_SHORTHANDS[key] : undefined;
  if (budget) return { type: budget, value: value as number };
  if (key.startsWith('expected_')) return { type: 'equals', path: key.slice('expected_'.length), value: value as Json };
  if (key.startsWith('min_')) return { type: 'min', path: key.slice('min_'.length), value: value as number };
  if (key.startsWith('max_')) return { type: 'max', path: key.slice('max_'.length), value: value as number };
  return undefined;
}

/** What the schema cannot see: a regex that does not compile, an inline schema that is not one. */
function checkWrittenAssertions(fields: Record<string, unknown>, pointer: string, file: string, parsed: Positions): Diagnostic[] {
  const written = Array.isArray(fields.assert) ? (fields.assert as Assertion[]) : [];
  const problems: Diagnostic[] = [];
  written.forEach((assertion, index) => {
    const where = {
      file,
      ...lineIfKnown(lineAt(parsed, `${pointer}/assert/${index}/value`)),
      field: pointerToField(`${pointer}/assert/${index}`, 'value'),
    };
    if (assertion.type === 'regex') {
      try {
        new RegExp(assertion.value, assertion.flags);
      } catch (error) {
        // V8 repeats the pattern in its message; say it once.
        const reason = (error instanceof Error ? error.message : String(error)).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
        problems.push({
          ...where,
          message: `invalid regular expression /${shortToken(assertion.value)}/${shortToken(assertion.flags ?? '')}: ${reason}`,
        });
      }
    }
    if (assertion.type === 'rubric') {
      const rubric = validateRubricAssertion(assertion as unknown as Record<string, unknown>);
      if (!rubric.ok) {
        const field = rubric.field ?? 'value';
        problems.push({
          file,
          ...lineIfKnown(lineAt(parsed, `${pointer}/assert/${index}/${field}`)),
          field: pointerToField(`${pointer}/assert/${index}`, field),
          message: rubric.error,
        });
      }
    }
    if (assertion.type === 'json-schema') {
      const compiled = compileUserSchema(assertion.value);
      if (!compiled.ok) {
        const details = schemaErrorsToDiagnostics(compiled.errors, file, undefined).map((d) => `${d.field ?? ''} ${d.message}`.trim());
        problems.push({ ...where, message: `invalid JSON Schema: ${details.length > 0 ? details.join('; ') : compiled.message}` });
      }
    }
  });
  return problems;
}
