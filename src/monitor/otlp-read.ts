import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from '../lib/diagnostics.js';
import { spansOfValue } from './otlp-json.js';
import { compileFilter, scanRequest, type CompiledFilter } from './otlp-scan.js';
import type { AttributeFilter, OtlpSpan } from './otlp-span.js';

/*
 * Reading OTLP trace JSON as it lands on disk, streaming: the runtime's built-in sink
 * (src/runtime/otlp-file.ts), the OpenTelemetry SDK's JSON serializer, and the collector's
 * `file` exporter all write one ExportTraceServiceRequest per line
 * ({"resourceSpans":[{"resource":…,"scopeSpans":[{"scope":…,"spans":[…]}]}]}). A backend's
 * export may instead be one JSON document for the whole file (pretty-printed, or an array of
 * requests): see readDocument for how the two are told apart. Values follow
 * the proto3 JSON mapping either way: int64 as a string or a number, times as unix
 * nanoseconds, enums as numbers.
 */

export type { AttributeFilter, AttributeValue, OtlpSpan } from './otlp-span.js';

/** What could not be read, without stopping the rest: a file:line and why. */
export type ReadWarning = (message: string) => void;

/** Lines read, and how many of them went to JSON.parse (with a filter: the lines the scanner left). */
export interface ReadStats {
  lines: number;
  parsed: number;
}

/** Whole-document files larger than this are refused: a document is parsed at once, not streamed. */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

/** Bytes read at a time (twice over: one chunk is read while the other is scanned). */
const BUFFER_BYTES = 4 * 1024 * 1024;
const HEAD_BYTES = 1024 * 1024;

/**
 * Every span of every file, in file order, one at a time, with the attributes `filter` keeps
 * (all without one). A line that is not JSON (a write cut off by a crash, a stray log line) is
 * a warning naming the file and line, and reading goes on.
 *
 * With a filter a line is read by the scanner (otlp-scan.ts), on its bytes: it decodes only the
 * spans' times, ids, status and kept attributes, where JSON.parse needs the line decoded and
 * then builds every object of it. A line the scanner does not read as standard JSON goes to
 * JSON.parse, so both ways yield the same spans and the same warnings
 * (__tests__/monitor/otlp-read.test.ts holds them to it).
 */
export async function readSpans(
  paths: readonly string[],
  onSpan: (span: OtlpSpan) => void,
  warn: ReadWarning,
  filter?: AttributeFilter,
): Promise<ReadStats> {
  const stats: ReadStats = { lines: 0, parsed: 0 };
  const compiled = filter ? compileFilter(filter) : undefined;
  for (const path of paths) await readFile(path, onSpan, warn, compiled, stats);
  return stats;
}

async function readFile(
  path: string,
  onSpan: (span: OtlpSpan) => void,
  warn: ReadWarning,
  compiled: CompiledFilter | undefined,
  stats: ReadStats,
): Promise<void> {
  const handle = await openLog(path);
  try {
    const document = await readDocument(path, handle);
    if (document !== undefined) {
      spansOfValue(document, onSpan, compiled?.filter);
      stats.lines += 1;
      stats.parsed += 1;
      return;
    }
    const scanned: OtlpSpan[] = [];
    stats.lines += await forEachLine(handle, path, (buf, start, end, lineNumber) => {
      if (compiled) {
        scanned.length = 0;
        try {
          scanRequest(buf, start, end, compiled, (span) => scanned.push(span));
          for (const span of scanned) onSpan(span);
          return;
        } catch {
          // Not standard JSON as the scanner reads it (or nested past its stack): JSON.parse decides.
        }
      }
      const line = buf.toString('utf8', start, end);
      if (line.trim() === '') return;
      stats.parsed += 1;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        warn(`${path}:${lineNumber}: not a JSON line (cut off while being written?); skipped`);
        return;
      }
      spansOfValue(value, onSpan, compiled?.filter);
    });
  } finally {
    await handle.close();
  }
}

async function openLog(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError({ file: path, message: 'does not exist' });
    throw error;
  }
}

function isFolder(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'EISDIR';
}

const FOLDER = 'is a folder: give the log files (or a glob of them)';

