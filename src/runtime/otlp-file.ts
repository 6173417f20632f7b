import { randomFillSync } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/*
 * The built-in span sink, for apps without an OpenTelemetry SDK: OTLP JSON Lines, exactly what
 * the OpenTelemetry file exporter and the collector's `otlpjsonfile` receiver read. Each line is
 * one ExportTraceServiceRequest ({ resourceSpans: [{ resource, scopeSpans: [{ scope, spans }] }] })
 * holding the spans of one flush; ids are hex, times unix nanoseconds as strings, attributes
 * { key, value: { stringValue | intValue | doubleValue | boolValue | arrayValue } }.
 */

export type AttributeValue = string | number | boolean | string[];
export type Attributes = Record<string, AttributeValue | undefined>;

/** OTLP JSON's AnyValue; int64 as a string, as the proto3 JSON mapping writes it. */
type AnyValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean }
  | { arrayValue: { values: AnyValue[] } };

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** SPAN_KIND_CLIENT */
  kind: 3;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Array<{ key: string; value: AnyValue }>;
  droppedAttributesCount: 0;
  events: [];
  droppedEventsCount: 0;
  /** Unset ({}), or STATUS_CODE_ERROR (2) with a message. */
  status: { code?: 2; message?: string };
  links: [];
  droppedLinksCount: 0;
  /** Sampled, and (bit 8 set, bit 9 clear) its parent is not remote: what the SDK writes for a local root span. */
  flags: 257;
}

export function anyValue(value: AttributeValue): AnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map((item) => ({ stringValue: item })) } };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

export function otlpAttributes(attributes: Attributes): Array<{ key: string; value: AnyValue }> {
  const list: Array<{ key: string; value: AnyValue }> = [];
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (value !== undefined) list.push({ key, value: anyValue(value) });
  }
  return list;
}

/** Unix time in nanoseconds, as a decimal string (beyond 2^53, so not a Number). */
export function nowUnixNano(): string {
  const ms = performance.timeOrigin + performance.now();
  const whole = Math.floor(ms);
  return (BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6))).toString();
}

// Span and trace ids from a pool of random bytes, refilled 4 KB at a time.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
export function randomHex(bytes: 8 | 16): string {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

/** At most this many spans wait for a write; a flush happens at least this often. */
const MAX_PENDING = 512;
const FLUSH_INTERVAL_MS = 1000;

export class OtlpFileSink {
  private pending: OtlpSpan[] = [];
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private readonly prefix: string;
  private closed = false;
  private madeFolder = false;

  constructor(
    readonly path: string,
    resource: Attributes,
    scope: { name: string; version: string },
    private readonly onError: (error: unknown) => void,
  ) {
    // Everything around the spans is the same on every line: serialized once.
    const head = { resource: { attributes: otlpAttributes(resource), droppedAttributesCount: 0 }, scope };
    this.prefix = `{"resourceSpans":[{"resource":${JSON.stringify(head.resource)},"scopeSpans":[{"scope":${JSON.stringify(scope)},"spans":[`;
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  add(span: OtlpSpan): void {
    if (this.closed) return;
    this.pending.push(span);
    if (this.pending.length >= MAX_PENDING) void this.flush();
  }

  /** Writes what is pending as one line; resolves when every earlier write is done. */
  flush(): Promise<void> {
    if (this.pending.length > 0) {
      const spans = this.pending;
      this.pending = [];
      const line = `${this.prefix}${spans.map((span) => JSON.stringify(span)).join(',')}]}]}]}\n`;
      this.writing = this.writing.then(() => this.write(line));
    }
    return this.writing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    this.closed = true;
  }

  private async write(line: string): Promise<void> {
    try {
      if (!this.madeFolder) {
        await mkdir(dirname(this.path), { recursive: true });
        this.madeFolder = true;
      }
      await appendFile(this.path, line);
    } catch (error) {
      // Telemetry never fails a call: the app is told, the spans of this line are lost.
      this.onError(error);
    }
  }
}
