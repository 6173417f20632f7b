import { posix } from 'node:path';
import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../lib/diagnostics.js';
import { normalizeRepoPath, readTextFile, type FileSource } from './files/file-source.js';
import { pointerSegments, pointerToField, type Positions } from './files/line-index.js';
import { schemaErrorsToDiagnostics, validateToolFile } from './files/schemas.js';
import { quoteToken } from '../lib/quote.js';
import { parseCsv, type CsvCell } from './csv.js';
import type { TestPlace } from './test-case.js';
import { isRecord } from './values.js';

/*
 * Tests from a data file (`- file: cases.jsonl` or `cases.csv` in tests.yaml): each row is a
 * test with the keys of a tests.yaml test, checked by the same schema, and every problem names
 * the file, the row's line and the column.
 *
 * - JSON Lines: one test object a line; blank lines are skipped.
 * - CSV: a header row names the columns: `name`, `input`, `description`, `vars.<name>`,
 *   `expected_<field>`, `min_<field>`, `max_<field>`, the reserved keys, and `assert`,
 *   `messages`, `tool_results`, `vars` as JSON. A cell of a text column (name, input,
 *   description, vars.<name>) is its text; any other cell is read as JSON when it is JSON
 *   (`false`, `0.8`, `"123"`), else as its text. An empty cell that is not quoted is left out.
 *
 * A test without a name is named after its place (`cases.csv:7`); give names to keep a test
 * paired with its base when rows move.
 */

/** The same bound as tests.yaml (tests.ts MAX_TESTS_FILE_BYTES). */
const MAX_DATA_FILE_BYTES = 16 * 1024 * 1024;

/** A test as a data file writes it, with its place and what the schema found. */
export interface DataRow {
  fields: Record<string, unknown>;
  where: Omit<TestPlace, 'line' | 'extraAssert'>;
  problems: Diagnostic[];
}

export type DataFile = { ok: true; file: string; rows: DataRow[] } | { ok: false; file?: string; errors: Diagnostic[] };

/** Columns whose cells are text as written; any other cell is JSON when it parses. */
const TEXT_COLUMNS = new Set(['name', 'input', 'description']);
/** Columns that must hold JSON. */
const JSON_COLUMNS = new Set(['assert', 'messages', 'tool_results', 'vars']);
const RESERVED_COLUMNS = ['max_tokens', 'max_latency_ms', 'max_cost_usd', 'repeat', 'min_pass', 'required', 'max_steps'];
const KNOWN_COLUMNS = [...TEXT_COLUMNS, ...JSON_COLUMNS, ...RESERVED_COLUMNS];

/**
 * Reads the data file an entry of tests.yaml names (relative to the folder of tests.yaml,
 * never outside the repository). `entryAt` is where the entry is, for a file that cannot be read.
 */
export async function readDataFile(
  source: FileSource,
  testsFile: string,
  given: string,
  entryAt: Omit<Diagnostic, 'message'>,
): Promise<DataFile> {
  const file = normalizeRepoPath(posix.join(posix.dirname(testsFile), given));
  if (posix.isAbsolute(given) || file === '..' || file.startsWith('../')) {
    return {
      ok: false,
      errors: [{ ...entryAt, message: `must be a path inside the repository, relative to the prompt folder (got ${quoteToken(given)})` }],
    };
  }
  const read = await readTextFile(source, file, MAX_DATA_FILE_BYTES);
  if (read.status === 'missing') return { ok: false, file, errors: [{ ...entryAt, message: `file not found: ${file}` }] };
  if (read.status === 'invalid') return { ok: false, file, errors: [read.error] };
  return file.endsWith('.csv') ? csvRows(file, read.text) : await jsonlRows(file, read.text);
}

async function jsonlRows(file: string, text: string): Promise<DataFile> {
  const rows: DataRow[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const source = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (source.trim() === '') continue;
    const line = index + 1;
    const columnOf = (key: string | undefined) => (key === undefined ? undefined : keyColumn(source, key));
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      // Where and why, in jsonc-parser's words when V8 gives no position (loaded only for a broken line).
      const { column, reason } = (await import('./files/json-positions.js')).locateJsonSyntaxError(source, error);
      rows.push(badRow(file, line, column, `not a JSON object: ${reason}`));
      continue;
    }
    if (!isRecord(value)) {
      rows.push(badRow(file, line, 1, 'each line must be one JSON object: a test with its keys (name, input, …)'));
      continue;
    }
    rows.push(row(file, line, value, columnOf));
  }
  if (rows.length === 0) return { ok: false, file, errors: [{ file, line: 1, message: 'holds no tests (one JSON object a line)' }] };
  return { ok: true, file, rows };
}

/** 1-based column of `"key":` in a JSON line (the first one: a key written twice is invalid anyway). */
function keyColumn(source: string, key: string): number | undefined {
  const at = source.indexOf(`${JSON.stringify(key)}`);
  return at >= 0 ? at + 1 : undefined;
}

