import { isAlias, isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Diagnostic } from './diagnostics.js';
import { parseFastYaml, type NodeLines } from './fast-yaml.js';
import { pointerSegments, type Positions } from './line-index.js';

export { lineAt, pointerToField, type Positions } from './line-index.js';
export { locateJsonSyntaxError, positionJsonText } from './json-positions.js';

/*
 * Parsing the YAML files users write while keeping positions, so that every problem found
 * later (by a schema, by the loader) can name the line of the offending node.
 */

/** yaml's own default; named here because an alias bomb must end in a clear message. */
export const MAX_ALIAS_COUNT = 100;

/** A parsed file's value and the line of each of its nodes. */
export interface PositionedValue extends Positions {
  value: unknown;
}

/** yaml's document model: positions, and the source text of scalars (`version: 2.0`). */
export interface PositionedDocument extends PositionedValue {
  doc: Document;
  lineCounter: LineCounter;
}

export type ParsedYaml<T extends PositionedValue = PositionedDocument> = { ok: true; parsed: T } | { ok: false; errors: Diagnostic[] };

/**
 * Any YAML file users write. The fast path when the text is in its subset (nearly every
 * tests.yaml and prompt.yaml), else yaml's document model; values and lines are the same either
 * way, and every error and refusal (alias bombs, duplicate keys, bad syntax) is yaml's. For a
 * fast-path file, yaml's document is built only when asked for (the source text of a scalar).
 */
export function parseYamlText(text: string, file: string): ParsedYaml {
  const fast = parseFastYaml(text);
  if (!fast) return parseYamlDocument(text, file);
  let full: PositionedDocument | undefined;
  const model = (): PositionedDocument => {
    const parsed = parseYamlDocument(text, file);
    if (!parsed.ok) throw new Error(`${file}: yaml refused what the fast path read`); // the fast path's tests keep this from happening
    return parsed.parsed;
  };
  const root = fast.root;
  return {
    ok: true,
    parsed: {
      value: fast.value,
      lineOf: (pointer, key) => fastLineAt(root, pointer, key),
      get doc() {
        return (full ??= model()).doc;
      },
      get lineCounter() {
        return (full ??= model()).lineCounter;
      },
    },
  };
}

/** The same walk as yaml's (`lineAt` below) over the fast path's line tree. */
function fastLineAt(root: NodeLines, pointer: string, key?: string): number {
  let node: NodeLines | undefined = root;
  let lastGood = root;
  for (const segment of pointerSegments(pointer)) {
    node = node.items ? node.items[Number(segment)] : node.keys?.get(segment)?.node;
    if (!node) break;
    lastGood = node;
  }
  const pair = node && key !== undefined ? node.keys?.get(key) : undefined;
  return pair ? pair.keyLine : lastGood.line;
}

/** A YAML file through yaml's document model: what the fast path cannot read, and every error. */
export function parseYamlDocument(text: string, file: string): ParsedYaml {
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
    const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    const parsed: PositionedDocument = { value, doc, lineCounter, lineOf: (pointer, key) => yamlLineAt(parsed, pointer, key) };
    return { ok: true, parsed };
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

/** The line of the node at a JSON pointer (`/tests/0/name`), or of a key of it when given. */
function yamlLineAt(parsed: PositionedDocument, pointer: string, key?: string): number | undefined {
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
