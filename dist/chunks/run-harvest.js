const { readFile } = globalThis.process.getBuiltinModule("node:fs/promises");
const { join } = globalThis.process.getBuiltinModule("node:path");
import { ak as parseOutputJson, az as parsePath, aA as valueAt, aB as redactor, aC as checkPlaceholders, aD as testVariables, I as InputError, aE as shortToken, aF as expandModels, aG as buildModelRequest, aH as finishReasonOf, aI as requestKey, aJ as secretsIn, aK as writePiecesAtomically, aL as RecordingStore, aM as createWorkTreeSource, J as loadRepoConfig, F as listPromptFolders, w as compareVersions, K as loadPromptFolder, L as formatDiagnostic } from './engine.js';
import { indexTags } from './tags.js';
import { e as executionOf, f as failed, r as readSpans, V as VersionLoader } from './versions.js';
const { hash } = globalThis.process.getBuiltinModule("node:crypto");
import { d as distExports } from './index.js';
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");
import './git-source.js';
globalThis.process.getBuiltinModule("node:child_process");
globalThis.process.getBuiltinModule("process");
globalThis.process.getBuiltinModule("buffer");

const VARIABLE_PREFIX = 'promptgate.variable.';
/** The GenAI conventions' provider names, back to promptgate's. */
const PROVIDERS = { openai: 'openai', anthropic: 'anthropic', 'azure.ai.openai': 'azure' };
function productionCase(span) {
    const execution = executionOf(span);
    if (!execution)
        return undefined;
    const attributes = span.attributes;
    const variables = {};
    for (const key in attributes) {
        const value = attributes[key];
        if (key.startsWith(VARIABLE_PREFIX) && typeof value === 'string')
            variables[key.slice(VARIABLE_PREFIX.length)] = value;
    }
    const turns = messagesOf(attributes['gen_ai.input.messages']);
    const output = messagesOf(attributes['gen_ai.output.messages'], true);
    const answer = output?.at(-1);
    const provider = attributes['gen_ai.provider.name'];
    const text = (value) => (typeof value === 'string' ? value : undefined);
    const count = (value) => (typeof value === 'number' ? value : undefined);
    return {
        execution,
        ...(turns ? { turns } : {}),
        ...(answer ? { answer: { text: answer.content, ...(answer.finishReason ? { finishReason: answer.finishReason } : {}) } } : {}),
        variables,
        ...(typeof provider === 'string' ? { provider: PROVIDERS[provider] ?? provider } : {}),
        ...(text(attributes['gen_ai.request.model']) ? { model: text(attributes['gen_ai.request.model']) } : {}),
        ...(text(attributes['gen_ai.response.model']) ? { servedModel: text(attributes['gen_ai.response.model']) } : {}),
        ...(count(attributes['gen_ai.usage.input_tokens']) !== undefined
            ? { inputTokens: count(attributes['gen_ai.usage.input_tokens']) }
            : {}),
        ...(count(attributes['gen_ai.usage.output_tokens']) !== undefined
            ? { outputTokens: count(attributes['gen_ai.usage.output_tokens']) }
            : {}),
    };
}
/** GenAI messages JSON (`[{ role, parts: [{ type: 'text', content }] }]`) as chat turns; undefined when absent or not that. */
function messagesOf(value, withFinish = false) {
    if (typeof value !== 'string')
        return undefined;
    let parsed;
    try {
        parsed = JSON.parse(value);
    }
    catch {
        return undefined;
    }
    if (!Array.isArray(parsed))
        return undefined;
    const turns = [];
    for (const message of parsed) {
        if (message?.role !== 'user' && message?.role !== 'assistant')
            return undefined;
        const parts = Array.isArray(message.parts) ? message.parts : [];
        const content = parts
            .filter((part) => part?.type === 'text' && typeof part.content === 'string')
            .map((part) => part.content)
            .join('');
        turns.push({
            role: message.role,
            content,
            ...(withFinish && typeof message.finish_reason === 'string' ? { finishReason: message.finish_reason } : {}),
        });
    }
    return turns;
}
/**
 * The fields `--where` reads: error (the execution failed), error.type, version, variant,
 * latency_ms, cost_usd, schema_valid, and any output field (`confidence`, `result.score`;
 * `output.<field>` when a field is named like one of the others): promptgate.output.<field>
 * when the span has it, else the field of the recorded answer's JSON.
 */
