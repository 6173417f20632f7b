/*
 * results.json as a sequence of pieces, so that it is written as it is serialized instead of
 * built as one string: for a large run that string, its redacted copy and its UTF-8 buffer
 * were each the size of the file, all on top of the results themselves (docs/speed.md).
 *
 * The layout: everything is indented by two spaces exactly as JSON.stringify(results, null, 2)
 * writes it, except each test of a suite's `tests` (head and base), which is one compact line.
 * JSON.parse gives the same value as before; the file is about half the size, and a test is a
 * line (`grep '"status":"failed"' results.json` lists the failures).
 *
 * Every piece ends between two JSON tokens, never inside a string, so a secret (which can only
 * appear inside a string) is always whole within one piece and can be redacted piece by piece.
 */

type Pieces = Generator<string, void, undefined>;

/** Where a value sits: only the tests of a suite are written one per line. */
type Role = 'suites' | 'suite' | 'tests' | undefined;

const STEP = '  ';

export function* resultsJsonPieces(results: object): Pieces {
  yield* valuePieces(toJsonValue(results, ''), '', undefined);
  yield '\n';
}

function* valuePieces(value: unknown, indent: string, role: Role): Pieces {
  if (Array.isArray(value)) yield* arrayPieces(value, indent, role);
  else if (isPlainObject(value)) yield* objectPieces(value, indent, role === 'suite');
  else yield leaf(value, indent);
}

function* objectPieces(value: Record<string, unknown>, indent: string, isSuite: boolean): Pieces {
  const inner = indent + STEP;
  let first = true;
  for (const key of Object.keys(value)) {
    const member = toJsonValue(value[key], key);
    // JSON.stringify leaves out members it cannot write.
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    const role: Role = key === 'suites' ? 'suites' : isSuite && key === 'tests' ? 'tests' : undefined;
    yield* valuePieces(member, inner, role);
  }
  yield first ? '{}' : `\n${indent}}`;
}

function* arrayPieces(value: readonly unknown[], indent: string, role: Role): Pieces {
  if (value.length === 0) {
    yield '[]';
    return;
  }
  const inner = indent + STEP;
  if (role === 'tests') {
    yield* testLines(value, inner, indent);
    return;
  }
  for (let index = 0; index < value.length; index += 1) {
    yield `${index === 0 ? '[' : ','}\n${inner}`;
    const item = toJsonValue(value[index], String(index));
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
    else yield* valuePieces(item, inner, role === 'suites' ? 'suite' : undefined);
  }
  yield `\n${indent}]`;
}

/** Test lines per piece: enough to make a yield rare, few enough that a piece stays small. */
const BATCH_CHARACTERS = 16 * 1024;

/**
 * A suite's tests, each whole on one line, several lines to a piece: every piece crosses each
 * level of the document's nesting (a generator each), and a piece per test cost several times
 * the serialization itself (docs/speed.md has the measurement).
 */
function* testLines(tests: readonly unknown[], inner: string, indent: string): Pieces {
  let batch = '';
  for (let index = 0; index < tests.length; index += 1) {
    // JSON.stringify writes what it cannot as null.
    batch += `${index === 0 ? '[' : ','}\n${inner}${JSON.stringify(toJsonValue(tests[index], String(index))) ?? 'null'}`;
    if (batch.length >= BATCH_CHARACTERS) {
      yield batch;
      batch = '';
    }
  }
  yield `${batch}\n${indent}]`;
}

/** Anything but a plain object or array, as JSON.stringify(value, null, 2) writes it at this depth. */
function leaf(value: unknown, indent: string): string {
  const text = JSON.stringify(value, null, 2) ?? 'null';
  // A JSON text holds no raw line break inside a string: every break is layout, safe to indent.
  return indent === '' || !text.includes('\n') ? text : text.replaceAll('\n', `\n${indent}`);
}

/** toJSON first, as JSON.stringify calls it (Date and friends). */
function toJsonValue(value: unknown, key: string): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
