import { keys, LEAVE_TO_JSON_PARSE, QUOTE, type ByteScanner } from './json-bytes.js';
import type { AttributeValue } from './otlp-span.js';

/*
 * OTLP's AnyValue read by the byte scanner (otlp-scan.ts) as otlp-json.ts reads it from a parsed
 * object: a string, a boolean, a number (int64 as a string or a number), or a list of them.
 */

const ANY_VALUE_KINDS = keys('stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue');
const ARRAY_VALUE_FIELDS = keys('values');

/** `{"stringValue":` …: what a writer puts before a value of each kind. */
const KIND_HEADS = ANY_VALUE_KINDS.map((kind) => Buffer.from(`{"${kind.text}":`));

/** The kind whose compact head is at the cursor (not consumed), or -1. */
function compactKind(scanner: ByteScanner): number {
  const { buf, at } = scanner;
  if (at + 2 >= scanner.end || buf[at + 1] !== QUOTE) return -1;
  const first = buf[at + 2];
  const kind = first === 115 ? 0 : first === 98 ? 1 : first === 105 ? 2 : first === 100 ? 3 : -1;
  return kind >= 0 && scanner.bytesAre(at, at + KIND_HEADS[kind]!.length, KIND_HEADS[kind]!) ? kind : -1;
}

/** The value at the cursor (an AnyValue object), or null for anything else. */
export function anyValue(scanner: ByteScanner): AttributeValue {
  if (scanner.peek() !== 123) return (scanner.skip(), null);
  // The layout every known writer uses, one kind and no space: `{"stringValue":"…"}`.
  const start = scanner.at;
  const compact = compactKind(scanner);
  if (compact >= 0 && compact < 4) {
    scanner.at += KIND_HEADS[compact]!.length;
    const value = kindValue(scanner, compact);
    if (scanner.peek() === 125) {
      scanner.at += 1;
      return value;
    }
    scanner.at = start; // more members: read it as any object
  }
  let value: AttributeValue = null;
  let kinds = 0;
  scanner.object(ANY_VALUE_KINDS, (kind) => {
    // otlp-json.ts takes the first kind in its own order; JSON.parse's objects cannot say which came first.
    if (kind >= 0 && ++kinds > 1) throw LEAVE_TO_JSON_PARSE;
    if (kind >= 0) value = kindValue(scanner, kind);
    else scanner.skip();
  });
  return value;
}

/** Skips the value at the cursor, as a JSON value (checked, nothing built). */
export function skipAnyValue(scanner: ByteScanner): void {
  if (scanner.peek() === 123) {
    const start = scanner.at;
    const compact = compactKind(scanner);
    if (compact >= 0) {
      scanner.at += KIND_HEADS[compact]!.length;
      scanner.skip();
      if (scanner.peek() === 125) {
        scanner.at += 1;
        return;
      }
      scanner.at = start;
    }
  }
  scanner.skip();
}

function kindValue(scanner: ByteScanner, kind: number): AttributeValue {
  const code = scanner.peek();
  switch (kind) {
    case 0:
      return code === QUOTE ? scanner.string(true) : (scanner.skip(), null);
    case 1:
      return code === QUOTE || code === 123 || code === 91 ? (scanner.skip(), false) : scanner.literal() === true;
    case 2:
    case 3:
      // Number() of an object or array is not worth copying: JSON.parse reads those.
      if (code === 123 || code === 91) throw LEAVE_TO_JSON_PARSE;
      return Number(code === QUOTE ? scanner.string(true) : scanner.literal());
    default: {
      const values: AttributeValue[] = [];
      if (code !== 123) return (scanner.skip(), values);
      // Values that are not a list read as none, as in otlp-json.ts.
      scanner.object(ARRAY_VALUE_FIELDS, (field) =>
        field === 0 && scanner.peek() === 91 ? scanner.array(() => values.push(anyValue(scanner))) : scanner.skip(),
      );
      return values;
    }
  }
}
