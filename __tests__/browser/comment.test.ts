import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { OPEN_LIST_ITEMS, renderComment } from '../../src/render/comment.js';
import { loadReviewFixture, REVIEW_CONTEXT } from '../support/review-context.js';
import { FIXTURE_CONTEXT, FIXTURE_MARKER, loadReportFixture } from '../support/report-fixture.js';
import { COMMENT_WIDTH, commentPage, inPage, launchChromium, measureComment, screenshotPath } from './chromium.js';

/**
 * The comment as GitHub shows it: the GFM rendered as cmark-gfm renders it, styled by
 * github-markdown-css in the 836 px comment column, in Chromium. On issue 22's review scenario
 * (two folders, three models, 24 newly failing tests) it must fit a reviewer's ten seconds.
 * Screenshots are written for a person to look at (the path is printed).
 */
describe('the comment in Chromium at 836 px', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  async function open(markdown: string) {
    const page = await browser.newPage({ viewport: { width: COMMENT_WIDTH + 32, height: 1000 } });
    await page.setContent(commentPage(markdown));
    return page;
  }

  it('fits ten seconds on the review scenario: ≤ 1,500 px collapsed, ≤ 15 open list items, one table, cells ≤ 2 lines, no broken name', async () => {
    const markdown = renderComment(loadReviewFixture(), REVIEW_CONTEXT);
    const page = await open(markdown);
    const measures = await measureComment(page);
    console.log(`review scenario comment: ${markdown.length} characters, ${JSON.stringify(measures)}`);
    await page.screenshot({ path: screenshotPath('comment-collapsed.png'), fullPage: true });
    expect(measures.collapsedHeight).toBeLessThanOrEqual(1_500);
    expect(markdown.length).toBeLessThanOrEqual(12_000);
    expect(measures.openListItems).toBeLessThanOrEqual(OPEN_LIST_ITEMS);
    expect(measures.openTables).toBe(1);
    expect(measures.maxCellLines.lines).toBeLessThanOrEqual(2);
    expect(measures.namesChecked).toBeGreaterThan(20);
    expect(measures.brokenNames).toEqual([]);
    // Opened, the evidence is wrapped to the column: no code block scrolls sideways.
    expect(measures.overflowingBlocks).toEqual([]);
    await inPage(page, 'openFolds');
    await page.screenshot({ path: screenshotPath('comment-opened.png'), fullPage: true });
    await page.close();
  });

  it('breaks no name and scrolls no block sideways in the fixture report, hostile output included', async () => {
    const page = await open(renderComment(loadReportFixture(), { ...FIXTURE_CONTEXT, marker: FIXTURE_MARKER }));
    const measures = await measureComment(page);
    await page.screenshot({ path: screenshotPath('fixture-comment.png'), fullPage: true });
    expect(measures.brokenNames).toEqual([]);
    expect(measures.overflowingBlocks).toEqual([]);
    expect(measures.maxCellLines.lines).toBeLessThanOrEqual(2);
    await page.close();
  });
});
