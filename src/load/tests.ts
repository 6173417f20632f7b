import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../lib/diagnostics.js';
import { lineAt, parseYamlText, pointerToField, type Positions } from './files/positions.js';
import { schemaErrorsToDiagnostics, validateToolFile } from './files/schemas.js';
import { readTextFile, type FileSource } from './files/file-source.js';
import type { TestCase } from './types.js';
import { isRecord, lineIfKnown } from './values.js';
import { buildTest, type TestPlace } from './test-case.js';
import { checkWrittenAssertions, writtenAssertions } from './test-assertions.js';
import type { PlaceOf } from './test-messages.js';

/*
 * tests.yaml: its tests, and the tests of the data files it names (`- file: cases.csv`, or
 * `tests: { file: cases.jsonl }`), each turned into a TestCase (test-case.ts).
 */

export interface LoadedTests {
  tests: TestCase[];
  /** Problems with the file as a whole: the folder cannot run. */
  errors: Diagnostic[];
  /** Second and later problems of an invalid test (its first is `test.invalid`). */
  warnings: Diagnostic[];
  /** The data files read, repository-relative (a change to one is a change to the folder). */
  files: string[];
}

/**
 * A suite of 20,000 tests is ~2.5 MB and must load; a file of 50 MB is a mistake or an attack.
 * (The other guard, against YAML alias bombs, is yaml's maxAliasCount in files/yaml-document.ts.)
 * Data files have the same bound.
 */
export const MAX_TESTS_FILE_BYTES = 16 * 1024 * 1024;

export async function loadTests(source: FileSource, file: string, schema: Record<string, unknown> | undefined): Promise<LoadedTests> {
  const none = (errors: Diagnostic[], files: string[] = []): LoadedTests => ({ tests: [], errors, warnings: [], files });
  const read = await readTextFile(source, file, MAX_TESTS_FILE_BYTES);
  if (read.status === 'missing') return none([{ file, message: 'is missing: a prompt folder needs tests.yaml (its test suite)' }]);
  if (read.status === 'invalid') return none([read.error]);
  const parsed = await parseYamlText(read.text, file);
  if (!parsed.ok) return none(parsed.errors);
  const { value } = parsed.parsed;
  if (value === null || value === undefined) return none([{ file, line: 1, message: 'is empty; expected a `tests:` list' }]);

  const schemaErrors = validateToolFile('tests', value);
  const perTest = new Map<number, ErrorObject[]>();
  const fileErrors: ErrorObject[] = [];
  for (const error of schemaErrors) {
    const match = /^\/tests\/(\d+)(?:\/|$)/.exec(error.instancePath);
    if (!match || !Array.isArray((value as { tests: unknown }).tests)) fileErrors.push(error);
    else perTest.set(Number(match[1]), [...(perTest.get(Number(match[1])) ?? []), error]);
  }
  if (fileErrors.length > 0) return none(schemaErrorsToDiagnostics(fileErrors, file, parsed.parsed));

  const written = (value as { tests: unknown }).tests;
  // `tests: { file: … }` is one entry: the same as a list holding it.
  const items = Array.isArray(written) ? written : [written];
  const pointerOf = (index: number) => (Array.isArray(written) ? `/tests/${index}` : '/tests');
  const tests: TestCase[] = [];
  const warnings: Diagnostic[] = [];
  const files: string[] = [];
  const errors: Diagnostic[] = [];
  // Each test of tests.yaml itself, by the pointer of its entry (for a duplicate name's line).
  const pointers = new Map<TestCase, string>();
  const add = (built: { test: TestCase; problems: Diagnostic[] }) => {
    if (built.problems.length > 0) {
      built.test.invalid = built.problems[0];
      warnings.push(...built.problems.slice(1));
    }
    tests.push(built.test);
  };
  for (const [index, item] of items.entries()) {
    const pointer = pointerOf(index);
    const line = lineAt(parsed.parsed, pointer) ?? 1;
    const place = yamlPlace(file, parsed.parsed, pointer);
    const lineOf = (relative: string, key?: string) => lineAt(parsed.parsed, `${pointer}${relative}`, key);
    const problems = schemaErrorsToDiagnostics(perTest.get(index) ?? [], file, parsed.parsed);
    const fields = isRecord(item) ? item : {};
    if (typeof fields.file !== 'string') {
      const built = buildTest(fields, { line, place, lineOf }, schema, problems);
      pointers.set(built.test, pointer);
      add(built);
      continue;
    }
    if (problems.length > 0) {
      errors.push(...problems);
      continue;
    }
    // Loaded only for a suite that has data files (the CSV reader and its messages).
    const { readDataFile } = await import('./test-data.js');
    const data = await readDataFile(source, file, fields.file, place('', 'file'));
    if (data.file) files.push(data.file);
    if (!data.ok) {
      errors.push(...data.errors);
      continue;
    }
    // The entry's own checks, added to every test of the file; a problem in them is every test's.
    const extraAssert = writtenAssertions(Array.isArray(fields.assert) ? fields.assert.filter(isRecord) : [], (at) =>
      lineAt(parsed.parsed, `${pointer}/assert/${at}`),
    );
    const entryProblems = checkWrittenAssertions(fields.assert, '/assert', place);
    for (const row of data.rows) {
      const where: TestPlace = { ...row.where, line, extraAssert };
      add(buildTest(row.fields, where, schema, [...row.problems, ...entryProblems]));
    }
  }
  if (errors.length > 0) return none(errors, files);
  warnings.unshift(...duplicateNames(tests, file, parsed.parsed, pointers));
  return { tests, errors: [], warnings, files };
}

/** Where a node under the test at `pointer` of tests.yaml is. */
function yamlPlace(file: string, parsed: Positions, pointer: string): PlaceOf {
  return (relative, key) => ({
    file,
    ...lineIfKnown(lineAt(parsed, `${pointer}${relative}`, key)),
    field: pointerToField(`${pointer}${relative}`, key),
  });
}

/**
 * Names must be unique: results are matched by name. The second test of a name is made
 * invalid (its problem first), and any problem it already had becomes a warning.
 */
function duplicateNames(tests: TestCase[], file: string, parsed: Positions, pointers: Map<TestCase, string>): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const first = new Map<string, TestCase>();
  tests.forEach((test) => {
    if (test.name.startsWith('(unnamed test at line ')) return;
    const earlier = first.get(test.name);
    if (!earlier) {
      first.set(test.name, test);
      return;
    }
    const where = (one: TestCase) => (one.dataRow ? `${one.dataRow.file}:${one.dataRow.line}` : `line ${one.line}`);
    const pointer = pointers.get(test) ?? '';
    const place = test.dataRow
      ? { file: test.dataRow.file, line: test.dataRow.line, field: 'name' }
      : { file, ...lineIfKnown(lineAt(parsed, `${pointer}/name`)), field: pointerToField(pointer, 'name') };
    const problem = {
      ...place,
      message: `duplicate test name "${test.name}" (first used at ${where(earlier)}); names must be unique because results are matched by name`,
    };
    if (test.invalid) warnings.push(test.invalid);
    test.invalid = problem;
  });
  return warnings;
}
