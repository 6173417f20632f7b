import { describe, expect, it } from '@jest/globals';
import { renderComment } from '../../src/render/comment.js';
import type { ResultsFile } from '../../src/results/model.js';
import { outsideCodeHtml, renderGfm } from '../support/gfm.js';
import { resultsFileOf, runResult, suiteResult, testResult } from '../support/results.js';

/** The comment's per-model fold keeps the escaping of untrusted names and fits the size budget. */
function resultsWith(name: string): ResultsFile {
  const runs = [
    { run: 1, status: 'passed' as const, checks: [], output: '{}', inputTokens: 1, outputTokens: 1, costUsd: 0, latencyMs: 1, error: null },
    { run: 2, status: 'failed' as const, checks: [], output: '{}', inputTokens: 1, outputTokens: 1, costUsd: 0, latencyMs: 1, error: null },
  ];
  const tests = [testResult(name, 'passed', { runs, flaky: true })];
  const suite = suiteResult('prompts/a/v1', tests, { metrics: { [`m`]: { value: 0.5, max: 0.1, passed: false, reason: name } } });
  return resultsFileOf(runResult([suite]), {
    tool: { name: 'promptgate', version: 'test' },
    generatedAt: '2026-01-01T00:00:00Z',
    gate: { passed: true, threshold: 0.95, reasons: [], exitCode: 0 },
  });
}

describe('the comment per-model fold', () => {
  it('escapes a hostile test name in the flaky line and the metric reason', () => {
    const body = renderComment(resultsWith('<img src=x onerror=alert(1)> @everyone | ![p](http://x)'), { maxLength: 65_000 });
    expect(body).toContain('<summary>Per model: metrics (1 target missed), intervals, flaky tests</summary>');
    expect(body).toContain('🎲 flaky, 1 of 2 runs passed');
    // A name is shown as a code span (inert) or escaped text: as GitHub renders it, no tag, no mention, no image.
    const html = renderGfm(body);
    expect(html).not.toMatch(/<img/);
    expect(outsideCodeHtml(html)).not.toContain('@everyone');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('is left out, not the verdict, when the comment must shrink', () => {
    const body = renderComment(resultsWith('x'.repeat(100)), { maxLength: 520 });
    expect(body.length).toBeLessThanOrEqual(520);
    expect(body).toContain('promptgate: gate passed');
    expect(body).not.toContain('Per model');
  });
});
