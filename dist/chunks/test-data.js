const { posix } = globalThis.process.getBuiltinModule("node:path");
import { R as normalizeRepoPath, S as quoteToken, T as readTextFile, V as isRecord, W as validateToolFile, X as schemaErrorsToDiagnostics, B as pointerSegments, Y as pointerToField } from './engine.js';
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

/*
 * CSV as RFC 4180 writes it, read strictly, with the position of every cell: a field is quoted
 * ("\u2026", with "" for a quote) or not; a quoted field may hold commas and line breaks; records
 * end at CRLF or LF; a UTF-8 byte order mark is skipped. Everything else is an error naming the
 * line and column: a quote inside an unquoted field, text after a closing quote, a quote never
 * closed. (Kept by hand rather than a dependency: the loader needs each cell's line and column
 * for its messages, which the maintained parsers give per record at best, and this is all of it.)
 */
function parseCsv(input) {
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    const records = [];
    let index = 0;
    let line = 1;
    let lineStart = 0;
    const column = () => index - lineStart + 1;
    const fail = (message, at = { line, column: column() }) => ({ ok: false, ...at, message });
    while (index < text.length) {
        const record = { cells: [], line };
        for (;;) {
            const start = { line, column: column() };
            let value = '';
            const quoted = text[index] === '"';
            if (quoted) {
                index += 1;
                for (;;) {
                    if (index >= text.length)
                        return fail('a quoted field is never closed (a " is missing)', start);
                    const char = text[index];
                    if (char === '"') {
                        if (text[index + 1] === '"') {
                            value += '"';
                            index += 2;
                            continue;
                        }
                        index += 1;
                        break;
                    }
                    if (char === '\n') {
                        line += 1;
                        lineStart = index + 1;
                    }
                    value += char;
                    index += 1;
                }
                const next = text[index];
                if (next !== undefined && next !== ',' && next !== '\n' && !(next === '\r' && text[index + 1] === '\n')) {
                    return fail('unexpected text after a closing quote (write "" for a quote inside a quoted field)');
                }
            }
            else {
                const from = index;
                while (index < text.length && text[index] !== ',' && text[index] !== '\n' && !(text[index] === '\r' && text[index + 1] === '\n')) {
                    if (text[index] === '"')
                        return fail('a quote in a field that is not quoted (quote the whole field, and write "" for the quote)');
                    index += 1;
                }
                value = text.slice(from, index);
            }
            record.cells.push({ text: value, ...start, quoted });
            if (text[index] === ',') {
                index += 1;
                continue;
            }
            // The end of the record: a line break, or the end of the text.
            if (text[index] === '\r')
                index += 1;
            if (text[index] === '\n') {
                index += 1;
                line += 1;
                lineStart = index;
            }
            break;
        }
        // A blank line is no record (a file's last line break, or spacing between rows).
        const only = record.cells.length === 1 ? record.cells[0] : undefined;
        if (!only || only.text !== '' || only.quoted)
            records.push(record);
    }
    return { ok: true, records };
}

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
async function readDataFile(source, testsFile, given, entryAt) {
    const file = normalizeRepoPath(posix.join(posix.dirname(testsFile), given));
    if (posix.isAbsolute(given) || file === '..' || file.startsWith('../')) {
        return {
            ok: false,
            errors: [{ ...entryAt, message: `must be a path inside the repository, relative to the prompt folder (got ${quoteToken(given)})` }],
        };
    }
    const read = await readTextFile(source, file, MAX_DATA_FILE_BYTES);
    if (read.status === 'missing')
        return { ok: false, file, errors: [{ ...entryAt, message: `file not found: ${file}` }] };
    if (read.status === 'invalid')
        return { ok: false, file, errors: [read.error] };
    return file.endsWith('.csv') ? csvRows(file, read.text) : await jsonlRows(file, read.text);
}
async function jsonlRows(file, text) {
    const rows = [];
    for (const [index, raw] of text.split('\n').entries()) {
        const source = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (source.trim() === '')
            continue;
        const line = index + 1;
        const columnOf = (key) => (key === undefined ? undefined : keyColumn(source, key));
        let value;
        try {
            value = JSON.parse(source);
        }
        catch (error) {
            // Where and why, in jsonc-parser's words when V8 gives no position (loaded only for a broken line).
            const { column, reason } = (await import('./json-positions.js')).locateJsonSyntaxError(source, error);
            rows.push(badRow(file, line, column, `not a JSON object: ${reason}`));
            continue;
        }
        if (!isRecord(value)) {
            rows.push(badRow(file, line, 1, 'each line must be one JSON object: a test with its keys (name, input, \u2026)'));
            continue;
        }
        rows.push(row(file, line, value, columnOf));
    }
    if (rows.length === 0)
        return { ok: false, file, errors: [{ file, line: 1, message: 'holds no tests (one JSON object a line)' }] };
    return { ok: true, file, rows };
}
/** 1-based column of `"key":` in a JSON line (the first one: a key written twice is invalid anyway). */
function keyColumn(source, key) {
    const at = source.indexOf(`${JSON.stringify(key)}`);
    return at >= 0 ? at + 1 : undefined;
}
function csvRows(file, text) {
    const parsed = parseCsv(text);
    if (!parsed.ok)
        return { ok: false, file, errors: [{ file, line: parsed.line, column: parsed.column, message: parsed.message }] };
    const [header, ...records] = parsed.records;
    if (!header)
        return { ok: false, file, errors: [{ file, line: 1, message: 'is empty; expected a header row (name, input, \u2026) and a row per test' }] };
    const errors = headerErrors(file, header.cells);
    if (errors.length > 0)
        return { ok: false, file, errors };
    const columns = header.cells.map((cell) => cell.text.trim());
    if (records.length === 0)
        return { ok: false, file, errors: [{ file, line: header.line, message: 'has a header but no rows' }] };
    const rows = records.map((record) => {
        const columnOf = (key) => {
            if (key === undefined)
                return undefined;
            const at = columns.findIndex((name) => name === key || (key === 'vars' && name.startsWith('vars.')));
            return at >= 0 ? (record.cells[at]?.column ?? header.cells[at].column) : undefined;
        };
        if (record.cells.length !== columns.length) {
            const counted = `has ${record.cells.length} cell${record.cells.length === 1 ? '' : 's'}, and the header ${columns.length}`;
            return badRow(file, record.line, 1, `${counted}: quote a cell that holds a comma`);
        }
        const fields = {};
        const problems = [];
        record.cells.forEach((cell, index) => {
            const column = columns[index];
            if (cell.text === '' && !cell.quoted)
                return;
            if (column.startsWith('vars.')) {
                const vars = isRecord(fields.vars) ? fields.vars : (fields.vars = {});
                vars[column.slice('vars.'.length)] = cell.text;
                return;
            }
            const value = cellValue(column, cell);
            if ('problem' in value)
                problems.push({ file, line: cell.line, column: cell.column, field: column, message: value.problem });
            else if (column === 'vars' && isRecord(fields.vars) && isRecord(value.value))
                Object.assign(fields.vars, value.value);
            else
                fields[column] = value.value;
        });
        const built = row(file, record.line, fields, columnOf);
        return { ...built, problems: [...problems, ...built.problems] };
    });
    return { ok: true, file, rows };
}
function headerErrors(file, cells) {
    const errors = [];
    const seen = new Set();
    for (const cell of cells) {
        const name = cell.text.trim();
        const at = { file, line: cell.line, column: cell.column };
        const known = KNOWN_COLUMNS.includes(name) || /^(expected|min|max)_.+$/.test(name) || /^vars\.[A-Za-z_][A-Za-z0-9_.-]*$/.test(name);
        if (name === '')
            errors.push({ ...at, message: 'a column has no name' });
        else if (!known) {
            errors.push({
                ...at,
                field: name,
                message: `unknown column ${quoteToken(name)}; columns are ${KNOWN_COLUMNS.join(', ')}, vars.<name>, expected_<field>, min_<field>, max_<field>`,
            });
        }
        else if (seen.has(name))
            errors.push({ ...at, field: name, message: `column ${quoteToken(name)} appears twice` });
        seen.add(name);
    }
    return errors;
}
function cellValue(column, cell) {
    if (TEXT_COLUMNS.has(column))
        return { value: cell.text };
    try {
        return { value: JSON.parse(cell.text) };
    }
    catch (error) {
        if (!JSON_COLUMNS.has(column))
            return { value: cell.text };
        const reason = (error instanceof Error ? error.message : String(error)).replace(/,? ?(in JSON )?at position \d+.*$/s, '');
        return { problem: `must be JSON (${reason})` };
    }
}
/** A test of the file: named after its place when it has no name, checked by the test schema. */
function row(file, line, fields, columnOf) {
    const named = typeof fields.name === 'string' && fields.name !== '' ? fields : { name: `${posix.basename(file)}:${line}`, ...fields };
    const place = (relative, key) => {
        const column = columnOf(pointerSegments(relative)[0] ?? key);
        return { file, line, ...(column ? { column } : {}), field: pointerToField(relative, key) };
    };
    const errors = validateToolFile('tests', { tests: [named] }).map((error) => ({
        ...error,
        instancePath: error.instancePath.replace(/^\/tests\/0/, ''),
    }));
    const positions = { lineOf: () => line };
    const problems = schemaErrorsToDiagnostics(errors, file, positions).map((problem) => {
        const column = columnOf(problem.field) ?? columnOf(problem.field?.split(/[.[]/)[0]);
        return column ? { ...problem, column } : problem;
    });
    return { fields: named, where: { place, lineOf: () => line, dataRow: { file, line } }, problems };
}
function badRow(file, line, column, message) {
    const name = `${posix.basename(file)}:${line}`;
    const at = { file, line, ...(column ? { column } : {}) };
    return { fields: { name }, where: { place: () => at, lineOf: () => line, dataRow: { file, line } }, problems: [{ ...at, message }] };
}

export { readDataFile };
