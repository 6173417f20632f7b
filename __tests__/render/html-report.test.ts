import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { renderHtmlReport } from '../../src/render/html/report.js';
import { FILTER_SCRIPT } from '../../src/render/html/page.js';
import { testPairs } from '../../src/render/html/pairs.js';
import { diffLines } from '../../src/render/html/diff.js';
import { htmlOutline } from '../support/html-outline.js';
import { savedOutput } from '../support/outputs.js';
import { loadReviewFixture, withoutLatencies } from '../support/review-context.js';
import type { ResultsFile } from '../../src/results/model.js';
import { loadReportFixture } from '../support/report-fixture.js';

/**
 * The HTML report as text (the browser checks, `npm run test:browser`, load it in Chromium):
 * one self-contained page whose only script is its own, by hash; every test base ↔ head; model
 * output escaped; and its outline kept as a readable file.
 */
describe('the HTML report', () => {
  it('is one self-contained page: a strict CSP, its own script only, nothing fetched', async () => {
    const html = await renderHtmlReport(loadReviewFixture());
    const hash = createHash('sha256').update(FILTER_SCRIPT).digest('base64');
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'">`,
    );
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain(`<script>${FILTER_SCRIPT}</script>`);
    // No attribute that could load anything: no src, no href, no @import, no url().
    expect(html).not.toMatch(/\s(src|href|srcset|xlink:href)=/i);
    expect(html).not.toMatch(/@import|url\(/i);
    // The plots are inline SVG.
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });

  it('shows every test base ↔ head: each test of either side is one card with both sides', async () => {
    const results = loadReviewFixture();
    const html = await renderHtmlReport(results);
    const cards = html.match(/<section class="test"/g) ?? [];
    const tests = new Set([
      ...results.suites.flatMap((suite) => suite.tests.map((test) => `${suite.path} ${suite.model} ${test.name}`)),
      ...(results.base?.suites ?? []).flatMap((suite) => suite.tests.map((test) => `${suite.path} ${suite.model} ${test.name}`)),
    ]);
    expect(cards).toHaveLength(tests.size);
    expect(testPairs(results)).toHaveLength(tests.size);
    expect(html.match(/<div class="side">/g)).toHaveLength(2 * tests.size);
    // The multi-turn tool test: its earlier turns, its input and the call with its arguments.
    expect(html).toContain('<h4>Conversation (2 earlier turns)</h4>');
    expect(html).toContain('<b>assistant</b>: I can check that for you. What is your order number?');
    expect(html).toMatch(/<code>lookup_order<\/code><pre>\{\n {2}&#34;order_id&#34;: &#34;48231&#34;\n\}<\/pre>/);
    // Every run of the repeated test, and its flaky mark.
    expect(html).toContain('<h4>Runs (3)</h4>');
    expect(html).toContain('🎲 flaky, 2 of 3 runs passed');
  });

  it('escapes model output and names: the hostile fixture shows its text, never its markup', async () => {
    const html = await renderHtmlReport(loadReportFixture());
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toMatch(/<img|<script>alert/i);
    expect(html).not.toContain('<!-- promptgate:report -->');
  });

  it('diffs outputs by line', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'c' },
    ]);
  });

  it('matches the saved outline of the review scenario report byte for byte', async () => {
    // Latencies zeroed: a regenerated fixture differs in its timings alone, which are no change.
    const outline = htmlOutline(await renderHtmlReport(withoutLatencies(loadReviewFixture()) as ResultsFile));
    expect(outline).toBe(savedOutput(new URL('__outputs__/review-report-outline.md', import.meta.url), outline));
  });
});
