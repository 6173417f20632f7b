/**
 * Escaping for UNTRUSTED text — model output, test names from a fork — on its way into a PR
 * comment, the job summary or the Actions log. Whatever the text says, it must render as
 * itself: it cannot break the table, open HTML (or forge our `<!-- promptgate… -->` marker),
 * ping people, link issues, hide itself with bidi tricks, or run workflow commands.
 *
 * Pure string-in, string-out. Order inside each function matters and is always:
 * normalise (ANSI, controls, bidi) → truncate (so an escape is never cut in half) → escape.
 */

/** Shown in place of control characters and bidi overrides, so a reviewer sees something was there. */
const REPLACEMENT = '\uFFFD';
/**
 * Invisible, non-breaking, and not a word character: `@\u2060user` and `#\u2060123` render like
 * the original but match neither GitHub's mention nor its issue-reference pattern. Entities or
 * backslashes would not do: GitHub finds mentions in the rendered text, after they are decoded.
 */
const WORD_JOINER = '\u2060';
/** Marks where a line break was in a single-line context (table cell, inline text). */
const LINE_BREAK_MARK = ' ↵ ';

/** GitHub rejects comments over 65,536 characters; the rest is headroom for the marker and note. */
export const COMMENT_BUDGET = 65_000;
export const CUT_NOTE = "Details cut to fit GitHub's comment size limit; see the job summary / results.json.";

const DEFAULT_CELL_LENGTH = 200;
const DEFAULT_INLINE_LENGTH = 1_000;
const DEFAULT_CODE_LENGTH = 10_000;

// CSI (colours, cursor moves), string commands terminated by BEL or ST (OSC 8 hyperlinks,
// window titles), then any other ESC with the one byte it introduces, and the 8-bit CSI.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]?|\u009b[0-?]*[ -/]*[@-~]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** CR, CRLF, NEL and the Unicode line/paragraph separators all end a line somewhere. */
const LINE_BREAK = /\r\n|[\r\u0085\u2028\u2029]/g;
/** C0 except tab and newline, DEL, C1. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** Embedding/override (U+202A–202E) and isolate (U+2066–2069) controls: "Trojan Source" reordering. */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/** Text with only printable characters, tabs and `\n` left. */
function normalise(text: string): string {
  return String(text)
    .replace(LONE_SURROGATE, REPLACEMENT)
    .replace(ANSI, '')
    .replace(LINE_BREAK, '\n')
    .replace(CONTROL, REPLACEMENT)
    .replace(BIDI, REPLACEMENT);
}

/**
 * normalise() for text about to be cut to `max` characters: a 100 KB model output shown as
 * 2,000 characters should not pay for normalising all of it (reports hold thousands).
 * The slack covers what normalising removes (ANSI sequences) before the cut.
 */
function normaliseHead(text: string, max: number): string {
  const slack = max * 4 + 1024;
  return normalise(text.length > slack ? text.slice(0, slack) : text);
}

