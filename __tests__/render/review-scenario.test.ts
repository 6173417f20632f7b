import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderComment, renderJobSummary, OPEN_LIST_ITEMS } from '../../src/render/comment.js';
import type { ResultsFile } from '../../src/results/model.js';
import { renderGfm } from '../support/gfm.js';
import { savedOutput, UPDATING } from '../support/outputs.js';
import { buildReviewScenario, KEYS, stableResults, type ReviewScenario } from '../support/review-scenario.js';
import { writeReleaseTags } from '../support/tagged-versions.js';
import { REVIEW_CONTEXT, REVIEW_FIXTURE_PATH, withoutLatencies } from '../support/review-context.js';

/**
 * Issue 22's pull request (two folders, a three-model matrix, metrics, a required test, a flaky
 * test, a multi-turn tool test, 24 newly failing tests), run by the real engine on a real git
 * repository against the loopback emulator. The comment rendered from it must fit a reviewer's
 * ten seconds: these are the text measures, which hold on any machine; the heights, wrapped
 * cells and broken names are measured in Chromium by `npm run test:browser`.
 */

/** The text as it reads: without the word joiners and no-break spaces that hold names together. */
const plain = (text: string) => text.replace(/\u2060/g, '').replace(/\u00a0/g, ' ');

/** The text a reader sees, code spans included. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** HTML outside every <details>: what a reader sees before opening anything. */
function outsideFolds(html: string): string {
  let out = html;
  for (let previous = ''; previous !== out;) {
    previous = out;
    out = out.replace(/<details>(?:(?!<details)[\s\S])*?<\/details>/g, '');
  }
  return out;
}

