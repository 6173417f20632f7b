import { ByteScanner, keys, LEAVE_TO_JSON_PARSE, NO_KEYS, QUOTE, key, StringCache, type Key } from './json-bytes.js';
import { anyValue, skipAnyValue } from './otlp-any-value.js';
import { wants, unixNanoToMs, type AttributeFilter, type AttributeValue, type OtlpSpan } from './otlp-span.js';

/*
 * A reader of one ExportTraceServiceRequest line, on its UTF-8 bytes, that builds only what
 * monitor uses. JSON.parse needs the line decoded to a string, then builds every object of it (a
 * span is some sixty: each attribute is { key, value: { stringValue } }); for a million spans
 * that was most of monitor's time. This walks the bytes once (json-bytes.ts), compares keys as
 * bytes, and decodes only a span's times, ids, status and the attributes the filter keeps.
 *
 * It reads standard JSON only, and throws on anything else and on what JSON.parse and
 * otlp-read.ts would read another way (a key it reads twice in one object, an AnyValue of two
 * kinds); the caller then reads the line with JSON.parse, so an odd but valid line is still
 * read and an invalid one is reported as before. __tests__/monitor/otlp-read.test.ts holds it
 * to JSON.parse.
 */

const RESOURCE_SPANS = keys('resourceSpans');
const SCOPE_SPANS = keys('scopeSpans');
const SPANS = keys('spans');
const SPAN_FIELDS = keys('traceId', 'spanId', 'name', 'startTimeUnixNano', 'endTimeUnixNano', 'status', 'attributes');
const STATUS_FIELDS = keys('code');
const ATTRIBUTE_FIELDS = keys('key', 'value');

/** A filter's keys as bytes, by length, and its prefixes. */
export interface CompiledFilter {
  filter: AttributeFilter;
  byLength: Key[][];
  prefixes: Buffer[];
  /** Values that repeat from span to span (a prompt's name, a commit), decoded once. */
  strings: StringCache;
}

export function compileFilter(filter: AttributeFilter): CompiledFilter {
  const compiled = filter.keys.map(key);
  // Dense, one list per length up to the longest key: a lookup is an index.
  const byLength = Array.from({ length: Math.max(0, ...compiled.map((entry) => entry.bytes.length)) + 1 }, (): Key[] => []);
  for (const entry of compiled) byLength[entry.bytes.length]!.push(entry);
  return { filter, byLength, prefixes: filter.prefixes.map((prefix) => Buffer.from(prefix)), strings: new StringCache() };
}

/**
 * Reads the line `buf[start, end)` (one ExportTraceServiceRequest, or a list of them), calling `onSpan` for each
 * span; throws when the line is left to JSON.parse (spans already passed on are then void: the
 * caller collects them and uses them only when this returns).
 */
export function scanRequest(buf: Buffer, start: number, end: number, filter: CompiledFilter, onSpan: (span: OtlpSpan) => void): void {
  const scanner = new ByteScanner(buf, start, end, filter.strings);
  // An object with `table[0]` holding a list: each item to `then`, every other member skipped.
  const listIn = (table: readonly Key[], then: () => void) => () =>
    scanner.peek() === 123 ? scanner.object(table, (index) => (index === 0 ? scanner.array(then) : scanner.skip())) : scanner.skip();
  const request = listIn(
    RESOURCE_SPANS,
    listIn(
      SCOPE_SPANS,
      listIn(SPANS, () => scanSpan(scanner, filter, onSpan)),
    ),
  );
  // A line may hold a list of requests, as a backend's export does.
  if (scanner.peek() === 91) scanner.array(request);
  else request();
  if (scanner.peek() !== -1) throw LEAVE_TO_JSON_PARSE;
}

function scanSpan(scanner: ByteScanner, filter: CompiledFilter, onSpan: (span: OtlpSpan) => void): void {
  if (scanner.peek() !== 123) return scanner.skip();
  let traceId = '';
  let spanId = '';
  let name = '';
  let startMs: number | undefined;
  let endMs: number | undefined;
  let statusError = false;
  let attributes: Record<string, AttributeValue> = {};
  const text = () => (scanner.peek() === QUOTE ? scanner.string() : (scanner.skip(), ''));
  const time = () => {
    const code = scanner.peek();
    if (code === QUOTE) return nanosAt(scanner) ?? unixNanoToMs(scanner.string());
    if (code === 123 || code === 91) return (scanner.skip(), undefined);
    return unixNanoToMs(scanner.literal());
  };
  scanner.object(SPAN_FIELDS, (index) => {
    switch (index) {
      case 0:
        traceId = text();
        return;
      case 1:
        spanId = text();
        return;
      case 2:
        name = scanner.peek() === QUOTE ? scanner.string(true) : (scanner.skip(), '');
        return;
      case 3:
        startMs = time();
        return;
      case 4:
        endMs = time();
        return;
      case 5:
        if (scanner.peek() !== 123) return scanner.skip();
        return scanner.object(STATUS_FIELDS, (field) => {
          if (field !== 0) return scanner.skip();
          const code = scanner.peek();
          const value = code === QUOTE ? scanner.string() : code === 123 || code === 91 ? (scanner.skip(), undefined) : scanner.literal();
          statusError = value === 2 || value === 'STATUS_CODE_ERROR';
        });
      case 6:
        attributes = {};
        if (scanner.peek() !== 91) return scanner.skip();
        return scanner.array(() => scanAttribute(scanner, filter, attributes));
      default:
        scanner.skip();
    }
  });
  if (startMs !== undefined && endMs !== undefined) onSpan({ traceId, spanId, name, startMs, endMs, statusError, attributes });
}

