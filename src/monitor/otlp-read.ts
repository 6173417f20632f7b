import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { InputError } from '../lib/diagnostics.js';

/*
 * Reading OTLP trace JSON as it lands on disk, streaming: the runtime's built-in sink
 * (src/runtime/otlp-file.ts), the OpenTelemetry SDK's JSON serializer, and the collector's
 * `file` exporter all write one ExportTraceServiceRequest per line
 * ({"resourceSpans":[{"resource":…,"scopeSpans":[{"scope":…,"spans":[…]}]}]}). A backend's
 * export may instead be one JSON document for the whole file (pretty-printed, or an array of
 * requests): a file whose first line is not a whole JSON value is read that way. Values follow
 * the proto3 JSON mapping either way: int64 as a string or a number, times as unix
 * nanoseconds, enums as numbers.
 */

export type AttributeValue = string | number | boolean | readonly AttributeValue[] | null;

/** One span, with its attributes as a plain object (`{ 'gen_ai.prompt.name': 'support', … }`). */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  name: string;
  /** Unix milliseconds (fractional). */
  startMs: number;
  endMs: number;
  /** STATUS_CODE_ERROR. */
  statusError: boolean;
  attributes: Record<string, AttributeValue>;
}

/** What could not be read, without stopping the rest: a file:line and why. */
export type ReadWarning = (message: string) => void;

/** Whole-document files larger than this are refused: a document is parsed at once, not streamed. */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

const CHUNK_BYTES = 1024 * 1024;

/**
 * Every span of every file, in file order, one at a time. A line that is not JSON (a write cut
 * off by a crash, a stray log line) is a warning naming the file and line, and reading goes on.
 */
export async function readSpans(paths: readonly string[], onSpan: (span: OtlpSpan) => void, warn: ReadWarning): Promise<number> {
  let lines = 0;
  for (const path of paths) lines += await readFile(path, onSpan, warn);
  return lines;
}

async function readFile(path: string, onSpan: (span: OtlpSpan) => void, warn: ReadWarning): Promise<number> {
  if (await startsWithDocument(path)) {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_DOCUMENT_BYTES) {
        throw new InputError({
          file: path,
          message: `is one JSON document of ${Math.round(size / 1048576)} MB; export OTLP JSON Lines (one request per line) to read it streaming`,
        });
      }
      const text = await handle.readFile('utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new InputError({ file: path, message: `is neither OTLP JSON Lines nor one JSON document: ${(error as Error).message}` });
      }
      for (const request of Array.isArray(value) ? value : [value]) emitRequest(request, onSpan);
      return 1;
    } finally {
      await handle.close();
    }
  }
  let lineNumber = 0;
  let rest = '';
  const handleLine = (line: string) => {
    lineNumber += 1;
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      warn(`${path}:${lineNumber}: not a JSON line (cut off while being written?); skipped`);
      return;
    }
    emitRequest(value, onSpan);
  };
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let start = 0;
      let newline = chunk.indexOf('\n');
      if (newline >= 0 && rest !== '') {
        handleLine(rest + chunk.slice(0, newline));
        rest = '';
        start = newline + 1;
        newline = chunk.indexOf('\n', start);
      }
      while (newline >= 0) {
        handleLine(chunk.slice(start, newline));
        start = newline + 1;
        newline = chunk.indexOf('\n', start);
      }
      rest += chunk.slice(start);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError({ file: path, message: 'does not exist' });
    if (code === 'EISDIR') throw new InputError({ file: path, message: 'is a folder: give the log files (or a glob of them)' });
    throw error;
  }
  if (rest !== '') handleLine(rest);
  return lineNumber;
}

/**
 * Whether the file is one pretty-printed document rather than JSON Lines: its first non-empty
 * line does not parse on its own. Reads at most the first chunk.
 */
async function startsWithDocument(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError({ file: path, message: 'does not exist' });
    throw error;
  }
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, 0);
    const head = buffer.toString('utf8', 0, bytesRead).replace(/^\s+/, '');
    if (head === '') return false;
    const end = head.indexOf('\n');
    // A first line longer than the chunk is a JSON line being long, not a document.
    if (end < 0) return bytesRead < CHUNK_BYTES && !parses(head);
    return !parses(head.slice(0, end));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') {
      throw new InputError({ file: path, message: 'is a folder: give the log files (or a glob of them)' });
    }
    throw error;
  } finally {
    await handle.close();
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Walks one ExportTraceServiceRequest (anything else on a line is ignored). */
function emitRequest(request: unknown, onSpan: (span: OtlpSpan) => void): void {
  const resourceSpans = (request as { resourceSpans?: unknown })?.resourceSpans;
  if (!Array.isArray(resourceSpans)) return;
  for (const resource of resourceSpans) {
    const scopes = (resource as { scopeSpans?: unknown })?.scopeSpans;
    if (!Array.isArray(scopes)) continue;
    for (const scope of scopes) {
      const spans = (scope as { spans?: unknown })?.spans;
      if (!Array.isArray(spans)) continue;
      for (const raw of spans) {
        const span = toSpan(raw);
        if (span) onSpan(span);
      }
    }
  }
}

function toSpan(raw: unknown): OtlpSpan | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const span = raw as Record<string, unknown>;
  const startMs = unixNanoToMs(span.startTimeUnixNano);
  const endMs = unixNanoToMs(span.endTimeUnixNano);
  if (startMs === undefined || endMs === undefined) return undefined;
  const attributes: Record<string, AttributeValue> = {};
  if (Array.isArray(span.attributes)) {
    for (const entry of span.attributes as Array<{ key?: unknown; value?: unknown }>) {
      if (typeof entry?.key === 'string') attributes[entry.key] = anyValue(entry.value);
    }
  }
  const status = span.status as { code?: unknown } | undefined;
  return {
    traceId: typeof span.traceId === 'string' ? span.traceId : '',
    spanId: typeof span.spanId === 'string' ? span.spanId : '',
    name: typeof span.name === 'string' ? span.name : '',
    startMs,
    endMs,
    statusError: status?.code === 2 || status?.code === 'STATUS_CODE_ERROR',
    attributes,
  };
}

/** OTLP JSON's AnyValue; int64 may be a string (the proto3 mapping) or a number (the JS SDK). */
function anyValue(value: unknown): AttributeValue {
  if (typeof value !== 'object' || value === null) return null;
  const any = value as Record<string, unknown>;
  if ('stringValue' in any) return typeof any.stringValue === 'string' ? any.stringValue : null;
  if ('boolValue' in any) return any.boolValue === true;
  if ('intValue' in any) return Number(any.intValue);
  if ('doubleValue' in any) return Number(any.doubleValue);
  if ('arrayValue' in any) {
    const values = (any.arrayValue as { values?: unknown } | undefined)?.values;
    return Array.isArray(values) ? values.map(anyValue) : [];
  }
  return null;
}

/** `"1796550939282000000"` (or a number) → unix milliseconds, without losing precision to 2^53. */
export function unixNanoToMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value / 1e6 : undefined;
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) return undefined;
  if (value.length <= 6) return Number(value) / 1e6;
  return Number(value.slice(0, -6)) + Number(value.slice(-6)) / 1e6;
}
