import { s as singleLine, a as normaliseHead, c as cutAt, b as codePointCount, h as headSlack, f as formatInteger } from './engine.js';

/**
 * Escaping for the markdown sink \u2014 the PR comment and the job summary \u2014 of UNTRUSTED text:
 * model output, and ids, versions, model names, paths and test names from the repository.
 * Whatever the text says, it must render as itself: it cannot break the table or a fence,
 * open HTML (or forge our `<!-- promptgate\u2026 -->` marker), ping people or teams, link issues,
 * hide itself with bidi tricks, or carry workflow commands. Kept by hand: no markdown library
 * escapes for GitHub's mention and reference rules.
 *
 * Pure string-in, string-out. Fitting the report into GitHub's size limits is fit.ts's job;
 * the log sink is log-text.ts, the annotation sink action/annotations.ts.
 */
/** Kept for callers outside report/ that import the log escaper from here. */
/**
 * Invisible, non-breaking, and not a word character: `@\u2060user` and `#\u2060123` render like
 * the original but match neither GitHub's mention nor its issue-reference pattern. Entities or
 * backslashes would not do: GitHub finds mentions in the rendered text, after they are decoded.
 */
const WORD_JOINER = '\u2060';
const DEFAULT_CELL_LENGTH = 200;
const DEFAULT_INLINE_LENGTH = 1_000;
const DEFAULT_CODE_LENGTH = 10_000;
/**
 * Neutralises mentions (`@user`, `@org/team`), issue references (`#1`, `GH-1`, `owner/repo#1`)
 * and the URLs GitHub links by itself (`https://\u2026`, `www.\u2026`): text that is not a link in the
 * source must not become one in the comment.
 */
function neutraliseReferences(text) {
    return text
        .replace(/@(?=[A-Za-z0-9])/g, `@${WORD_JOINER}`)
        .replace(/#(?=[0-9])/g, `#${WORD_JOINER}`)
        .replace(/\b(GH-)(?=[0-9])/gi, `$1${WORD_JOINER}`)
        .replace(/:(?=\/\/)/g, `:${WORD_JOINER}`)
        .replace(/\b(www)(?=\\?\.)/gi, `$1${WORD_JOINER}`);
}
/**
 * Untrusted text as one line of inline markdown: no line breaks (a newline could start a
 * heading, a list or end the table), HTML escaped as entities (no tags, no comments, so no
 * forged marker), every inline markdown construct backslash-escaped (no links, images,
 * emphasis, code spans, math, or `|` cell breaks), mentions and references neutralised.
 * At most `maxLength` characters of the original are kept, ending in `\u2026` when cut.
 */
function escapeInline(text, maxLength = DEFAULT_INLINE_LENGTH) {
    const escaped = singleLine(text, maxLength)
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
function escapeTableCell(text, maxLength = DEFAULT_CELL_LENGTH) {
    return escapeInline(text, maxLength);
}
/**
 * Untrusted text as a code span, for names and values shown verbatim (`test_name`, `{"a": 1}`).
 * Do not wrap escapeInline's output in backticks instead: inside a code span its backslashes
 * and entities would show literally. Code spans are inert (no HTML, mentions or references),
 * so only line breaks, the delimiter, `<!--` and, in tables, `|` need care.
 */
function inlineCode(text, options = {}) {
    const maxLength = options.maxLength ?? DEFAULT_CELL_LENGTH;
    let content = singleLine(text, maxLength).replace(/<!--/g, `<${WORD_JOINER}!--`);
    if (options.table)
        content = content.replace(/\|/g, '\\|');
    if (content === '')
        return '` `';
    const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
    const delimiter = '`'.repeat(longestRun + 1);
    // A space on each side keeps a leading or trailing backtick from joining the delimiter;
    // CommonMark strips exactly one such space from each side when rendering.
    const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
    return `${delimiter}${pad}${content}${pad}${delimiter}`;
}
/**
 * Untrusted text verbatim in a fenced code block. Markdown, HTML, mentions and references are
 * all inert inside a code block, so the text is left alone apart from control characters and
 * bidi overrides \u2014 a reviewer copying the output gets what the model said. The fence is longer
 * than any backtick run in the text, so the text cannot close it. `<!--` gets a word joiner,
 * because the raw comment body is what findStickyComment searches for a marker.
 */
function codeBlock(text, options = {}) {
    const maxLength = options.maxLength ?? DEFAULT_CODE_LENGTH;
    const lang = (options.lang ?? '').replace(/[^\w+.#-]/g, '');
    const full = normaliseHead(text, maxLength);
    const shown = full.length > maxLength ? cutAt(full, maxLength) : full;
    // Past the normalised head, the rest is counted in UTF-16 units, unread: close enough for
    // "N more characters", and counting code points of thousands of 100 KB outputs took seconds.
    const omitted = codePointCount(full.slice(shown.length)) + Math.max(0, text.length - headSlack(maxLength));
    const content = shown.replace(/<!--/g, `<${WORD_JOINER}!--`);
    const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(Math.max(3, longestRun + 1));
    const block = `${fence}${lang}\n${content}${content.endsWith('\n') || content === '' ? '' : '\n'}${fence}`;
    return omitted > 0 ? `${block}\n_\u2026 (${formatInteger(omitted)} more characters)_` : block;
}

export { escapeTableCell as a, codeBlock as c, escapeInline as e, inlineCode as i };