/**
 * A time as the writers write it, `"1796550939282000000"`, read from its digits as unixNanoToMs
 * reads the string (exact: the digits above the last six are below 2^53); undefined, with the
 * cursor where it was, for any other string.
 */
function nanosAt(scanner: ByteScanner): number | undefined {
  const { buf } = scanner;
  const first = scanner.at + 1;
  let at = first;
  let high = 0;
  let low = 0;
  for (; at < scanner.end && at - first <= 20; at += 1) {
    const code = buf[at]!;
    if (code < 48 || code > 57) break;
    high = high * 10 + Math.floor(low / 100_000);
    low = (low % 100_000) * 10 + (code - 48);
  }
  const digits = at - first;
  if (digits === 0 || digits > 20 || at >= scanner.end || buf[at] !== QUOTE) return undefined;
  scanner.at = at + 1;
  return digits <= 6 ? low / 1e6 : high + low / 1e6;
}

/** The attribute key at the cursor when the filter keeps it, else undefined; the key is consumed. */
function wantedKey(scanner: ByteScanner, filter: CompiledFilter): string | undefined {
  if (scanner.peek() !== QUOTE) return (scanner.skip(), undefined);
  const start = scanner.at + 1;
  const end = scanner.skipString();
  if (scanner.escaped) {
    const text = JSON.parse(scanner.buf.toString('utf8', start - 1, end + 1)) as string;
    return wants(filter.filter, text) ? text : undefined;
  }
  return keptKey(scanner, filter, start, end);
}

/** The key `buf[start, end)` (no escapes in it) when the filter keeps it. */
function keptKey(scanner: ByteScanner, filter: CompiledFilter, start: number, end: number): string | undefined {
  const length = end - start;
  const candidates = length < filter.byLength.length ? filter.byLength[length]! : NO_KEYS;
  for (let i = 0; i < candidates.length; i += 1) {
    if (scanner.bytesAre(start, end, candidates[i]!.bytes)) return candidates[i]!.text;
  }
  const { prefixes } = filter;
  for (let i = 0; i < prefixes.length; i += 1) {
    const prefix = prefixes[i]!;
    if (length >= prefix.length && scanner.bytesAre(start, start + prefix.length, prefix)) {
      return filter.strings.decode(scanner.buf, start, end);
    }
  }
  return undefined;
}

const ATTRIBUTE_HEAD = Buffer.from('{"key":"');
const VALUE_HEAD = Buffer.from('","value":');

function scanAttribute(scanner: ByteScanner, filter: CompiledFilter, into: Record<string, AttributeValue>): void {
  if (scanner.peek() !== 123) return scanner.skip();
  if (scanCompactAttribute(scanner, filter, into)) return;
  let keySeen = false;
  let key: string | undefined;
  let value: AttributeValue | undefined;
  scanner.object(ATTRIBUTE_FIELDS, (field) => {
    if (field === 0) {
      keySeen = true;
      key = wantedKey(scanner, filter);
    } else if (field === 1 && (!keySeen || key !== undefined)) {
      // A value before its key is read in case the key keeps it.
      value = anyValue(scanner);
    } else scanner.skip();
  });
  // Without a value the attribute is null, as otlp-read.ts reads { key } alone.
  if (key !== undefined) into[key] = value ?? null;
}

/**
 * An attribute as every known writer lays it out, `{"key":"K","value":V}` with no space and no
 * escape in K: read with two byte comparisons instead of an object's walk. False, with the
 * cursor where it was and nothing kept, for any other layout (the caller reads it as an object).
 */
function scanCompactAttribute(scanner: ByteScanner, filter: CompiledFilter, into: Record<string, AttributeValue>): boolean {
  const start = scanner.at;
  if (!scanner.bytesAre(start, start + ATTRIBUTE_HEAD.length, ATTRIBUTE_HEAD)) return false;
  scanner.at = start + ATTRIBUTE_HEAD.length - 1;
  const keyEnd = scanner.skipString();
  const valueAt = keyEnd + VALUE_HEAD.length;
  if (scanner.escaped || !scanner.bytesAre(keyEnd, valueAt, VALUE_HEAD)) {
    scanner.at = start;
    return false;
  }
  scanner.at = valueAt;
  const key = keptKey(scanner, filter, start + ATTRIBUTE_HEAD.length, keyEnd);
  const value = key === undefined ? skipAnyValue(scanner) : anyValue(scanner);
  if (scanner.peek() !== 125) {
    scanner.at = start;
    return false;
  }
  scanner.at += 1;
  if (key !== undefined) into[key] = value!;
  return true;
}
