import { escapeInline, inlineCode } from './markdown.js';

/**
 * Names in the comment — folder ids, model names, test names — that a browser never breaks
 * inside. GitHub drops `style` and `<nobr>`, so the text itself must hold together: a word
 * joiner (U+2060, invisible) after each hyphen and slash, where Chromium would otherwise wrap
 * `anthropic:claude-` / `haiku-4-5` (seen in the rendered comment), and no-break spaces in a
 * name short enough to sit on one line. Added after escaping (the escapers show a word joiner
 * that came with the text as <U+2060>); results.json keeps every name as written.
 */

const WORD_JOINER = '\u2060';
/** A name up to this long keeps its spaces unbroken; a longer one wraps between words. */
const ONE_LINE = 40;

function holdTogether(text: string, visibleLength: number): string {
  const joined = text.replace(/([-/])(?=[^\s])/g, `$1${WORD_JOINER}`);
  return visibleLength <= ONE_LINE ? joined.replace(/ /g, '\u00a0') : joined;
}

/** A name as a code span that never breaks inside (a model, a test name). */
export function nameCode(name: string, options: { maxLength?: number; table?: boolean } = {}): string {
  return holdTogether(inlineCode(name, { maxLength: options.maxLength ?? 120, ...(options.table ? { table: true } : {}) }), name.length);
}

/** A name as escaped text that never breaks inside (a folder id, a version). */
export function nameText(name: string, maxLength = 80): string {
  return holdTogether(escapeInline(name, maxLength), name.length);
}

/** `provider:model`, unbroken. */
export function modelName(ref: { provider?: string | undefined; model?: string | undefined }, table = false): string {
  return nameCode(`${ref.provider ?? ''}:${ref.model ?? ''}`, { maxLength: 80, table });
}
