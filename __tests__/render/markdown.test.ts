import { describe, expect, it } from '@jest/globals';
import { COMMENT_BUDGET, CUT_NOTE, fitToLimit, truncateToBytes, type ReportSection } from '../../src/render/fit.js';
import { sanitizeForLog } from '../../src/render/log-text.js';
import { codeBlock, escapeInline, escapeTableCell, inlineCode } from '../../src/render/markdown.js';

const WJ = '\u2060';
const MARKER = '<!-- promptgate:pr-comment -->';

/** GitHub's patterns, approximately: what must no longer match after escaping. */
const MENTION = /(^|[^\w`])@[A-Za-z0-9]/;
const ISSUE_REF = /#[0-9]|GH-[0-9]/i;

/** Splits a GFM table row on unescaped pipes. */
const cells = (row: string) => row.split(/(?<!\\)\|/);

describe('escapeTableCell', () => {
  it('keeps pipes and newlines from breaking the row', () => {
    const cell = escapeTableCell('a | b\n| c |\r\n\r\nd');
    expect(cell).not.toMatch(/[\r\n]/);
    expect(cells(`| ${cell} | x |`)).toHaveLength(4); // '', cell, ' x ', ''
    expect(cell).toBe('a \\| b ↵ \\| c \\| ↵ d');
  });

  it('cannot open HTML, a tag or a comment, so our marker cannot be forged', () => {
    const cell = escapeTableCell(`${MARKER}<script>alert(1)</script> & <b>`);
    expect(cell).not.toContain('<');
    expect(cell).not.toContain(MARKER);
    expect(cell).toContain('&lt;\\!-- promptgate:pr-comment --&gt;');
    expect(cell).toContain('&lt;script&gt;');
    expect(cell).toContain('&amp; &lt;b&gt;');
  });

  it('escapes entities too, so &#64;user or &lt; are shown, not decoded', () => {
    // The text "&#64;" shows a "#64" GitHub would link, hence the word joiner there too.
    expect(escapeTableCell('&#64;user &lt;')).toBe(`&amp;#${WJ}64;user &amp;lt;`);
  });

  it('backslash-escapes inline markdown: links, images, emphasis, code, math', () => {
    const cell = escapeTableCell('[click](https://evil.example) ![x](https://t.example/p.png) *b* _i_ `c` ~~s~~ $x$ \\');
    expect(cell).toBe(
      `\\[click\\]\\(https:${WJ}//evil.example\\) \\!\\[x\\]\\(https:${WJ}//t.example/p.png\\) \\*b\\* \\_i\\_ \\\`c\\\` \\~\\~s\\~\\~ \\$x\\$ \\\\`,
    );
  });

  it('truncates to maxLength with an ellipsis, counting the original text', () => {
    expect(escapeTableCell('abcdefghij', 5)).toBe('abcd…');
    expect(escapeTableCell('abcde', 5)).toBe('abcde');
    // Never splits a surrogate pair.
    expect(escapeTableCell('ab😀cd', 4)).toBe('ab…');
  });
});

