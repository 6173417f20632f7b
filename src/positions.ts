import { isAlias, isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Diagnostic } from './diagnostics.js';

/*
 * Parsing the YAML and JSON files users write while keeping positions, so that every problem
 * found later (by a schema, by the loader) can name the line of the offending node.
 */

/** yaml's own default; named here because an alias bomb must end in a clear message. */
export const MAX_ALIAS_COUNT = 100;

export interface PositionedDocument {
  value: unknown;
  doc: Document;
  lineCounter: LineCounter;
}

export type ParsedYaml = { ok: true; parsed: PositionedDocument } | { ok: false; errors: Diagnostic[] };

export function parseYamlText(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
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
    return { ok: true, parsed: { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), doc, lineCounter } };
  } catch (error) {
    const line = firstAliasLine(doc, lineCounter);
    const message =
      error instanceof ReferenceError && /alias/i.test(error.message)
        ? `YAML aliases expand to too much data (more than ${MAX_ALIAS_COUNT} alias expansions); refusing it as a resource-exhaustion risk — write the values out or use fewer aliases`
        : `invalid YAML: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, errors: [{ file, ...(line ? { line } : {}), message }] };
  }
}

function unclosedOpener(doc: Document, errorOffset: number): { offset: number; char: string } | undefined {
  let found: { offset: number; char: string } | undefined;
  visit(doc, (_key, node) => {
    const range = (node as Node | undefined)?.range;
    if (!range || range[0] >= errorOffset || range[1] < errorOffset - 1) return;
    const flow = isCollection(node) && node.flow;
    const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
    // The innermost (latest-starting) construct still open at the error is the culprit.
    if ((flow || quoted) && (!found || range[0] > found.offset)) {
      found = { offset: range[0], char: quoted ? (node.type === 'QUOTE_DOUBLE' ? '"' : "'") : isSeq(node) ? '[' : '{' };
    }
  });
  return found;
}

function firstAliasLine(doc: Document, lineCounter: LineCounter): number | undefined {
  let line: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (node.range) line = lineCounter.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}

/**
 * Positions of a JSON text, for pointing at the line of a problem found after JSON.parse
 * succeeded. JSON is (nearly) YAML, so yaml's parser gives the node ranges; undefined if not.
 */
export function positionJsonText(text: string, value: unknown): PositionedDocument | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  return doc.errors.length > 0 ? undefined : { value, doc, lineCounter };
}

/**
 * Where and why JSON.parse failed. V8 gives a position for some errors only, and for others
 * quotes the whole text ("Unexpected token ',', "<entire file>" is not valid JSON"), so the
 * position is found by a small scan of our own and the quote is left out.
 */
export function locateJsonSyntaxError(text: string, error: unknown): { line: number; column: number; reason: string } {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : (jsonErrorOffset(text) ?? text.length);
  const reason = message
    .replace(/^(Unexpected token .+?), (?:\.\.\.)?".*" is not valid JSON$/s, '$1')
    .replace(/,? ?(in JSON )?at position \d+.*$/s, '')
    .replace(/ in JSON$/, '');
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n'), reason };
}

/** Offset of the first character that makes `text` invalid JSON; undefined if it is valid (or too deep to scan). */
export function jsonErrorOffset(text: string): number | undefined {
  let index = 0;
  const fail = (): never => {
    throw index;
  };
  const skipSpace = () => {
    while (index < text.length && ' \t\n\r'.includes(text[index]!)) index += 1;
  };
  const scanString = () => {
    index += 1;
    while (index < text.length) {
      const char = text[index]!;
      if (char === '"') {
        index += 1;
        return;
      }
      if (char === '\\') {
        if (!/^(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(text.slice(index + 1, index + 6))) fail();
        index += text[index + 1] === 'u' ? 6 : 2;
        continue;
      }
      if (char < ' ') fail();
      index += 1;
    }
    fail();
  };
  const scanList = (close: string, scanItem: () => void) => {
    index += 1;
    skipSpace();
    if (text[index] === close) {
      index += 1;
      return;
    }
    for (;;) {
      scanItem();
      skipSpace();
      if (text[index] === ',') index += 1;
      else if (text[index] === close) {
        index += 1;
        return;
      } else fail();
    }
  };
  const scanValue = (): void => {
    skipSpace();
    const char = text[index];
    if (char === '{') {
      return scanList('}', () => {
        skipSpace();
        if (text[index] !== '"') fail();
        scanString();
        skipSpace();
        if (text[index] !== ':') fail();
        index += 1;
        scanValue();
      });
    }
    if (char === '[') return scanList(']', scanValue);
    if (char === '"') return scanString();
    const word = char === 't' ? 'true' : char === 'f' ? 'false' : char === 'n' ? 'null' : undefined;
    if (word) {
      // `tru}` fails at the `}`, where V8 also says the unexpected token is.
      for (const expected of word) {
        if (text[index] !== expected) fail();
        index += 1;
      }
      return;
    }
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(index, index + 400));
    if (!number) fail();
    index += number![0].length;
  };
  try {
    scanValue();
    skipSpace();
    if (index < text.length) fail();
    return undefined;
  } catch (thrown) {
    if (typeof thrown === 'number') return thrown;
    return undefined; // nesting deeper than the stack: no position, but no crash either
  }
}

/** The line of the node at a JSON pointer (`/tests/0/name`), or of a key of it when given. */
export function lineAt(parsed: PositionedDocument, pointer: string, key?: string): number | undefined {
  let node: unknown = parsed.doc.contents;
  let lastGood: unknown = node;
  for (const segment of pointerSegments(pointer)) {
    node = childOf(parsed.doc, node, segment);
    if (!node) break;
    lastGood = node;
  }
  if (node && key !== undefined) {
    const pair = pairOf(parsed.doc, node, key);
    if (pair) return lineOfNode(parsed, pair.key) ?? lineOfNode(parsed, lastGood);
  }
  return lineOfNode(parsed, lastGood);
}

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function pairOf(doc: Document, node: unknown, key: string) {
  const map = resolve(doc, node);
  if (!isMap(map)) return undefined;
  return map.items.find((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key)) === key);
}

function childOf(doc: Document, node: unknown, segment: string): unknown {
  const container = resolve(doc, node);
  if (isSeq(container)) return container.items[Number(segment)];
  const pair = pairOf(doc, container, segment);
  if (!pair) return undefined;
  // `input:` with no value: point at the key rather than nowhere.
  return pair.value ?? pair.key;
}

function lineOfNode(parsed: PositionedDocument, node: unknown): number | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? parsed.lineCounter.linePos(range[0]).line : undefined;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `/tests/3/assert/0` + `type` → `tests[3].assert[0].type`, the field name users read. */
export function pointerToField(pointer: string, key?: string): string {
  const segments = pointerSegments(pointer);
  if (key !== undefined) segments.push(key);
  let field = '';
  for (const segment of segments) {
    field += /^\d+$/.test(segment) ? `[${segment}]` : field === '' ? segment : `.${segment}`;
  }
  return field;
}
