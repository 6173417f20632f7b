/*
 * A fast path for the YAML that test suites are written in: block maps and lists, one-line
 * flow maps and lists of scalars, plain and quoted one-line scalars and `|` literal blocks.
 * It builds the value and the line of every node in one pass, without the CST and document
 * model the `yaml` package builds (4,000 tests: ~25 ms instead of ~400 ms, a fraction of the
 * garbage). Anything outside that subset — anchors, tags, multi-line plain or quoted scalars,
 * folded blocks, nested flow, tabs, CRLF, errors of any kind — returns undefined, and the
 * caller parses the text with `yaml` itself, so every diagnostic is the full parser's.
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

/** Parses `text` when it is inside the subset; undefined means "ask the full parser". */
export function parseFastYaml(text: string): FastYaml | undefined {
  // Tabs, CR, a BOM and control characters each have rules of their own: left to yaml.
  if (/[\t\r\uFEFF\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/.test(text)) return undefined;
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
    const indent = text.length - text.trimStart().length;
    const content = text.slice(indent);
    if (content === '' || content.startsWith('#')) return null;
    if (indent === 0 && /^(---|\.\.\.|%)/.test(content)) bail(); // documents and directives
    return { indent, text: content.trimEnd(), line: index + 1 };
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
      const rest = line.text.slice(1);
      const spaces = rest.length - rest.trimStart().length;
      const item: Line = { indent: line.indent + 1 + spaces, text: rest.trimStart(), line: line.line };
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
      const indent = text.length - text.trimStart().length;
      if (text.trim() === '') {
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
  const match = /^([A-Za-z_][A-Za-z0-9_.-]{0,200}):(?: +(.*))?$/.exec(text); // yaml caps implicit keys at 1024
  if (!match) return undefined;
  const key = match[1]!;
  if (/^(null|true|false|__proto__)$/i.test(key)) bail();
  const rest = stripComment(match[2] ?? '');
  return [key, rest];
}

/** A trailing ` # comment` outside quotes; the rest is checked by the value parsers. */
function stripComment(text: string): string {
  const quote = text[0] === '"' || text[0] === "'" ? text[0] : undefined;
  if (!quote) {
    const hash = text.indexOf(' #');
    return (hash >= 0 ? text.slice(0, hash) : text).trimEnd();
  }
  const end = quotedEnd(text, quote);
  // Only spaces after the closing quote, or a comment after at least one space.
  if (!/^(?: *| +#.*)$/.test(text.slice(end))) bail();
  return text.slice(0, end);
}

/** Index just past the closing quote (a one-line quoted scalar), or bail. */
function quotedEnd(text: string, quote: string): number {
  for (let i = 1; i < text.length; i += 1) {
    if (quote === '"' && text[i] === '\\') i += 1;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i += 1;
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

function flowCollection(text: string, line: number): Parsed {
  const isMap = text[0] === '{';
  if (text.at(-1) !== (isMap ? '}' : ']')) bail();
  const inner = text.slice(1, -1).trim();
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
      const before = inner.slice(start, i).trim();
      if (before !== '' && !/^[A-Za-z_][A-Za-z0-9_.-]*:$/.test(before)) bail();
      i += quotedEnd(inner.slice(i), char) - 1;
    } else if (char === ',') {
      parts.push(inner.slice(start, i).trim());
      start = i + 1;
    } else if ('{}[]#'.includes(char)) bail(); // nested collections, comments: left to yaml
  }
  parts.push(inner.slice(start).trim());
  if (parts.some((part) => part === '')) bail(); // `[a, , b]`, `{a: 1, }`
  return parts;
}

const WORDS: Record<string, unknown> = { null: null, Null: null, NULL: null, '~': null, true: true, True: true, TRUE: true, false: false, False: false, FALSE: false };

/** One scalar as yaml's core schema reads it; anything ambiguous bails. */
function scalar(text: string, inFlow: boolean): unknown {
  if (text === '') bail(); // an empty value is null, with its own position rules: left to yaml
  if (text[0] === '"') {
    if (quotedEnd(text, '"') !== text.length) bail();
    try {
      return JSON.parse(text) as string; // JSON's escapes mean the same in YAML
    } catch {
      return bail();
    }
  }
  if (text[0] === "'") {
    if (quotedEnd(text, "'") !== text.length) bail();
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (text in WORDS) return WORDS[text];
  if (/^(?:0|-?[1-9][0-9]{0,14})$/.test(text)) return Number(text);
  if (/^-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/.test(text) && text !== '-0.0') return Number(text);
  // Anything else number-like (0x1F, 1e3, .5, +1, 010, .inf) follows rules best left to yaml;
  // `30 days` or `-v2` are text.
  if (/^(?:[-+]?[0-9.][0-9a-fA-FoxX.eE+-]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/.test(text)) bail();
  if (/^[?:,\[\]{}#&*!|>'"%@`]/.test(text) || /^[-?:](?: |$)/.test(text)) bail();
  if (text.includes(': ') || text.endsWith(':') || text.includes(' #')) bail();
  if (inFlow && /[:,\[\]{}#]/.test(text)) bail();
  return text;
}