function fieldsOf(production) {
    const { execution } = production;
    let answerJson;
    return (field) => {
        switch (field) {
            case 'error':
                return failed(execution);
            case 'error.type':
                return execution.errorType ?? null;
            case 'version':
                return execution.version;
            case 'variant':
                return execution.variant;
            case 'latency_ms':
                return execution.latencyMs;
            case 'cost_usd':
                return execution.costUsd;
            case 'schema_valid':
                return execution.schemaValid;
        }
        const name = field.startsWith('output.') ? field.slice('output.'.length) : field;
        const attribute = execution.outputs?.[name];
        if (attribute !== undefined)
            return scalar(attribute);
        if (!production.answer)
            return undefined;
        if (answerJson === undefined) {
            const parsed = parseOutputJson(production.answer.text);
            answerJson = parsed.ok ? parsed.value : null;
        }
        const path = parsePath(name);
        if (!path || answerJson === null)
            return undefined;
        return scalar(valueAt(answerJson, path));
    };
}
function scalar(value) {
    if (value === undefined)
        return undefined;
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        return value;
    return undefined;
}

/*
 * What a production case may carry into the repository. Everything harvest writes (inputs,
 * prior turns, kept variables, recorded answers) passes through scrub(): the environment's own
 * secrets, then token-shaped strings, private keys and `password: \u2026` pairs, then e-mail
 * addresses, card numbers (13 to 19 digits that pass the Luhn check) and phone numbers. A
 * variable not listed in prompt.yaml `harvest: { keep }` is never written at all: its hash
 * stands in for it.
 */