describe('escapeInline', () => {
  it('neutralises @user and @org/team mentions', () => {
    const text = escapeInline('ping @octocat and @acme/security-team, cc:@Bob');
    expect(text).not.toMatch(MENTION);
    expect(text).toContain(`@${WJ}octocat`);
    expect(text).toContain(`@${WJ}acme/security-team`);
    expect(text).toContain(`@${WJ}Bob`);
  });

  it('neutralises #123, GH-123 and owner/repo#1 references', () => {
    const text = escapeInline('fixes #123, see GH-45 and octo/app#1; closes gh-9');
    expect(text).not.toMatch(ISSUE_REF);
    expect(text).toContain(`octo/app#${WJ}1`);
    // Words are otherwise left as they are; a URL is shown, but GitHub does not make it a link.
    expect(escapeInline('see https://example.com/a#top and www.example.com')).toBe(
      `see https:${WJ}//example.com/a#top and www${WJ}.example.com`,
    );
  });

  it('escapes block syntax at the start, where a caller may place it', () => {
    expect(escapeInline('# Heading')).toBe('\\# Heading');
    expect(escapeInline('- item')).toBe('\\- item');
    expect(escapeInline('1. first')).toBe('1\\. first');
    expect(escapeInline('> quote')).toBe('&gt; quote');
    expect(escapeInline('=====')).toBe('\\=====');
  });

  it('replaces control characters and bidi overrides, strips ANSI', () => {
    const text = escapeInline('ok\u0000\u0007 \u202Eevil\u202C \u2066iso\u2069 \u001b[31mred\u001b[0m');
    expect(text).toBe('ok\uFFFD\uFFFD &lt;U+202E&gt;evil&lt;U+202C&gt; &lt;U+2066&gt;iso&lt;U+2069&gt; red');
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u001b]/);
  });

  it('keeps right-to-left text and its ordinary marks', () => {
    expect(escapeInline('שלום \u200Fעולם')).toBe('שלום \u200Fעולם');
  });

  it('handles 100 KB of hostile input quickly and within the limit', () => {
    const hostile = '|@a #1 <!-- x --> `\n'.repeat(5_000);
    const started = Date.now();
    const text = escapeInline(hostile, 300);
    expect(Date.now() - started).toBeLessThan(500);
    expect(text.endsWith('…')).toBe(true);
    expect(text).not.toMatch(/[\n<]/);
    expect(text).not.toMatch(MENTION);
  });
});

describe('codeBlock', () => {
  it('uses a fence longer than any backtick run in the text', () => {
    const text = 'before\n```\ninside\n````\nafter ` and ``';
    const block = codeBlock(text, { lang: 'json' });
    expect(block).toBe('`````json\n' + text + '\n`````');
    expect(codeBlock('plain')).toBe('```\nplain\n```');
  });

  it('cuts long text and says how much is missing, outside the block', () => {
    const block = codeBlock('x'.repeat(100_000), { maxLength: 1_000 });
    expect(block).toBe('```\n' + 'x'.repeat(1_000) + '\n```\n_… (99,000 more characters)_');
  });

  it('leaves markdown, mentions and references alone: they are inert in code', () => {
    expect(codeBlock('@octocat #1 *b* | x')).toBe('```\n@octocat #1 *b* | x\n```');
  });

  it('breaks <!-- so the raw comment never carries a forged marker', () => {
    const block = codeBlock(`${MARKER}\n<script>x</script>`);
    expect(block).not.toContain(MARKER);
    expect(block).toContain(`<${WJ}!-- promptgate:pr-comment -->`);
    expect(block).toContain('<script>x</script>');
  });

  it('drops unsafe characters from the info string, and controls from the text', () => {
    expect(codeBlock('a\r\nb\u202Ec\u001b[1mbold', { lang: 'js`\n<x>' })).toBe('```jsx\na\nb<U+202E>cbold\n```');
  });
});

describe('inlineCode', () => {
  it('shows the text verbatim: no backslashes or entities inside a code span', () => {
    expect(inlineCode('snake_case <b> @octocat #1')).toBe('`snake_case <b> @octocat #1`');
  });

  it('uses a delimiter longer than any backtick run, padded when the text starts or ends with one', () => {
    expect(inlineCode('a ` b')).toBe('``a ` b``');
    expect(inlineCode('`x`')).toBe('`` `x` ``');
    expect(inlineCode('```')).toBe('```` ``` ````');
  });

  it('stays on one line, escapes pipes in tables, and breaks <!--', () => {
    expect(inlineCode('a\nb|c')).toBe('`a ↵ b|c`');
    expect(inlineCode('a|b', { table: true })).toBe('`a\\|b`');
    expect(inlineCode(MARKER)).not.toContain(MARKER);
    expect(inlineCode('abcdef', { maxLength: 4 })).toBe('`abc…`');
    expect(inlineCode('')).toBe('` `');
  });
});

