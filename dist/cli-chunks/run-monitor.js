import { f as formatAliasMessage } from './prompt-tags.js';
import { ab as DEFAULT_MIN_SAMPLES, I as InputError, v as loadRepoConfig, w as loadPromptFolder, x as formatDiagnostic } from './cli-entry.js';
import { c as checkGuard, e as compareGuard, g as figuresOf, h as describeEvidence } from './evidence.js';
import { rolledBackFrom, previousProduction, folderOf, indexTags } from './tags.js';
const { createReadStream } = globalThis.process.getBuiltinModule("node:fs");
const { open } = globalThis.process.getBuiltinModule("node:fs/promises");
import { createGitSource } from './git-source.js';
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:util");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:buffer");
import './tags2.js';
globalThis.process.getBuiltinModule("node:child_process");

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

/** A growable array of doubles. */
class Latencies {
    values = new Float64Array(256);
    length = 0;
    push(value) {
        if (this.length === this.values.length) {
            const grown = new Float64Array(this.values.length * 2);
            grown.set(this.values);
            this.values = grown;
        }
        this.values[this.length++] = value;
    }
    /** Sorted ascending (a copy; the totals stay as they are). */
    sorted() {
        return this.values.slice(0, this.length).sort();
    }
}
const emptyMoments = () => ({ n: 0, sum: 0, sumSquares: 0 });
function addTo(moments, value) {
    moments.n += 1;
    moments.sum += value;
    moments.sumSquares += value * value;
}
function groupKey(prompt, version, variant) {
    return `${prompt}\u0000${version}\u0000${variant}`;
}
class Aggregator {
    window;
    groups = new Map();
    /** Executions inside the window, and outside it (skipped). */
    counted = 0;
    outside = 0;
    constructor(window) {
        this.window = window;
    }
    add(execution) {
        if (execution.endMs < this.window.fromMs || execution.endMs > this.window.toMs) {
            this.outside += 1;
            return;
        }
        this.counted += 1;
        const key = groupKey(execution.prompt, execution.version, execution.variant);
        let group = this.groups.get(key);
        if (!group) {
            group = {
                prompt: execution.prompt,
                version: execution.version,
                variant: execution.variant,
                commits: new Set(),
                executions: 0,
                failures: 0,
                failureTypes: new Map(),
                answered: 0,
                latencies: new Latencies(),
                cost: emptyMoments(),
                fields: new Map(),
                firstMs: execution.endMs,
                lastMs: execution.endMs,
            };
            this.groups.set(key, group);
        }
        group.executions += 1;
        if (execution.commit)
            group.commits.add(execution.commit);
        if (execution.endMs < group.firstMs)
            group.firstMs = execution.endMs;
        if (execution.endMs > group.lastMs)
            group.lastMs = execution.endMs;
        if (failed(execution)) {
            group.failures += 1;
            const type = execution.errorType ?? (execution.schemaValid === false ? 'output.schema' : 'error');
            group.failureTypes.set(type, (group.failureTypes.get(type) ?? 0) + 1);
        }
        if (!answered(execution))
            return;
        group.answered += 1;
        group.latencies.push(execution.latencyMs);
        if (execution.costUsd !== undefined)
            addTo(group.cost, execution.costUsd);
        const outputs = execution.outputs;
        if (!outputs)
            return;
        for (const field in outputs) {
            const value = outputs[field];
            let totals = group.fields.get(field);
            if (!totals) {
                totals = { booleans: 0, trues: 0, numbers: emptyMoments() };
                group.fields.set(field, totals);
            }
            if (typeof value === 'boolean') {
                totals.booleans += 1;
                if (value)
                    totals.trues += 1;
            }
            else if (typeof value === 'number' && Number.isFinite(value)) {
                addTo(totals.numbers, value);
            }
        }
    }
}
/** Two groups' totals as one (a version's production and canary executions, judged together). */
function mergeTotals(groups) {
    if (groups.length <= 1)
        return groups[0];
    const first = groups[0];
    const merged = {
        ...first,
        variant: groups.map((group) => group.variant).join('+'),
        commits: new Set(groups.flatMap((group) => [...group.commits])),
        executions: 0,
        failures: 0,
        failureTypes: new Map(),
        answered: 0,
        latencies: new Latencies(),
        cost: emptyMoments(),
        fields: new Map(),
        firstMs: Math.min(...groups.map((group) => group.firstMs)),
        lastMs: Math.max(...groups.map((group) => group.lastMs)),
    };
    for (const group of groups) {
        merged.executions += group.executions;
        merged.failures += group.failures;
        merged.answered += group.answered;
        for (const [type, count] of group.failureTypes)
            merged.failureTypes.set(type, (merged.failureTypes.get(type) ?? 0) + count);
        for (const value of group.latencies.sorted())
            merged.latencies.push(value);
        addMoments(merged.cost, group.cost);
        for (const [field, totals] of group.fields) {
            const into = merged.fields.get(field) ?? { booleans: 0, trues: 0, numbers: emptyMoments() };
            into.booleans += totals.booleans;
            into.trues += totals.trues;
            addMoments(into.numbers, totals.numbers);
            merged.fields.set(field, into);
        }
    }
    return merged;
}
function addMoments(into, from) {
    into.n += from.n;
    into.sum += from.sum;
    into.sumSquares += from.sumSquares;
}

