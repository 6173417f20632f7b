import { unixNanoToMs, wants, type AttributeFilter, type AttributeValue, type OtlpSpan } from './otlp-span.js';

/*
 * Spans from a parsed ExportTraceServiceRequest (JSON.parse's value): the reader of a whole
 * document, of a line the scanner leaves, and of every line when all attributes are kept.
 * Whatever is not a request, a span with its times, or an attribute with a string key is left
 * out without a word; the proto3 JSON mapping allows int64 as a string or a number.
 */

/** A request, or a list of requests (a backend's export), as JSON.parse read it. */
export function spansOfValue(value: unknown, onSpan: (span: OtlpSpan) => void, filter: AttributeFilter | undefined): void {
  for (const request of Array.isArray(value) ? value : [value]) spansOfRequest(request, onSpan, filter);
}

/** Walks one ExportTraceServiceRequest (anything else is ignored). */
function spansOfRequest(request: unknown, onSpan: (span: OtlpSpan) => void, filter: AttributeFilter | undefined): void {
  const resourceSpans = (request as { resourceSpans?: unknown })?.resourceSpans;
  if (!Array.isArray(resourceSpans)) return;
  for (const resource of resourceSpans) {
    const scopes = (resource as { scopeSpans?: unknown })?.scopeSpans;
    if (!Array.isArray(scopes)) continue;
    for (const scope of scopes) {
      const spans = (scope as { spans?: unknown })?.spans;
      if (!Array.isArray(spans)) continue;
      for (const raw of spans) {
        const span = toSpan(raw, filter);
        if (span) onSpan(span);
      }
    }
  }
}

function toSpan(raw: unknown, filter: AttributeFilter | undefined): OtlpSpan | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const span = raw as Record<string, unknown>;
  const startMs = unixNanoToMs(span.startTimeUnixNano);
  const endMs = unixNanoToMs(span.endTimeUnixNano);
  if (startMs === undefined || endMs === undefined) return undefined;
  const attributes: Record<string, AttributeValue> = {};
  if (Array.isArray(span.attributes)) {
    for (const entry of span.attributes as Array<{ key?: unknown; value?: unknown }>) {
      if (typeof entry?.key === 'string' && (!filter || wants(filter, entry.key))) attributes[entry.key] = anyValue(entry.value);
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
