import { parseTree, printParseErrorCode } from 'jsonc-parser';
import { J as lineOfOffset, p as pointerSegments } from './index.js';
globalThis.process.getBuiltinModule("node:fs/promises");
import 'ajv';
import 'ajv/dist/2020.js';
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:path");
import '@opentelemetry/api';

/*
 * Positions in the JSON files users write (examples.json, schema.json), from jsonc-parser's
 * offsets: the line of a syntax error, and the line of the node a later check points at.
 */
/** Strict JSON: what JSON.parse accepts, so both parsers agree on what is an error. */
const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };
/**
 * Positions of a JSON text that JSON.parse accepted, for pointing at the line of a problem a
 * check found in its value; undefined in the (unexpected) case jsonc-parser disagrees.
 */
function positionJsonText(text, value) {
    const errors = [];
    const root = parseTree(text, errors, STRICT);
    if (!root || errors.length > 0)
        return undefined;
    return { value, lineOf: (pointer, key) => jsonLineAt(text, root, pointer, key) };
}
function jsonLineAt(text, root, pointer, key) {
    let node = root;
    let lastGood = root;
    for (const segment of pointerSegments(pointer)) {
        node = childOf(node, segment);
        if (!node)
            break;
        lastGood = node;
    }
    if (node && key !== undefined) {
        const property = propertyOf(node, key);
        if (property?.children?.[0])
            return lineOfOffset(text, property.children[0].offset);
    }
    return lineOfOffset(text, lastGood.offset);
}
function propertyOf(node, key) {
    if (node.type !== 'object')
        return undefined;
    // A repeated key: JSON.parse keeps the last one, and so does this.
    return node.children?.findLast((property) => property.children?.[0]?.value === key);
}
function childOf(node, segment) {
    if (node.type === 'array')
        return /^\d+$/.test(segment) ? node.children?.[Number(segment)] : undefined;
    return propertyOf(node, segment)?.children?.[1];
}
/** What jsonc-parser's error codes mean, in the words of a message. */
const REASONS = {
    InvalidSymbol: 'unexpected',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'expected a double-quoted property name',
    ValueExpected: 'expected a value',
    ColonExpected: 'expected ":"',
    CommaExpected: 'expected "," or the end of the list or object',
    CloseBraceExpected: 'expected "}"',
    CloseBracketExpected: 'expected "]"',
    EndOfFileExpected: 'unexpected text after the end of the JSON value',
    InvalidCommentToken: 'comments are not allowed in JSON',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'incomplete number',
    InvalidUnicode: 'invalid \\u escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character in a string (control characters must be escaped)',
};
/**
 * Where and why JSON.parse failed. V8's own words and position are kept when it gives a
 * position; for the errors where it gives none (and quotes the whole file instead), the
 * place and the reason are jsonc-parser's first error.
 */
function locateJsonSyntaxError(text, error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    if (position) {
        const reason = message.replace(/,? ?(in JSON )?at position \d+.*$/s, '').replace(/ in JSON$/, '');
        return { ...lineAndColumn(text, Number(position[1])), reason };
    }
    const errors = [];
    parseTree(text, errors, STRICT);
    const first = errors[0];
    if (!first) {
        // jsonc-parser accepts what V8 refused (should not happen): V8's reason, without the file it quotes.
        const reason = message.replace(/^(Unexpected token .+?), (?:\.\.\.)?".*" is not valid JSON$/s, '$1');
        return { ...lineAndColumn(text, text.length), reason };
    }
    // V8's "Unexpected token ','" is kept when it names the token jsonc-parser stopped at.
    const v8Token = /^Unexpected token '(.)'/.exec(message)?.[1];
    if (v8Token !== undefined && text[first.offset] === v8Token)
        return { ...lineAndColumn(text, first.offset), reason: `Unexpected token '${v8Token}'` };
    const code = printParseErrorCode(first.error);
    const token = text.slice(first.offset, first.offset + Math.min(first.length, 40));
    const words = REASONS[code] ?? code;
    const reason = code === 'InvalidSymbol'
        ? `${words} ${JSON.stringify(token)}`
        : token !== '' && code.endsWith('Expected')
            ? `${words}, found ${JSON.stringify(token)}`
            : words;
    return { ...lineAndColumn(text, first.offset), reason };
}
function lineAndColumn(text, offset) {
    const before = text.slice(0, offset);
    return { line: lineOfOffset(text, offset), column: offset - before.lastIndexOf('\n') };
}

export { locateJsonSyntaxError, positionJsonText };