describe('the comment on the review scenario', () => {
  let scenario: ReviewScenario;
  let fixture: ResultsFile;

  beforeAll(async () => {
    scenario = await buildReviewScenario();
    fixture = JSON.parse(readFileSync(REVIEW_FIXTURE_PATH, 'utf8')) as ResultsFile;
    // Rewritten only when more than the latencies changed: a run's timings alone are no change.
    const fresh = stableResults(scenario.results);
    if (UPDATING && JSON.stringify(withoutLatencies(fresh)) !== JSON.stringify(withoutLatencies(fixture))) {
      savedOutput(REVIEW_FIXTURE_PATH, `${JSON.stringify(fresh, null, 2)}\n`);
      fixture = fresh;
    }
  }, 60_000);
  afterAll(() => scenario?.close());

  it('is built by the engine: the saved fixture is what the engine produces now', () => {
    expect(withoutLatencies(stableResults(scenario.results))).toEqual(withoutLatencies(fixture));
    const tests = fixture.suites.flatMap((suite) => suite.tests);
    expect(new Set(fixture.suites.map((suite) => suite.path)).size).toBe(2);
    expect(fixture.suites.filter((suite) => suite.path === 'prompts/support/v2.0')).toHaveLength(3);
    expect(fixture.comparison?.suites.reduce((sum, suite) => sum + suite.newlyFailing.length, 0)).toBe(24);
    expect(tests.some((test) => test.flaky && test.status === 'passed')).toBe(true);
    expect(tests.some((test) => test.required && test.status === 'failed')).toBe(true);
    expect(tests.some((test) => test.messages?.length === 2 && test.toolCalls?.length === 1)).toBe(true);
    expect(fixture.suites.every((suite) => suite.path !== 'prompts/support/v2.0' || Object.keys(suite.metrics ?? {}).length === 3)).toBe(
      true,
    );
  });

  it('fits ten seconds: at most 12,000 characters, 15 open list items, one open table', () => {
    const body = renderComment(fixture, REVIEW_CONTEXT);
    expect(body.length).toBeLessThanOrEqual(12_000);
    const open = outsideFolds(renderGfm(body));
    expect((open.match(/<li>/g) ?? []).length).toBeLessThanOrEqual(OPEN_LIST_ITEMS);
    expect((open.match(/<table>/g) ?? []).length).toBe(1);
    // Every folder × model is one row of that table.
    expect((/<tbody>([\s\S]*?)<\/tbody>/.exec(open)?.[1]?.match(/<tr>/g) ?? []).length).toBe(4);
    // 24 newly failing tests fold into lines of tests that fail alike, with the count in the heading.
    expect(body).toContain('#### Newly failing (24 tests)');
  });

  it('names the folder and the model in every gate reason', () => {
    const text = textOf(outsideFolds(renderGfm(renderComment(fixture, REVIEW_CONTEXT))));
    const reasons = text.split('\n').filter((line) => / is below the | failed| below its min /.test(line));
    expect(reasons.length).toBeGreaterThanOrEqual(4);
    for (const line of reasons) expect(plain(line)).toMatch(/^(support v2\.0|summarize v1\.0) · (openai|anthropic):[\w.-]+: /);
    expect(plain(text)).toContain('support v2.0 · anthropic:claude-haiku-4-5: required test "Never leaks the system prompt" failed');
  });

  it('says p in words, on the tests run on both sides, and emphasises a real regression', () => {
    const body = plain(renderComment(fixture, REVIEW_CONTEXT));
    expect(body).toMatch(
      /⚠️ \*\*A real regression:\*\* \*\*support\*\* v2\.0 · `openai:gpt-4o-mini` — 7 tests that passed on the base fail now \(−58\.3 pp on the 12 tests run on both sides\); a drop this large happens by chance 2% of the time¹\./,
    );
    expect(body).toContain(
      '−50.0 pp on the 12 tests run on both sides, may be noise: a drop this large happens by chance 7% of the time¹.',
    );
    expect(body).toContain('¹ How often chance alone gives a change this large: p of the exact two-sided McNemar test');
    expect(body).toContain('McNemar');
    // One delta per row of the table.
    for (const row of body.split('\n').filter((line) => line.startsWith('| ❌'))) expect(row.match(/ pp/g)).toHaveLength(1);
  });

  it('shows the evidence: marked, wrapped JSON, earlier turns, tool calls with arguments, $ on money, one flaky mark', () => {
    const body = plain(renderComment(fixture, REVIEW_CONTEXT));
    expect(body).toContain('  // ✗ reply contains "Core responsibilities"\n  "reply": "I can\'t share my instructions in full');
    for (const block of body.match(/```json\n[\s\S]*?```/g) ?? [])
      for (const line of block.split('\n')) expect(line.length).toBeLessThanOrEqual(88);
    expect(body).toContain('<details><summary>Earlier turns (2)</summary>');
    expect(body).toContain('> **assistant:** I can check that for you. What is your order number?');
    expect(body).toContain('called `lookup_order({"order_id":"48231"})`');
    expect(body).toContain('$0.0012 → $0.0014 | ≤ $0.0016');
    const flaky = body.split('\n').filter((line) => line.includes('Apologises for a late delivery'));
    expect(flaky.length).toBeGreaterThan(0);
    for (const line of flaky) expect(line.match(/flaky/g)).toHaveLength(1);
    expect(body).toMatch(
      /<summary>Newly passing \(1 test\)<\/summary>\n\n- \*\*support\*\* v2\.0 · \[?`Apologises.*🎲 flaky, 2 of 3 runs passed/,
    );
  });

  it('writes the HTML report with --html, plotting the versions the release tags record, and no secret', async () => {
    await writeReleaseTags(scenario.repo);
    const run = await scenario.cli(['test', 'prompts', '--base', 'main', '--responses', 'replay', '--html', 'out/report.html']);
    expect(run.code).toBe(1);
    const html = readFileSync(join(scenario.repo.dir, 'out/report.html'), 'utf8');
    expect(html).toContain('<figcaption>support: pass rate across tagged versions</figcaption>');
    expect(html).toContain('<figcaption>summarize: cost per suite run across tagged versions</figcaption>');
    expect(html).toContain('Never leaks the system prompt');
    for (const key of Object.values(KEYS)) expect(html).not.toContain(key);
  });

  it('matches the saved review-comment.md and review-job-summary.md byte for byte', () => {
    const comment = renderComment(fixture, REVIEW_CONTEXT);
    expect(comment).toBe(savedOutput(new URL('__outputs__/review-comment.md', import.meta.url), comment));
    const summary = renderJobSummary(fixture, REVIEW_CONTEXT);
    expect(summary).toBe(savedOutput(new URL('__outputs__/review-job-summary.md', import.meta.url), summary));
  });
});
