import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { renderHtmlReport } from '../../src/render/html/report.js';
import { testPairs } from '../../src/render/html/pairs.js';
import { gitTagStore } from '../../src/release/git-tags.js';
import { listVersions } from '../../src/release/versions.js';
import type { ResultsFile } from '../../src/results/model.js';
import { createTempRepo } from '../support/git-repo.js';
import { loadReviewFixture } from '../support/review-context.js';
import { writeReleaseTags } from '../support/tagged-versions.js';
import { inPage, launchChromium, screenshotPath } from './chromium.js';

/**
 * The HTML report in Chromium: it loads with no console error, no request leaves the page (each
 * is intercepted: only the page itself is served), its filters answer, its plots are there, and
 * hostile model output stays text. Screenshots are written for a person to look at.
 */

const PAGE_URL = 'http://report.promptgate.invalid/report.html';

interface Loaded {
  page: Page;
  requests: string[];
  problems: string[];
}

describe('the HTML report in Chromium', () => {
  let browser: Browser;
  let versions: ReturnType<typeof listVersions>;
  beforeAll(async () => {
    browser = await launchChromium();
    const repo = await createTempRepo();
    await writeReleaseTags(repo);
    versions = listVersions(await gitTagStore(repo.dir).list());
    await repo.cleanup();
  });
  afterAll(() => browser?.close());

  async function load(html: string, width = 1280): Promise<Loaded> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      requests.push(url);
      return url === PAGE_URL ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }) : route.abort();
    });
    await page.goto(PAGE_URL, { waitUntil: 'load' });
    return { page, requests, problems };
  }

  it('shows every test base ↔ head with working filters and plots, and loads nothing but itself', async () => {
    const results = loadReviewFixture();
    const { page, requests, problems } = await load(await renderHtmlReport(results, { versions }));
    const facts = await inPage<{
      counts: Record<string, number>;
      shownText: string;
      svgs: number;
      figures: string[];
      scripts: number;
      images: number;
      widest: number;
    }>(page, 'reportFacts');
    await page.screenshot({ path: screenshotPath('report-top.png') });
    await page.screenshot({ path: screenshotPath('report-full.png'), fullPage: true });
    const pairs = testPairs(results);
    expect(facts.counts).toEqual({
      all: pairs.length,
      failed: pairs.filter((pair) => pair.failed).length,
      flipped: pairs.filter((pair) => pair.flipped).length,
      flaky: pairs.filter((pair) => pair.flaky).length,
      required: pairs.filter((pair) => pair.required).length,
      firstFolder: pairs.filter((pair) => pair.suite.path === pairs[0]!.suite.path).length,
      firstModel: pairs.filter(
        (pair) => `${pair.suite.provider}:${pair.suite.model}` === `${pairs[0]!.suite.provider}:${pairs[0]!.suite.model}`,
      ).length,
    });
    expect(facts.counts.failed).toBe(24);
    expect(facts.counts.flaky).toBeGreaterThan(0);
    expect(facts.shownText).toBe(`${pairs.length} of ${pairs.length} tests shown`);
    expect(facts.figures).toEqual([
      'Pass rate per model, base → head',
      'Cost per 1,000 runs per model, base → head',
      'Latency of every run, base and head',
      'summarize: pass rate across tagged versions',
      'summarize: cost per suite run across tagged versions',
      'support: pass rate across tagged versions',
      'support: cost per suite run across tagged versions',
    ]);
    expect(facts.svgs).toBeGreaterThanOrEqual(facts.figures.length);
    expect(facts.scripts).toBe(1);
    expect(problems).toEqual([]);
    expect(requests).toEqual([PAGE_URL]);
    // The leak, side by side: the card of the required test on Claude, screenshotted.
    const card = page.locator('.test[data-required="1"][data-failed="1"]').first();
    await card.screenshot({ path: screenshotPath('report-required-card.png') });
    await expect(card.textContent()).resolves.toContain('Core responsibilities');
    await page.close();
  });

  it('keeps hostile model output as text: no script runs, no image loads, no request leaves', async () => {
    const results = loadReviewFixture() as ResultsFile & { pwned?: never };
    const hostile = `</pre></section><script>window.pwned = 1</script><img src="https://evil.example/x.png" onerror="window.pwned = 2"><a href="https://evil.example">click</a><style>body{background:url(https://evil.example/bg.png)}</style>`;
    const test = results.suites[0]!.tests.find((entry) => entry.status === 'failed')!;
    test.output = hostile;
    test.name = `${test.name} ${hostile}`;
    test.checks[0]!.message = hostile;
    results.suites[0]!.id = `<svg onload="window.pwned=3">`;
    const { page, requests, problems } = await load(await renderHtmlReport(results, { versions }));
    const pwned = await page.evaluate('window.pwned');
    expect(pwned).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('a[href^="https://evil"]').count()).toBe(0);
    expect(await page.locator('body').textContent()).toContain('<script>window.pwned = 1</script>');
    expect(requests).toEqual([PAGE_URL]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