const SECRET_PATTERNS = [
    /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
    /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/g,
    /\b(?:ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{20,}/g,
    /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
    /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
    /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
    /\bAIza[0-9A-Za-z_-]{35}\b/g,
    /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];
/** `password: hunter2`, `api_key=\u2026`, `token "\u2026"`: the label stays, the value goes. */
const LABELLED_SECRET = /\b(password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token|token)(\s*(?:is|:|=)\s*)(["']?)([^\s"',;]{4,})\3/gi;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** 13 to 19 digits, in groups separated by single spaces or dashes. */
const CARD_CANDIDATE = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
/** A run of digits with the separators phone numbers are written with. */
const PHONE_CANDIDATE = /(?<![\w+])(?:\+|\(\d)?[\d()][\d\s().-]{5,}\d(?![\w])/g;
/** The Luhn checksum every payment card number satisfies (and a random 16-digit run only 1 time in 10). */
function passesLuhn(digits) {
    let sum = 0;
    for (let index = 0; index < digits.length; index += 1) {
        let digit = Number(digits[digits.length - 1 - index]);
        if (index % 2 === 1) {
            digit *= 2;
            if (digit > 9)
                digit -= 9;
        }
        sum += digit;
    }
    return sum % 10 === 0;
}
function scrubPhones(text) {
    return text.replace(PHONE_CANDIDATE, (match) => {
        const digits = match.replace(/\D/g, '');
        if (digits.length < 7 || digits.length > 15)
            return match;
        // Dates and times are not phone numbers: 2026-12-01, 10:30, 1.2.3.
        if (/^\d{4}-\d{2}-\d{2}$/.test(match.trim()) || /^\d{1,3}(\.\d{1,3}){2,3}$/.test(match.trim()))
            return match;
        const separated = /[\s().-]/.test(match.trim()) || match.startsWith('+');
        return separated || digits.length >= 10 ? '[PHONE]' : match;
    });
}
/** A scrubber for one run: `secrets` are the environment's (lib/secrets.ts secretsIn). */
function scrubber(secrets) {
    const redact = redactor(secrets);
    return (text) => {
        let clean = redact(text);
        for (const pattern of SECRET_PATTERNS)
            clean = clean.replace(pattern, '[SECRET]');
        clean = clean.replace(LABELLED_SECRET, (_, label, separator) => `${label}${separator}[SECRET]`);
        clean = clean.replace(EMAIL, '[EMAIL]');
        clean = clean.replace(CARD_CANDIDATE, (match) => (passesLuhn(match.replace(/\D/g, '')) ? '[CARD]' : match));
        return scrubPhones(clean);
    };
}
/**
 * A variable harvest may not keep: a hash of its value in its place, so cases that shared a
 * value still share it, and the value itself never reaches git. A value from a small set (a
 * tier, a country) can be guessed back from its hash: keep such variables (`harvest: { keep }`)
 * when they are harmless, or leave them out of the spans (telemetry.record.variables).
 */
function hashedValue(value) {
    return `sha256:${hash('sha256', value, 'hex').slice(0, 16)}`;
}

function caseToTest(production, context) {
    const { execution } = production;
    const turns = production.turns ?? [];
    const last = turns.at(-1);
    if (!last || last.role !== 'user')
        return { skipped: "a span's conversation does not end with the user's message: skipped" };
    const examples = (context.served ?? context.target).examples;
    const prefix = turns.slice(0, examples.length);
    const sameExamples = prefix.length === examples.length && prefix.every((turn, i) => turn.role === examples[i].role);
    if (!sameExamples) {
        return {
            skipped: `the conversation of ${execution.version} does not start with its ${examples.length} few-shot examples${context.served ? '' : ' (no tag of that version to read them from)'}: skipped`,
        };
    }
    const messages = turns
        .slice(examples.length, -1)
        .map((turn) => ({ role: turn.role, content: context.scrub(turn.content) }));
    const vars = {};
    for (const name of Object.keys(production.variables).sort()) {
        const value = production.variables[name];
        vars[name] = context.keep.has(name) ? context.scrub(value) : hashedValue(value);
    }
    try {
        checkPlaceholders(context.target.systemTemplate, testVariables(context.target.settings.variables, vars), context.target.systemFile);
    }
    catch (error) {
        if (!(error instanceof InputError))
            throw error;
        return {
            skipped: `${error.message}: the spans hold no promptgate.variable for it (name it in telemetry.record.variables) and prompt.yaml has no default: skipped`,
        };
    }
    const id = execution.traceId.slice(0, 8) || String(Math.round(execution.endMs));
    let name = `harvested: ${shortToken(context.where)} (${id})`;
    for (let n = 2; context.names.has(name); n += 1)
        name = `harvested: ${shortToken(context.where)} (${id}-${n})`;
    return {
        production,
        test: {
            name,
            input: context.scrub(last.content),
            vars,
            ...(messages.length > 0 ? { messages } : {}),
            source: { trace_id: execution.traceId, version: execution.version, at: new Date(Math.round(execution.endMs)).toISOString() },
        },
    };
}
/**
 * Records the production answer under the request the new test will send (the folder's model
 * that answered in production, when the folder still asks it), so the test replays for free.
 * Returns why it did not, or undefined.
 */
function recordAnswer(store, harvested, target, scrub) {
    const { production, test } = harvested;
    if (!production.answer)
        return 'some cases have no answer in their span (the call failed): their tests call the model when they first run';
    const model = expandModels(target).find((folder) => folder.settings.provider === production.provider && folder.settings.model === production.model);
    if (!model) {
        return `the production answers came from ${production.provider ?? '?'}:${production.model ?? '?'}, which ${target.path} no longer asks: not recorded, the new tests call the model`;
    }
    const request = buildModelRequest(model, { input: test.input, vars: test.vars, ...(test.messages ? { messages: test.messages } : {}) });
    const finishReason = finishReasonOf(production.answer.finishReason);
    const response = {
        text: scrub(production.answer.text),
        model: production.servedModel ?? production.model ?? model.settings.model,
        usage: {
            inputTokens: production.inputTokens ?? 0,
            outputTokens: production.outputTokens ?? 0,
            cachedInputTokens: 0,
            cacheWriteTokens: 0,
        },
        latencyMs: Math.round(production.execution.latencyMs),
        ...(finishReason ? { finishReason } : {}),
    };
    store.record(requestKey(request), request, test.name, 0, response, []);
    return undefined;
}

/** What tests.yaml already holds: test names, and the keys of their inputs (for deduplication). */
function existingTests(text) {
    const value = distExports.parseDocument(text).toJS();
    const names = new Set();
    const inputs = new Set();
    for (const test of Array.isArray(value?.tests) ? value.tests : []) {
        if (typeof test?.name === 'string')
            names.add(test.name);
        if (typeof test?.input === 'string') {
            const vars = test.vars && typeof test.vars === 'object' ? test.vars : {};
            const messages = Array.isArray(test.messages) ? test.messages : [];
            inputs.add(inputKey(test.input, Object.fromEntries(Object.entries(vars).map(([key, v]) => [key, String(v)])), messages));
        }
    }
    return { names, inputs };
}
/** Two cases are the same case when they send the same input, variables and prior turns. */
function inputKey(input, vars, messages = []) {
    const sortedVars = Object.keys(vars)
        .sort()
        .map((key) => [key, vars[key]]);
    return JSON.stringify([input, sortedVars, messages.map((message) => [message.role, message.content])]);
}
/** The YAML of the new tests, one list item each, `source` and `vars` on one line. */
function renderItems(tests) {
    const document = new distExports.Document(tests.map((test) => ({
        name: test.name,
        input: test.input,
        ...(Object.keys(test.vars).length > 0 ? { vars: test.vars } : {}),
        ...(test.messages && test.messages.length > 0 ? { messages: test.messages } : {}),
        needs_expected: true,
        source: test.source,
    })));
    if (distExports.isSeq(document.contents)) {
        for (const item of document.contents.items) {
            if (!distExports.isMap(item))
                continue;
            item.spaceBefore = true;
            for (const pair of item.items) {
                const key = String(pair.key.value);
                if ((key === 'source' || key === 'vars') && distExports.isMap(pair.value))
                    pair.value.flow = true;
            }
        }
    }
    return document.toString({ lineWidth: 0, flowCollectionPadding: true });
}
/** tests.yaml with the new tests after its last one; throws when the file's shape does not allow it. */
function appendTests(text, tests) {
    const document = distExports.parseDocument(text);
    const list = document.get('tests', true);
    const items = renderItems(tests).replace(/^\n+/, '');
    if (!distExports.isSeq(list) || list.flow || !list.range || list.items.length === 0) {
        if (list !== undefined && !(distExports.isSeq(list) && list.items.length === 0)) {
            throw new Error('tests: is not a block list of tests, so harvested cases cannot be appended to it');
        }
        // No tests yet: a fresh list at the end of the file.
        const base = text.replace(/\n*$/, '\n').replace(/^tests:\s*\[\s*\]\s*$/m, '');
        return `${base}${base.trim() === '' || base.endsWith('\n') ? '' : '\n'}tests:\n${indent(items, 2)}`;
    }
    const first = list.range[0];
    const lineStart = text.lastIndexOf('\n', first - 1) + 1;
    const column = first - lineStart;
    const end = list.range[1];
    const before = text.slice(0, end).replace(/\n*$/, '\n');
    const after = text.slice(end);
    // A blank line before the first new case, as between the others.
    const updated = `${before}\n${indent(items, column)}${after.startsWith('\n') || after === '' ? after : `\n${after}`}`;
    const check = distExports.parseDocument(updated).toJS();
    if (!Array.isArray(check?.tests) || check.tests.length !== list.items.length + tests.length) {
        throw new Error('tests.yaml did not read back with the harvested cases appended; add them by hand');
    }
    return updated;
}
function indent(text, column) {
    const pad = ' '.repeat(column);
    return text
        .split('\n')
        .map((line) => (line === '' ? line : `${pad}${line}`))
        .join('\n');
}

const MAX_LENGTH = 1000;
function parseWhere(text, source = '--where') {
    const fail = (message, at) => {
        throw new InputError({ file: source, message: at === undefined ? message : `${message} (at character ${at + 1} of "${text}")` });
    };
    if (text.length > MAX_LENGTH)
        fail(`is longer than ${MAX_LENGTH} characters`);
    const tokens = tokenize(text, fail);
    if (tokens.length === 0)
        fail('is empty: write e.g. "confidence < 0.6", "escalate == true" or "error"');
    let position = 0;
    const peek = () => tokens[position];
    const next = () => tokens[position++];
    const parseOr = () => {
        let left = parseAnd();
        while (peek()?.type === 'logic' && peek().text === 'or') {
            next();
            left = { kind: 'or', left, right: parseAnd() };
        }
        return left;
    };
    const parseAnd = () => {
        let left = parseNot();
        while (peek()?.type === 'logic' && peek().text === 'and') {
            next();
            left = { kind: 'and', left, right: parseNot() };
        }
        return left;
    };
    const parseNot = () => {
        if (peek()?.type === 'logic' && peek().text === 'not') {
            next();
            return { kind: 'not', operand: parseNot() };
        }
        return parsePrimary();
    };
    const parsePrimary = () => {
        const token = next();
        if (!token)
            return fail('ends too early: a field or "(" was expected');
        if (token.type === 'paren' && token.text === '(') {
            const inner = parseOr();
            const close = next();
            if (!close || close.text !== ')')
                fail('has a "(" without its ")"', token.at);
            return inner;
        }
        if (token.type !== 'word')
            return fail(`expected a field name, got "${token.text}"`, token.at);
        if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*|\[\d+\])*$/.test(token.text))
            fail(`"${token.text}" is not a field name`, token.at);
        if (peek()?.type !== 'op')
            return { kind: 'truthy', field: token.text };
        const op = next().text;
        const literal = next();
        if (!literal || !(literal.type === 'number' || literal.type === 'string' || (literal.type === 'word' && isKeyword(literal.text)))) {
            return fail(`"${token.text} ${op}" needs a number, true, false, null or a quoted string after it`, literal?.at ?? text.length);
        }
        const value = literal.type === 'word' ? keyword(literal.text) : literal.value;
        return { kind: 'compare', field: token.text, op, value };
    };
    const expression = parseOr();
    const extra = peek();
    if (extra)
        fail(`has "${extra.text}" where the expression should end (join conditions with and / or)`, extra.at);
    return expression;
}
const isKeyword = (word) => word === 'true' || word === 'false' || word === 'null';
const keyword = (word) => (word === 'null' ? null : word === 'true');
function tokenize(text, fail) {
    const tokens = [];
    let at = 0;
    while (at < text.length) {
        const rest = text.slice(at);
        const space = /^\s+/.exec(rest);
        if (space) {
            at += space[0].length;
            continue;
        }
        const op = /^(==|!=|<=|>=|<|>)/.exec(rest);
        if (op) {
            tokens.push({ type: 'op', text: op[1], at });
            at += op[1].length;
            continue;
        }
        const logic = /^(&&|\|\||!)/.exec(rest);
        if (logic) {
            tokens.push({ type: 'logic', text: logic[1] === '&&' ? 'and' : logic[1] === '||' ? 'or' : 'not', at });
            at += logic[1].length;
            continue;
        }
        if (rest[0] === '(' || rest[0] === ')') {
            tokens.push({ type: 'paren', text: rest[0], at });
            at += 1;
            continue;
        }
        const number = /^-?(\d+(\.\d+)?|\.\d+)(?![\w.])/.exec(rest);
        if (number) {
            tokens.push({ type: 'number', text: number[0], at, value: Number(number[0]) });
            at += number[0].length;
            continue;
        }
        if (rest[0] === '"' || rest[0] === "'") {
            const quote = rest[0];
            let value = '';
            let index = 1;
            for (; index < rest.length && rest[index] !== quote; index += 1) {
                if (rest[index] === '\\' && index + 1 < rest.length)
                    index += 1;
                value += rest[index];
            }
            if (index >= rest.length)
                fail('has a string without its closing quote', at);
            tokens.push({ type: 'string', text: rest.slice(0, index + 1), at, value });
            at += index + 1;
            continue;
        }
        const word = /^[A-Za-z_][\w.[\]-]*/.exec(rest);
        if (word) {
            const lower = word[0].toLowerCase();
            if (lower === 'and' || lower === 'or' || lower === 'not')
                tokens.push({ type: 'logic', text: lower, at });
            else
                tokens.push({ type: 'word', text: word[0], at });
            at += word[0].length;
            continue;
        }
        fail(`cannot read "${rest[0]}"`, at);
    }
    return tokens;
}
function evaluateWhere(expression, read) {
    switch (expression.kind) {
        case 'or':
            return evaluateWhere(expression.left, read) || evaluateWhere(expression.right, read);
        case 'and':
            return evaluateWhere(expression.left, read) && evaluateWhere(expression.right, read);
        case 'not':
            return !evaluateWhere(expression.operand, read);
        case 'truthy': {
            const value = read(expression.field);
            return value === true || (typeof value === 'number' && value !== 0) || (typeof value === 'string' && value !== '');
        }
        case 'compare':
            return compare(read(expression.field), expression.op, expression.value);
    }
}
function compare(actual, op, expected) {
    if (actual === undefined)
        return false;
    if (op === '==')
        return actual === expected;
    if (op === '!=')
        return actual !== expected;
    if (typeof actual !== 'number' || typeof expected !== 'number')
        return false;
    switch (op) {
        case '<':
            return actual < expected;
        case '<=':
            return actual <= expected;
        case '>':
            return actual > expected;
        case '>=':
            return actual >= expected;
    }
}

/*
 * `promptgate harvest <id> --logs PATH... --where EXPR --max N`: production cases that match
 * the filter become tests of the prompt's newest version folder (or --into), each marked
 * `needs_expected: true` with its `source`, and their answers go into recordings.json under the
 * request those tests send, so they replay at no cost. Redaction is not optional (scrub.ts).
 */
const DEFAULT_MAX_CASES = 20;
const DEFAULT_HARVEST_SINCE = '7d';
async function runHarvest(options) {
    const where = parseWhere(options.where);
    const target = await targetFolder(options);
    const testsPath = join(options.repoDir, target.testsFile);
    const testsText = await readFile(testsPath, 'utf8');
    const existing = existingTests(testsText);
    // Every matching execution of the window, newest first once read.
    const matches = [];
    await readSpans(options.logs, (span) => {
        const production = productionCase(span);
        if (!production || production.execution.prompt !== options.promptId)
            return;
        const { endMs } = production.execution;
        if (endMs < options.window.fromMs || endMs > options.window.toMs)
            return;
        if (evaluateWhere(where, fieldsOf(production)))
            matches.push(production);
    }, options.warn);
    matches.sort((a, b) => b.execution.endMs - a.execution.endMs);
    const withContent = matches.filter((production) => production.turns && production.turns.length > 0);
    if (matches.length > 0 && withContent.length === 0) {
        throw new InputError({
            file: options.logs[0] ?? '--logs',
            message: `${matches.length} executions of ${options.promptId} match "${options.where}", but their spans hold no conversation: harvest needs the app's telemetry to record it (createPromptEngine({ telemetry: { record: { content: true, variables: [...] } } }), docs/monitor.md)`,
        });
    }
    const tags = indexTags(await options.store.list()).get(options.promptId);
    const versions = new VersionLoader(options.repoDir);
    const scrub = scrubber(secretsIn(options.env));
    const keep = new Set(target.harvest?.keep ?? []);
    const seen = new Set(existing.inputs);
    const names = new Set(existing.names);
    const cases = [];
    const notes = [];
    let duplicates = 0;
    for (const production of withContent) {
        if (cases.length >= options.max)
            break;
        const version = await versions.definitions(options.promptId, production.execution.version, tags);
        const built = caseToTest(production, {
            target,
            served: version.folder,
            keep,
            scrub,
            where: options.where,
            names,
        });
        if ('skipped' in built) {
            if (!notes.includes(built.skipped))
                notes.push(built.skipped);
            continue;
        }
        const key = inputKey(built.test.input, built.test.vars, built.test.messages);
        if (seen.has(key)) {
            duplicates += 1;
            continue;
        }
        seen.add(key);
        names.add(built.test.name);
        cases.push(built);
    }
    const written = [];
    if (cases.length > 0) {
        await writePiecesAtomically(testsPath, [
            appendTests(testsText, cases.map((harvested) => harvested.test)),
        ]);
        written.push(target.testsFile);
        const read = (path) => readFile(join(options.repoDir, path)).catch(() => undefined);
        const store = await RecordingStore.load(target.path, read);
        let recorded = 0;
        for (const harvested of cases) {
            const note = recordAnswer(store, harvested, target, scrub);
            if (note) {
                if (!notes.includes(note))
                    notes.push(note);
            }
            else
                recorded += 1;
        }
        const secrets = secretsIn(options.env);
        if (recorded > 0 &&
            (await store.save((path, pieces) => writePiecesAtomically(join(options.repoDir, path), pieces), { prune: false, secrets }))) {
            written.push(store.path);
        }
    }
    return {
        folder: target.path,
        testsFile: target.testsFile,
        cases,
        matched: matches.length,
        duplicates,
        withoutContent: matches.length - withContent.length,
        written,
        notes,
    };
}
/** `--into`, else the prompt's newest version folder in the work tree. */
async function targetFolder(options) {
    const source = createWorkTreeSource(options.repoDir);
    const { config } = await loadRepoConfig(source);
    let path = options.into;
    if (path === undefined) {
        const folders = (await listPromptFolders({ repoDir: options.repoDir, roots: [] })).filter((folder) => folder.id === options.promptId);
        if (folders.length === 0) {
            throw new InputError({
                file: options.repoDir,
                message: `no prompt folder has the id "${options.promptId}" (give the folder with --into)`,
            });
        }
        path = folders.sort((a, b) => compareVersions(b.version, a.version))[0].path;
    }
    const loaded = await loadPromptFolder(source, path, config);
    if (!loaded.ok)
        throw new InputError({ file: path, message: `does not load: ${loaded.errors.map(formatDiagnostic).join('; ')}` });
    if (loaded.folder.id !== options.promptId) {
        throw new InputError({ file: path, message: `holds prompt "${loaded.folder.id}", not "${options.promptId}"` });
    }
    return loaded.folder;
}

export { DEFAULT_HARVEST_SINCE, DEFAULT_MAX_CASES, runHarvest };
