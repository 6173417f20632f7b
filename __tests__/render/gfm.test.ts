import { describe, expect, it } from '@jest/globals';
import { renderComment, renderJobSummary } from '../../src/render/comment.js';
import { outsideCodeHtml, renderGfm, tableRows, visibleText } from '../support/gfm.js';
import { FIXTURE_CONTEXT, FIXTURE_MARKER, loadReportFixture } from '../support/report-fixture.js';

/** GitHub's mention and issue-reference patterns, as they apply to rendered text. */
const MENTION = /(^|[^\w`])@[A-Za-z0-9][\w-]*(\/[\w-]+)?/;
const ISSUE_REF = /(^|[^\w&])#[0-9]+|\bGH-[0-9]+|[\w.-]+\/[\w.-]+#[0-9]+/i;

describe('the fixture report, rendered by cmark-gfm as GitHub renders markdown', () => {
  const results = loadReportFixture();
  const comment = renderComment(results, { ...FIXTURE_CONTEXT, marker: FIXTURE_MARKER });
  const html = renderGfm(comment);
  const summaryHtml = renderGfm(renderJobSummary(results, FIXTURE_CONTEXT));

  it('renders the table with one row per folder × model, six cells each, failing folders first', () => {
    const rows = tableRows(html).map((cells) => cells.map((cell) => cell.replace(/\u2060/g, '').replace(/\u00a0/g, ' ')));
    expect(rows.map((cells) => cells.length)).toEqual([6, 6, 6, 6, 6, 6]);
    expect(rows.map((cells) => cells[0])).toEqual(['❌', '❌', '❌', '✅', '✅', '🗑️']);
    expect(rows.map((cells) => /<strong>(\w+)<\/strong>/.exec(cells[1]!)?.[1])).toEqual([
      'support',
      'refunds',
      'orders',
      'triage',
      'faq',
      'legacy',
    ]);
    expect(rows[0]![2]).toBe('100.0% → <strong>40.0%</strong><br><sub>−60.0 pp</sub>');
    // The base of faq never ran: "not run", no 0%, no delta.
    expect(rows[4]![2]).toBe('<em>not run</em> → 100.0%');
    expect(rows[1]![1]).toBe('<strong>refunds</strong> v1 · <sub>new</sub><br><code>openai:gpt-4o-mini</code>');
  });

  it('lets no tag from model output through: no <script>, <img>, or closing </details> of its own', () => {
    for (const page of [html, summaryHtml]) {
      expect(page).not.toMatch(/<script|<img/i);
      const live = outsideCodeHtml(page);
      expect(live.match(/<details/g)?.length).toBe(live.match(/<\/details>/g)?.length);
      // The hostile text is there, shown as text.
      expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
  });

  it('pings no one and links no issue: no mention or reference pattern in the visible text', () => {
    for (const page of [html, summaryHtml]) {
      const text = visibleText(page);
      expect(text).toContain('output contains "approve" — @\u2060octocat #\u2060123'); // the hostile check message is shown outside code…
      expect(text).not.toMatch(MENTION); // …but cannot mention @octocat or @acme/security-team
      expect(text).not.toMatch(ISSUE_REF); // …nor link #123, GH-9 or acme/bot#7
      // Links are only ours: test lines on GitHub and the run page.
      for (const [, href] of page.matchAll(/<a href="([^"]*)"/g))
        expect(href).toMatch(/^https:\/\/github\.com\/acme\/support-bot\/(blob|actions)\//);
    }
  });

  it('carries the marker once, in the comment only, and nothing that looks like it', () => {
    expect(html.split(FIXTURE_MARKER)).toHaveLength(2);
    expect(html.match(/<!--/g)).toHaveLength(1);
    expect(summaryHtml).not.toContain('<!--');
  });

  it('keeps every fence closed: the hostile ``` in an output does not end its block', () => {
    const pres = [...html.matchAll(/<pre><code[^>]*>([\s\S]*?)<\/code><\/pre>/g)].map((m) => m[1]!);
    // One output per way of failing (each of the fixture's failing tests fails its own way).
    expect(pres).toHaveLength(4);
    const hostile = pres.find((block) => block.includes('::error::pwned'))!;
    expect(hostile).toContain('```\n::error::pwned\n[click me](https://evil.example)');
    // Pretty-printed JSON, the field a failed check reads marked above it.
    expect(pres[0]).toContain(
      '{\n  // ✗ intent equals &quot;billing_issue&quot;, got &quot;general_question&quot;\n  &quot;intent&quot;: &quot;general_question&quot;,',
    );
  });
});