/** Cuts at `max` UTF-16 units without splitting a surrogate pair. */
function cutAt(text: string, max: number): string {
  let end = Math.max(0, Math.floor(max));
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

function codePointCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** Neutralises mentions (`@user`, `@org/team`) and issue references (`#1`, `GH-1`, `owner/repo#1`). */
function neutraliseReferences(text: string): string {
  return text
    .replace(/@(?=[A-Za-z0-9])/g, `@${WORD_JOINER}`)
    .replace(/#(?=[0-9])/g, `#${WORD_JOINER}`)
    .replace(/\b(GH-)(?=[0-9])/gi, `$1${WORD_JOINER}`);
}

/**
 * Untrusted text as one line of inline markdown: no line breaks (a newline could start a
 * heading, a list or end the table), HTML escaped as entities (no tags, no comments, so no
 * forged marker), every inline markdown construct backslash-escaped (no links, images,
 * emphasis, code spans, math, or `|` cell breaks), mentions and references neutralised.
 * At most `maxLength` characters of the original are kept, ending in `…` when cut.
 */
export function escapeInline(text: string, maxLength = DEFAULT_INLINE_LENGTH): string {
  let plain = normaliseHead(text, maxLength).replace(/\s*\n\s*/g, LINE_BREAK_MARK).replace(/\t/g, ' ').trim();
  if (plain.length > maxLength) plain = `${cutAt(plain, maxLength - 1)}…`;
  const escaped = plain
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]()~|$!]/g, '\\$&')
    // Block syntax only counts at the start of a line, which is where a caller may put us.
    .replace(/^([#+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
  return neutraliseReferences(escaped);
}

/** escapeInline for a GFM table cell; `|` is escaped there too, so the row keeps its columns. */
export function escapeTableCell(text: string, maxLength = DEFAULT_CELL_LENGTH): string {
  return escapeInline(text, maxLength);
}

export interface InlineCodeOptions {
  maxLength?: number;
  /** In a GFM table `|` must be escaped even inside a code span; elsewhere `\\|` would show. */
  table?: boolean;
}

/**
 * Untrusted text as a code span, for names and values shown verbatim (`test_name`, `{"a": 1}`).
 * Do not wrap escapeInline's output in backticks instead: inside a code span its backslashes
 * and entities would show literally. Code spans are inert (no HTML, mentions or references),
 * so only line breaks, the delimiter, `<!--` and, in tables, `|` need care.
 */
export function inlineCode(text: string, options: InlineCodeOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_CELL_LENGTH;
  let plain = normaliseHead(text, maxLength).replace(/\s*\n\s*/g, LINE_BREAK_MARK).replace(/\t/g, ' ').trim();
  if (plain.length > maxLength) plain = `${cutAt(plain, maxLength - 1)}…`;
  let content = plain.replace(/<!--/g, `<${WORD_JOINER}!--`);
  if (options.table) content = content.replace(/\|/g, '\\|');
  if (content === '') return '` `';
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const delimiter = '`'.repeat(longestRun + 1);
  // A space on each side keeps a leading or trailing backtick from joining the delimiter;
  // CommonMark strips exactly one such space from each side when rendering.
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${delimiter}${pad}${content}${pad}${delimiter}`;
}

export interface CodeBlockOptions {
  /** Characters of the original kept; the rest is counted in a note after the block. */
  maxLength?: number;
  /** Info string, e.g. `json`; anything but word characters and `+.#-` is dropped. */
  lang?: string;
}

/**
 * Untrusted text verbatim in a fenced code block. Markdown, HTML, mentions and references are
 * all inert inside a code block, so the text is left alone apart from control characters and
 * bidi overrides — a reviewer copying the output gets what the model said. The fence is longer
 * than any backtick run in the text, so the text cannot close it. `<!--` gets a word joiner,
 * because the raw comment body is what findStickyComment searches for a marker.
 */
export function codeBlock(text: string, options: CodeBlockOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_CODE_LENGTH;
  const lang = (options.lang ?? '').replace(/[^\w+.#-]/g, '');
  const full = normaliseHead(text, maxLength);
  const shown = full.length > maxLength ? cutAt(full, maxLength) : full;
  // Past the normalised head, the rest is counted raw: close enough for "N more characters".
  const omitted = codePointCount(full.slice(shown.length)) + (text.length > full.length ? codePointCount(text.slice(maxLength * 4 + 1024)) : 0);
  const content = shown.replace(/<!--/g, `<${WORD_JOINER}!--`);

  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const block = `${fence}${lang}\n${content}${content.endsWith('\n') || content === '' ? '' : '\n'}${fence}`;
  return omitted > 0 ? `${block}\n_… (${omitted.toLocaleString('en-US')} more characters)_` : block;
}

/**
 * Untrusted text made safe to print to the Actions log. The runner treats a line starting
 * with `::` (after whitespace) as a workflow command, and `##[` anywhere in a line as a legacy
 * one; a zero-width space between the two characters makes them plain text. Line breaks are
 * normalised first, because the runner also splits lines on a bare CR. ANSI escapes are
 * stripped so output cannot recolour, hide or hyperlink log lines.
 */
export function sanitizeForLog(text: string): string {
  return normalise(text)
    .replace(/^([^\S\n]*):(?=:)/gm, '$1:\u200b')
    .replace(/#(?=#\[)/g, '#\u200b');
}

/** Cuts `text` to at most `maxBytes` of UTF-8 (suffix included), never inside a character. */
export function truncateToBytes(text: string, maxBytes: number, suffix = '…'): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes - Buffer.byteLength(suffix, 'utf8'));
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1; // back off UTF-8 continuation bytes
  return bytes.subarray(0, end).toString('utf8') + suffix;
}

// ---------------------------------------------------------------------------------------------
// Fitting a report into GitHub's size limit

export interface ReportSection {
  /** Higher survives longer: the lowest priority is shortened, then dropped, first. */
  priority: number;
  full: string;
  /** A cheaper rendering tried before the section is dropped. */
  short?: string;
  /** Never dropped (the headline, the gate verdict); shortened if it has a short form. */
  required?: boolean;
}

export interface FitOptions {
  /** Characters; COMMENT_BUDGET by default. */
  limit?: number;
  /** Markdown appended when anything was cut. */
  note?: string;
  /** Between sections; a blank line by default. */
  separator?: string;
}

export interface FitResult {
  body: string;
  cut: boolean;
  shortened: number;
  dropped: number;
}

const FULL = 0;
const SHORT = 1;
const DROPPED = 2;

/**
 * Joins sections, in their order, into a body of at most `limit` characters. When the whole
 * does not fit, priorities are visited from the lowest up; within one priority every section
 * is first shortened (last section first), then dropped, until the rest fits with the note.
 * If the required sections alone are too long the body is cut hard, still with the note.
 */
export function fitToLimit(sections: ReportSection[], options: FitOptions = {}): FitResult {
  const limit = options.limit ?? COMMENT_BUDGET;
  const separator = options.separator ?? '\n\n';
  const noteBlock = `${separator}${options.note ?? `> [!NOTE]\n> ${CUT_NOTE}`}`;
  const levels = sections.map(() => FULL);
  const textOf = (i: number) => {
    const level = levels[i]!;
    const section = sections[i]!;
    return level === DROPPED ? '' : level === SHORT ? (section.short ?? '') : section.full;
  };
  // Length of the joined body, kept incrementally: reports can have thousands of sections.
  let pieces = 0;
  let chars = 0;
  const account = (i: number, sign: 1 | -1) => {
    const length = textOf(i).length;
    if (length === 0) return;
    pieces += sign;
    chars += sign * length;
  };
  const length = () => chars + Math.max(0, pieces - 1) * separator.length;
  const setLevel = (i: number, level: number) => {
    account(i, -1);
    levels[i] = level;
    account(i, 1);
  };
  const render = () => sections.map((_, i) => textOf(i)).filter((text) => text !== '').join(separator);

  sections.forEach((_, i) => account(i, 1));
  if (length() <= limit) return { body: render(), cut: false, shortened: 0, dropped: 0 };

  const budget = limit - noteBlock.length;
  const priorities = [...new Set(sections.map((s) => s.priority))].sort((a, b) => a - b);
  const fits = () => length() <= budget;
  outer: for (const priority of priorities) {
    const group = sections.map((s, i) => (s.priority === priority ? i : -1)).filter((i) => i >= 0).reverse();
    for (const i of group) {
      if (sections[i]!.short === undefined) continue;
      setLevel(i, SHORT);
      if (fits()) break outer;
    }
    for (const i of group) {
      if (sections[i]!.required) continue;
      setLevel(i, DROPPED);
      if (fits()) break outer;
    }
  }

  let body = render();
  // Only required sections are left and they are still too long: a hard cut, but a stated one.
  if (body.length > budget) body = `${cutAt(body, budget - 1)}…`;
  return {
    body: body + noteBlock,
    cut: true,
    shortened: levels.filter((level) => level === SHORT).length,
    dropped: levels.filter((level) => level === DROPPED).length,
  };
}
