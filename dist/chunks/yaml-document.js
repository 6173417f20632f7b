import { d as distExports } from './index.js';
import { B as pointerSegments } from './engine.js';
globalThis.process.getBuiltinModule("process");
globalThis.process.getBuiltinModule("buffer");
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

/** yaml's own default; named here because an alias bomb must end in a clear message. */
const MAX_ALIAS_COUNT = 100;
/** A YAML file through yaml's document model: what the fast path cannot read, and every error. */
function parseYamlDocument(text, file) {
    const lineCounter = new distExports.LineCounter();
    const doc = distExports.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
        return {
            ok: false,
            errors: doc.errors.map((error) => {
                const line = lineCounter.linePos(error.pos[0]).line;
                // yaml notices an unclosed [ { or quote where the file ends; the fix is where it opened.
                const opened = /end with|Missing closing/.test(error.message) ? unclosedOpener(doc, error.pos[0]) : undefined;
                const openedLine = opened ? lineCounter.linePos(opened.offset).line : line;
                const hint = opened && openedLine !== line ? ` (the ${opened.char} opened on line ${openedLine} is not closed)` : '';
                return { file, line: openedLine, message: `invalid YAML: ${error.message}${hint}` };
            }),
        };
    }
    try {
        const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
        const model = { doc, lineCounter };
        const parsed = {
            value,
            lineOf: (pointer, key) => yamlLineAt(model, pointer, key),
            sourceOf: (key) => doc.get(key, true)?.source,
        };
        return { ok: true, parsed };
    }
    catch (error) {
        const line = firstAliasLine(doc, lineCounter);
        const message = error instanceof ReferenceError && /alias/i.test(error.message)
            ? `YAML aliases expand to too much data (more than ${MAX_ALIAS_COUNT} alias expansions); refusing it as a resource-exhaustion risk \u2014 write the values out or use fewer aliases`
            : `invalid YAML: ${error instanceof Error ? error.message : String(error)}`;
        return { ok: false, errors: [{ file, ...(line ? { line } : {}), message }] };
    }
}
function unclosedOpener(doc, errorOffset) {
    let found;
    distExports.visit(doc, (_key, node) => {
        const range = node?.range;
        if (!range || range[0] >= errorOffset || range[1] < errorOffset - 1)
            return;
        const flow = distExports.isCollection(node) && node.flow;
        const quoted = distExports.isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
        // The innermost (latest-starting) construct still open at the error is the culprit.
        if ((flow || quoted) && (!found || range[0] > found.offset)) {
            found = { offset: range[0], char: quoted ? (node.type === 'QUOTE_DOUBLE' ? '"' : "'") : distExports.isSeq(node) ? '[' : '{' };
        }
    });
    return found;
}
function firstAliasLine(doc, lineCounter) {
    let line;
    distExports.visit(doc, {
        Alias(_key, node) {
            if (node.range)
                line = lineCounter.linePos(node.range[0]).line;
            return distExports.visit.BREAK;
        },
    });
    return line;
}
/** The line of the node at a JSON pointer (`/tests/0/name`), or of a key of it when given. */
function yamlLineAt(parsed, pointer, key) {
    let node = parsed.doc.contents;
    let lastGood = node;
    for (const segment of pointerSegments(pointer)) {
        node = childOf(parsed.doc, node, segment);
        if (!node)
            break;
        lastGood = node;
    }
    if (node && key !== undefined) {
        const pair = pairOf(parsed.doc, node, key);
        if (pair)
            return lineOfNode(parsed, pair.key) ?? lineOfNode(parsed, lastGood);
    }
    return lineOfNode(parsed, lastGood);
}
function resolve(doc, node) {
    return distExports.isAlias(node) ? node.resolve(doc) : node;
}
function pairOf(doc, node, key) {
    const map = resolve(doc, node);
    if (!distExports.isMap(map))
        return undefined;
    return map.items.find((pair) => (distExports.isScalar(pair.key) ? String(pair.key.value) : String(pair.key)) === key);
}
function childOf(doc, node, segment) {
    const container = resolve(doc, node);
    if (distExports.isSeq(container))
        return container.items[Number(segment)];
    const pair = pairOf(doc, container, segment);
    if (!pair)
        return undefined;
    // `input:` with no value: point at the key rather than nowhere.
    return pair.value ?? pair.key;
}
function lineOfNode(parsed, node) {
    const range = node?.range;
    return range ? parsed.lineCounter.linePos(range[0]).line : undefined;
}

export { MAX_ALIAS_COUNT, parseYamlDocument };