/**
 * Calls `onLine` with each line's bytes (`buf[start, end)`, without the newline) and its
 * number, in order; a last line without a newline counts when it is not empty. Returns the
 * number of lines. Bytes, not text: a line is decoded only if someone needs its text. Two
 * buffers take turns: the next chunk is read (in libuv's thread pool, on another core) while
 * this one is scanned.
 */
async function forEachLine(
  handle: FileHandle,
  path: string,
  onLine: (buf: Buffer, start: number, end: number, lineNumber: number) => void,
): Promise<number> {
  const chunks = [Buffer.allocUnsafe(BUFFER_BYTES), Buffer.allocUnsafe(BUFFER_BYTES)];
  const read = (chunk: Buffer, position: number) => {
    const reading = handle.read(chunk, 0, chunk.length, position).then(
      (result) => result.bytesRead,
      (error: unknown) => {
        throw isFolder(error) ? new InputError({ file: path, message: FOLDER }) : error;
      },
    );
    // Awaited below; if scanning throws first, its failure (the handle closed under it) is moot.
    reading.catch(() => undefined);
    return reading;
  };
  // A line begun in one chunk and not ended there, copied: its chunk is read into again.
  let carried: Buffer[] = [];
  let lineNumber = 0;
  let position = 0;
  let turn = 0;
  let reading = read(chunks[0]!, 0);
  for (;;) {
    const bytesRead = await reading;
    if (bytesRead === 0) break;
    const chunk = chunks[turn]!.subarray(0, bytesRead);
    position += bytesRead;
    turn = 1 - turn;
    reading = read(chunks[turn]!, position);
    let start = 0;
    let newline = chunk.indexOf(10);
    if (newline >= 0 && carried.length > 0) {
      const line = Buffer.concat([...carried, chunk.subarray(0, newline)]);
      carried = [];
      onLine(line, 0, line.length, ++lineNumber);
      start = newline + 1;
      newline = chunk.indexOf(10, start);
    }
    while (newline >= 0) {
      onLine(chunk, start, newline, ++lineNumber);
      start = newline + 1;
      newline = chunk.indexOf(10, start);
    }
    if (start < bytesRead) carried.push(Buffer.from(chunk.subarray(start)));
  }
  if (carried.length > 0) {
    const line = Buffer.concat(carried);
    onLine(line, 0, line.length, ++lineNumber);
  }
  return lineNumber;
}

/**
 * The file as one JSON document (a backend's pretty-printed export), or undefined for JSON Lines.
 * JSON Lines when the first non-empty line is a JSON value on its own; otherwise the whole file
 * is parsed, and if it is not JSON either, a first line that opens a document (`{` or `[`) makes
 * it a broken document (an error), anything else JSON Lines whose first line is broken (a
 * warning, and the rest is read).
 */
async function readDocument(path: string, handle: FileHandle): Promise<unknown> {
  const buffer = Buffer.alloc(HEAD_BYTES);
  let bytesRead: number;
  try {
    ({ bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0));
  } catch (error) {
    if (isFolder(error)) throw new InputError({ file: path, message: FOLDER });
    throw error;
  }
  const head = buffer.toString('utf8', 0, bytesRead).replace(/^\s+/, '');
  if (head === '') return undefined;
  const newline = head.indexOf('\n');
  const firstLine = newline < 0 ? head : head.slice(0, newline);
  // A first line longer than the head is a long JSON line, not a document's first line.
  if (newline < 0 && bytesRead === HEAD_BYTES) return undefined;
  if (parses(firstLine)) return undefined;
  const { size } = await handle.stat();
  const opensDocument = /^[[{]$/.test(firstLine.trim());
  if (size > MAX_DOCUMENT_BYTES) {
    if (!opensDocument) return undefined;
    throw new InputError({
      file: path,
      message: `is one JSON document of ${Math.round(size / 1048576)} MB; export OTLP JSON Lines (one request per line) to read it streaming`,
    });
  }
  try {
    return JSON.parse(await handle.readFile('utf8')) as unknown;
  } catch (error) {
    if (!opensDocument) return undefined;
    throw new InputError({ file: path, message: `is neither OTLP JSON Lines nor one JSON document: ${(error as Error).message}` });
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
