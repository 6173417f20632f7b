/**
 * The first step of every escaping function, whatever the sink: untrusted text reduced to
 * printable characters, tabs and `\n`. Each sink (markdown.ts, log-text.ts, the annotation
 * escaper) then applies its own rules on top. Order is always:
 * normalise (ANSI, controls, bidi) → truncate (so an escape is never cut in half) → escape.
 */

/** Shown in place of control characters and bidi overrides, so a reader sees something was there. */
export const REPLACEMENT = '\uFFFD';
/** Marks where a line break was in a single-line context (table cell, inline text, log line). */
export const LINE_BREAK_MARK = ' ↵ ';

// CSI (colours, cursor moves), string commands terminated by BEL or ST (OSC 8 hyperlinks,
// window titles), then any other ESC with the one byte it introduces, and the 8-bit CSI.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]?|\u009b[0-?]*[ -/]*[@-~]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** CR, CRLF, NEL and the Unicode line/paragraph separators all end a line somewhere. */
const LINE_BREAK = /\r\n|[\r\u0085\u2028\u2029]/g;
/** C0 except tab and newline, DEL, C1. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/**
 * Characters that change how text reads without being seen: bidi embeddings, overrides and
 * isolates (U+202A–202E, U+2066–2069: "Trojan Source" reordering) and zero-width spaces and
 * invisible operators (U+200B, U+2060–2064, U+FEFF, U+180E). A test named "Never leaks\u200B"
 * would otherwise read as the required test it is not. Bidi marks (U+200E, U+200F) and the
 * joiners (U+200C, U+200D) stay: right-to-left text, Persian and Indic scripts and emoji need
 * them, and they reorder nothing.
 */
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff\u180e]/g;

/** An invisible character shown as what it is: `<U+200B>`. */
function visible(char: string): string {
  return `<U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** Text with only printable characters, tabs and `\n` left. */
export function normalise(text: string): string {
  return String(text)
    .replace(LONE_SURROGATE, REPLACEMENT)
    .replace(ANSI, '')
    .replace(LINE_BREAK, '\n')
    .replace(CONTROL, REPLACEMENT)
    .replace(INVISIBLE, visible);
}

/** How much raw text normaliseHead looks at for a cut to `max`: the slack covers what normalising removes. */
export function headSlack(max: number): number {
  return max * 4 + 1024;
}

/**
 * normalise() for text about to be cut to `max` characters: a 100 KB model output shown as
 * 2,000 characters should not pay for normalising all of it (reports hold thousands).
 */
export function normaliseHead(text: string, max: number): string {
  const raw = String(text);
  const slack = headSlack(max);
  return normalise(raw.length > slack ? raw.slice(0, slack) : raw);
}

/** Cuts at `max` UTF-16 units without splitting a surrogate pair. */
export function cutAt(text: string, max: number): string {
  let end = Math.max(0, Math.floor(max));
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

export function codePointCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** Untrusted text as one bounded line: line breaks marked, tabs as spaces, `…` when cut. */
export function singleLine(text: string, maxLength: number): string {
  let plain = normaliseHead(text, maxLength)
    .replace(/\s*\n\s*/g, LINE_BREAK_MARK)
    .replace(/\t/g, ' ')
    .trim();
  if (plain.length > maxLength) plain = `${cutAt(plain, maxLength - 1)}…`;
  return plain;
}
