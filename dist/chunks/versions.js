const { open } = globalThis.process.getBuiltinModule("node:fs/promises");
import { I as InputError, J as loadRepoConfig, K as loadPromptFolder, L as formatDiagnostic } from './engine.js';
import { createGitSource } from './git-source.js';
import { folderOf } from './tags.js';

/*
 * One execution of a prompt, as its span tells it (docs/runtime.md, "Telemetry"): the
 * OpenTelemetry GenAI attributes and promptgate's own. Spans without gen_ai.prompt.name and
 * gen_ai.prompt.version are not promptgate executions (a collector's export holds every span
 * of the app) and are left out.
 */
const OUTPUT_PREFIX = 'promptgate.output.';
/** The attributes executionOf reads: the reader skips the others without building them. */
const EXECUTION_ATTRIBUTES = {
    keys: [
        'gen_ai.prompt.name',
        'gen_ai.prompt.version',
        'promptgate.variant',
        'promptgate.commit',
        'error.type',
        'promptgate.schema_valid',
        'promptgate.cost_usd',
    ],
    prefixes: [OUTPUT_PREFIX],
};
/** Failed: no answer (a provider error), an answer the runtime refused, a schema failure, or an error status. */
function failed(execution) {
    return execution.errorType !== undefined || execution.schemaValid === false || execution.statusError;
}
/** The model answered (even if the answer then failed its schema): its latency and cost are real. */
function answered(execution) {
    return execution.errorType === undefined || execution.errorType.startsWith('output.');
}
function executionOf(span) {
    const attributes = span.attributes;
    const prompt = attributes['gen_ai.prompt.name'];
    const version = attributes['gen_ai.prompt.version'];
    if (typeof prompt !== 'string' || typeof version !== 'string')
        return undefined;
    let outputs;
    for (const key in attributes) {
        if (key.startsWith(OUTPUT_PREFIX))
            (outputs ??= {})[key.slice(OUTPUT_PREFIX.length)] = attributes[key];
    }
    const variant = attributes['promptgate.variant'];
    const commit = attributes['promptgate.commit'];
    const errorType = attributes['error.type'];
    const schemaValid = attributes['promptgate.schema_valid'];
    const cost = attributes['promptgate.cost_usd'];
    return {
        prompt,
        version,
        variant: typeof variant === 'string' && variant !== '' ? variant : 'production',
        commit: typeof commit === 'string' ? commit : undefined,
        traceId: span.traceId,
        endMs: span.endMs,
        latencyMs: Math.max(0, span.endMs - span.startMs),
        errorType: typeof errorType === 'string' && errorType !== '' ? errorType : undefined,
        schemaValid: typeof schemaValid === 'boolean' ? schemaValid : undefined,
        statusError: span.statusError,
        costUsd: typeof cost === 'number' && Number.isFinite(cost) ? cost : undefined,
        outputs,
    };
}

/*
 * A span as monitor and harvest read it from OTLP JSON (otlp-read.ts, otlp-scan.ts): times,
 * ids, status and the attributes as a plain object.
 */
/** `"1796550939282000000"` (or a number) \u2192 unix milliseconds, without losing precision to 2^53. */
function unixNanoToMs(value) {
    if (typeof value === 'number')
        return Number.isFinite(value) ? value / 1e6 : undefined;
    // 1 to 20 decimal digits (a loop: this runs twice per span).
    if (typeof value !== 'string' || value.length === 0 || value.length > 20)
        return undefined;
    for (let i = 0; i < value.length; i += 1) {
        const code = value.charCodeAt(i);
        if (code < 48 || code > 57)
            return undefined;
    }
    if (value.length <= 6)
        return Number(value) / 1e6;
    return Number(value.slice(0, -6)) + Number(value.slice(-6)) / 1e6;
}
function wants(filter, key) {
    return filter.keys.includes(key) || filter.prefixes.some((prefix) => key.startsWith(prefix));
}

/*
 * Spans from a parsed ExportTraceServiceRequest (JSON.parse's value): the reader of a whole
 * document, of a line the scanner leaves, and of every line when all attributes are kept.
 * Whatever is not a request, a span with its times, or an attribute with a string key is left
 * out without a word; the proto3 JSON mapping allows int64 as a string or a number.
 */