function csvRows(file: string, text: string): DataFile {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, file, errors: [{ file, line: parsed.line, column: parsed.column, message: parsed.message }] };
  const [header, ...records] = parsed.records;
  if (!header)
    return { ok: false, file, errors: [{ file, line: 1, message: 'is empty; expected a header row (name, input, …) and a row per test' }] };
  const errors = headerErrors(file, header.cells);
  if (errors.length > 0) return { ok: false, file, errors };
  const columns = header.cells.map((cell) => cell.text.trim());
  if (records.length === 0) return { ok: false, file, errors: [{ file, line: header.line, message: 'has a header but no rows' }] };
  const rows = records.map((record): DataRow => {
    const columnOf = (key: string | undefined) => {
      if (key === undefined) return undefined;
      const at = columns.findIndex((name) => name === key || (key === 'vars' && name.startsWith('vars.')));
      return at >= 0 ? (record.cells[at]?.column ?? header.cells[at]!.column) : undefined;
    };
    if (record.cells.length !== columns.length) {
      const counted = `has ${record.cells.length} cell${record.cells.length === 1 ? '' : 's'}, and the header ${columns.length}`;
      return badRow(file, record.line, 1, `${counted}: quote a cell that holds a comma`);
    }
    const fields: Record<string, unknown> = {};
    const problems: Diagnostic[] = [];
    record.cells.forEach((cell, index) => {
      const column = columns[index]!;
      if (cell.text === '' && !cell.quoted) return;
      if (column.startsWith('vars.')) {
        const vars = isRecord(fields.vars) ? fields.vars : (fields.vars = {});
        vars[column.slice('vars.'.length)] = cell.text;
        return;
      }
      const value = cellValue(column, cell);
      if ('problem' in value) problems.push({ file, line: cell.line, column: cell.column, field: column, message: value.problem });
      else if (column === 'vars' && isRecord(fields.vars) && isRecord(value.value)) Object.assign(fields.vars, value.value);
      else fields[column] = value.value;
    });
    const built = row(file, record.line, fields, columnOf);
    return { ...built, problems: [...problems, ...built.problems] };
  });
  return { ok: true, file, rows };
}

function headerErrors(file: string, cells: CsvCell[]): Diagnostic[] {
  const errors: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const cell of cells) {
    const name = cell.text.trim();
    const at = { file, line: cell.line, column: cell.column };
    const known = KNOWN_COLUMNS.includes(name) || /^(expected|min|max)_.+$/.test(name) || /^vars\.[A-Za-z_][A-Za-z0-9_.-]*$/.test(name);
    if (name === '') errors.push({ ...at, message: 'a column has no name' });
    else if (!known) {
      errors.push({
        ...at,
        field: name,
        message: `unknown column ${quoteToken(name)}; columns are ${KNOWN_COLUMNS.join(', ')}, vars.<name>, expected_<field>, min_<field>, max_<field>`,
      });
    } else if (seen.has(name)) errors.push({ ...at, field: name, message: `column ${quoteToken(name)} appears twice` });
    seen.add(name);
  }
  return errors;
}

function cellValue(column: string, cell: CsvCell): { value: unknown } | { problem: string } {
  if (TEXT_COLUMNS.has(column)) return { value: cell.text };
  try {
    return { value: JSON.parse(cell.text) as unknown };
  } catch (error) {
    if (!JSON_COLUMNS.has(column)) return { value: cell.text };
    const reason = (error instanceof Error ? error.message : String(error)).replace(/,? ?(in JSON )?at position \d+.*$/s, '');
    return { problem: `must be JSON (${reason})` };
  }
}

/** A test of the file: named after its place when it has no name, checked by the test schema. */
function row(
  file: string,
  line: number,
  fields: Record<string, unknown>,
  columnOf: (key: string | undefined) => number | undefined,
): DataRow {
  const named = typeof fields.name === 'string' && fields.name !== '' ? fields : { name: `${posix.basename(file)}:${line}`, ...fields };
  const place = (relative: string, key?: string): Omit<Diagnostic, 'message'> => {
    const column = columnOf(pointerSegments(relative)[0] ?? key);
    return { file, line, ...(column ? { column } : {}), field: pointerToField(relative, key) };
  };
  const errors = validateToolFile('tests', { tests: [named] }).map((error): ErrorObject => ({
    ...error,
    instancePath: error.instancePath.replace(/^\/tests\/0/, ''),
  }));
  const positions: Positions = { lineOf: () => line };
  const problems = schemaErrorsToDiagnostics(errors, file, positions).map((problem) => {
    const column = columnOf(problem.field) ?? columnOf(problem.field?.split(/[.[]/)[0]);
    return column ? { ...problem, column } : problem;
  });
  return { fields: named, where: { place, lineOf: () => line, dataRow: { file, line } }, problems };
}

function badRow(file: string, line: number, column: number | undefined, message: string): DataRow {
  const name = `${posix.basename(file)}:${line}`;
  const at = { file, line, ...(column ? { column } : {}) };
  return { fields: { name }, where: { place: () => at, lineOf: () => line, dataRow: { file, line } }, problems: [{ ...at, message }] };
}
