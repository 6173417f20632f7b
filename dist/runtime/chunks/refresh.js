const { mkdir, rename, rm, writeFile, readFile } = globalThis.process.getBuiltinModule("node:fs/promises");
const { dirname, join, basename, posix } = globalThis.process.getBuiltinModule("node:path");
const { randomBytes, hash, createHash } = globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:events");
import { B as BUILTIN_PROVIDERS, C as CLAUDE_PROVIDERS, A as ANTHROPIC_DEFAULT_MAX_TOKENS, p as pointerSegments, I as InputError, a as parsePath, l as lineAt, v as validateToolFile, s as schemaErrorsToDiagnostics, b as pointerToField, i as isBuiltinProvider, q as quoteToken, c as shortToken, d as compileUserSchema, e as parseOutputJson, f as describeOutputErrors, R as RegexTimeoutError, n as nameUserSchema, g as checkPlaceholders, t as testVariables, h as RECORDINGS_FILE, V as VARIANTS, j as prepareVersion, r as readLockfile, k as assemblePrompt, m as formatDiagnostic, o as versionDigest, u as formatLockfile, w as sealLockfile } from './index.js';
const { isUtf8 } = globalThis.process.getBuiltinModule("node:buffer");

/**
 * The names of promptgate's release tags and what their alias messages say: one home shared by
 * release mode (which writes them), `promptgate bundle` and the runtime's refresh (which read
 * them). The tag plumbing itself is in git/tags.ts.
 */
/** `prompts/<id>@<version>`: one immutable tag per tested version. */
function versionTag(id, version) {
    return `prompts/${id}@${version}`;
}
/** The version an alias message names, for either alias (undefined for a message promptgate did not write). */
function parseAliasVersion(message) {
    return /^(?:production|canary)-version: (.+)$/m.exec(message)?.[1]?.trim();
}
function parseModelLine(value) {
    const match = /^(\S+?):(\S+) pass-rate=(\S+) passed=(\d+) total=(\d+) cost-usd=(\S+)( candidate)?$/.exec(value);
    if (!match)
        return undefined;
    const [, provider, model, rate, passed, total, cost, candidate] = match;
    return {
        provider: provider,
        model: model,
        passRate: rate === 'none' ? null : Number(rate),
        passed: Number(passed),
        total: Number(total),
        costUsd: cost === 'unknown' ? null : Number(cost),
        ...(candidate ? { candidate: true } : {}),
    };
}
/** Reads a record back; undefined for a tag promptgate did not write (or a lightweight one). */
function parseTagMessage(message) {
    const found = new Map();
    const models = [];
    for (const line of message.split('\n')) {
        const match = /^([a-z-]+): (.*)$/.exec(line.trim());
        if (!match)
            continue;
        if (match[1] === 'model-result') {
            const model = parseModelLine(match[2]);
            if (model)
                models.push(model);
        }
        else {
            found.set(match[1], match[2]);
        }
    }
    const get = (key) => found.get(key);
    const id = get('prompt-id');
    const version = get('prompt-version');
    const passRate = Number(get('pass-rate'));
    if (!id || !version || Number.isNaN(passRate))
        return undefined;
    const cost = get('cost-usd');
    return {
        id,
        version,
        folder: get('folder') ?? '',
        passRate,
        passed: Number(get('passed') ?? 0),
        total: Number(get('total') ?? 0),
        costUsd: cost === undefined || cost === 'unknown' ? null : Number(cost),
        provider: get('provider') ?? '',
        model: get('model') ?? '',
        commit: get('tested-commit') ?? '',
        ...(models.length > 0 ? { models } : {}),
    };
}

/**
 * Writes a file so that a reader (or the next run) sees either the old content or the new,
 * never half of it: the content goes to a temporary file beside the target, which is then
 * renamed over it (rename is atomic within one file system). A run stopped by a signal while
 * saving recordings.json leaves the old file whole, plus at most a stray temporary file.
 */
async function writeFileAtomically(path, content) {
    // Exclusive: a file or link already at the temporary name is never written through.
    await replaceAtomically(path, (temporary) => writeFile(temporary, content, { flag: 'wx' }));
}
async function replaceAtomically(path, write) {
    const directory = dirname(path);
    await mkdir(directory, { recursive: true });
    const temporary = join(directory, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
        await write(temporary);
        await rename(temporary, path);
    }
    catch (error) {
        await rm(temporary, { force: true });
        throw error;
    }
}

/**
 * `provider:model` references (`model: anthropic:claude-sonnet-4-5`, `models: [...]`).
 *
 * Only a known provider name before the first colon is a provider: a built-in one, or an
 * endpoint of promptgate.yaml (`ollama:qwen3:8b` is endpoint `ollama`, model `qwen3:8b`). OpenAI
 * fine-tune ids start with `ft:` (`ft:gpt-4o-mini:acme::abc123`) and a model name may hold colons
 * of its own, so `ft:...` stays a model name of the folder's provider.
 */
const KNOWN_PROVIDERS = BUILTIN_PROVIDERS;
/** The provider named before the first colon, when it is a known one; else the whole text is the model. */
function splitModelRef(text, providers = KNOWN_PROVIDERS) {
    const colon = text.indexOf(':');
    if (colon <= 0)
        return { model: text };
    const prefix = text.slice(0, colon);
    const model = text.slice(colon + 1);
    const provider = providers.find((known) => known === prefix);
    return provider && model !== '' ? { provider, model } : { model: text };
}
/** A `models:` entry, its provider defaulting to the folder's own. */
function parseModelRef(text, defaultProvider, providers = KNOWN_PROVIDERS) {
    const split = splitModelRef(text, providers);
    return { provider: split.provider ?? defaultProvider, model: split.model };
}
/** The matrix a `models:` list describes. */
function parseModelEntries(entries, defaultProvider, providers = KNOWN_PROVIDERS) {
    return entries.map((entry) => {
        const ref = parseModelRef(typeof entry === 'string' ? entry : entry.model, defaultProvider, providers);
        if (typeof entry === 'string')
            return ref;
        const settings = entrySettings(entry);
        return {
            ...ref,
            ...(entry.gate === false ? { candidate: true } : {}),
            ...(Object.keys(settings).length > 0 ? { settings } : {}),
        };
    });
}
/** A `models:` object's own settings, as request fields (`thinking.budget_tokens` is `thinking_budget`). */
function entrySettings(entry) {
    const thinkingBudget = entry.thinking_budget ?? entry.thinking?.budget_tokens;
    return {
        ...(entry.max_tokens !== undefined ? { maxTokens: entry.max_tokens } : {}),
        ...(entry.temperature !== undefined ? { temperature: entry.temperature } : {}),
        ...(entry.top_p !== undefined ? { topP: entry.top_p } : {}),
        ...(entry.reasoning_effort !== undefined ? { reasoningEffort: entry.reasoning_effort } : {}),
        ...(thinkingBudget !== undefined ? { thinkingBudget } : {}),
    };
}
/**
 * Entries naming a model an earlier entry already names, however written (`gpt-4o-mini` and
 * `openai:gpt-4o-mini` on an OpenAI folder are one model): each would run, and be counted and
 * gated, twice. `index` is the entry's place in the list, `first` the earlier one's.
 */
function duplicateModels(models) {
    const seen = new Map();
    const duplicates = [];
    models.forEach((model, index) => {
        const label = modelLabel(model);
        const first = seen.get(label);
        if (first === undefined)
            seen.set(label, index);
        else
            duplicates.push({ index, first, label });
    });
    return duplicates;
}
/** `provider:model`, the name a matrix row, a gate reason and a comparison use for one model. */
function modelLabel(ref) {
    return `${ref.provider}:${ref.model}`;
}

function modelEntryErrors(entries, context) {
    const errors = [];
    entries.forEach((entry, index) => {
        if (typeof entry === 'string')
            return;
        const error = (key, message) => {
            const line = context.lineOf(`/models/${index}/${key}`) ?? context.lineOf(`/models/${index}`);
            errors.push({ file: context.file, ...(line !== undefined ? { line } : {}), field: `models[${index}].${key}`, message });
        };
        const { provider } = parseModelRef(entry.model, context.defaultProvider, context.providers ?? KNOWN_PROVIDERS);
        const claude = CLAUDE_PROVIDERS.includes(provider);
        if (entry.thinking_budget !== undefined && entry.thinking !== undefined) {
            error('thinking', 'give thinking_budget or thinking: { budget_tokens }, not both');
        }
        const thinkingKey = entry.thinking_budget !== undefined ? 'thinking_budget' : 'thinking';
        const settings = entrySettings(entry);
        if (entry.reasoning_effort !== undefined && claude) {
            error('reasoning_effort', `reasoning_effort is an OpenAI setting; ${provider} (Claude) takes thinking_budget instead`);
        }
        if (settings.thinkingBudget === undefined)
            return;
        if (!claude) {
            error(thinkingKey, `${thinkingKey} is a setting of Claude (anthropic, bedrock, vertex); ${provider} takes reasoning_effort instead`);
            return;
        }
        const maxTokens = settings.maxTokens ?? context.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS;
        if (settings.thinkingBudget >= maxTokens) {
            error(thinkingKey, `the thinking budget (${settings.thinkingBudget}) must be less than max_tokens (${maxTokens}): thinking counts toward ` +
                `max_tokens, so set max_tokens on this entry above the budget plus the answer`);
        }
    });
    return errors;
}

/*
 * A fast path for the YAML that test suites are written in: block maps and lists, one-line
 * flow maps and lists of scalars, plain and quoted one-line scalars and `|` literal blocks.
 * It builds the value and the line of every node in one pass, without the CST and document
 * model the `yaml` package builds: many times faster, with a fraction of the garbage
 * (docs/speed.md has the figures). Anything outside that subset \u2014 anchors, tags, multi-line
 * plain or quoted scalars, folded blocks, nested flow, tabs, CRLF, errors of any kind \u2014
 * returns undefined, and the caller parses the text with `yaml` itself, so every diagnostic
 * is the full parser's.
 *
 * The values are the ones `yaml`'s core schema gives (tested against it on every fixture).
 */
class Unsupported extends Error {
}
const bail = () => {
    throw new Unsupported();
};
const SPACE = 0x20;
const HASH = 0x23;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;
/*
 * Only the space is YAML's indentation and separation here (tabs never reach the parser). JS's
 * trim() also strips U+00A0, U+2003 and the like, which YAML keeps as content: `a: b\u00a0`
 * is "b\u00a0", and a line starting with U+00A0 is not indented.
 */
