/*
 * A fast path for the YAML that test suites are written in: block maps and lists, one-line
 * flow maps and lists of scalars, plain and quoted one-line scalars and `|` literal blocks.
 * It builds the value and the line of every node in one pass, without the CST and document
 * model the `yaml` package builds: many times faster, with a fraction of the garbage
 * (docs/speed.md has the figures). Anything outside that subset — anchors, tags, multi-line
 * plain or quoted scalars, folded blocks, nested flow, tabs, CRLF, errors of any kind —
 * returns undefined, and the caller parses the text with `yaml` itself, so every diagnostic
 * is the full parser's.
 *
 * The values are the ones `yaml`'s core schema gives (tested against it on every fixture).
 */

/** Where a node starts, and its children's: what `lineAt` walks. */
export interface NodeLines {
  line: number;
  /** Map entries: the line of the key and the value's node. */
  keys?: Map<string, { keyLine: number; node: NodeLines }>;
  items?: NodeLines[];
  /** A plain scalar YAML read as a number, boolean or null: the text as written (`2.0`). */
  source?: string;
}

export interface FastYaml {
  value: unknown;
  root: NodeLines;
}

class Unsupported extends Error {}
const bail = (): never => {
  throw new Unsupported();
};

interface Line {
  indent: number;
  text: string;
  /** 1-based line number. */
  line: number;
}

type Parsed = { value: unknown; lines: NodeLines };

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
function leadingSpaces(text: string, from = 0): number {
  let index = from;
  while (text.charCodeAt(index) === SPACE) index += 1;
  return index;
}

/** `text` without leading and trailing spaces (and only spaces). */
function trimSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === SPACE) end -= 1;
  const start = leadingSpaces(text);
  return start === 0 && end === text.length ? text : text.slice(start, Math.max(start, end));
}