describe('sanitizeForLog', () => {
  it('defuses workflow commands at the start of a line, after whitespace too', () => {
    const log = sanitizeForLog('fine\n::set-output name=x::1\n  ::error::boom\r::add-mask::secret\nsay ::not a command');
    for (const line of log.split('\n')) expect(line.trimStart().startsWith('::')).toBe(false);
    expect(log).toContain(':\u200b:set-output name=x::1');
    expect(log).toContain('say ::not a command');
    expect(log.split('\n')).toHaveLength(5); // the bare CR became a line break, and was defused too
  });

  it('defuses legacy ##[command] anywhere in a line', () => {
    expect(sanitizeForLog('text ##[set-env name=X]1')).not.toContain('##[');
  });

  it('strips ANSI colours, cursor moves and OSC 8 hyperlinks', () => {
    const raw = '\u001b[31mred\u001b[0m \u001b[2K\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 done';
    expect(sanitizeForLog(raw)).toBe('red link done');
  });
});

describe('truncateToBytes', () => {
  it('never cuts inside a UTF-8 character', () => {
    expect(truncateToBytes('héllo', 100)).toBe('héllo');
    const cut = truncateToBytes('日本語テキスト', 10);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(10);
    expect(cut).toBe('日本…'); // 6 bytes of text + 3 of the ellipsis; a 7th byte would split 語
    expect(truncateToBytes('abcdef', 4, '')).toBe('abcd');
  });
});

describe('fitToLimit', () => {
  const section = (priority: number, size: number, label: string, extra: Partial<ReportSection> = {}): ReportSection => ({
    priority,
    full: `${label}:${'f'.repeat(size)}`,
    short: `${label}:short`,
    ...extra,
  });

  it('returns everything, uncut, when it fits', () => {
    const result = fitToLimit([section(3, 10, 'head'), section(1, 10, 'detail')]);
    expect(result).toEqual({ body: `head:${'f'.repeat(10)}\n\ndetail:${'f'.repeat(10)}`, cut: false, shortened: 0, dropped: 0 });
  });

  it('keeps many sections under GitHub\u2019s 65,536 characters, cutting lowest priority first', () => {
    const sections: ReportSection[] = [
      section(10, 500, 'headline', { required: true }),
      section(5, 5_000, 'flipped'),
      ...Array.from({ length: 400 }, (_, i) => section(1, 1_000, `test${i}`)),
      section(8, 2_000, 'costs'),
    ];
    const result = fitToLimit(sections);
    expect(result.cut).toBe(true);
    expect(result.body.length).toBeLessThanOrEqual(COMMENT_BUDGET);
    expect(result.body.length).toBeLessThan(65_536);
    expect(result.body.endsWith(CUT_NOTE)).toBe(true);
    // Higher priorities untouched, in their original order.
    expect(result.body.startsWith(`headline:${'f'.repeat(500)}\n\nflipped:${'f'.repeat(5_000)}`)).toBe(true);
    expect(result.body).toContain(`costs:${'f'.repeat(2_000)}`);
    // Every test section was shortened before any was dropped; early ones stay in full.
    expect(result.dropped).toBe(0);
    expect(result.body).toContain(`test0:${'f'.repeat(1_000)}`);
    expect(result.body).toContain('test399:short');
  });

  it('drops sections without a short form, then shortens higher priorities only when needed', () => {
    const sections: ReportSection[] = [
      section(10, 100, 'headline', { required: true, short: undefined }),
      { priority: 1, full: 'd'.repeat(5_000) },
      section(5, 3_000, 'table'),
    ];
    const result = fitToLimit(sections, { limit: 1_000 });
    expect(result.body.length).toBeLessThanOrEqual(1_000);
    expect(result.dropped).toBe(1);
    expect(result.shortened).toBe(1);
    expect(result.body).toBe(`headline:${'f'.repeat(100)}\n\ntable:short\n\n> [!NOTE]\n> ${CUT_NOTE}`);
  });

  it('cuts hard, and says so, when required sections alone are too long', () => {
    const result = fitToLimit([{ priority: 1, full: 'r'.repeat(200_000), required: true }], { note: '_cut_' });
    expect(result.body.length).toBeLessThanOrEqual(COMMENT_BUDGET);
    expect(result.body.endsWith('…\n\n_cut_')).toBe(true);
  });

  it('is fast with thousands of sections', () => {
    const sections = Array.from({ length: 5_000 }, (_, i) => section(i % 3, 200, `s${i}`));
    const started = Date.now();
    const result = fitToLimit(sections);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.body.length).toBeLessThanOrEqual(COMMENT_BUDGET);
  });
});
