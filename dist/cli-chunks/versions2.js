const { createReadStream } = globalThis.process.getBuiltinModule("node:fs");
const { open } = globalThis.process.getBuiltinModule("node:fs/promises");
import { I as InputError, x as loadRepoConfig, y as loadPromptFolder, z as formatDiagnostic } from './cli-entry.js';
import { createGitSource } from './git-source.js';
import { folderOf } from './tags.js';

/*
 * One execution of a prompt, as its span tells it (docs/runtime.md, "Telemetry"): the
 * OpenTelemetry GenAI attributes and promptgate's own. Spans without gen_ai.prompt.name and
 * gen_ai.prompt.version are not promptgate executions (a collector's export holds every span
 * of the app) and are left out.
 */
const OUTPUT_PREFIX = 'promptgate.output.';
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

/** Whole-document files larger than this are refused: a document is parsed at once, not streamed. */
const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
/**
 * Every span of every file, in file order, one at a time. A line that is not JSON (a write cut
 * off by a crash, a stray log line) is a warning naming the file and line, and reading goes on.
 */
async function readSpans(paths, onSpan, warn) {
    let lines = 0;
    for (const path of paths)
        lines += await readFile(path, onSpan, warn);
    return lines;
}
async function readFile(path, onSpan, warn) {
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
            let value;
            try {
                value = JSON.parse(text);
            }
            catch (error) {
                throw new InputError({ file: path, message: `is neither OTLP JSON Lines nor one JSON document: ${error.message}` });
            }
            for (const request of Array.isArray(value) ? value : [value])
                emitRequest(request, onSpan);
            return 1;
        }
        finally {
            await handle.close();
        }
    }
    let lineNumber = 0;
    let rest = '';
    const handleLine = (line) => {
        lineNumber += 1;
        if (line.trim() === '')
            return;
        let value;
        try {
            value = JSON.parse(line);
        }
        catch {
            warn(`${path}:${lineNumber}: not a JSON line (cut off while being written?); skipped`);
            return;
        }
        emitRequest(value, onSpan);
    };
    const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK_BYTES });
    try {
        for await (const chunk of stream) {
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
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT')
            throw new InputError({ file: path, message: 'does not exist' });
        if (code === 'EISDIR')
            throw new InputError({ file: path, message: 'is a folder: give the log files (or a glob of them)' });
        throw error;
    }
    if (rest !== '')
        handleLine(rest);
    return lineNumber;
}
/**
 * Whether the file is one pretty-printed document rather than JSON Lines: its first non-empty
 * line does not parse on its own. Reads at most the first chunk.
 */
async function startsWithDocument(path) {
    let handle;
    try {
        handle = await open(path, 'r');
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT')
            throw new InputError({ file: path, message: 'does not exist' });
        throw error;
    }
    try {
        const buffer = Buffer.alloc(CHUNK_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, 0);
        const head = buffer.toString('utf8', 0, bytesRead).replace(/^\s+/, '');
        if (head === '')
            return false;
        const end = head.indexOf('\n');
        // A first line longer than the chunk is a JSON line being long, not a document.
        if (end < 0)
            return bytesRead < CHUNK_BYTES && !parses(head);
        return !parses(head.slice(0, end));
    }
    catch (error) {
        if (error.code === 'EISDIR') {
            throw new InputError({ file: path, message: 'is a folder: give the log files (or a glob of them)' });
        }
        throw error;
    }
    finally {
        await handle.close();
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
/** Walks one ExportTraceServiceRequest (anything else on a line is ignored). */
function emitRequest(request, onSpan) {
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
                const span = toSpan(raw);
                if (span)
                    onSpan(span);
            }
        }
    }
}
function toSpan(raw) {
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
            if (typeof entry?.key === 'string')
                attributes[entry.key] = anyValue(entry.value);
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
function anyValue(value) {
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
        return Array.isArray(values) ? values.map(anyValue) : [];
    }
    return null;
}
/** `"1796550939282000000"` (or a number) \u2192 unix milliseconds, without losing precision to 2^53. */
function unixNanoToMs(value) {
    if (typeof value === 'number')
        return Number.isFinite(value) ? value / 1e6 : undefined;
    if (typeof value !== 'string' || !/^\d{1,20}$/.test(value))
        return undefined;
    if (value.length <= 6)
        return Number(value) / 1e6;
    return Number(value.slice(0, -6)) + Number(value.slice(-6)) / 1e6;
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

export { VersionLoader as V, answered as a, executionOf as e, failed as f, readSpans as r };