/** Parses `text` when it is inside the subset; undefined means "ask the full parser". */
export function parseFastYaml(text: string): FastYaml | undefined {
  // Tabs, CR, a BOM, control characters and Unicode line separators each have rules of their
  // own: left to yaml.
  if (/[\t\r\uFEFF\x00-\x08\x0B\x0C\x0E-\x1F\x7F\x85\u2028\u2029]/.test(text)) return undefined;
  const raw = text.split('\n');
  try {
    const parser = new BlockParser(raw);
    const first = parser.next();
    if (first === undefined) return undefined; // an empty document is null: the full parser says so
    const parsed = parser.parseNode(first.indent, -1);
    if (parser.next() !== undefined) bail(); // more text, less indented than the top: an error
    return { value: parsed.value, root: parsed.lines };
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

class BlockParser {
  private index = 0;
  private readonly raw: string[];
  private readonly seen: Array<Line | null | undefined> = [];

  constructor(raw: string[]) {
    this.raw = raw;
  }

  /**
   * The next line with content (comments and blank lines skipped), without consuming it. Each
   * line is looked at several times as callers peek ahead: it is split up once, then remembered.
   */
  next(): Line | undefined {
    while (this.index < this.raw.length) {
      let line = this.seen[this.index];
      if (line === undefined) line = this.seen[this.index] = this.lineAt(this.index);
      if (line !== null) return line;
      this.index += 1;
    }
    return undefined;
  }

  /** The line at `index` with its indent measured, or null for a blank or comment line. */
  private lineAt(index: number): Line | null {
    const text = this.raw[index]!;
    const indent = leadingSpaces(text);
    if (indent === text.length || text.charCodeAt(indent) === HASH) return null;
    const content = indent === 0 ? text : text.slice(indent);
    if (indent === 0 && /^(---|\.\.\.|%)/.test(content)) bail(); // documents and directives
    return { indent, text: trimSpaces(content), line: index + 1 };
  }

  /** The block node whose first line is the next line, at exactly `indent`. */
  parseNode(indent: number, parentIndent: number, firstLine?: Line): Parsed {
    const line = firstLine ?? this.next()!;
    if (line.indent !== indent || indent < parentIndent) bail();
    return line.text === '-' || line.text.startsWith('- ') ? this.parseList(line) : this.parseMap(line);
  }

  private parseList(first: Line): Parsed {
    const value: unknown[] = [];
    const items: NodeLines[] = [];
    let line: Line | undefined = first;
    while (line && line.indent === first.indent && (line.text === '-' || line.text.startsWith('- '))) {
      if (line.text === '-') bail(); // the item on the following lines: rare, left to yaml
      const spaces = leadingSpaces(line.text, 1) - 1;
      const item: Line = { indent: line.indent + 1 + spaces, text: line.text.slice(1 + spaces), line: line.line };
      const parsed = this.parseItem(item, first.indent);
      value.push(parsed.value);
      items.push(parsed.lines);
      line = this.next();
    }
    if (line && line.indent > first.indent) bail();
    return { value, lines: { line: first.line, items } };
  }

  /** A list item: a map that starts on the `-` line, or one value on that line. */
  private parseItem(item: Line, listIndent: number): Parsed {
    if (item.text.startsWith('- ') || item.text === '-') bail(); // - - nested lists
    if (mapKey(item.text) !== undefined) {
      this.index = item.line - 1;
      return this.parseMap(item);
    }
    this.index = item.line; // the value is all on this line
    const parsed = inlineValue(item.text, item.line);
    const after = this.next();
    if (after && after.indent > listIndent) bail(); // a continuation line
    return parsed;
  }

  private parseMap(first: Line): Parsed {
    const value: Record<string, unknown> = {};
    const keys = new Map<string, { keyLine: number; node: NodeLines }>();
    let line: Line | undefined = first;
    while (line && line.indent === first.indent) {
      const entry = line;
      const split = mapKey(entry.text);
      if (split === undefined) bail();
      const [key, rest] = split!;
      if (keys.has(key)) bail(); // a duplicate key is an error: yaml words it
      this.index = entry.line; // past the key's line
      let parsed: Parsed;
      if (rest === '') {
        const child = this.next();
        // `key:` then a deeper block, or a list at the key's own indent (a common style).
        const isList = child && (child.text === '-' || child.text.startsWith('- '));
        if (!child || !(child.indent > first.indent || (isList && child.indent === first.indent))) bail();
        parsed = this.parseNode(child!.indent, first.indent, child);
      } else if (rest === '|' || rest === '|-') {
        parsed = { value: this.literalBlock(first.indent, rest === '|-'), lines: { line: entry.line } };
      } else {
        parsed = inlineValue(rest, entry.line);
      }
      value[key] = parsed.value;
      keys.set(key, { keyLine: entry.line, node: parsed.lines });
      line = this.next();
      if (line && line.indent > first.indent) bail(); // a continuation or a misplaced block
    }
    return { value, lines: { line: first.line, keys } };
  }

  /** A `|` block: lines indented deeper than the key, the indent of the first one stripped. */
  private literalBlock(keyIndent: number, strip: boolean): string {
    const content: string[] = [];
    let blockIndent = -1;
    while (this.index < this.raw.length) {
      const text = this.raw[this.index]!;
      const indent = leadingSpaces(text);
      if (indent === text.length) {
        if (blockIndent < 0) bail(); // leading blank lines: indentation rules are subtle there
        if (indent > blockIndent) bail();
        content.push('');
      } else {
        if (blockIndent < 0) {
          if (indent <= keyIndent) bail(); // an empty block
          blockIndent = indent;
        }
        if (indent < blockIndent) break;
        content.push(text.slice(blockIndent));
      }
      this.index += 1;
    }
    while (content.length > 0 && content.at(-1) === '') content.pop();
    if (content.length === 0) bail();
    return content.join('\n') + (strip ? '' : '\n');
  }
}

/** `key: rest` or `key:` with a plain key; undefined when the line is not a simple map entry. */
function mapKey(text: string): [string, string] | undefined {
  // The key's characters exclude `:`, so the first colon ends it (as in /^(key):(?: +(.*))?$/).
  const colon = text.indexOf(':');
  if (colon < 1 || colon > 201) return undefined; // yaml caps implicit keys at 1024
  const afterColon = text.charCodeAt(colon + 1);
  if (colon + 1 < text.length && afterColon !== SPACE) return undefined; // `a:b` is a scalar
  const key = text.slice(0, colon);
  if (!isPlainKey(key)) return undefined;
  if (/^(null|true|false|__proto__)$/i.test(key)) bail();
  return [key, stripComment(text.slice(leadingSpaces(text, colon + 1)))];
}

function isPlainKey(key: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key);
}

/** A trailing ` # comment` outside quotes; the rest is checked by the value parsers. */
function stripComment(text: string): string {
  const quote = text[0] === '"' || text[0] === "'" ? text[0] : undefined;
  if (!quote) {
    const hash = text.indexOf(' #');
    return trimSpaces(hash >= 0 ? text.slice(0, hash) : text);
  }
  const end = quotedEnd(text, quote);
  // Only spaces after the closing quote, or a comment after at least one space.
  if (!/^(?: *| +#.*)$/.test(text.slice(end))) bail();
  return text.slice(0, end);
}

/** Index just past the closing quote (a one-line quoted scalar), or bail. */
function quotedEnd(text: string, quote: string): number {
  const quoteCode = quote.charCodeAt(0);
  const double = quoteCode === DOUBLE_QUOTE;
  for (let i = 1; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (double && code === BACKSLASH) i += 1;
    else if (code === quoteCode) {
      if (!double && text.charCodeAt(i + 1) === quoteCode) i += 1;
      else return i + 1;
    }
  }
  return bail();
}

/** A value written on the key's (or the `-`'s) line: a scalar or a one-line flow collection. */
function inlineValue(text: string, line: number): Parsed {
  const stripped = stripComment(text);
  if (stripped.startsWith('{') || stripped.startsWith('[')) return flowCollection(stripped, line);
  const value = scalar(stripped, false);
  // Only non-strings keep their text: a string value already is its source.
  return { value, lines: typeof value === 'string' ? { line } : { line, source: stripped } };
}

function isLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

function flowCollection(text: string, line: number): Parsed {
  const isMap = text[0] === '{';
  if (text.at(-1) !== (isMap ? '}' : ']')) bail();
  const inner = trimSpaces(text.slice(1, -1));
  const parts = inner === '' ? [] : splitFlow(inner);
  if (!isMap) return { value: parts.map((part) => scalar(part, true)), lines: { line, items: parts.map(() => ({ line })) } };
  const value: Record<string, unknown> = {};
  const keys = new Map<string, { keyLine: number; node: NodeLines }>();
  for (const part of parts) {
    const match = /^([A-Za-z_][A-Za-z0-9_.-]*): +(.+)$/.exec(part);
    if (!match || /^(null|true|false|__proto__)$/i.test(match[1]!) || keys.has(match[1]!)) bail();
    value[match![1]!] = scalar(match![2]!, true);
    keys.set(match![1]!, { keyLine: line, node: { line } });
  }
  return { value, lines: { line, keys } };
}

/** Splits `a: 1, b: "x, y"` on the commas outside quotes; nested collections are not handled. */
function splitFlow(inner: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < inner.length; i += 1) {
    const char = inner[i]!;
    if (char === '"' || char === "'") {
      // A quote opens a scalar only where a value starts: first in an item, or after `key:`.
      const before = trimSpaces(inner.slice(start, i));
      if (before !== '' && !/^[A-Za-z_][A-Za-z0-9_.-]*:$/.test(before)) bail();
      i += quotedEnd(inner.slice(i), char) - 1;
    } else if (char === ',') {
      parts.push(trimSpaces(inner.slice(start, i)));
      start = i + 1;
    } else if ('{}[]#'.includes(char)) bail(); // nested collections, comments: left to yaml
  }
  parts.push(trimSpaces(inner.slice(start)));
  if (parts.some((part) => part === '')) bail(); // `[a, , b]`, `{a: 1, }`
  return parts;
}

/** A Map, not an object literal: `constructor` or `toString` is text, not Object.prototype's. */
const WORDS = new Map<string, null | boolean>([
  ...['null', 'Null', 'NULL', '~'].map((word): [string, null] => [word, null]),
  ...['true', 'True', 'TRUE'].map((word): [string, boolean] => [word, true]),
  ...['false', 'False', 'FALSE'].map((word): [string, boolean] => [word, false]),
]);

/** One scalar as yaml's core schema reads it; anything ambiguous bails. */
function scalar(text: string, inFlow: boolean): unknown {
  if (text === '') bail(); // an empty value is null, with its own position rules: left to yaml
  const first = text.charCodeAt(0);
  if (first === DOUBLE_QUOTE) {
    if (quotedEnd(text, '"') !== text.length) bail();
    // Without a backslash the text between the quotes is the value (control characters never
    // get here); with one, JSON's escapes mean the same in YAML.
    if (!text.includes('\\')) return text.slice(1, -1);
    try {
      return JSON.parse(text) as string;
    } catch {
      return bail();
    }
  }
  if (first === SINGLE_QUOTE) {
    if (quotedEnd(text, "'") !== text.length) bail();
    return text.slice(1, -1).replace(/''/g, "'");
  }
  const word = WORDS.get(text);
  if (word !== undefined) return word;
  // A plain scalar starting with a letter (other than the words above) is text unless it has
  // an indicator inside: the number patterns below cannot match it.
  if (isLetter(first) && !inFlow && !text.includes(': ') && !text.endsWith(':') && !text.includes(' #')) return text;
  if (/^(?:0|-?[1-9][0-9]{0,14})$/.test(text)) return Number(text);
  if (/^-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/.test(text) && text !== '-0.0') return Number(text);
  // Anything else number-like (0x1F, 1e3, .5, +1, 010, .inf) follows rules best left to yaml;
  // `30 days` or `-v2` are text.
  if (/^(?:[-+]?[0-9.][0-9a-fA-FoxX.eE+-]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/.test(text)) bail();
  if (/^[?:,[\]{}#&*!|>'"%@`]/.test(text) || /^[-?:](?: |$)/.test(text)) bail();
  if (text.includes(': ') || text.endsWith(':') || text.includes(' #')) bail();
  if (inFlow && /[:,[\]{}#]/.test(text)) bail();
  return text;
}
