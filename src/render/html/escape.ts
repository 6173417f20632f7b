import { normaliseHead } from '../text.js';

/**
 * The HTML report's one escaper. Everything that came from a model or the repository (outputs,
 * names, messages, tag messages) passes through it: control characters, bidi overrides and
 * zero-width characters shown as what they are (text.ts), then `& < > " '` as entities, so
 * the text is text in an element or a quoted attribute and never markup. The page's
 * Content-Security-Policy (page.ts) is the second wall: no script runs but the page's own.
 */

/** Characters of one text kept in the report: a 100 KB answer is shown in full up to this. */
const MAX_TEXT = 20_000;

export function esc(text: unknown, maxLength = MAX_TEXT): string {
  const raw = typeof text === 'string' ? text : (JSON.stringify(text) ?? 'undefined');
  const normalised = normaliseHead(raw, maxLength);
  const shown =
    normalised.length > maxLength
      ? `${normalised.slice(0, maxLength)}… (${raw.length - maxLength} more characters in results.json)`
      : normalised;
  return shown.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A value for a data-* attribute the filters compare: escaped, one line. */
export function attr(text: string): string {
  return esc(text.replace(/\s+/g, ' '), 400);
}