/** A request, or a list of requests (a backend's export), as JSON.parse read it. */
function spansOfValue(value, onSpan, filter) {
    for (const request of Array.isArray(value) ? value : [value])
        spansOfRequest(request, onSpan, filter);
}
/** Walks one ExportTraceServiceRequest (anything else is ignored). */
function spansOfRequest(request, onSpan, filter) {
    const resourceSpans = request?.resourceSpans;
    if (!Array.isArray(resourceSpans))
        return;
    for (const resource of resourceSpans) {
        const scopes = resource?.scopeSpans;
        if (!Array.isArray(scopes))
            continue;
        for (const scope of scopes) {
            const spans = scope?.spans;
            if (!Array.isArray(spans))
                continue;
            for (const raw of spans) {
                const span = toSpan(raw, filter);
                if (span)
                    onSpan(span);
            }
        }
    }
}
function toSpan(raw, filter) {
    if (typeof raw !== 'object' || raw === null)
        return undefined;
    const span = raw;
    const startMs = unixNanoToMs(span.startTimeUnixNano);
    const endMs = unixNanoToMs(span.endTimeUnixNano);
    if (startMs === undefined || endMs === undefined)
        return undefined;
    const attributes = {};
    if (Array.isArray(span.attributes)) {
        for (const entry of span.attributes) {
            if (typeof entry?.key === 'string' && (!filter || wants(filter, entry.key)))
                attributes[entry.key] = anyValue$1(entry.value);
        }
    }
    const status = span.status;
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
function anyValue$1(value) {
    if (typeof value !== 'object' || value === null)
        return null;
    const any = value;
    if ('stringValue' in any)
        return typeof any.stringValue === 'string' ? any.stringValue : null;
    if ('boolValue' in any)
        return any.boolValue === true;
    if ('intValue' in any)
        return Number(any.intValue);
    if ('doubleValue' in any)
        return Number(any.doubleValue);
    if ('arrayValue' in any) {
        const values = any.arrayValue?.values;
        return Array.isArray(values) ? values.map(anyValue$1) : [];
    }
    return null;
}

/*
 * A JSON scanner on UTF-8 bytes (a Buffer range), for readers that want a few values of a large
 * text without building the rest (otlp-scan.ts). It checks what it passes over as JSON.parse
 * would: structure, literals, numbers, and every string (no control characters, valid escapes).
 * On anything else it throws LEAVE_TO_JSON_PARSE, and the caller lets JSON.parse decide.
 */
/** Thrown when the scanner leaves a line to JSON.parse: a constant, as no one reads its stack. */
const LEAVE_TO_JSON_PARSE = new SyntaxError('left to JSON.parse');
const QUOTE = 34;
const BACKSLASH = 92;
const key = (text) => ({ text, bytes: Buffer.from(text) });
const keys = (...texts) => texts.map(key);
class ByteScanner {
    buf;
    end;
    strings;
    at;
    constructor(buf, start, end, strings) {
        this.buf = buf;
        this.end = end;
        this.strings = strings;
        this.at = start;
    }
    /** The next byte that is not JSON whitespace (not consumed), or -1 at the end. */
    peek() {
        const { buf, end } = this;
        let at = this.at;
        while (at < end) {
            const code = buf[at];
            if (code !== 32 && code !== 10 && code !== 13 && code !== 9)
                break;
            at += 1;
        }
        this.at = at;
        return at < end ? buf[at] : -1;
    }
    expect(code) {
        if (this.peek() !== code)
            throw LEAVE_TO_JSON_PARSE;
        this.at += 1;
    }
    /**
     * Moves past the string at the cursor (checking it as JSON.parse would) and returns where its
     * content ends; `escaped` tells whether it held a backslash.
     */
    skipString() {
        if (this.peek() !== QUOTE)
            throw LEAVE_TO_JSON_PARSE;
        const { buf, end } = this;
        let at = this.at + 1;
        // Most strings hold no escape: a tight loop to their closing quote.
        for (;;) {
            if (at >= end)
                throw LEAVE_TO_JSON_PARSE;
            const code = buf[at];
            if (code === QUOTE) {
                this.escaped = false;
                this.at = at + 1;
                return at;
            }
            if (code < 32 || code === BACKSLASH)
                break;
            at += 1;
        }
        this.escaped = false;
        for (;;) {
            if (at >= end)
                throw LEAVE_TO_JSON_PARSE;
            const code = buf[at];
            if (code === QUOTE)
                break;
            if (code < 32)
                throw LEAVE_TO_JSON_PARSE;
            if (code === BACKSLASH) {
                this.escaped = true;
                const next = at + 1 < end ? buf[at + 1] : -1;
                if (next === 117) {
                    // \uXXXX
                    if (at + 6 > end)
                        throw LEAVE_TO_JSON_PARSE;
                    for (let i = at + 2; i < at + 6; i += 1)
                        if (!isHex(buf[i]))
                            throw LEAVE_TO_JSON_PARSE;
                    at += 6;
                    continue;
                }
                if (next !== QUOTE &&
                    next !== BACKSLASH &&
                    next !== 47 &&
                    next !== 98 &&
                    next !== 102 &&
                    next !== 110 &&
                    next !== 114 &&
                    next !== 116) {
                    throw LEAVE_TO_JSON_PARSE;
                }
                at += 2;
                continue;
            }
            at += 1;
        }
        this.at = at + 1;
        return at;
    }
    escaped = false;
    /** The string at the cursor, decoded; through the cache when it is a value that repeats. */
    string(repeats = false) {
        if (this.peek() !== QUOTE)
            throw LEAVE_TO_JSON_PARSE;
        const quote = this.at;
        const end = this.skipString();
        if (this.escaped)
            return JSON.parse(this.buf.toString('utf8', quote, end + 1));
        if (repeats && this.strings)
            return this.strings.decode(this.buf, quote + 1, end);
        return this.buf.toString('utf8', quote + 1, end);
    }
    /** The key at the cursor as an index into `table`, or -1; the colon after it consumed. */
    key(table) {
        const quote = this.peek();
        const start = this.at + 1;
        if (quote !== QUOTE)
            throw LEAVE_TO_JSON_PARSE;
        const end = this.skipString();
        let found = -1;
        if (this.escaped) {
            const text = JSON.parse(this.buf.toString('utf8', start - 1, end + 1));
            found = table.findIndex((entry) => entry.text === text);
        }
        else {
            for (let i = 0; i < table.length; i += 1) {
                if (this.bytesAre(start, end, table[i].bytes)) {
                    found = i;
                    break;
                }
            }
        }
        this.expect(58);
        return found;
    }
    /** Whether `buf[start, end)`, inside the line, holds exactly `bytes`. */
    bytesAre(start, end, bytes) {
        if (end - start !== bytes.length || end > this.end)
            return false;
        const { buf } = this;
        for (let i = 0; i < bytes.length; i += 1)
            if (buf[start + i] !== bytes[i])
                return false;
        return true;
    }
    /** Skips any value, building nothing. */
    skip() {
        const code = this.peek();
        if (code === QUOTE)
            this.skipString();
        else if (code === 123)
            this.object(NO_KEYS, this.skipValue);
        else if (code === 91)
            this.array(this.skipValue);
        else
            this.at = this.literalEnd();
    }
    skipValue = () => this.skip();
    /** A number, true, false or null at the cursor, checked as JSON.parse checks it. */
    literal() {
        const start = this.at;
        const end = this.literalEnd();
        this.at = end;
        const code = this.buf[start];
        if (code === 116)
            return true;
        if (code === 102)
            return false;
        if (code === 110)
            return null;
        return Number(this.buf.toString('latin1', start, end));
    }
    /** Where the literal at the cursor ends (the cursor stays). */
    literalEnd() {
        const start = this.at;
        const code = this.byte(start);
        if (code === 116)
            return this.word(start, 'true');
        if (code === 102)
            return this.word(start, 'false');
        if (code === 110)
            return this.word(start, 'null');
        let at = start;
        if (this.byte(at) === 45)
            at += 1;
        if (this.byte(at) === 48)
            at += 1;
        else if (isDigit(this.byte(at)) && this.byte(at) !== 48)
            at = this.digits(at);
        else
            throw LEAVE_TO_JSON_PARSE;
        if (this.byte(at) === 46) {
            if (!isDigit(this.byte(at + 1)))
                throw LEAVE_TO_JSON_PARSE;
            at = this.digits(at + 1);
        }
        if (this.byte(at) === 101 || this.byte(at) === 69) {
            at += 1;
            if (this.byte(at) === 43 || this.byte(at) === 45)
                at += 1;
            if (!isDigit(this.byte(at)))
                throw LEAVE_TO_JSON_PARSE;
            at = this.digits(at);
        }
        return at;
    }
    /** The byte at `at`, or -1 past the line's end (the buffer may hold the next line). */
    byte(at) {
        return at < this.end ? this.buf[at] : -1;
    }
    digits(at) {
        while (isDigit(this.byte(at)))
            at += 1;
        return at;
    }
    /** The end of `text` at `start`, which must be there. */
    word(start, text) {
        if (start + text.length > this.end)
            throw LEAVE_TO_JSON_PARSE;
        for (let i = 1; i < text.length; i += 1)
            if (this.buf[start + i] !== text.charCodeAt(i))
                throw LEAVE_TO_JSON_PARSE;
        return start + text.length;
    }
    /**
     * Calls `member` with the index in `table` of each key of the object at the cursor (-1 for
     * the others); `member` consumes the value. A key of the table found twice throws: JSON.parse
     * keeps the last, this would read both.
     */
    object(table, member) {
        this.expect(123);
        if (this.peek() === 125) {
            this.at += 1;
            return;
        }
        let seen = 0;
        for (;;) {
            const index = this.key(table);
            if (index >= 0) {
                if (seen & (1 << index))
                    throw LEAVE_TO_JSON_PARSE;
                seen |= 1 << index;
            }
            member(index);
            const next = this.peek();
            this.at += 1;
            if (next === 125)
                return;
            if (next !== 44)
                throw LEAVE_TO_JSON_PARSE;
        }
    }
    /** Calls `item` for each element of the array at the cursor; `item` consumes it. */
    array(item) {
        this.expect(91);
        if (this.peek() === 93) {
            this.at += 1;
            return;
        }
        for (;;) {
            item();
            const next = this.peek();
            this.at += 1;
            if (next === 93)
                return;
            if (next !== 44)
                throw LEAVE_TO_JSON_PARSE;
        }
    }
}
const NO_KEYS = [];
const isDigit = (code) => code >= 48 && code <= 57;
const isHex = (code) => code !== undefined && ((code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102));
const CACHE_SLOTS = 1024;
const CACHED_BYTES = 64;
/**
 * Decoded strings by their bytes, for values that repeat (a prompt's name, a version, a commit):
 * hashing and comparing a few dozen bytes costs less than decoding them into a new string. A
 * slot holds the last string that hashed to it; a string is only ever returned for its bytes.
 */
class StringCache {
    bytes = new Array(CACHE_SLOTS);
    texts = new Array(CACHE_SLOTS);
    decode(buf, start, end) {
        const length = end - start;
        if (length > CACHED_BYTES)
            return buf.toString('utf8', start, end);
        let hash = 0x811c9dc5; // FNV-1a
        for (let i = start; i < end; i += 1)
            hash = Math.imul(hash ^ buf[i], 0x01000193);
        const slot = (hash >>> 0) % CACHE_SLOTS;
        const known = this.bytes[slot];
        if (known && known.length === length) {
            let same = true;
            for (let i = 0; i < length; i += 1) {
                if (known[i] !== buf[start + i]) {
                    same = false;
                    break;
                }
            }
            if (same)
                return this.texts[slot];
        }
        const text = buf.toString('utf8', start, end);
        this.bytes[slot] = Buffer.from(buf.subarray(start, end));
        this.texts[slot] = text;
        return text;
    }
}

/*
 * OTLP's AnyValue read by the byte scanner (otlp-scan.ts) as otlp-json.ts reads it from a parsed
 * object: a string, a boolean, a number (int64 as a string or a number), or a list of them.
 */
const ANY_VALUE_KINDS = keys('stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue');
const ARRAY_VALUE_FIELDS = keys('values');
/** `{"stringValue":` \u2026: what a writer puts before a value of each kind. */
const KIND_HEADS = ANY_VALUE_KINDS.map((kind) => Buffer.from(`{"${kind.text}":`));
/** The kind whose compact head is at the cursor (not consumed), or -1. */
function compactKind(scanner) {
    const { buf, at } = scanner;
    if (at + 2 >= scanner.end || buf[at + 1] !== QUOTE)
        return -1;
    const first = buf[at + 2];
    const kind = first === 115 ? 0 : first === 98 ? 1 : first === 105 ? 2 : first === 100 ? 3 : -1;
    return kind >= 0 && scanner.bytesAre(at, at + KIND_HEADS[kind].length, KIND_HEADS[kind]) ? kind : -1;
}
/** The value at the cursor (an AnyValue object), or null for anything else. */
function anyValue(scanner) {
    if (scanner.peek() !== 123)
        return (scanner.skip(), null);
    // The layout every known writer uses, one kind and no space: `{"stringValue":"\u2026"}`.
    const start = scanner.at;
    const compact = compactKind(scanner);
    if (compact >= 0 && compact < 4) {
        scanner.at += KIND_HEADS[compact].length;
        const value = kindValue(scanner, compact);
        if (scanner.peek() === 125) {
            scanner.at += 1;
            return value;
        }
        scanner.at = start; // more members: read it as any object
    }
    let value = null;
    let kinds = 0;
    scanner.object(ANY_VALUE_KINDS, (kind) => {
        // otlp-json.ts takes the first kind in its own order; JSON.parse's objects cannot say which came first.
        if (kind >= 0 && ++kinds > 1)
            throw LEAVE_TO_JSON_PARSE;
        if (kind >= 0)
            value = kindValue(scanner, kind);
        else
            scanner.skip();
    });
    return value;
}
/** Skips the value at the cursor, as a JSON value (checked, nothing built). */
function skipAnyValue(scanner) {
    if (scanner.peek() === 123) {
        const start = scanner.at;
        const compact = compactKind(scanner);
        if (compact >= 0) {
            scanner.at += KIND_HEADS[compact].length;
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
function kindValue(scanner, kind) {
    const code = scanner.peek();
    switch (kind) {
        case 0:
            return code === QUOTE ? scanner.string(true) : (scanner.skip(), null);
        case 1:
            return code === QUOTE || code === 123 || code === 91 ? (scanner.skip(), false) : scanner.literal() === true;
        case 2:
        case 3:
            // Number() of an object or array is not worth copying: JSON.parse reads those.
            if (code === 123 || code === 91)
                throw LEAVE_TO_JSON_PARSE;
            return Number(code === QUOTE ? scanner.string(true) : scanner.literal());
        default: {
            const values = [];
            if (code !== 123)
                return (scanner.skip(), values);
            // Values that are not a list read as none, as in otlp-json.ts.
            scanner.object(ARRAY_VALUE_FIELDS, (field) => field === 0 && scanner.peek() === 91 ? scanner.array(() => values.push(anyValue(scanner))) : scanner.skip());
            return values;
        }
    }
}

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
function compileFilter(filter) {
    const compiled = filter.keys.map(key);
    // Dense, one list per length up to the longest key: a lookup is an index.
    const byLength = Array.from({ length: Math.max(0, ...compiled.map((entry) => entry.bytes.length)) + 1 }, () => []);
    for (const entry of compiled)
        byLength[entry.bytes.length].push(entry);
    return { filter, byLength, prefixes: filter.prefixes.map((prefix) => Buffer.from(prefix)), strings: new StringCache() };
}
/**
 * Reads the line `buf[start, end)` (one ExportTraceServiceRequest, or a list of them), calling `onSpan` for each
 * span; throws when the line is left to JSON.parse (spans already passed on are then void: the
 * caller collects them and uses them only when this returns).
 */
function scanRequest(buf, start, end, filter, onSpan) {
    const scanner = new ByteScanner(buf, start, end, filter.strings);
    // An object with `table[0]` holding a list: each item to `then`, every other member skipped.
    const listIn = (table, then) => () => scanner.peek() === 123 ? scanner.object(table, (index) => (index === 0 ? scanner.array(then) : scanner.skip())) : scanner.skip();
    const request = listIn(RESOURCE_SPANS, listIn(SCOPE_SPANS, listIn(SPANS, () => scanSpan(scanner, filter, onSpan))));
    // A line may hold a list of requests, as a backend's export does.
    if (scanner.peek() === 91)
        scanner.array(request);
    else
        request();
    if (scanner.peek() !== -1)
        throw LEAVE_TO_JSON_PARSE;
}
function scanSpan(scanner, filter, onSpan) {
    if (scanner.peek() !== 123)
        return scanner.skip();
    let traceId = '';
    let spanId = '';
    let name = '';
    let startMs;
    let endMs;
    let statusError = false;
    let attributes = {};
    const text = () => (scanner.peek() === QUOTE ? scanner.string() : (scanner.skip(), ''));
    const time = () => {
        const code = scanner.peek();
        if (code === QUOTE)
            return nanosAt(scanner) ?? unixNanoToMs(scanner.string());
        if (code === 123 || code === 91)
            return (scanner.skip(), undefined);
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
                if (scanner.peek() !== 123)
                    return scanner.skip();
                return scanner.object(STATUS_FIELDS, (field) => {
                    if (field !== 0)
                        return scanner.skip();
                    const code = scanner.peek();
                    const value = code === QUOTE ? scanner.string() : code === 123 || code === 91 ? (scanner.skip(), undefined) : scanner.literal();
                    statusError = value === 2 || value === 'STATUS_CODE_ERROR';
                });
            case 6:
                attributes = {};
                if (scanner.peek() !== 91)
                    return scanner.skip();
                return scanner.array(() => scanAttribute(scanner, filter, attributes));
            default:
                scanner.skip();
        }
    });
    if (startMs !== undefined && endMs !== undefined)
        onSpan({ traceId, spanId, name, startMs, endMs, statusError, attributes });
}
/**
 * A time as the writers write it, `"1796550939282000000"`, read from its digits as unixNanoToMs
 * reads the string (exact: the digits above the last six are below 2^53); undefined, with the
 * cursor where it was, for any other string.
 */
function nanosAt(scanner) {
    const { buf } = scanner;
    const first = scanner.at + 1;
    let at = first;
    let high = 0;
    let low = 0;
    for (; at < scanner.end && at - first <= 20; at += 1) {
        const code = buf[at];
        if (code < 48 || code > 57)
            break;
        high = high * 10 + Math.floor(low / 100_000);
        low = (low % 100_000) * 10 + (code - 48);
    }
    const digits = at - first;
    if (digits === 0 || digits > 20 || at >= scanner.end || buf[at] !== QUOTE)
        return undefined;
    scanner.at = at + 1;
    return digits <= 6 ? low / 1e6 : high + low / 1e6;
}
/** The attribute key at the cursor when the filter keeps it, else undefined; the key is consumed. */
function wantedKey(scanner, filter) {
    if (scanner.peek() !== QUOTE)
        return (scanner.skip(), undefined);
    const start = scanner.at + 1;
    const end = scanner.skipString();
    if (scanner.escaped) {
        const text = JSON.parse(scanner.buf.toString('utf8', start - 1, end + 1));
        return wants(filter.filter, text) ? text : undefined;
    }
    return keptKey(scanner, filter, start, end);
}
/** The key `buf[start, end)` (no escapes in it) when the filter keeps it. */
function keptKey(scanner, filter, start, end) {
    const length = end - start;
    const candidates = length < filter.byLength.length ? filter.byLength[length] : NO_KEYS;
    for (let i = 0; i < candidates.length; i += 1) {
        if (scanner.bytesAre(start, end, candidates[i].bytes))
            return candidates[i].text;
    }
    const { prefixes } = filter;
    for (let i = 0; i < prefixes.length; i += 1) {
        const prefix = prefixes[i];
        if (length >= prefix.length && scanner.bytesAre(start, start + prefix.length, prefix)) {
            return filter.strings.decode(scanner.buf, start, end);
        }
    }
    return undefined;
}
const ATTRIBUTE_HEAD = Buffer.from('{"key":"');
const VALUE_HEAD = Buffer.from('","value":');
function scanAttribute(scanner, filter, into) {
    if (scanner.peek() !== 123)
        return scanner.skip();
    if (scanCompactAttribute(scanner, filter, into))
        return;
    let keySeen = false;
    let key;
    let value;
    scanner.object(ATTRIBUTE_FIELDS, (field) => {
        if (field === 0) {
            keySeen = true;
            key = wantedKey(scanner, filter);
        }
        else if (field === 1 && (!keySeen || key !== undefined)) {
            // A value before its key is read in case the key keeps it.
            value = anyValue(scanner);
        }
        else
            scanner.skip();
    });
    // Without a value the attribute is null, as otlp-read.ts reads { key } alone.
    if (key !== undefined)
        into[key] = value ?? null;
}
/**
 * An attribute as every known writer lays it out, `{"key":"K","value":V}` with no space and no
 * escape in K: read with two byte comparisons instead of an object's walk. False, with the
 * cursor where it was and nothing kept, for any other layout (the caller reads it as an object).
 */
function scanCompactAttribute(scanner, filter, into) {
    const start = scanner.at;
    if (!scanner.bytesAre(start, start + ATTRIBUTE_HEAD.length, ATTRIBUTE_HEAD))
        return false;
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
    if (key !== undefined)
        into[key] = value;
    return true;
}

/** Whole-document files larger than this are refused: a document is parsed at once, not streamed. */
const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;
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
async function readSpans(paths, onSpan, warn, filter) {
    const stats = { lines: 0, parsed: 0 };
    const compiled = filter ? compileFilter(filter) : undefined;
    for (const path of paths)
        await readFile(path, onSpan, warn, compiled, stats);
    return stats;
}
async function readFile(path, onSpan, warn, compiled, stats) {
    const handle = await openLog(path);
    try {
        const document = await readDocument(path, handle);
        if (document !== undefined) {
            spansOfValue(document, onSpan, compiled?.filter);
            stats.lines += 1;
            stats.parsed += 1;
            return;
        }
        const scanned = [];
        stats.lines += await forEachLine(handle, path, (buf, start, end, lineNumber) => {
            if (compiled) {
                scanned.length = 0;
                try {
                    scanRequest(buf, start, end, compiled, (span) => scanned.push(span));
                    for (const span of scanned)
                        onSpan(span);
                    return;
                }
                catch {
                    // Not standard JSON as the scanner reads it (or nested past its stack): JSON.parse decides.
                }
            }
            const line = buf.toString('utf8', start, end);
            if (line.trim() === '')
                return;
            stats.parsed += 1;
            let value;
            try {
                value = JSON.parse(line);
            }
            catch {
                warn(`${path}:${lineNumber}: not a JSON line (cut off while being written?); skipped`);
                return;
            }
            spansOfValue(value, onSpan, compiled?.filter);
        });
    }
    finally {
        await handle.close();
    }
}
async function openLog(path) {
    try {
        return await open(path, 'r');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            throw new InputError({ file: path, message: 'does not exist' });
        throw error;
    }
}
function isFolder(error) {
    return error.code === 'EISDIR';
}
const FOLDER = 'is a folder: give the log files (or a glob of them)';
/**
 * Calls `onLine` with each line's bytes (`buf[start, end)`, without the newline) and its
 * number, in order; a last line without a newline counts when it is not empty. Returns the
 * number of lines. Bytes, not text: a line is decoded only if someone needs its text. Two
 * buffers take turns: the next chunk is read (in libuv's thread pool, on another core) while
 * this one is scanned.
 */
async function forEachLine(handle, path, onLine) {
    const chunks = [Buffer.allocUnsafe(BUFFER_BYTES), Buffer.allocUnsafe(BUFFER_BYTES)];
    const read = (chunk, position) => {
        const reading = handle.read(chunk, 0, chunk.length, position).then((result) => result.bytesRead, (error) => {
            throw isFolder(error) ? new InputError({ file: path, message: FOLDER }) : error;
        });
        // Awaited below; if scanning throws first, its failure (the handle closed under it) is moot.
        reading.catch(() => undefined);
        return reading;
    };
    // A line begun in one chunk and not ended there, copied: its chunk is read into again.
    let carried = [];
    let lineNumber = 0;
    let position = 0;
    let turn = 0;
    let reading = read(chunks[0], 0);
    for (;;) {
        const bytesRead = await reading;
        if (bytesRead === 0)
            break;
        const chunk = chunks[turn].subarray(0, bytesRead);
        position += bytesRead;
        turn = 1 - turn;
        reading = read(chunks[turn], position);
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
        if (start < bytesRead)
            carried.push(Buffer.from(chunk.subarray(start)));
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
async function readDocument(path, handle) {
    const buffer = Buffer.alloc(HEAD_BYTES);
    let bytesRead;
    try {
        ({ bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0));
    }
    catch (error) {
        if (isFolder(error))
            throw new InputError({ file: path, message: FOLDER });
        throw error;
    }
    const head = buffer.toString('utf8', 0, bytesRead).replace(/^\s+/, '');
    if (head === '')
        return undefined;
    const newline = head.indexOf('\n');
    const firstLine = newline < 0 ? head : head.slice(0, newline);
    // A first line longer than the head is a long JSON line, not a document's first line.
    if (newline < 0 && bytesRead === HEAD_BYTES)
        return undefined;
    if (parses(firstLine))
        return undefined;
    const { size } = await handle.stat();
    const opensDocument = /^[[{]$/.test(firstLine.trim());
    if (size > MAX_DOCUMENT_BYTES) {
        if (!opensDocument)
            return undefined;
        throw new InputError({
            file: path,
            message: `is one JSON document of ${Math.round(size / 1048576)} MB; export OTLP JSON Lines (one request per line) to read it streaming`,
        });
    }
    try {
        return JSON.parse(await handle.readFile('utf8'));
    }
    catch (error) {
        if (!opensDocument)
            return undefined;
        throw new InputError({ file: path, message: `is neither OTLP JSON Lines nor one JSON document: ${error.message}` });
    }
}
function parses(text) {
    try {
        JSON.parse(text);
        return true;
    }
    catch {
        return false;
    }
}

class VersionLoader {
    repoDir;
    cache = new Map();
    constructor(repoDir) {
        this.repoDir = repoDir;
    }
    definitions(id, version, tags) {
        const key = `${id}@${version}`;
        let loaded = this.cache.get(key);
        if (!loaded) {
            loaded = this.load(id, version, tags);
            this.cache.set(key, loaded);
        }
        return loaded;
    }
    async load(id, version, tags) {
        const entry = tags?.versions.get(version);
        if (!entry)
            return { problem: `there is no tag prompts/${id}@${version}, so its metrics and guards are unknown` };
        const folder = folderOf(entry);
        if (!folder)
            return { problem: `prompts/${id}@${version} has no promptgate record naming its folder` };
        let source;
        try {
            source = createGitSource(this.repoDir, entry.commit);
            const { config } = await loadRepoConfig(source);
            const loaded = await loadPromptFolder(source, folder, config);
            if (!loaded.ok)
                return { problem: `${folder} does not load at ${entry.commit.slice(0, 12)}: ${loaded.errors.map(formatDiagnostic).join('; ')}` };
            return {
                ...(loaded.folder.metrics ? { metrics: loaded.folder.metrics } : {}),
                ...(loaded.folder.guards ? { guards: loaded.folder.guards } : {}),
                folder: loaded.folder,
            };
        }
        catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            return {
                problem: `cannot read ${folder} at ${entry.commit.slice(0, 12)} (${reason}); fetch the tags and history first (actions/checkout with fetch-depth: 0, or git fetch --tags)`,
            };
        }
        finally {
            source?.close();
        }
    }
}

export { EXECUTION_ATTRIBUTES as E, VersionLoader as V, answered as a, executionOf as e, failed as f, readSpans as r };