function planPrompt(input) {
    const { tags } = input;
    const plan = { id: input.id, ready: false, actions: [] };
    const production = tags.production ? verdictOf(input, tags.production) : undefined;
    if (production)
        plan.production = production;
    if (production && production.breached.length > 0) {
        const from = rolledBackFrom(production.alias);
        const target = previousProduction(tags);
        if (from) {
            plan.actions.push({
                kind: 'hold',
                version: production.alias,
                evidence: production.breached,
                why: `${production.alias.version} is itself a rollback from ${from}: monitor does not move production twice; look for a cause outside the prompt (the provider, the traffic)`,
            });
        }
        else if (!target) {
            plan.actions.push({
                kind: 'hold',
                version: production.alias,
                evidence: production.breached,
                why: `there is no tagged version older than ${production.alias.version} to roll back to`,
            });
        }
        else {
            plan.actions.push({ kind: 'rollback', from: production.alias, to: target, evidence: production.breached });
        }
    }
    if (!tags.canary || tags.canary.version === tags.production?.version)
        return plan;
    const canary = verdictOf(input, tags.canary, tags.production ? input.totalsOf(tags.production.version) : undefined);
    plan.canary = canary;
    if (canary.breached.length > 0 || canary.worse.length > 0) {
        plan.actions.push({ kind: 'drop-canary', canary: canary.alias, evidence: [...canary.breached, ...canary.worse] });
        plan.notReady = 'it breached a guard';
        return plan;
    }
    const notReady = whyNotReady(canary, production);
    if (notReady)
        plan.notReady = notReady;
    else
        plan.ready = true;
    if (plan.ready && input.promote)
        plan.actions.push({ kind: 'promote', canary: canary.alias, production: tags.production });
    return plan;
}
function verdictOf(input, alias, productionTotals) {
    const totals = input.totalsOf(alias.version);
    const read = input.guardsOf(alias.version);
    const guards = typeof read === 'string' ? undefined : read;
    const minSamples = guards?.minSamples ?? DEFAULT_MIN_SAMPLES;
    const isCanary = alias.alias === 'canary';
    const checks = (guards?.guards ?? []).map((guard) => {
        const check = checkGuard(guard, totals, minSamples);
        return isCanary && alias.version !== input.tags.production?.version ? compareGuard(check, totals, productionTotals, minSamples) : check;
    });
    return {
        alias,
        guards,
        executions: totals?.executions ?? 0,
        checks,
        breached: checks.filter((check) => check.state === 'breached'),
        worse: checks.filter((check) => check.versus?.state === 'worse'),
        ...(typeof read === 'string' ? { problem: read } : {}),
    };
}
/** Ready means enough data and nothing against it: every guard measured, within, and compared. */
function whyNotReady(canary, production) {
    if (canary.problem)
        return `its guards could not be read: ${canary.problem}`;
    const minSamples = canary.guards?.minSamples ?? DEFAULT_MIN_SAMPLES;
    if (canary.executions < minSamples)
        return `${canary.executions} of the ${minSamples} executions it needs (min_samples)`;
    const unmeasured = canary.checks.filter((check) => check.state === 'no-data').map((check) => check.guard.name);
    if (unmeasured.length > 0)
        return `no data for ${unmeasured.join(', ')}`;
    if (production) {
        const uncompared = canary.checks.find((check) => check.versus?.state === 'not-compared');
        if (uncompared)
            return `not compared with production on ${uncompared.guard.name}: ${uncompared.versus.why}`;
    }
    return undefined;
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

async function runMonitor(options) {
    const aggregator = new Aggregator(options.window);
    const wanted = options.prompts && options.prompts.length > 0 ? new Set(options.prompts) : undefined;
    await readSpans(options.logs, (span) => {
        const execution = executionOf(span);
        if (execution && (!wanted || wanted.has(execution.prompt)))
            aggregator.add(execution);
    }, options.warn);
    const tags = indexTags(await options.store.list());
    const loader = new VersionLoader(options.repoDir);
    const byVersion = new Map();
    for (const group of aggregator.groups.values()) {
        const key = `${group.prompt}\u0000${group.version}`;
        byVersion.set(key, [...(byVersion.get(key) ?? []), group]);
    }
    const totalsOf = (id, version) => mergeTotals(byVersion.get(`${id}\u0000${version}`) ?? []);
    const groups = [];
    for (const group of [...aggregator.groups.values()].sort(compareGroups)) {
        const definitions = await loader.definitions(group.prompt, group.version, tags.get(group.prompt));
        const prompt = tags.get(group.prompt);
        const serving = prompt?.production?.version === group.version ? 'production' : prompt?.canary?.version === group.version ? 'canary' : undefined;
        groups.push({
            prompt: group.prompt,
            version: group.version,
            variant: group.variant,
            commits: [...group.commits],
            executions: group.executions,
            failures: group.failures,
            failureTypes: [...group.failureTypes].sort((a, b) => b[1] - a[1]),
            figures: figuresOf(group, definitions.metrics),
            ...(serving ? { serving } : {}),
        });
    }
    // Every prompt with an alias is judged, with data or without (no data never acts).
    const ids = [...new Set([...tags.keys(), ...[...aggregator.groups.values()].map((group) => group.prompt)])]
        .filter((id) => (!wanted || wanted.has(id)) && (tags.get(id)?.production || tags.get(id)?.canary))
        .sort();
    const plans = [];
    for (const id of ids) {
        const prompt = tags.get(id);
        const guards = new Map();
        for (const alias of [prompt.production, prompt.canary]) {
            if (alias)
                guards.set(alias.version, await loader.definitions(id, alias.version, prompt));
        }
        plans.push(planPrompt({
            id,
            tags: prompt,
            totalsOf: (version) => totalsOf(id, version),
            guardsOf: (version) => {
                const definitions = guards.get(version);
                return definitions?.problem ?? definitions?.guards;
            },
            promote: options.promote,
        }));
    }
    const results = [];
    for (const plan of plans) {
        for (const action of plan.actions)
            results.push(await carryOut(action, tags.get(plan.id), options));
    }
    return {
        window: options.window,
        files: options.logs,
        executions: aggregator.counted,
        outside: aggregator.outside,
        groups,
        plans,
        results,
    };
}
function compareGroups(a, b) {
    return a.prompt.localeCompare(b.prompt) || a.version.localeCompare(b.version) || a.variant.localeCompare(b.variant);
}
/** Writes one action, as a compare-and-swap on the alias as it was read. */
async function carryOut(action, prompt, options) {
    const { store } = options;
    // `what` is said twice: as a plan (`move \u2026 to v1.0`) and, once written, as a fact (`moved \u2026`).
    const write = async (what, done, push, run) => {
        if (options.dryRun)
            return { action, outcome: 'skipped', message: `would ${what} (dry run: nothing written)` };
        try {
            const outcome = await run();
            if (outcome === 'raced') {
                return {
                    action,
                    outcome: 'raced',
                    message: `did not ${what}: the alias moved since monitor read it (a release meanwhile?); the next run judges what it points at now`,
                };
            }
            return { action, outcome: 'done', message: `${done} (${store.where})`, push };
        }
        catch (error) {
            return { action, outcome: 'failed', message: `could not ${what}: ${error instanceof Error ? error.message : String(error)}` };
        }
    };
    switch (action.kind) {
        case 'rollback': {
            const { from, to } = action;
            const why = describeEvidence(action.evidence[0]);
            const message = formatAliasMessage(from.id, to.version, to.entry.commit, 'production', { rolledBackFrom: from.version, why });
            const move = `${from.tag} back from ${from.version} to ${to.version}`;
            return write(`move ${move}`, `Moved ${move}`, `git push --force origin refs/tags/${from.tag}`, () => store.moveAlias(from.tag, from.object, to.entry.commit, message));
        }
        case 'drop-canary': {
            const drop = `${action.canary.tag} (${action.canary.version})`;
            return write(`drop ${drop}`, `Dropped ${drop}`, `git push origin :refs/tags/${action.canary.tag}`, () => store.dropAlias(action.canary.tag, action.canary.object));
        }
        case 'promote': {
            const { canary, production } = action;
            const target = prompt.versions.get(canary.version);
            if (!target)
                return {
                    action,
                    outcome: 'failed',
                    message: `cannot promote ${canary.version}: there is no tag prompts/${canary.id}@${canary.version}`,
                };
            const tag = `prompts/${canary.id}@production`;
            const message = formatAliasMessage(canary.id, canary.version, target.commit, 'production', production ? { previous: production.version } : {});
            const point = `${tag} at ${canary.version}`;
            const promoted = await write(`point ${point}`, `Pointed ${point}`, `git push --force origin refs/tags/${tag}`, () => production ? store.moveAlias(tag, production.object, target.commit, message) : store.moveAlias(tag, '', target.commit, message));
            if (promoted.outcome !== 'done')
                return promoted;
            // The canary is production now: its canary tag would name the production version.
            const dropped = await store.dropAlias(canary.tag, canary.object).catch(() => 'raced');
            return {
                ...promoted,
                message: `${promoted.message}${dropped === 'done' ? `, and dropped ${canary.tag}` : ''}`,
                push: `git push --force origin refs/tags/${tag}${dropped === 'done' ? ` :refs/tags/${canary.tag}` : ''}`,
            };
        }
        case 'hold':
            return { action, outcome: 'held', message: `${action.version.tag} stays at ${action.version.version}: ${action.why}` };
    }
}
/** A serving version breached a guard (acted on or not), or a write failed: the run's status says so. */
function breachedOrFailed(outcome) {
    return (outcome.plans.some((plan) => plan.actions.some((action) => action.kind !== 'promote')) ||
        outcome.results.some((result) => result.outcome === 'failed'));
}

export { breachedOrFailed, runMonitor };