/** Spaces at the start of `text`, counted from `from`: the index of the first other character. */
function leadingSpaces(text, from = 0) {
    let index = from;
    while (text.charCodeAt(index) === SPACE)
        index += 1;
    return index;
}
/** `text` without leading and trailing spaces (and only spaces). */
function trimSpaces(text) {
    let end = text.length;
    while (end > 0 && text.charCodeAt(end - 1) === SPACE)
        end -= 1;
    const start = leadingSpaces(text);
    return start === 0 && end === text.length ? text : text.slice(start, Math.max(start, end));
}
/** Parses `text` when it is inside the subset; undefined means "ask the full parser". */
function parseFastYaml(text) {
    // Tabs, CR, a BOM, control characters and Unicode line separators each have rules of their
    // own: left to yaml.
    if (/[\t\r\uFEFF\x00-\x08\x0B\x0C\x0E-\x1F\x7F\x85\u2028\u2029]/.test(text))
        return undefined;
    const raw = text.split('\n');
    try {
        const parser = new BlockParser(raw);
        const first = parser.next();
        if (first === undefined)
            return undefined; // an empty document is null: the full parser says so
        const parsed = parser.parseNode(first.indent, -1);
        if (parser.next() !== undefined)
            bail(); // more text, less indented than the top: an error
        return { value: parsed.value, root: parsed.lines };
    }
    catch (error) {
        if (error instanceof Unsupported)
            return undefined;
        throw error;
    }
}
class BlockParser {
    index = 0;
    raw;
    seen = [];
    constructor(raw) {
        this.raw = raw;
    }
    /**
     * The next line with content (comments and blank lines skipped), without consuming it. Each
     * line is looked at several times as callers peek ahead: it is split up once, then remembered.
     */
    next() {
        while (this.index < this.raw.length) {
            let line = this.seen[this.index];
            if (line === undefined)
                line = this.seen[this.index] = this.lineAt(this.index);
            if (line !== null)
                return line;
            this.index += 1;
        }
        return undefined;
    }
    /** The line at `index` with its indent measured, or null for a blank or comment line. */
    lineAt(index) {
        const text = this.raw[index];
        const indent = leadingSpaces(text);
        if (indent === text.length || text.charCodeAt(indent) === HASH)
            return null;
        const content = indent === 0 ? text : text.slice(indent);
        if (indent === 0 && /^(---|\.\.\.|%)/.test(content))
            bail(); // documents and directives
        return { indent, text: trimSpaces(content), line: index + 1 };
    }
    /** The block node whose first line is the next line, at exactly `indent`. */
    parseNode(indent, parentIndent, firstLine) {
        const line = firstLine ?? this.next();
        if (line.indent !== indent || indent < parentIndent)
            bail();
        return line.text === '-' || line.text.startsWith('- ') ? this.parseList(line) : this.parseMap(line);
    }
    parseList(first) {
        const value = [];
        const items = [];
        let line = first;
        while (line && line.indent === first.indent && (line.text === '-' || line.text.startsWith('- '))) {
            if (line.text === '-')
                bail(); // the item on the following lines: rare, left to yaml
            const spaces = leadingSpaces(line.text, 1) - 1;
            const item = { indent: line.indent + 1 + spaces, text: line.text.slice(1 + spaces), line: line.line };
            const parsed = this.parseItem(item, first.indent);
            value.push(parsed.value);
            items.push(parsed.lines);
            line = this.next();
        }
        if (line && line.indent > first.indent)
            bail();
        return { value, lines: { line: first.line, items } };
    }
    /** A list item: a map that starts on the `-` line, or one value on that line. */
    parseItem(item, listIndent) {
        if (item.text.startsWith('- ') || item.text === '-')
            bail(); // - - nested lists
        if (mapKey(item.text) !== undefined) {
            this.index = item.line - 1;
            return this.parseMap(item);
        }
        this.index = item.line; // the value is all on this line
        const parsed = inlineValue(item.text, item.line);
        const after = this.next();
        if (after && after.indent > listIndent)
            bail(); // a continuation line
        return parsed;
    }
    parseMap(first) {
        const value = {};
        const keys = new Map();
        let line = first;
        while (line && line.indent === first.indent) {
            const entry = line;
            const split = mapKey(entry.text);
            if (split === undefined)
                bail();
            const [key, rest] = split;
            if (keys.has(key))
                bail(); // a duplicate key is an error: yaml words it
            this.index = entry.line; // past the key's line
            let parsed;
            if (rest === '') {
                const child = this.next();
                // `key:` then a deeper block, or a list at the key's own indent (a common style).
                const isList = child && (child.text === '-' || child.text.startsWith('- '));
                if (!child || !(child.indent > first.indent || (isList && child.indent === first.indent)))
                    bail();
                parsed = this.parseNode(child.indent, first.indent, child);
            }
            else if (rest === '|' || rest === '|-') {
                parsed = { value: this.literalBlock(first.indent, rest === '|-'), lines: { line: entry.line } };
            }
            else {
                parsed = inlineValue(rest, entry.line);
            }
            value[key] = parsed.value;
            keys.set(key, { keyLine: entry.line, node: parsed.lines });
            line = this.next();
            if (line && line.indent > first.indent)
                bail(); // a continuation or a misplaced block
        }
        return { value, lines: { line: first.line, keys } };
    }
    /** A `|` block: lines indented deeper than the key, the indent of the first one stripped. */
    literalBlock(keyIndent, strip) {
        const content = [];
        let blockIndent = -1;
        while (this.index < this.raw.length) {
            const text = this.raw[this.index];
            const indent = leadingSpaces(text);
            if (indent === text.length) {
                if (blockIndent < 0)
                    bail(); // leading blank lines: indentation rules are subtle there
                if (indent > blockIndent)
                    bail();
                content.push('');
            }
            else {
                if (blockIndent < 0) {
                    if (indent <= keyIndent)
                        bail(); // an empty block
                    blockIndent = indent;
                }
                if (indent < blockIndent)
                    break;
                content.push(text.slice(blockIndent));
            }
            this.index += 1;
        }
        while (content.length > 0 && content.at(-1) === '')
            content.pop();
        if (content.length === 0)
            bail();
        return content.join('\n') + (strip ? '' : '\n');
    }
}
/** `key: rest` or `key:` with a plain key; undefined when the line is not a simple map entry. */
function mapKey(text) {
    // The key's characters exclude `:`, so the first colon ends it (as in /^(key):(?: +(.*))?$/).
    const colon = text.indexOf(':');
    if (colon < 1 || colon > 201)
        return undefined; // yaml caps implicit keys at 1024
    const afterColon = text.charCodeAt(colon + 1);
    if (colon + 1 < text.length && afterColon !== SPACE)
        return undefined; // `a:b` is a scalar
    const key = text.slice(0, colon);
    if (!isPlainKey(key))
        return undefined;
    if (/^(null|true|false|__proto__)$/i.test(key))
        bail();
    return [key, stripComment(text.slice(leadingSpaces(text, colon + 1)))];
}
function isPlainKey(key) {
    return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key);
}
/** A trailing ` # comment` outside quotes; the rest is checked by the value parsers. */
function stripComment(text) {
    const quote = text[0] === '"' || text[0] === "'" ? text[0] : undefined;
    if (!quote) {
        const hash = text.indexOf(' #');
        return trimSpaces(hash >= 0 ? text.slice(0, hash) : text);
    }
    const end = quotedEnd(text, quote);
    // Only spaces after the closing quote, or a comment after at least one space.
    if (!/^(?: *| +#.*)$/.test(text.slice(end)))
        bail();
    return text.slice(0, end);
}
/** Index just past the closing quote (a one-line quoted scalar), or bail. */
function quotedEnd(text, quote) {
    const quoteCode = quote.charCodeAt(0);
    const double = quoteCode === DOUBLE_QUOTE;
    for (let i = 1; i < text.length; i += 1) {
        const code = text.charCodeAt(i);
        if (double && code === BACKSLASH)
            i += 1;
        else if (code === quoteCode) {
            if (!double && text.charCodeAt(i + 1) === quoteCode)
                i += 1;
            else
                return i + 1;
        }
    }
    return bail();
}
/** A value written on the key's (or the `-`'s) line: a scalar or a one-line flow collection. */
function inlineValue(text, line) {
    const stripped = stripComment(text);
    if (stripped.startsWith('{') || stripped.startsWith('['))
        return flowCollection(stripped, line);
    const value = scalar(stripped, false);
    // Only non-strings keep their text: a string value already is its source.
    return { value, lines: typeof value === 'string' ? { line } : { line, source: stripped } };
}
function isLetter(code) {
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}
function flowCollection(text, line) {
    const isMap = text[0] === '{';
    if (text.at(-1) !== (isMap ? '}' : ']'))
        bail();
    const inner = trimSpaces(text.slice(1, -1));
    const parts = inner === '' ? [] : splitFlow(inner);
    if (!isMap)
        return { value: parts.map((part) => scalar(part, true)), lines: { line, items: parts.map(() => ({ line })) } };
    const value = {};
    const keys = new Map();
    for (const part of parts) {
        const match = /^([A-Za-z_][A-Za-z0-9_.-]*): +(.+)$/.exec(part);
        if (!match || /^(null|true|false|__proto__)$/i.test(match[1]) || keys.has(match[1]))
            bail();
        value[match[1]] = scalar(match[2], true);
        keys.set(match[1], { keyLine: line, node: { line } });
    }
    return { value, lines: { line, keys } };
}
/** Splits `a: 1, b: "x, y"` on the commas outside quotes; nested collections are not handled. */
function splitFlow(inner) {
    const parts = [];
    let start = 0;
    for (let i = 0; i < inner.length; i += 1) {
        const char = inner[i];
        if (char === '"' || char === "'") {
            // A quote opens a scalar only where a value starts: first in an item, or after `key:`.
            const before = trimSpaces(inner.slice(start, i));
            if (before !== '' && !/^[A-Za-z_][A-Za-z0-9_.-]*:$/.test(before))
                bail();
            i += quotedEnd(inner.slice(i), char) - 1;
        }
        else if (char === ',') {
            parts.push(trimSpaces(inner.slice(start, i)));
            start = i + 1;
        }
        else if ('{}[]#'.includes(char))
            bail(); // nested collections, comments: left to yaml
    }
    parts.push(trimSpaces(inner.slice(start)));
    if (parts.some((part) => part === ''))
        bail(); // `[a, , b]`, `{a: 1, }`
    return parts;
}
/** A Map, not an object literal: `constructor` or `toString` is text, not Object.prototype's. */
const WORDS = new Map([
    ...['null', 'Null', 'NULL', '~'].map((word) => [word, null]),
    ...['true', 'True', 'TRUE'].map((word) => [word, true]),
    ...['false', 'False', 'FALSE'].map((word) => [word, false]),
]);
/** One scalar as yaml's core schema reads it; anything ambiguous bails. */
function scalar(text, inFlow) {
    if (text === '')
        bail(); // an empty value is null, with its own position rules: left to yaml
    const first = text.charCodeAt(0);
    if (first === DOUBLE_QUOTE) {
        if (quotedEnd(text, '"') !== text.length)
            bail();
        // Without a backslash the text between the quotes is the value (control characters never
        // get here); with one, JSON's escapes mean the same in YAML.
        if (!text.includes('\\'))
            return text.slice(1, -1);
        try {
            return JSON.parse(text);
        }
        catch {
            return bail();
        }
    }
    if (first === SINGLE_QUOTE) {
        if (quotedEnd(text, "'") !== text.length)
            bail();
        return text.slice(1, -1).replace(/''/g, "'");
    }
    const word = WORDS.get(text);
    if (word !== undefined)
        return word;
    // A plain scalar starting with a letter (other than the words above) is text unless it has
    // an indicator inside: the number patterns below cannot match it.
    if (isLetter(first) && !inFlow && !text.includes(': ') && !text.endsWith(':') && !text.includes(' #'))
        return text;
    if (/^(?:0|-?[1-9][0-9]{0,14})$/.test(text))
        return Number(text);
    if (/^-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/.test(text) && text !== '-0.0')
        return Number(text);
    // Anything else number-like (0x1F, 1e3, .5, +1, 010, .inf) follows rules best left to yaml;
    // `30 days` or `-v2` are text.
    if (/^(?:[-+]?[0-9.][0-9a-fA-FoxX.eE+-]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/.test(text))
        bail();
    if (/^[?:,[\]{}#&*!|>'"%@`]/.test(text) || /^[-?:](?: |$)/.test(text))
        bail();
    if (text.includes(': ') || text.endsWith(':') || text.includes(' #'))
        bail();
    if (inFlow && /[:,[\]{}#]/.test(text))
        bail();
    return text;
}

/*
 * Parsing the YAML files users write while keeping positions, so that every problem found
 * later (by a schema, by the loader) can name the line of the offending node.
 */
/**
 * Any YAML file users write. The fast path when the text is in its subset (nearly every
 * tests.yaml and prompt.yaml), else yaml's document model; values, lines and scalar sources are
 * the same either way, and every error and refusal (alias bombs, duplicate keys, bad syntax) is
 * yaml's. The `yaml` package is imported only for a file the fast path leaves to it, so a run
 * whose files are all in the subset never loads it (a sizeable part of the bundle; docs/speed.md).
 */
async function parseYamlText(text, file) {
    const fast = parseFastYaml(text);
    if (!fast)
        return (await import('./yaml-document.js')).parseYamlDocument(text, file);
    const root = fast.root;
    return {
        ok: true,
        parsed: {
            value: fast.value,
            lineOf: fastLineIndex(root),
            sourceOf: (key) => root.keys?.get(key)?.node.source,
        },
    };
}
/**
 * The same walk as yaml's (`lineAt` below) over the fast path's line tree. The loader asks for
 * the same test's node once per check key, one test after another: the last walk is kept.
 */
function fastLineIndex(root) {
    let lastPointer;
    let last = walk(root, '');
    return (pointer, key) => {
        if (pointer !== lastPointer) {
            last = walk(root, pointer);
            lastPointer = pointer;
        }
        const pair = last.node && key !== undefined ? last.node.keys?.get(key) : undefined;
        return pair ? pair.keyLine : last.deepest.line;
    };
}
/** The node at `pointer` (undefined past what the file holds), and the deepest node found. */
function walk(root, pointer) {
    let node = root;
    let deepest = root;
    for (const segment of pointerSegments(pointer)) {
        node = node.items ? node.items[Number(segment)] : node.keys?.get(segment)?.node;
        if (!node)
            break;
        deepest = node;
    }
    return { node, deepest };
}

/**
 * The bytes as text when they are valid UTF-8, else undefined: what
 * `new TextDecoder('utf-8', { fatal: true })` answers (a leading BOM dropped, too), without
 * TextDecoder's ICU converter, whose first use costs every start-up time (docs/speed.md).
 */
function decodeUtf8Strict(bytes) {
    if (!isUtf8(bytes))
        return undefined;
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * `''`, `.`, `./a/b/` \u2192 `''`, `''`, `a/b`: one spelling for every repository-relative path.
 * A backslash is a character of a file name in git and on POSIX, never a separator: turning it
 * into `/` made a change to `a\b/system.txt` miss its folder and pass as "no prompt changed".
 */
function normalizeRepoPath(path) {
    const normalized = posix.normalize(path).replace(/\/+$/, '');
    return normalized === '.' ? '' : normalized.replace(/^\.\//, '');
}
const UNSAFE_REASONS = {
    'symlink-outside': 'is a symlink leaving the repository; promptgate reads only files inside it',
    'symlink-loop': 'is a symlink loop',
    'git-internals': "leads into the repository's .git folder, which promptgate never reads",
    'not-a-regular-file': 'is not a regular file (a device, a pipe or a socket)',
    'dangling-symlink': 'is a symlink to a file that does not exist; promptgate does not write through it',
};
/**
 * A prompt file promptgate refuses to read: the pull request's author controls the folder, and
 * a symlink to /proc/self/environ or ../.git/config would send the runner's secrets to the
 * model and on to the comment. The message names the file, never its target or content.
 */
class UnsafeFileError extends InputError {
    constructor(file, reason) {
        super({ file, message: UNSAFE_REASONS[reason] });
        this.name = 'UnsafeFileError';
    }
}
// ---------------------------------------------------------------------------------------------
/** Prompt files are small; anything bigger is a mistake (or an attack) and is not parsed. */
const MAX_FILE_BYTES = 1024 * 1024;
const MIB = 1024 * 1024;
/** Reads a user file as UTF-8 text, refusing huge files and invalid bytes with a located message. */
async function readTextFile(source, path, maxBytes = MAX_FILE_BYTES) {
    let bytes;
    try {
        bytes = await source.read(path);
    }
    catch (error) {
        if (error instanceof UnsafeFileError)
            return { status: 'invalid', error: error.diagnostic };
        throw error;
    }
    if (!bytes)
        return { status: 'missing' };
    if (bytes.length > maxBytes) {
        const size = (bytes.length / MIB).toFixed(1);
        return {
            status: 'invalid',
            error: { file: path, message: `file is ${size} MiB; promptgate refuses files over ${maxBytes / MIB} MiB` },
        };
    }
    // Strict: a wrong encoding must be reported, never turned into U+FFFD in a prompt.
    const text = decodeUtf8Strict(bytes);
    if (text !== undefined)
        return { status: 'ok', text };
    const offset = firstInvalidUtf8Byte(bytes);
    const line = bytes.subarray(0, offset).filter((byte) => byte === 0x0a).length + 1;
    const value = bytes[offset]?.toString(16).padStart(2, '0') ?? '??';
    return {
        status: 'invalid',
        error: { file: path, line, message: `not valid UTF-8: byte 0x${value} at offset ${offset}; save the file as UTF-8` },
    };
}
/** Offset of the first byte that breaks UTF-8 (the strict decoder says only that something does). */
function firstInvalidUtf8Byte(bytes) {
    let index = 0;
    while (index < bytes.length) {
        const lead = bytes[index];
        const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
        if (length === 0)
            return index;
        for (let next = 1; next < length; next += 1) {
            const byte = bytes[index + next];
            if (byte === undefined || (byte & 0xc0) !== 0x80)
                return index;
            // Overlong forms, surrogates and code points past U+10FFFF are invalid too.
            if (next === 1) {
                if (lead === 0xe0 && byte < 0xa0)
                    return index;
                if (lead === 0xed && byte > 0x9f)
                    return index;
                if (lead === 0xf0 && byte < 0x90)
                    return index;
                if (lead === 0xf4 && byte > 0x8f)
                    return index;
            }
        }
        index += length;
    }
    return bytes.length;
}

/*
 * The `metrics:` block of prompt.yaml and promptgate.yaml: what a metric is, how it is written
 * and validated. results/metrics.ts computes them over a suite's answers.
 */
const BUILT_IN_METRICS = ['p95_latency_ms', 'cost_per_query_usd', 'error_rate'];
/*
 * A folder's success metrics: prompt.yaml `metrics:` over promptgate.yaml's defaults, a
 * folder's own metric winning by name. Read apart from the rest of prompt.yaml so the loader
 * stays one page; a bad entry is a load error with file and line (a target nobody enforces is
 * worse than a loud error).
 */
async function loadPromptMetrics(source, file, defaults) {
    const own = await ownMetrics(source, file);
    const byName = new Map();
    for (const definition of defaults ?? [])
        byName.set(definition.name, definition);
    for (const definition of own.definitions)
        byName.set(definition.name, definition);
    return { definitions: [...byName.values()], errors: own.errors };
}
async function ownMetrics(source, file) {
    const read = await readTextFile(source, file);
    if (read.status !== 'ok')
        return { definitions: [], errors: [] };
    const parsed = await parseYamlText(read.text, file);
    // Parse errors are reported by the prompt.yaml loader itself.
    if (!parsed.ok)
        return { definitions: [], errors: [] };
    const value = parsed.parsed.value;
    if (!value || typeof value !== 'object' || !('metrics' in value))
        return { definitions: [], errors: [] };
    const { definitions, diagnostics } = validateMetrics(value.metrics, {
        file,
        locate: (pointer, key) => lineAt(parsed.parsed, pointer, key),
    });
    return { definitions, errors: diagnostics };
}
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const FIELD_KEYS = ['rate_of', 'mean_of', 'min', 'max'];
const TARGET_KEYS = ['min', 'max'];
/**
 * Checks a parsed `metrics:` value. Each problem is a diagnostic naming the key
 * (`metrics.escalation_rate.max`) and its line; an entry with a problem is left out and the
 * others are kept, so one typo does not silence every metric. Unknown keys are errors: a
 * misspelt `mx: 0.1` silently measuring nothing would be a target nobody enforces.
 */
function validateMetrics(value, where) {
    const root = where.pointer ?? '/metrics';
    const diagnostics = [];
    const report = (field, pointer, key, message) => {
        const line = where.locate?.(pointer, key);
        diagnostics.push({ file: where.file, ...(line !== undefined ? { line } : {}), field, message });
    };
    if (value === undefined || value === null)
        return { definitions: [], diagnostics };
    if (!isMapping(value)) {
        report('metrics', root, undefined, 'must be a mapping of metric name to { rate_of or mean_of, min, max }');
        return { definitions: [], diagnostics };
    }
    const definitions = [];
    for (const [name, entry] of Object.entries(value)) {
        const before = diagnostics.length;
        const field = `metrics.${name}`;
        const pointer = `${root}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        const fail = (message, key) => report(key ? `${field}.${key}` : field, key ? pointer : root, key ?? name, message);
        if (!NAME.test(name))
            fail('a metric name is letters, digits, _ and -, starting with a letter or _ (it names the metric in results.json)');
        if (!isMapping(entry)) {
            fail('must be a mapping such as { rate_of: escalate, max: 0.10 } or { max: 2000 } for a built-in metric');
            continue;
        }
        const builtIn = BUILT_IN_METRICS.includes(name);
        const allowed = builtIn ? TARGET_KEYS : FIELD_KEYS;
        for (const key of Object.keys(entry)) {
            if (allowed.includes(key))
                continue;
            fail(builtIn && FIELD_KEYS.includes(key)
                ? `${name} is built in and takes only min and max`
                : `unknown key "${key}"; expected ${allowed.join(', ')}`, key);
        }
        let kind = 'built-in';
        let fieldPath = '';
        if (!builtIn) {
            const kinds = ['rate_of', 'mean_of'].filter((key) => entry[key] !== undefined);
            if (kinds.length !== 1) {
                fail(kinds.length === 0
                    ? `needs rate_of (share of outputs whose boolean field is true) or mean_of (mean of a numeric field); the built-in metrics are ${BUILT_IN_METRICS.join(', ')}`
                    : 'takes rate_of or mean_of, not both');
            }
            else {
                kind = kinds[0];
                const path = entry[kind];
                if (typeof path !== 'string' || parsePath(path) === undefined)
                    fail('must name an output field, such as escalate or result.confidence', kind);
                else
                    fieldPath = path;
            }
        }
        const isRate = kind === 'rate_of' || name === 'error_rate';
        const targets = {};
        for (const key of TARGET_KEYS) {
            const target = entry[key];
            if (target === undefined)
                continue;
            if (typeof target !== 'number' || !Number.isFinite(target))
                fail(`must be a number, got ${JSON.stringify(target) ?? String(target)}`, key);
            else if (isRate && (target < 0 || target > 1))
                fail(`a rate is between 0 and 1 (10% is written 0.10), got ${target}`, key);
            else if (!isRate && kind === 'built-in' && target < 0)
                fail(`must be at least 0, got ${target}`, key);
            else
                targets[key] = target;
        }
        if (targets.min !== undefined && targets.max !== undefined && targets.min > targets.max) {
            fail(`min ${targets.min} is above max ${targets.max}: no value can meet both`);
        }
        if (diagnostics.length > before)
            continue;
        definitions.push(kind === 'built-in' ? { name: name, kind, ...targets } : { name, kind, field: fieldPath, ...targets });
    }
    return { definitions, diagnostics };
}
function isMapping(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const FILE_KEYS = {
    provider: 'provider',
    model: 'model',
    temperature: 'temperature',
    max_tokens: 'maxTokens',
    threshold: 'threshold',
    concurrency: 'concurrency',
    prompts: 'prompts',
    pricing: 'pricing',
    max_cost_increase: 'maxCostIncrease',
    repeat: 'repeat',
    min_pass: 'minPass',
    fail_on_regression: 'failOnRegression',
    judge: 'judge',
    metrics: 'metrics',
    models: 'models',
    block_on: 'blockOn',
    traffic_per_day: 'trafficPerDay',
    endpoints: 'endpoints',
    structured_output: 'structuredOutput',
};
const DEFAULT_PATH = 'promptgate.yaml';
/** `.yml` is accepted when the default `.yaml` is absent: both spellings are common. */
const ALTERNATE_PATH = 'promptgate.yml';
/**
 * Reads the repository config. A missing file is an empty config; an invalid field is reported
 * and left out, so the rest of the config (and the run) still applies.
 */
async function loadRepoConfig(source, path = DEFAULT_PATH) {
    let file = path;
    let read = await readTextFile(source, file);
    if (read.status === 'missing' && path === DEFAULT_PATH) {
        file = ALTERNATE_PATH;
        read = await readTextFile(source, file);
    }
    if (read.status === 'missing')
        return { config: {}, diagnostics: [] };
    if (read.status === 'invalid')
        return { config: {}, diagnostics: [read.error] };
    const parsed = await parseYamlText(read.text, file);
    if (!parsed.ok)
        return { config: {}, diagnostics: parsed.errors };
    const value = parsed.parsed.value;
    if (value === null || value === undefined)
        return { config: {}, diagnostics: [] };
    const errors = validateToolFile('promptgate', value);
    const diagnostics = schemaErrorsToDiagnostics(errors, file, parsed.parsed);
    if (typeof value !== 'object' || Array.isArray(value))
        return { config: {}, diagnostics };
    // Fields with a problem are dropped whole; a bad pricing entry drops only that model.
    const badFields = new Set(errors.map((error) => pointerToField(error.instancePath).split(/[.[]/)[0]));
    const badModels = new Set(errors.filter((error) => error.instancePath.startsWith('/pricing/')).map((error) => error.instancePath.split('/')[2]));
    const config = {};
    for (const [key, fieldValue] of Object.entries(value)) {
        const name = FILE_KEYS[key];
        if (!name)
            continue;
        if (key === 'pricing' && fieldValue && typeof fieldValue === 'object' && !Array.isArray(fieldValue)) {
            config.pricing = Object.fromEntries(Object.entries(fieldValue).filter(([model]) => !badModels.has(model)));
        }
        else if (!badFields.has(key)) {
            config[name] = fieldValue;
        }
    }
    // One text of paths, as the action input takes them, is a list too.
    if (typeof config.prompts === 'string')
        config.prompts = splitPathList(config.prompts);
    const lineOf = (pointer) => lineAt(parsed.parsed, pointer);
    if (config.endpoints !== undefined) {
        const endpoints = readEndpoints(config.endpoints, file, lineOf);
        config.endpoints = endpoints.endpoints;
        diagnostics.push(...endpoints.diagnostics);
    }
    const providers = [...KNOWN_PROVIDERS, ...Object.keys(config.endpoints ?? {})];
    if (config.provider !== undefined && !providers.includes(config.provider)) {
        diagnostics.push(unknownProvider(config.provider, file, lineOf('/provider')));
        delete config.provider;
    }
    if (config.models !== undefined) {
        const models = config.models;
        const configModel = typeof config.model === 'string' ? splitModelRef(config.model, providers) : undefined;
        const provider = configModel?.provider ?? config.provider ?? 'openai';
        diagnostics.push(...duplicateModelErrors(models, provider, file, lineOf, providers));
        const entryErrors = modelEntryErrors(models, {
            defaultProvider: provider,
            providers,
            maxTokens: config.maxTokens,
            file,
            lineOf,
        });
        diagnostics.push(...entryErrors);
        if (entryErrors.length > 0)
            delete config.models;
    }
    if (config.metrics !== undefined) {
        const metrics = validateMetrics(config.metrics, { file, locate: (pointer, key) => lineAt(parsed.parsed, pointer, key) });
        config.metrics = metrics.definitions;
        diagnostics.push(...metrics.diagnostics);
    }
    return { config: config, diagnostics };
}
/** One error per `models:` entry that names a model already listed (each would run twice). */
function duplicateModelErrors(entries, defaultProvider, file, lineOf, providers = KNOWN_PROVIDERS) {
    return duplicateModels(parseModelEntries(entries, defaultProvider, providers)).map(({ index, first, label }) => {
        const line = lineOf(`/models/${index}`);
        return {
            file,
            ...(line !== undefined ? { line } : {}),
            field: `models[${index}]`,
            message: `names ${label} again (models[${first}]): a model runs once per folder; remove one of them`,
        };
    });
}
/** `prompts/**, shared/*` or one path a line: the entries, trimmed, empty ones dropped. */
function splitPathList(text) {
    return text
        .split(/[\n,]/)
        .map((entry) => entry.trim())
        .filter(Boolean);
}
/** A provider name that is neither built in nor an endpoint of promptgate.yaml. */
function unknownProvider(name, file, line, field = 'provider') {
    return {
        file,
        ...(line !== undefined ? { line } : {}),
        field,
        message: `${quoteToken(name)} is not a provider: the built-in ones are ${KNOWN_PROVIDERS.join(', ')}, ` +
            'and an OpenAI-compatible server is named under endpoints: in promptgate.yaml',
    };
}
/** `endpoints:`, camelCased; a name that is a built-in provider, or a base_url that is not a URL, is an error. */
function readEndpoints(raw, file, lineOf) {
    const endpoints = {};
    const diagnostics = [];
    for (const [name, endpoint] of Object.entries(raw)) {
        const line = lineOf(`/endpoints/${name}`);
        const at = (key) => ({ file, ...(line !== undefined ? { line: lineOf(`/endpoints/${name}/${key}`) ?? line } : {}) });
        if (isBuiltinProvider(name)) {
            diagnostics.push({
                ...at(),
                field: `endpoints.${name}`,
                message: `"${name}" is a built-in provider; give the endpoint another name`,
            });
            continue;
        }
        if (!URL.canParse(endpoint.base_url) || !/^https?:$/.test(new URL(endpoint.base_url).protocol)) {
            diagnostics.push({
                ...at('base_url'),
                field: `endpoints.${name}.base_url`,
                message: 'must be an http(s) URL, the one the server serves /chat/completions under (e.g. http://localhost:11434/v1)',
            });
            continue;
        }
        endpoints[name] = {
            baseURL: endpoint.base_url,
            ...(endpoint.token_limit_field ? { tokenLimitField: endpoint.token_limit_field } : {}),
            ...(endpoint.api_key_env ? { apiKeyEnv: endpoint.api_key_env } : {}),
        };
    }
    return { endpoints, diagnostics };
}

/** Small helpers for reading values parsed from users' YAML and JSON. */
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Template variables may be written as numbers or booleans; they are sent as text. */
function stringifyValues(values) {
    return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)]));
}
/** `{ line }` when a line is known, else nothing: diagnostics never carry `line: undefined`. */
function lineIfKnown(line) {
    return line ? { line } : {};
}

/*
 * How a `rubric` check and its judge are written (tests.yaml, promptgate.yaml `judge:`), and
 * their validation. run/judge.ts asks the judge.
 */
/** Providers a judge may run on without promptgate.yaml's endpoints: the built-in ones. */
const JUDGE_PROVIDERS = BUILTIN_PROVIDERS;
/**
 * `judge: openai:gpt-4o-mini`. Split at the first colon only: model names may hold colons
 * themselves (`ollama`-style `llama3:8b` behind an OpenAI-compatible server).
 */
function parseJudgeSpec(value, providers = JUDGE_PROVIDERS) {
    const example = 'write it provider:model, e.g. openai:gpt-4o-mini';
    if (typeof value !== 'string' || value.trim() === '')
        return { ok: false, error: `judge must be a provider:model text; ${example}` };
    const text = value.trim();
    const colon = text.indexOf(':');
    if (colon < 0)
        return { ok: false, error: `judge "${text}" names no provider; ${example}` };
    const provider = text.slice(0, colon).trim();
    const model = text.slice(colon + 1).trim();
    if (providers === 'any' ? !/^[A-Za-z][A-Za-z0-9_-]*$/.test(provider) : !providers.includes(provider)) {
        if (providers === 'any')
            return { ok: false, error: `judge "${text}" has no provider name before its colon; ${example}` };
        return { ok: false, error: `judge "${text}" has unknown provider "${provider}"; expected one of ${providers.join(', ')}` };
    }
    if (model === '')
        return { ok: false, error: `judge "${text}" names no model; ${example}` };
    return { ok: true, value: { provider: provider, model } };
}
const RUBRIC_KEYS = ['type', 'value', 'judge', 'min_score'];
/**
 * `{ type: rubric, value: "...", judge: "openai:gpt-4o-mini", min_score: 0.8 }`. Errors name
 * the key so the loader can turn them into file/line diagnostics; unknown keys are errors.
 */
function validateRubricAssertion(raw, 
/** tests.yaml does not know promptgate.yaml's endpoints: the folder checks the judge's provider (folder.ts). */
providers = 'any') {
    for (const key of Object.keys(raw)) {
        if (!RUBRIC_KEYS.includes(key))
            return { ok: false, field: key, error: `unknown key "${key}" for a rubric; expected ${RUBRIC_KEYS.join(', ')}` };
    }
    const { value, judge, min_score: minScore } = raw;
    if (typeof value !== 'string' || value.trim() === '') {
        return { ok: false, field: 'value', error: 'a rubric needs its text in value: what a good answer must do' };
    }
    if (judge !== undefined) {
        const spec = parseJudgeSpec(judge, providers);
        if (!spec.ok)
            return { ok: false, field: 'judge', error: spec.error };
    }
    if (minScore !== undefined && (typeof minScore !== 'number' || !(minScore >= 0 && minScore <= 1))) {
        return { ok: false, field: 'min_score', error: `min_score must be a number from 0 to 1, got ${JSON.stringify(minScore)}` };
    }
    return {
        ok: true,
        value: {
            type: 'rubric',
            value,
            ...(judge !== undefined ? { judge: judge.trim() } : {}),
            ...(minScore !== undefined ? { minScore } : {}),
        },
    };
}

/*
 * A test's checks: the shorthand keys (`expected_<field>`, `min_<field>`, `max_<field>`) and
 * the general `assert:` list, expanded into typed assertions that each carry their line. A
 * check written with the generic `not-` prefix is its check, negated (`not-icontains` is
 * icontains with `negated`); `not-contains` and `no-tool-called` keep their own meaning.
 */
/**
 * Keys of a test that are settings, not shorthand checks: `min_pass` would otherwise read as
 * "output.pass >= N" through the `min_<field>` shorthand, `max_steps` as "output.steps <= N".
 */
const RESERVED_TEST_KEYS = new Set(['repeat', 'min_pass', 'required', 'max_steps', 'tool_results']);
/** Shorthand keys that mean a budget check, not a field of the output named `tokens`, etc. */
const BUDGET_SHORTHANDS = {
    max_tokens: 'max-tokens',
    max_latency_ms: 'max-latency-ms',
    max_cost_usd: 'max-cost-usd',
};
/** Types with a `not-` spelling of their own, which is not the generic negation. */
const OWN_NEGATIONS = new Set(['not-contains']);
/** `not-icontains` \u2192 `{ type: 'icontains', negated: true }`; other types as written. */
function normalizeType(written) {
    const type = written.type;
    if (typeof type !== 'string' || !type.startsWith('not-') || OWN_NEGATIONS.has(type))
        return written;
    return { ...written, type: type.slice('not-'.length), negated: true };
}
/** Shorthand keys and the `assert` list \u2192 typed assertions, each with the line it was written on. */
function expandAssertions(fields, lineOf, schema, testLine) {
    // The folder schema is checked first and shown explicitly, so every result lists it.
    const assertions = schema ? [{ type: 'json-schema', value: schema, line: testLine }] : [];
    for (const key of Object.keys(fields)) {
        const shorthand = shorthandAssertion(key, fields[key]);
        if (!shorthand)
            continue;
        // The line is looked up only for a key that is a check (name and input are not).
        const line = lineOf('', key);
        if (line)
            shorthand.line = line;
        assertions.push(shorthand);
    }
    const written = Array.isArray(fields.assert) ? fields.assert : [];
    assertions.push(...writtenAssertions(written, (index) => lineOf(`/assert/${index}`)));
    return assertions;
}
/** An `assert:` list as typed assertions (a rubric's min_score becomes minScore). */
function writtenAssertions(written, lineOf) {
    const assertions = [];
    written.forEach((raw, index) => {
        const line = lineOf(index);
        const at = line ? { line } : {};
        const assertion = normalizeType(raw);
        const negated = assertion.negated === true ? { negated: true } : {};
        if (assertion.type === 'rubric') {
            // A bad rubric is reported by checkWrittenAssertions.
            const { negated: _negated, ...rest } = assertion;
            const rubric = validateRubricAssertion({ ...rest });
            if (rubric.ok)
                assertions.push({ ...rubric.value, ...negated, ...at });
            return;
        }
        assertions.push({ ...assertion, ...at });
    });
    return assertions;
}
/** The check a shorthand key (`expected_intent`, `min_confidence`, `max_tokens`) stands for; undefined for other keys. */
function shorthandAssertion(key, value) {
    if (RESERVED_TEST_KEYS.has(key))
        return undefined;
    const budget = Object.hasOwn(BUDGET_SHORTHANDS, key) ? BUDGET_SHORTHANDS[key] : undefined;
    if (budget)
        return { type: budget, value: value };
    if (key.startsWith('expected_'))
        return { type: 'equals', path: key.slice('expected_'.length), value: value };
    if (key.startsWith('min_'))
        return { type: 'min', path: key.slice('min_'.length), value: value };
    if (key.startsWith('max_'))
        return { type: 'max', path: key.slice('max_'.length), value: value };
    return undefined;
}
/** What the schema cannot see: a regex that does not compile, an inline schema that is not one, a bad rubric. */
function checkWrittenAssertions(written, prefix, place) {
    const list = Array.isArray(written) ? written : [];
    const problems = [];
    list.forEach((raw, index) => {
        const assertion = normalizeType(raw);
        const at = `${prefix}/${index}`;
        if (assertion.type === 'regex' && typeof assertion.value === 'string') {
            const flags = typeof assertion.flags === 'string' ? assertion.flags : undefined;
            try {
                new RegExp(assertion.value, flags);
            }
            catch (error) {
                // V8 repeats the pattern in its message; say it once.
                const reason = (error instanceof Error ? error.message : String(error)).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
                problems.push({
                    ...place(`${at}/value`),
                    message: `invalid regular expression /${shortToken(assertion.value)}/${shortToken(flags ?? '')}: ${reason}`,
                });
            }
        }
        if (assertion.type === 'rubric') {
            const { negated: _negated, ...rest } = assertion;
            const rubric = validateRubricAssertion(rest);
            if (!rubric.ok) {
                const field = rubric.field ?? 'value';
                problems.push({ ...place(`${at}/${field}`), message: rubric.error });
            }
        }
        if (assertion.type === 'json-schema' && typeof assertion.value === 'object' && assertion.value !== null) {
            const compiled = compileUserSchema(assertion.value);
            if (!compiled.ok) {
                const details = schemaErrorsToDiagnostics(compiled.errors, '', undefined).map((d) => `${d.field ?? ''} ${d.message}`.trim());
                problems.push({
                    ...place(`${at}/value`),
                    message: `invalid JSON Schema: ${details.length > 0 ? details.join('; ') : compiled.message}`,
                });
            }
        }
    });
    return problems;
}

/** A tool result is sent as text: text as it is, any other value as JSON text. */
function resultText(value) {
    return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}
/**
 * The conversation with an id on every call: the one written, else `call_<turn>_<call>` (turns
 * counted from 1), so the request, and the recording key, are the same on every run.
 */
function readMessages(raw, place) {
    const messages = [];
    const problems = [];
    const problem = (relative, key, message) => problems.push({ ...place(relative, key), message });
    // The calls of the last assistant turn still waiting for their results, by id.
    let open;
    let openAt = '';
    const ids = new Set();
    raw.forEach((item, index) => {
        if (!isRecord(item))
            return;
        const at = `/messages/${index}`;
        const role = item.role;
        if (role !== 'tool' && open && open.size > 0) {
            problem(at, undefined, `the tool calls of messages[${openAt}] (${[...open.values()].map((call) => call.name).join(', ')}) need their results (role: tool) before this turn`);
            open = undefined;
        }
        if (role === 'assistant') {
            const calls = Array.isArray(item.tool_calls) ? item.tool_calls.filter(isRecord) : [];
            const content = typeof item.content === 'string' ? item.content : '';
            if (calls.length === 0) {
                if (typeof item.content !== 'string')
                    problem(at, undefined, 'an assistant turn needs content, tool_calls, or both');
                messages.push({ role: 'assistant', content });
                open = undefined;
                return;
            }
            const toolCalls = calls.map((call, callIndex) => {
                const id = typeof call.id === 'string' ? call.id : `call_${index + 1}_${callIndex + 1}`;
                if (ids.has(id))
                    problem(`${at}/tool_calls/${callIndex}`, 'id', `tool call id "${id}" is used twice in this conversation`);
                ids.add(id);
                return { id, name: String(call.name), arguments: isRecord(call.arguments) ? call.arguments : {} };
            });
            messages.push({ role: 'assistant', content, toolCalls });
            open = new Map(toolCalls.map((call) => [call.id, call]));
            openAt = String(index);
            return;
        }
        if (role === 'tool') {
            const name = String(item.name);
            const content = resultText(item.content);
            if (!open) {
                problem(at, undefined, 'a tool result must follow the assistant turn whose tool call it answers');
                return;
            }
            const given = typeof item.tool_call_id === 'string' ? item.tool_call_id : undefined;
            const call = given !== undefined ? open.get(given) : [...open.values()].find((candidate) => candidate.name === name);
            if (!call) {
                const waiting = [...open.values()].map((candidate) => `${candidate.name} (id ${candidate.id})`).join(', ') || 'none';
                const what = given !== undefined ? `no call with id "${given}"` : `no call of ${name}`;
                problem(at, given !== undefined ? 'tool_call_id' : 'name', `${what} waits for a result in messages[${openAt}]; waiting: ${waiting}`);
                return;
            }
            if (call.name !== name) {
                problem(at, 'name', `tool_call_id "${call.id}" is a call of ${call.name}, not ${name}`);
                return;
            }
            open.delete(call.id);
            messages.push({ role: 'tool', name, toolCallId: call.id, content });
            return;
        }
        messages.push({ role: 'user', content: typeof item.content === 'string' ? item.content : '' });
    });
    // The test's input follows as a user turn: calls still open here would be refused by the API.
    if (open && open.size > 0) {
        problem(`/messages/${openAt}`, undefined, `the tool calls of messages[${openAt}] (${[...open.values()].map((call) => call.name).join(', ')}) need their results (role: tool) after it`);
    }
    return { messages, problems };
}
/**
 * `tool_results:` by tool name. A list whose every item is `{ result }` or `{ args, result }`
 * is the per-arguments form; any other value is the one result of every call of that tool.
 */
function readToolResults(raw, place) {
    const results = {};
    const problems = [];
    for (const [name, value] of Object.entries(raw)) {
        if (!isRuleList(value)) {
            results[name] = [{ result: resultText(value) }];
            continue;
        }
        results[name] = value.map((rule, index) => {
            if (rule.args !== undefined && !isRecord(rule.args)) {
                problems.push({
                    ...place(`/tool_results/${name.replace(/~/g, '~0').replace(/\//g, '~1')}/${index}`, 'args'),
                    message: 'args must be a map of the arguments the call must have',
                });
            }
            return { ...(isRecord(rule.args) ? { args: rule.args } : {}), result: resultText(rule.result) };
        });
    }
    return { results, problems };
}
function isRuleList(value) {
    return (Array.isArray(value) &&
        value.length > 0 &&
        value.every((item) => isRecord(item) && Object.hasOwn(item, 'result') && Object.keys(item).every((key) => key === 'args' || key === 'result')));
}

/**
 * The TestCase of `fields`. `problems` are what the schema found; when there are any, the
 * test's own checks are not expanded (they may be what is malformed) and the first problem
 * makes the test invalid: it is reported as errored, and the other tests still run.
 */
function buildTest(fields, where, schema, schemaProblems) {
    const problems = [...schemaProblems];
    const { line, place } = where;
    const named = typeof fields.name === 'string' && fields.name !== '';
    const test = {
        name: named ? fields.name : `(unnamed test at line ${where.dataRow?.line ?? line})`,
        input: typeof fields.input === 'string' ? fields.input : '',
        vars: isRecord(fields.vars) ? stringifyValues(scalarsOnly(fields.vars)) : {},
        assert: [],
        line,
    };
    // Set one by one: a spread per optional piece makes an object per piece per test.
    if (where.dataRow)
        test.dataRow = where.dataRow;
    if (typeof fields.repeat === 'number')
        test.repeat = fields.repeat;
    if (typeof fields.min_pass === 'number')
        test.minPass = fields.min_pass;
    if (fields.required === true)
        test.required = true;
    if (fields.needs_expected === true)
        test.needsExpected = true;
    if (typeof fields.max_steps === 'number')
        test.maxSteps = fields.max_steps;
    if (problems.length === 0 && Array.isArray(fields.messages) && fields.messages.length > 0) {
        const read = readMessages(fields.messages, place);
        test.messages = read.messages;
        problems.push(...read.problems);
    }
    if (problems.length === 0 && isRecord(fields.tool_results)) {
        const read = readToolResults(fields.tool_results, place);
        test.toolResults = read.results;
        problems.push(...read.problems);
    }
    if (test.minPass !== undefined && test.repeat !== undefined && test.minPass > test.repeat) {
        problems.push({
            ...place('', 'min_pass'),
            message: `${test.minPass} runs must pass but the test has only ${test.repeat}: set repeat to at least ${test.minPass}`,
        });
    }
    if (problems.length === 0) {
        test.assert = [...expandAssertions(fields, where.lineOf, schema, line), ...(where.extraAssert ?? [])];
        problems.push(...checkWrittenAssertions(fields.assert, '/assert', place));
    }
    return { test, problems };
}
function scalarsOnly(values) {
    return Object.fromEntries(Object.entries(values).filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value)));
}

/**
 * A suite of 20,000 tests is ~2.5 MB and must load; a file of 50 MB is a mistake or an attack.
 * (The other guard, against YAML alias bombs, is yaml's maxAliasCount in files/yaml-document.ts.)
 * Data files have the same bound.
 */
const MAX_TESTS_FILE_BYTES = 16 * 1024 * 1024;
async function loadTests(source, file, schema) {
    const none = (errors, files = []) => ({ tests: [], errors, warnings: [], files });
    const read = await readTextFile(source, file, MAX_TESTS_FILE_BYTES);
    if (read.status === 'missing')
        return none([{ file, message: 'is missing: a prompt folder needs tests.yaml (its test suite)' }]);
    if (read.status === 'invalid')
        return none([read.error]);
    const parsed = await parseYamlText(read.text, file);
    if (!parsed.ok)
        return none(parsed.errors);
    const { value } = parsed.parsed;
    if (value === null || value === undefined)
        return none([{ file, line: 1, message: 'is empty; expected a `tests:` list' }]);
    const schemaErrors = validateToolFile('tests', value);
    const perTest = new Map();
    const fileErrors = [];
    for (const error of schemaErrors) {
        const match = /^\/tests\/(\d+)(?:\/|$)/.exec(error.instancePath);
        if (!match || !Array.isArray(value.tests))
            fileErrors.push(error);
        else
            perTest.set(Number(match[1]), [...(perTest.get(Number(match[1])) ?? []), error]);
    }
    if (fileErrors.length > 0)
        return none(schemaErrorsToDiagnostics(fileErrors, file, parsed.parsed));
    const written = value.tests;
    // `tests: { file: \u2026 }` is one entry: the same as a list holding it.
    const items = Array.isArray(written) ? written : [written];
    const pointerOf = (index) => (Array.isArray(written) ? `/tests/${index}` : '/tests');
    const tests = [];
    const warnings = [];
    const files = [];
    const errors = [];
    // Each test of tests.yaml itself, by the pointer of its entry (for a duplicate name's line).
    const pointers = new Map();
    const add = (built) => {
        if (built.problems.length > 0) {
            built.test.invalid = built.problems[0];
            warnings.push(...built.problems.slice(1));
        }
        tests.push(built.test);
    };
    for (const [index, item] of items.entries()) {
        const pointer = pointerOf(index);
        const line = lineAt(parsed.parsed, pointer) ?? 1;
        const place = yamlPlace(file, parsed.parsed, pointer);
        const lineOf = (relative, key) => lineAt(parsed.parsed, `${pointer}${relative}`, key);
        const problems = schemaErrorsToDiagnostics(perTest.get(index) ?? [], file, parsed.parsed);
        const fields = isRecord(item) ? item : {};
        if (typeof fields.file !== 'string') {
            const built = buildTest(fields, { line, place, lineOf }, schema, problems);
            pointers.set(built.test, pointer);
            add(built);
            continue;
        }
        if (problems.length > 0) {
            errors.push(...problems);
            continue;
        }
        // Loaded only for a suite that has data files (the CSV reader and its messages).
        const { readDataFile } = await import('./test-data.js');
        const data = await readDataFile(source, file, fields.file, place('', 'file'));
        if (data.file)
            files.push(data.file);
        if (!data.ok) {
            errors.push(...data.errors);
            continue;
        }
        // The entry's own checks, added to every test of the file; a problem in them is every test's.
        const extraAssert = writtenAssertions(Array.isArray(fields.assert) ? fields.assert.filter(isRecord) : [], (at) => lineAt(parsed.parsed, `${pointer}/assert/${at}`));
        const entryProblems = checkWrittenAssertions(fields.assert, '/assert', place);
        for (const row of data.rows) {
            const where = { ...row.where, line, extraAssert };
            add(buildTest(row.fields, where, schema, [...row.problems, ...entryProblems]));
        }
    }
    if (errors.length > 0)
        return none(errors, files);
    warnings.unshift(...duplicateNames(tests, file, parsed.parsed, pointers));
    return { tests, errors: [], warnings, files };
}
/** Where a node under the test at `pointer` of tests.yaml is. */
function yamlPlace(file, parsed, pointer) {
    return (relative, key) => ({
        file,
        ...lineIfKnown(lineAt(parsed, `${pointer}${relative}`, key)),
        field: pointerToField(`${pointer}${relative}`, key),
    });
}
/**
 * Names must be unique: results are matched by name. The second test of a name is made
 * invalid (its problem first), and any problem it already had becomes a warning.
 */
function duplicateNames(tests, file, parsed, pointers) {
    const warnings = [];
    const first = new Map();
    tests.forEach((test) => {
        if (test.name.startsWith('(unnamed test at line '))
            return;
        const earlier = first.get(test.name);
        if (!earlier) {
            first.set(test.name, test);
            return;
        }
        const where = (one) => (one.dataRow ? `${one.dataRow.file}:${one.dataRow.line}` : `line ${one.line}`);
        const pointer = pointers.get(test) ?? '';
        const place = test.dataRow
            ? { file: test.dataRow.file, line: test.dataRow.line, field: 'name' }
            : { file, ...lineIfKnown(lineAt(parsed, `${pointer}/name`)), field: pointerToField(pointer, 'name') };
        const problem = {
            ...place,
            message: `duplicate test name "${test.name}" (first used at ${where(earlier)}); names must be unique because results are matched by name`,
        };
        if (test.invalid)
            warnings.push(test.invalid);
        test.invalid = problem;
    });
    return warnings;
}

/** The providers a folder may name: the built-in ones and promptgate.yaml's endpoints. */
function providerNames(config) {
    const endpoints = Object.keys(config.endpoints ?? {});
    return endpoints.length === 0 ? KNOWN_PROVIDERS : [...KNOWN_PROVIDERS, ...endpoints];
}
/**
 * prompt.yaml over promptgate.yaml over the defaults. `model` may be written `provider:model`
 * (the prefix then names the provider); `models:` entries without a known provider prefix run
 * on the folder's provider.
 */
function mergeSettings(prompt, config, defaults) {
    const providers = providerNames(config);
    const configModel = config.model !== undefined ? splitModelRef(config.model, providers) : undefined;
    const configProvider = configModel?.provider ?? config.provider ?? defaults.provider;
    const promptModel = prompt.model !== undefined ? splitModelRef(prompt.model, providers) : undefined;
    const provider = promptModel?.provider ?? prompt.provider ?? configProvider;
    // The repository's model is for the repository's provider: a folder that switches provider
    // without naming a model gets that provider's default, not another vendor's model name.
    const configModelApplies = configProvider === provider;
    // A provider without a default model (azure, bedrock, vertex, an endpoint) says so when called.
    const model = promptModel?.model ?? (configModelApplies ? configModel?.model : undefined) ?? defaults.models[provider] ?? '';
    const temperature = prompt.temperature ?? config.temperature;
    const maxTokens = prompt.maxTokens ?? config.maxTokens;
    const models = prompt.models ?? config.models;
    const trafficPerDay = prompt.trafficPerDay ?? config.trafficPerDay;
    const structuredOutput = prompt.structuredOutput ?? config.structuredOutput;
    return {
        provider,
        model,
        ...(temperature !== undefined ? { temperature } : {}),
        ...(maxTokens !== undefined ? { maxTokens } : {}),
        ...(models !== undefined ? { models: parseModelEntries(models, provider, providers) } : {}),
        ...(structuredOutput === false ? { structuredOutput: false } : {}),
        ...(trafficPerDay !== undefined ? { trafficPerDay } : {}),
        variables: prompt.variables ?? {},
        ...(prompt.tools ? { tools: prompt.tools } : {}),
    };
}

/*
 * What a folder's checks need besides tests.yaml: its checks.mjs (for `js` checks) and the
 * embedding model (for `similar`). A checks.mjs is only read here, as bytes, and digested: it
 * is never imported by the loader, and never from a side read from git objects (run/js-checks.ts
 * decides where it may run).
 */
const CHECKS_MODULE = 'checks.mjs';
/** Providers with an embeddings API (OpenAI-compatible servers are `openai`). */
const EMBEDDING_PROVIDERS = ['openai', 'azure'];
/** A checks.mjs is code, not a data file: far smaller than this. */
const MAX_CHECKS_MODULE_BYTES = 1024 * 1024;
/** The folder's checks.mjs, as its path and the SHA-256 of its bytes, when it has one. */
async function readChecksModule(source, file) {
    let bytes;
    try {
        bytes = await source.read(file);
    }
    catch (error) {
        // An unsafe file (a link out of the repository) is refused like any prompt file.
        const diagnostic = error.diagnostic;
        if (diagnostic)
            return { error: diagnostic };
        throw error;
    }
    if (!bytes)
        return {};
    if (bytes.length > MAX_CHECKS_MODULE_BYTES)
        return { error: { file, message: 'is over 1 MiB; promptgate refuses it' } };
    return { module: { file, sha256: hash('sha256', bytes, 'hex') } };
}
/** prompt.yaml `embedding_model: openai:text-embedding-3-small`, checked. */
function parseEmbeddingModel(value, at) {
    const colon = value.indexOf(':');
    const provider = value.slice(0, colon);
    const model = value.slice(colon + 1).trim();
    if (provider === 'anthropic') {
        return {
            error: { ...at, message: 'anthropic has no embeddings API; name an OpenAI-compatible one, e.g. openai:text-embedding-3-small' },
        };
    }
    if (!EMBEDDING_PROVIDERS.includes(provider) || model === '') {
        return { error: { ...at, message: `must be provider:model with provider ${EMBEDDING_PROVIDERS.join(' or ')} (got "${value}")` } };
    }
    return { model: { provider, model } };
}
/** A test with a `js` check in a folder without checks.mjs cannot run: it is invalid, at the check. */
function testsWithoutModule(tests, folderPath, testsFile) {
    const module = folderPath === '' ? CHECKS_MODULE : `${folderPath}/${CHECKS_MODULE}`;
    for (const test of tests) {
        if (test.invalid)
            continue;
        const check = test.assert.find((assertion) => assertion.type === 'js');
        if (!check)
            continue;
        test.invalid = {
            file: test.dataRow?.file ?? testsFile,
            ...((test.dataRow?.line ?? check.line) ? { line: test.dataRow?.line ?? check.line } : {}),
            message: `a js check needs the folder's ${CHECKS_MODULE} (${module}), with a named export "${String(check.value)}"`,
        };
    }
}
/**
 * A canned result for a tool prompt.yaml does not declare can never be asked for: most likely a
 * typo of the tool's name. A warning per test and name, on the test's line.
 */
function undeclaredToolResults(tests, tools, testsFile) {
    const declared = new Set((tools ?? []).map((tool) => tool.name));
    const warnings = [];
    for (const test of tests) {
        for (const name of Object.keys(test.toolResults ?? {})) {
            if (declared.has(name))
                continue;
            warnings.push({
                file: test.dataRow?.file ?? testsFile,
                line: test.dataRow?.line ?? test.line,
                field: 'tool_results',
                message: `test "${test.name}" has a canned result for ${name}, which prompt.yaml tools: does not declare (declared: ${[...declared].join(', ') || 'none'})`,
            });
        }
    }
    return warnings;
}

/*
 * Problems a schema.json or examples.json can have that do not stop a run but make it lie:
 * an `enum` value its own `type` forbids can never be produced validly, and few-shot examples
 * that break the schema teach the model to break it. Warnings, all found in one pass.
 */
const TYPE_OF = (value) => {
    if (value === null)
        return ['null'];
    if (Array.isArray(value))
        return ['array'];
    if (typeof value === 'number')
        return Number.isInteger(value) ? ['integer', 'number'] : ['number'];
    return [typeof value === 'object' ? 'object' : typeof value];
};
/** Every enum value, at any depth of the schema, that the same node's `type` does not allow. */
function enumValuesTheTypeForbids(schema, file) {
    const found = [];
    const visit = (node, pointer) => {
        if (Array.isArray(node))
            return node.forEach((item, index) => visit(item, `${pointer}/${index}`));
        if (!isRecord(node))
            return;
        const types = typeof node.type === 'string' ? [node.type] : Array.isArray(node.type) ? node.type.filter((t) => typeof t === 'string') : undefined;
        if (types && Array.isArray(node.enum)) {
            for (const value of node.enum) {
                if (!TYPE_OF(value).some((type) => types.includes(type))) {
                    found.push({
                        file,
                        field: `${pointer || '/'}/enum`,
                        message: `enum value ${JSON.stringify(value)} is not allowed by type ${JSON.stringify(node.type)}, so no answer can match it; add its type or drop the value`,
                    });
                }
            }
        }
        for (const [key, child] of Object.entries(node))
            if (key !== 'enum' && key !== 'const' && key !== 'default')
                visit(child, `${pointer}/${key}`);
    };
    visit(schema, '');
    return found;
}
/** Each example answer that is not JSON matching the schema, named by its position. */
function examplesAgainstSchema(examples, schema, examplesFile, schemaFile) {
    const compiled = compileUserSchema(schema);
    if (!compiled.ok)
        return [];
    const found = [];
    examples
        .filter((message) => message.role === 'assistant')
        .forEach((message, index) => {
        const parsed = parseOutputJson(message.content);
        const problems = !parsed.ok ? [`not JSON (${parsed.reason})`] : problemsOf(compiled.validate, parsed.value);
        if (problems.length > 0) {
            found.push({
                file: examplesFile,
                field: `example ${index + 1}`,
                message: `the answer does not match ${schemaFile}: ${problems.join('; ')}`,
            });
        }
    });
    return found;
}
/** A schema's complaints about a value; a pattern that timed out is one, not a hang or a throw. */
function problemsOf(validate, value) {
    try {
        return validate(value) ? [] : describeOutputErrors(validate.errors ?? []);
    }
    catch (error) {
        if (error instanceof RegexTimeoutError)
            return [`it could not be checked: ${error.message}`];
        throw error;
    }
}
/** The warnings of a folder's schema and examples, when it has them. */
function schemaWarnings(schema, examples) {
    if (!schema.value || !schema.file)
        return [];
    return [
        ...enumValuesTheTypeForbids(schema.value, schema.file),
        ...(examples.value && examples.file ? examplesAgainstSchema(examples.value, schema.value, examples.file, schema.file) : []),
    ];
}

/* A folder's JSON files, examples.json and schema.json: read, parsed, and checked, with the line of each problem. */
async function readJsonFile(source, file) {
    const read = await readTextFile(source, file);
    if (read.status !== 'ok')
        return read;
    if (read.text.trim() === '')
        return { status: 'invalid', error: { file, line: 1, message: 'is empty; expected JSON' } };
    try {
        return { status: 'ok', value: JSON.parse(read.text), text: read.text };
    }
    catch (error) {
        return { status: 'invalid', error: await jsonSyntaxError(file, read.text, error) };
    }
}
// JSON positions (jsonc-parser) are imported only when a problem needs a line: valid files never load it.
const jsonPositions = () => import('./json-positions.js');
async function jsonSyntaxError(file, text, error) {
    const { line, column, reason } = (await jsonPositions()).locateJsonSyntaxError(text, error);
    // V8 quotes the text around the error (`Unexpected token 'x', ..."a": x, "b"... is not
    // valid JSON`): the message keeps the offending token and the position, not the context.
    const token = reason.replace(/^(Unexpected token '.{1,4}'), .*$/s, '$1').replace(/\s*\n[\s\S]*$/, '');
    return { file, line, message: `invalid JSON: ${token} (line ${line}, column ${column})` };
}
const EXAMPLES_FORMATS = 'expected [{"user": ..., "assistant": ...}] or {"examples": [{"input": ..., "output": ...}]}';
async function loadExamples(source, file) {
    const read = await readJsonFile(source, file);
    if (read.status === 'missing')
        return { found: false, errors: [] };
    if (read.status === 'invalid')
        return { found: true, errors: [read.error] };
    const root = read.value;
    const wrapped = isRecord(root) && Array.isArray(root.examples);
    const items = Array.isArray(root) ? root : wrapped ? root.examples : undefined;
    if (!items)
        return { found: true, errors: [{ file, line: 1, message: `has an unknown shape; ${EXAMPLES_FORMATS}` }] };
    const prefix = wrapped ? '/examples' : '';
    const messages = [];
    // Each problem keeps the pointer of its node; the lines are looked up once, if there are any.
    const problems = [];
    items.forEach((item, index) => {
        const pointer = `${prefix}/${index}`;
        if (!isRecord(item)) {
            problems.push({ at: pointer, field: pointerToField(pointer), message: `must be an object; ${EXAMPLES_FORMATS}` });
            return;
        }
        const userKey = 'user' in item ? 'user' : 'input';
        const assistantKey = 'assistant' in item ? 'assistant' : 'output';
        const user = item[userKey];
        const assistant = item[assistantKey];
        if (typeof user !== 'string') {
            const problem = user === undefined ? 'is required' : 'must be a string';
            problems.push({
                at: user === undefined ? pointer : `${pointer}/${userKey}`,
                field: pointerToField(pointer, userKey),
                message: problem,
            });
        }
        if (assistant === undefined || assistant === null) {
            problems.push({ at: pointer, field: pointerToField(pointer, assistantKey), message: 'is required' });
        }
        if (typeof user === 'string' && assistant !== undefined && assistant !== null) {
            // An object answer is sent the way the model is asked to answer: as JSON text.
            const content = typeof assistant === 'string' ? assistant : JSON.stringify(assistant);
            messages.push({ role: 'user', content: user }, { role: 'assistant', content });
        }
    });
    if (problems.length === 0)
        return { found: true, value: messages, errors: [] };
    const positioned = (await jsonPositions()).positionJsonText(read.text, read.value);
    const errors = problems.map(({ at, field, message }) => ({
        file,
        ...lineIfKnown(positioned ? lineAt(positioned, at) : undefined),
        field,
        message,
    }));
    return { found: true, value: messages, errors };
}
async function loadSchema(source, file) {
    const read = await readJsonFile(source, file);
    if (read.status === 'missing')
        return { found: false, errors: [] };
    if (read.status === 'invalid')
        return { found: true, errors: [read.error] };
    if (!isRecord(read.value)) {
        return { found: true, errors: [{ file, line: 1, message: 'must be a JSON Schema object ({"type": "object", ...})' }] };
    }
    const schema = read.value;
    const compiled = compileUserSchema(schema);
    if (!compiled.ok) {
        const located = schemaErrorsToDiagnostics(compiled.errors, file, (await jsonPositions()).positionJsonText(read.text, schema));
        const errors = located.length > 0
            ? located.map((error) => ({ ...error, message: `invalid JSON Schema: ${error.message}` }))
            : [{ file, line: 1, message: compiled.message }];
        return { found: true, errors };
    }
    nameUserSchema(schema, posix.basename(file));
    return { found: true, value: schema, errors: [] };
}

/*
 * prompt.yaml `deploy: { rollback_on: { \u2026 }, min_samples }`: the guards `promptgate monitor`
 * checks against production, parsed strictly here with the file and line of every problem.
 * A guard is a limit on one measure of a version's executions, written the way the seed writes
 * it: `error_rate: "> 5%"`, `escalation_rate: "> 15%"`, `latency_p95: "> 2000ms"`. The
 * monitor (src/monitor/) decides when a guard is breached; this file only says what it is.
 */
/** Executions a version needs in the window before a guard may act on it, unless prompt.yaml says. */
const DEFAULT_MIN_SAMPLES = 200;
/** The built-in guards, and the suite's built-in metric names that mean the same measure. */
const BUILT_IN_GUARDS = ['error_rate', 'latency_p95', 'cost_per_query'];
const BUILT_IN_ALIASES = {
    error_rate: 'error_rate',
    latency_p95: 'latency_p95',
    p95_latency_ms: 'latency_p95',
    cost_per_query: 'cost_per_query',
    cost_per_query_usd: 'cost_per_query',
};
/** The unit a measure's limit is written in, and what one looks like. */
function unitOf(measure) {
    if (measure.kind === 'error_rate' || measure.kind === 'rate_of')
        return 'rate';
    if (measure.kind === 'latency_p95')
        return 'latency';
    return measure.kind === 'cost_per_query' ? 'cost' : 'mean';
}
const EXAMPLES = { rate: '"> 5%"', latency: '"> 2000ms" or "> 2s"', cost: '"> $0.01"', mean: '"< 0.7"' };
/** `> 5%`, `>= 2000ms`, `< 0.7`, `> $0.01`: operator, number, unit. Nothing else. */
const LIMIT = /^(>=|<=|>|<)\s*(\$)?(\d+(?:\.\d+)?|\.\d+)\s*(%|ms|s)?$/;
/**
 * Parses one limit for a measure; a string saying why it is not one otherwise. Rates are
 * written in percent (`5%`) or as a fraction (`0.05`); latency needs its unit (a bare number
 * could be seconds or milliseconds); cost is USD, with or without `$`.
 */
function parseGuardLimit(text, measure) {
    const unit = unitOf(measure);
    const match = LIMIT.exec(text.trim());
    if (!match)
        return `must be a comparison such as ${EXAMPLES[unit]}, got ${JSON.stringify(text)}`;
    const [, op, dollar, digits, suffix] = match;
    const number = Number(digits);
    const wrongUnit = (what) => `${what}: write it like ${EXAMPLES[unit]}, got ${JSON.stringify(text)}`;
    switch (unit) {
        case 'rate': {
            if (dollar || suffix === 'ms' || suffix === 's')
                return wrongUnit('is a rate');
            const limit = suffix === '%' ? number / 100 : number;
            if (limit > 1)
                return `a rate is at most 100% (or 1), got ${JSON.stringify(text)}`;
            return { op: op, limit };
        }
        case 'latency':
            if (dollar || suffix === '%' || suffix === undefined)
                return wrongUnit('is a latency, in ms or s');
            return { op: op, limit: suffix === 's' ? number * 1000 : number };
        case 'cost':
            if (suffix !== undefined)
                return wrongUnit('is a cost per query in USD');
            return { op: op, limit: number };
        case 'mean':
            if (dollar || suffix !== undefined)
                return wrongUnit("is a mean of the output field, in the field's own unit");
            return { op: op, limit: number };
    }
}
/**
 * `deploy.rollback_on` and `deploy.min_samples` (already shape-checked by the prompt.yaml
 * schema), against the folder's metrics: a guard's name is one of its metrics or a built-in.
 * Every problem is a diagnostic with the line of the guard; the valid guards are kept.
 */
function parseGuards(deploy, metrics, where) {
    const diagnostics = [];
    if (!deploy?.rollback_on) {
        if (deploy?.min_samples !== undefined) {
            const line = where.locate?.('/deploy', 'min_samples');
            diagnostics.push({
                file: where.file,
                ...(line !== undefined ? { line } : {}),
                field: 'deploy.min_samples',
                message: 'has no guard to apply to: add deploy.rollback_on (e.g. error_rate: "> 5%")',
            });
        }
        return { diagnostics };
    }
    const byName = new Map(metrics.map((metric) => [metric.name, metric]));
    const guards = [];
    for (const [name, text] of Object.entries(deploy.rollback_on)) {
        const line = where.locate?.('/deploy/rollback_on', name);
        const at = { file: where.file, ...(line !== undefined ? { line } : {}), field: `deploy.rollback_on.${name}` };
        const measure = measureOf(name, byName.get(name));
        if (!measure) {
            const known = [...BUILT_IN_GUARDS, ...metrics.filter((metric) => metric.kind !== 'built-in').map((metric) => metric.name)];
            diagnostics.push({ ...at, message: `is not a guard: name one of the folder's metrics or a built-in (${known.join(', ')})` });
            continue;
        }
        const parsed = parseGuardLimit(text, measure);
        if (typeof parsed === 'string') {
            diagnostics.push({ ...at, message: parsed });
            continue;
        }
        guards.push({ name, measure, ...parsed, text: text.trim(), ...(line !== undefined ? { line } : {}) });
    }
    return { set: { guards, minSamples: deploy.min_samples ?? DEFAULT_MIN_SAMPLES }, diagnostics };
}
function measureOf(name, metric) {
    if (metric?.kind === 'rate_of' || metric?.kind === 'mean_of')
        return { kind: metric.kind, field: metric.field };
    const builtIn = Object.hasOwn(BUILT_IN_ALIASES, name) ? BUILT_IN_ALIASES[name] : undefined;
    return builtIn ? { kind: builtIn } : undefined;
}

const DEFAULT_PROVIDER = 'openai';
/**
 * A cheap, current model per provider, so a folder runs without any settings. Azure, Bedrock,
 * Vertex and endpoints have none: their model names the team's own deployment or enabled model.
 */
const DEFAULT_MODELS = { openai: 'gpt-4o-mini', anthropic: 'claude-haiku-4-5', azure: '' };
const UNVERSIONED = 'unversioned';
/** `v2.0`, `v1`, `2.1.0`, `v3.0.0-beta.1`: a folder named like this is a version of its parent. */
const VERSION_NAME = /^v?\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.-]+)?$/;
/**
 * Loads and validates one prompt folder. Never throws: a folder that cannot run comes back as
 * `ok: false` with every problem found; a single malformed test comes back `invalid` and the
 * other tests still run.
 */
async function loadPromptFolder(source, folderPath, config) {
    const path = normalizeRepoPath(folderPath);
    try {
        return await loadValidated(source, path, config);
    }
    catch (error) {
        // A bug or an I/O failure still must not take the other folders down with it.
        const reason = error instanceof Error ? error.message : String(error);
        return {
            ok: false,
            path,
            ...identityFromPath(path),
            errors: [{ file: path || '.', message: `could not be loaded: ${reason}` }],
            files: [],
        };
    }
}
async function loadValidated(source, path, config) {
    const at = (name) => (path === '' ? name : `${path}/${name}`);
    const errors = [];
    const files = new Set([at('system.txt'), at('tests.yaml')]);
    const prompt = await loadPromptYaml(source, at('prompt.yaml'));
    if (prompt.exists)
        files.add(at('prompt.yaml'));
    errors.push(...prompt.errors);
    const identity = { ...identityFromPath(path), ...prompt.identity };
    const metrics = await loadPromptMetrics(source, at('prompt.yaml'), config.metrics);
    errors.push(...metrics.errors);
    // Guards name the folder's metrics, so they are read once the metrics are known.
    const guards = parseGuards(prompt.deploy, metrics.definitions, { file: at('prompt.yaml'), locate: prompt.lineOf });
    errors.push(...guards.diagnostics);
    const system = await readTextFile(source, at('system.txt'));
    if (system.status === 'missing')
        errors.push({ file: at('system.txt'), message: 'is missing: a prompt folder needs system.txt (the system prompt template)' });
    if (system.status === 'invalid')
        errors.push(system.error);
    const examples = await loadOptionalFile(source, path, prompt, 'examples', 'examples.json', loadExamples);
    if (examples.file)
        files.add(examples.file);
    errors.push(...examples.errors);
    const schema = await loadOptionalFile(source, path, prompt, 'schema', 'schema.json', loadSchema);
    if (schema.file)
        files.add(schema.file);
    errors.push(...schema.errors);
    const testsFile = at('tests.yaml');
    const tests = await loadTests(source, testsFile, schema.value);
    errors.push(...tests.errors);
    for (const file of tests.files)
        files.add(file);
    const listing = await source.list(path === '' ? '.' : path);
    if (listing.includes(at(RECORDINGS_FILE)))
        files.add(at(RECORDINGS_FILE));
    const checks = listing.includes(at(CHECKS_MODULE)) ? await readChecksModule(source, at(CHECKS_MODULE)) : {};
    if (checks.module)
        files.add(checks.module.file);
    if (checks.error)
        errors.push(checks.error);
    if (!checks.module)
        testsWithoutModule(tests.tests, path, testsFile);
    const fileList = [...files].sort();
    if (errors.length > 0 || system.status !== 'ok') {
        return { ok: false, path, ...identity, errors, files: fileList };
    }
    const systemTemplate = system.text.replace(/\r\n/g, '\n');
    const settings = mergeSettings(prompt.settings, config, { provider: DEFAULT_PROVIDER, models: DEFAULT_MODELS });
    const providers = providerNames(config);
    const lineOf = prompt.lineOf ?? (() => undefined);
    // A provider neither built in nor an endpoint of promptgate.yaml cannot be called.
    if (prompt.settings.provider !== undefined && !providers.includes(prompt.settings.provider)) {
        const error = unknownProvider(prompt.settings.provider, at('prompt.yaml'), lineOf('/provider'));
        return { ok: false, path, ...identity, errors: [error], files: fileList };
    }
    // A model listed twice in prompt.yaml, or an entry's setting its provider does not take
    // (promptgate.yaml's list is checked when it is read).
    if (prompt.settings.models !== undefined) {
        const entryErrors = [
            ...duplicateModelErrors(prompt.settings.models, settings.provider, at('prompt.yaml'), lineOf, providers),
            ...modelEntryErrors(prompt.settings.models, {
                defaultProvider: settings.provider,
                providers,
                maxTokens: settings.maxTokens,
                file: at('prompt.yaml'),
                lineOf,
            }),
        ];
        if (entryErrors.length > 0)
            return { ok: false, path, ...identity, errors: entryErrors, files: fileList };
    }
    const warnings = [
        ...tests.warnings,
        ...schemaWarnings(schema, examples),
        ...undeclaredToolResults(tests.tests, settings.tools, testsFile),
    ];
    for (const test of tests.tests) {
        if (test.invalid)
            continue;
        const judgeError = unknownJudgeProvider(test.assert, providers, testsFile);
        if (judgeError) {
            test.invalid = judgeError;
            continue;
        }
        // A missing variable is found now, at its place in system.txt, not halfway through a run.
        try {
            checkPlaceholders(systemTemplate, testVariables(settings.variables, test.vars), at('system.txt'));
        }
        catch (error) {
            if (!(error instanceof InputError))
                throw error;
            test.invalid = { ...error.diagnostic, message: `${error.diagnostic.message} (test "${test.name}")` };
        }
    }
    return {
        ok: true,
        folder: {
            path,
            ...identity,
            settings,
            systemTemplate,
            systemFile: at('system.txt'),
            examples: examples.value ?? [],
            ...(schema.value && schema.file ? { schema: schema.value, schemaFile: schema.file } : {}),
            tests: tests.tests,
            testsFile,
            ...(metrics.definitions.length > 0 ? { metrics: metrics.definitions } : {}),
            ...(prompt.deploy ? { deploy: prompt.deploy } : {}),
            ...(guards.set ? { guards: guards.set } : {}),
            ...(prompt.harvest ? { harvest: prompt.harvest } : {}),
            files: fileList,
            ...(prompt.allowRemovingRequired ? { allowRemovingRequired: prompt.allowRemovingRequired } : {}),
            ...(prompt.maxSteps !== undefined ? { maxSteps: prompt.maxSteps } : {}),
            ...(prompt.embeddingModel ? { embeddingModel: prompt.embeddingModel } : {}),
            ...(checks.module ? { checksModule: checks.module } : {}),
        },
        warnings,
    };
}
/** A rubric whose judge names a provider that is neither built in nor an endpoint of promptgate.yaml. */
function unknownJudgeProvider(assertions, providers, file) {
    for (const assertion of assertions) {
        if (assertion.type !== 'rubric' || assertion.judge === undefined)
            continue;
        const spec = parseJudgeSpec(assertion.judge, providers);
        if (!spec.ok)
            return { file, ...lineIfKnown(assertion.line), field: 'judge', message: spec.error };
    }
    return undefined;
}
// ---------------------------------------------------------------------------------------------
// Identity and settings
function identityFromPath(path) {
    const name = posix.basename(path) || 'root';
    const parent = posix.basename(posix.dirname(path));
    if (VERSION_NAME.test(name) && parent && parent !== '.')
        return { id: parent, version: name };
    return { id: name, version: UNVERSIONED };
}
async function loadPromptYaml(source, file) {
    const result = { exists: false, errors: [], identity: {}, settings: {}, pathError: (key) => ({ file, field: key }) };
    const read = await readTextFile(source, file);
    if (read.status === 'missing')
        return result;
    result.exists = true;
    if (read.status === 'invalid')
        return { ...result, errors: [read.error] };
    const parsed = await parseYamlText(read.text, file);
    if (!parsed.ok)
        return { ...result, errors: parsed.errors };
    const { value } = parsed.parsed;
    if (value === null || value === undefined)
        return result;
    const errors = schemaErrorsToDiagnostics(validateToolFile('prompt', value), file, parsed.parsed);
    if (errors.length > 0)
        return { ...result, errors };
    const fields = value;
    const settings = {};
    if (fields.provider !== undefined)
        settings.provider = fields.provider;
    if (fields.model !== undefined)
        settings.model = fields.model;
    if (fields.temperature !== undefined)
        settings.temperature = fields.temperature;
    if (fields.max_tokens !== undefined)
        settings.maxTokens = fields.max_tokens;
    if (fields.models !== undefined)
        settings.models = fields.models;
    if (fields.traffic_per_day !== undefined)
        settings.trafficPerDay = fields.traffic_per_day;
    if (fields.variables !== undefined)
        settings.variables = stringifyValues(fields.variables);
    if (fields.tools !== undefined)
        settings.tools = fields.tools;
    if (typeof fields.structured_output === 'boolean')
        settings.structuredOutput = fields.structured_output;
    const embedding = typeof fields.embedding_model === 'string'
        ? parseEmbeddingModel(fields.embedding_model, {
            file,
            ...lineIfKnown(lineAt(parsed.parsed, '/embedding_model')),
            field: 'embedding_model',
        })
        : {};
    if (embedding.error)
        return { ...result, errors: [embedding.error] };
    return {
        ...result,
        ...(typeof fields.max_steps === 'number' ? { maxSteps: fields.max_steps } : {}),
        ...(embedding.model ? { embeddingModel: embedding.model } : {}),
        identity: {
            ...(fields.id !== undefined ? { id: fields.id } : {}),
            ...(fields.version !== undefined ? { version: parsed.parsed.sourceOf('version') ?? String(fields.version) } : {}),
        },
        settings,
        ...(fields.allow_removing_required !== undefined ? { allowRemovingRequired: fields.allow_removing_required } : {}),
        lineOf: (pointer, key) => lineAt(parsed.parsed, pointer, key),
        ...(typeof fields.schema === 'string' ? { schemaPath: fields.schema } : {}),
        ...(typeof fields.examples === 'string' ? { examplesPath: fields.examples } : {}),
        ...(fields.deploy !== undefined ? { deploy: fields.deploy } : {}),
        ...(fields.harvest !== undefined ? { harvest: { keep: fields.harvest.keep ?? [] } } : {}),
        pathError: (key) => ({ file, field: key, ...lineIfKnown(lineAt(parsed.parsed, `/${key}`)) }),
    };
}
/**
 * examples.json / schema.json, or the path prompt.yaml gives instead (relative to the folder,
 * possibly a shared file outside it, never outside the repository).
 */
async function loadOptionalFile(source, folder, prompt, key, defaultName, load) {
    const given = key === 'examples' ? prompt.examplesPath : prompt.schemaPath;
    if (given === undefined) {
        const file = folder === '' ? defaultName : `${folder}/${defaultName}`;
        const loaded = await load(source, file);
        return loaded.found ? { file, ...loaded } : { errors: [] };
    }
    const file = normalizeRepoPath(posix.join(folder || '.', given));
    if (posix.isAbsolute(given) || file === '..' || file.startsWith('../')) {
        return {
            errors: [
                {
                    ...prompt.pathError(key),
                    message: `must be a path inside the repository, relative to the prompt folder (got ${quoteToken(given)})`,
                },
            ],
        };
    }
    const loaded = await load(source, file);
    if (!loaded.found)
        return { file, errors: [{ ...prompt.pathError(key), message: `file not found: ${file}` }] };
    return { file, ...loaded };
}

class GitHubRequestError extends Error {
    status;
    constructor(message, status) {
        super(message);
        this.status = status;
        this.name = 'GitHubRequestError';
    }
}
/** One GET; `etag` makes it conditional (a 304 costs no rate limit). Never follows a failure silently. */
async function gitHubGet(target, path, etag) {
    const url = `${(target.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '')}/repos/${target.repo}/${path}`;
    const headers = {
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'promptgate-runtime',
    };
    if (target.token)
        headers.authorization = `Bearer ${target.token}`;
    if (etag)
        headers['if-none-match'] = etag;
    let response;
    try {
        response = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
    }
    catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
        throw new GitHubRequestError(`GitHub could not be reached (${cause})`);
    }
    if (response.status === 304)
        return { status: 304, etag, body: undefined };
    const text = await response.text();
    if (!response.ok && response.status !== 404) {
        throw new GitHubRequestError(`GitHub answered ${response.status} to GET ${path}: ${text.slice(0, 200)}`, response.status);
    }
    let body;
    try {
        body = text === '' ? undefined : JSON.parse(text);
    }
    catch {
        throw new GitHubRequestError(`GitHub answered GET ${path} with a body that is not JSON`, response.status);
    }
    return { status: response.status, etag: response.headers.get('etag') ?? undefined, body };
}
/** The commit's files as a FileSource, verified object by object. `cache` is shared across commits. */
function gitHubCommitSource(target, commit, cache) {
    const get = async (path) => {
        const response = await gitHubGet(target, path);
        if (response.status !== 200)
            throw new GitHubRequestError(`GitHub has no ${path} (${response.status})`, response.status);
        return response.body;
    };
    const tree = async (sha) => {
        const cached = cache.get(sha);
        if (cached)
            return cached;
        const body = await get(`git/trees/${sha}`);
        if (!Array.isArray(body.tree) || body.truncated === true)
            throw new GitHubRequestError(`tree ${sha} came back incomplete`);
        const entries = body.tree;
        verify(sha, 'tree', treeBytes(entries));
        cache.set(sha, entries);
        return entries;
    };
    const blob = async (sha) => {
        const cached = cache.get(sha);
        if (cached)
            return cached;
        const body = await get(`git/blobs/${sha}`);
        if (body.encoding !== 'base64' || typeof body.content !== 'string')
            throw new GitHubRequestError(`blob ${sha} came back in an unknown encoding`);
        const bytes = Buffer.from(body.content, 'base64');
        verify(sha, 'blob', bytes);
        cache.set(sha, bytes);
        return bytes;
    };
    let root;
    const rootTree = () => (root ??= get(`git/commits/${commit}`).then((body) => {
        const sha = body.tree?.sha;
        if (body.sha !== commit || typeof sha !== 'string')
            throw new GitHubRequestError(`commit ${commit} came back without its tree`);
        return sha;
    }));
    /** The entry at a repository-relative path, walking down from the commit's tree. */
    const entryAt = async (path) => {
        const parts = path.split('/').filter((part) => part !== '' && part !== '.');
        let entry = { path: '', mode: '040000', type: 'tree', sha: await rootTree() };
        for (const part of parts) {
            if (entry?.type !== 'tree')
                return undefined;
            entry = (await tree(entry.sha)).find((child) => child.path === part);
        }
        return entry;
    };
    return {
        async read(path) {
            const entry = await entryAt(path);
            if (!entry || entry.type !== 'blob')
                return undefined;
            if (entry.mode === '120000')
                throw new GitHubRequestError(`${path} is a symlink; the refresh reads plain files only`);
            return blob(entry.sha);
        },
        async list(dir) {
            const start = await entryAt(dir);
            if (!start || start.type !== 'tree')
                return [];
            const prefix = dir === '.' || dir === '' ? '' : `${dir.replace(/\/+$/, '')}/`;
            const files = [];
            const walk = async (sha, at) => {
                for (const child of await tree(sha)) {
                    if (child.type === 'blob')
                        files.push(`${at}${child.path}`);
                    else if (child.type === 'tree')
                        await walk(child.sha, `${at}${child.path}/`);
                }
            };
            await walk(start.sha, prefix);
            return files;
        },
    };
}
/** A tree object's bytes from its entries (`<mode> <name>\0<20-byte id>`, git writes `40000` for folders). */
function treeBytes(entries) {
    return Buffer.concat(entries.map((entry) => Buffer.concat([Buffer.from(`${entry.mode.replace(/^0+/, '')} ${entry.path}\0`, 'utf8'), Buffer.from(entry.sha, 'hex')])));
}
function verify(sha, type, content) {
    const actual = createHash('sha1').update(`${type} ${content.length}\0`).update(content).digest('hex');
    if (actual !== sha)
        throw new GitHubRequestError(`${type} ${sha} does not match its content (it hashes to ${actual}); not served`);
}

/**
 * One lockfile entry from a folder loaded at its tagged commit. `promptgate bundle` (from local
 * git) and the runtime's refresh (from the GitHub API) both build entries here, with the same
 * loader, so the same commit gives the same entry and the same digest.
 */
function lockedVersionOf(folder, config, origin, recordings) {
    const { settings } = folder;
    const locked = { provider: settings.provider, model: settings.model, variables: settings.variables };
    if (settings.temperature !== undefined)
        locked.temperature = settings.temperature;
    if (settings.maxTokens !== undefined)
        locked.maxTokens = settings.maxTokens;
    if (settings.tools?.length)
        locked.tools = settings.tools;
    // The `models:` entry of the model the app calls, with its own settings (reasoning_effort, ...).
    const own = settings.models?.find((entry) => entry.provider === settings.provider && entry.model === settings.model)?.settings;
    if (own && Object.keys(own).length > 0)
        locked.modelSettings = own;
    if (settings.structuredOutput === false)
        locked.structuredOutput = false;
    if (config.pricing && Object.keys(config.pricing).length > 0)
        locked.pricing = config.pricing;
    const metrics = folder.metrics?.map((metric) => metric.kind === 'built-in' ? { name: metric.name, kind: metric.kind } : { name: metric.name, kind: metric.kind, field: metric.field });
    return {
        id: folder.id,
        version: folder.version,
        ...origin,
        folder: folder.path,
        system: { file: folder.systemFile, template: folder.systemTemplate },
        examples: folder.examples,
        ...(folder.schema ? { schema: folder.schema } : {}),
        settings: locked,
        ...(metrics?.length ? { metrics } : {}),
        ...(folder.deploy ? { deploy: folder.deploy } : {}),
        ...({}),
    };
}

const SNAPSHOT_FORMAT = 'promptgate-snapshot/1';
const SNAPSHOT_FILE = 'prompts.snapshot.json';
async function startRefresh(options, bundle, hooks) {
    const tracked = new Map();
    for (const [id, prompt] of Object.entries(bundle.prompts)) {
        const entry = {};
        for (const variant of VARIANTS) {
            const version = prompt[variant];
            if (version)
                entry[variant] = { id, variant, ref: version.ref, version, served: prepareVersion(version, variant, 'bundle') };
        }
        tracked.set(id, entry);
    }
    const cache = new Map();
    const snapshotPath = options.snapshotDir ? join(options.snapshotDir, SNAPSHOT_FILE) : undefined;
    if (snapshotPath)
        await restoreSnapshot(snapshotPath, bundle, tracked, hooks);
    const serve = (id) => {
        const entry = tracked.get(id);
        hooks.swap(id, assemblePrompt(id, {
            ...(entry.production ? { production: entry.production.served } : {}),
            ...(entry.canary ? { canary: entry.canary.served } : {}),
        }));
    };
    let failing = false;
    let running;
    const pollOnce = async () => {
        let changed = false;
        try {
            for (const [id, entry] of tracked) {
                for (const variant of VARIANTS) {
                    const item = entry[variant];
                    // A pinned version (its ref is its own immutable tag) never moves.
                    if (!item || item.ref === item.version.tag)
                        continue;
                    const next = await checkAlias(options.github, item, cache);
                    if (next === 'gone') {
                        // A dropped canary stops getting traffic; production is never dropped.
                        if (variant === 'canary') {
                            delete entry.canary;
                            serve(id);
                            changed = true;
                        }
                        continue;
                    }
                    if (!next)
                        continue;
                    if (variant === 'canary' && next.deploy?.canary?.weight === undefined) {
                        hooks.warn(`promptgate refresh: ${id}: the canary ${next.version} has no deploy: { canary: { weight } }; still serving ${item.version.version}`);
                        continue;
                    }
                    entry[variant] = { ...item, version: next, served: prepareVersion(next, variant, 'github') };
                    serve(id);
                    changed = true;
                }
            }
            if (failing)
                hooks.warn('promptgate refresh: GitHub answers again');
            failing = false;
        }
        catch (error) {
            // The bundle (or snapshot) keeps serving; told once per outage, not once per poll.
            if (!failing)
                hooks.warn(`promptgate refresh: ${error instanceof Error ? error.message : String(error)}; serving the versions already loaded`);
            failing = true;
        }
        if (changed && snapshotPath)
            await writeSnapshot(snapshotPath, bundle, tracked).catch((error) => hooks.warn(`promptgate refresh: could not write the snapshot: ${String(error)}`));
    };
    const poll = () => (running ??= pollOnce().finally(() => (running = undefined)));
    const timer = setInterval(() => void poll(), Math.max(1, options.intervalSeconds) * 1000);
    timer.unref();
    void poll();
    return { poll, stop: () => clearInterval(timer) };
}
/** The alias's new version, undefined when it has not moved, 'gone' when the tag was deleted. */
async function checkAlias(github, item, cache) {
    const ref = await gitHubGet(github, `git/ref/tags/${encodeRef(item.ref)}`, item.etag);
    if (ref.status === 304)
        return undefined;
    if (ref.status === 404)
        return 'gone';
    const object = ref.body.object;
    if (!object?.sha || object.sha === item.version.refObject) {
        item.etag = ref.etag;
        return undefined;
    }
    const alias = await tagObject(github, object.sha, item.ref);
    const version = parseAliasVersion(alias.message);
    if (!version)
        throw new GitHubRequestError(`${item.ref} names no version in its message`);
    const tag = versionTag(item.id, version);
    const versionRef = await gitHubGet(github, `git/ref/tags/${encodeRef(tag)}`);
    const versionObject = versionRef.body?.object?.sha;
    if (versionRef.status !== 200 || !versionObject)
        throw new GitHubRequestError(`${item.ref} names ${version}, but there is no tag ${tag}`);
    const record = parseTagMessage((await tagObject(github, versionObject, tag)).message);
    if (!record?.folder)
        throw new GitHubRequestError(`${tag} has no promptgate record naming its folder`);
    const source = gitHubCommitSource(github, alias.commit, cache);
    const { config } = await loadRepoConfig(source);
    const loaded = await loadPromptFolder(source, record.folder, config);
    if (!loaded.ok)
        throw new GitHubRequestError(`${tag}: ${record.folder} does not load: ${loaded.errors.map(formatDiagnostic).join('; ')}`);
    if (loaded.folder.id !== item.id || loaded.folder.version !== version)
        throw new GitHubRequestError(`${tag}: ${record.folder} holds another version`);
    const entry = lockedVersionOf(loaded.folder, config, { tag, ref: item.ref, refObject: object.sha, commit: alias.commit });
    // Only now: a version that failed to load is tried again on the next poll, not answered 304.
    item.etag = ref.etag;
    return { ...entry, digest: versionDigest(entry) };
}
async function tagObject(github, sha, name) {
    const response = await gitHubGet(github, `git/tags/${sha}`);
    const body = response.body;
    if (response.status !== 200 ||
        typeof body?.message !== 'string' ||
        body.object?.type !== 'commit' ||
        typeof body.object.sha !== 'string') {
        throw new GitHubRequestError(`${name} is not an annotated tag of a commit`);
    }
    return { message: body.message, commit: body.object.sha };
}
/** `prompts/a@production` \u2192 `prompts/a%40production`: each segment encoded, the slashes kept. */
const encodeRef = (ref) => ref.split('/').map(encodeURIComponent).join('/');
/** The snapshot belongs to one bundle: a redeploy with another bundle starts from that bundle. */
async function restoreSnapshot(path, bundle, tracked, hooks) {
    let text;
    try {
        text = await readFile(path, 'utf8');
    }
    catch {
        return;
    }
    try {
        const snapshot = JSON.parse(text);
        if (snapshot.format !== SNAPSHOT_FORMAT || snapshot.bundle !== bundle.digest)
            return;
        const lockfile = readLockfile(snapshot.lockfile, path);
        for (const [id, entry] of tracked) {
            const saved = lockfile.prompts[id];
            for (const variant of VARIANTS) {
                const item = entry[variant];
                const version = saved?.[variant];
                if (!item)
                    continue;
                if (!version) {
                    if (variant === 'canary' && saved)
                        delete entry.canary;
                    continue;
                }
                const etag = snapshot.etags?.[`${id}@${variant}`];
                const source = version.digest === item.version.digest ? 'bundle' : 'snapshot';
                entry[variant] = {
                    ...item,
                    ...(etag ? { etag } : {}),
                    version,
                    served: source === 'bundle' ? item.served : prepareVersion(version, variant, 'snapshot'),
                };
            }
            const current = tracked.get(id);
            hooks.swap(id, assemblePrompt(id, {
                ...(current.production ? { production: current.production.served } : {}),
                ...(current.canary ? { canary: current.canary.served } : {}),
            }));
        }
    }
    catch (error) {
        hooks.warn(`promptgate refresh: the snapshot ${path} cannot be used (${error instanceof Error ? error.message : String(error)}); serving the bundle`);
    }
}
async function writeSnapshot(path, bundle, tracked) {
    const prompts = {};
    const etags = {};
    for (const [id, entry] of tracked) {
        prompts[id] = {};
        for (const variant of VARIANTS) {
            const item = entry[variant];
            if (!item)
                continue;
            prompts[id][variant] = item.version;
            if (item.etag)
                etags[`${id}@${variant}`] = item.etag;
        }
    }
    const lockfile = JSON.parse(formatLockfile(sealLockfile(bundle.refs, prompts)));
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomically(path, `${JSON.stringify({ format: SNAPSHOT_FORMAT, bundle: bundle.digest, etags, lockfile }, null, 2)}\n`);
}

var refresh = /*#__PURE__*/Object.freeze({
  __proto__: null,
  startRefresh: startRefresh
});

export { refresh as a, isRecord as i, normalizeRepoPath as n, readTextFile as r };
