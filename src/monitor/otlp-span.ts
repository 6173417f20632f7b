/*
 * A span as monitor and harvest read it from OTLP JSON (otlp-read.ts, otlp-scan.ts): times,
 * ids, status and the attributes as a plain object.
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

/** `"1796550939282000000"` (or a number) → unix milliseconds, without losing precision to 2^53. */
export function unixNanoToMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value / 1e6 : undefined;
  // 1 to 20 decimal digits (a loop: this runs twice per span).
  if (typeof value !== 'string' || value.length === 0 || value.length > 20) return undefined;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) return undefined;
  }
  if (value.length <= 6) return Number(value) / 1e6;
  return Number(value.slice(0, -6)) + Number(value.slice(-6)) / 1e6;
}

/** The attributes a reader keeps: these keys, and the keys that start with these prefixes. */
export interface AttributeFilter {
  keys: readonly string[];
  prefixes: readonly string[];
}

export function wants(filter: AttributeFilter, key: string): boolean {
  return filter.keys.includes(key) || filter.prefixes.some((prefix) => key.startsWith(prefix));
}
