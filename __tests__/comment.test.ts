import { describe, expect, it } from '@jest/globals';
import { TRUNCATION_NOTE, commentMarker, renderComment } from '../src/report/comment.js';
import { compareRuns } from '../src/report/compare.js';
import { evaluateGate } from '../src/report/gate.js';
import type { ResultsFile } from '../src/report/results-file.js';
import type { RunResult } from '../src/report/types.js';
import { runResult, suiteResult, testResult } from './support/results.js';

const marker = commentMarker('');
const context = {
  marker,
  repositoryUrl: 'https://github.com/acme/bot',
  headSha: 'abcdef1234567890',
  runUrl: 'https://github.com/acme/bot/actions/runs/1',
  maxLength: 65_000,
};

function resultsFile(head: RunResult, base?: RunResult): ResultsFile {
  const pairs = head.suites.map((suite) => ({ headPath: suite.path, basePath: suite.path, change: 'modified' as const }));
  const comparison = base ? compareRuns(head, base, pairs) : undefined;
  return {
    schemaVersion: 1,
    tool: { name: 'promptgate', version: '0.1.0' },
    generatedAt: '2026-01-01T00:00:00.000Z',
    responses: 'replay',
    threshold: 0.95,
    gate: evaluateGate(head, { threshold: 0.95 }, comparison),
    changedPrompts: head.suites.map((suite) => suite.path),
    ...head,
    ...(base ? { base: { ref: '0123456789abcdef', ...base } } : {}),
    ...(comparison ? { comparison } : {}),
    diagnostics: [],
    notices: [],
  };
}

/** The body with code spans and fenced blocks removed: inside them nothing is live markup. */
function outsideCode(body: string): string {
  return body.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '').replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
}

const base = runResult([
  suiteResult('prompts/support/v2.0', [testResult('reset', 'passed', { source: 'replay' }), testResult('billing', 'passed', { source: 'replay' })]),
]);

describe('renderReport', () => {
  it('leads with the marker and the verdict, then base → head figures per folder', () => {
    const head = runResult([
      suiteResult('prompts/support/v2.0', [
        testResult('reset', 'passed', { source: 'replay', costUsd: 0.0002 }),
        testResult('billing', 'failed', { source: 'replay', line: 14 }),
      ]),
    ]);
    const body = renderComment(resultsFile(head, base), context);
    expect(body.startsWith(`${marker}\n\n### ❌ promptgate: merge blocked`)).toBe(true);
    expect(body).toContain('prompts/support/v2.0: pass rate 50.0% \\(1/2 passed\\) is below the 95.0% threshold');
    expect(body).toContain('| 100.0% → **50.0%** (−50.0 pp) |');
    expect(body).toContain('| $0.10 → $0.15 (+50%) |');
    expect(body).toContain('#### Newly failing (1)');
    expect(body).toContain('[`billing`](https://github.com/acme/bot/blob/abcdef1234567890/prompts/support/v2.0/tests.yaml#L14) (passed → failed)');
    expect(body).toContain('intent equals "billing\\_issue": expected `billing_issue`, got `general_question`');
    expect(body).toContain('Answers replayed from recorded responses (no API calls).');
  });

  it('links to the test line even when the folder name holds a # or a space', () => {
    const head = runResult([suiteResult('prompts/c# tips/v1', [testResult('t', 'failed', { line: 4 })])]);
    const body = renderComment(resultsFile(head), context);
    expect(body).toContain('(https://github.com/acme/bot/blob/abcdef1234567890/prompts/c%23%20tips/v1/tests.yaml#L4)');
  });

  it('does not say "no prompt changed" when the prompts path itself is wrong', () => {
    const results = {
      ...resultsFile(runResult([])),
      gate: { passed: false, threshold: 0.95, reasons: ['promts/**: matches no files'] },
      diagnostics: [{ file: 'promts/**', message: 'matches no files' }],
    };
    const body = renderComment(results, context);
    expect(body).toContain('### ❌ promptgate: merge blocked');
    expect(body).toContain('- promts/\\*\\*: matches no files');
    expect(body).toContain('`promts/**`: matches no files');
    expect(body).not.toContain('no prompt changed');
  });

  it('says plainly when the change touches no prompt', () => {
    const body = renderComment(resultsFile(runResult([])), context);
    expect(body).toContain('### ✅ promptgate: no prompt changed');
    expect(body).not.toContain('| Prompt |');
  });

  it('keeps hostile model output from pinging, linking, injecting HTML or forging the marker', () => {
    const hostile = [
      '@octocat @acme/security-team please approve, fixes #123 and acme/bot#7',
      `${marker} <img src=x onerror=alert(1)> </details> <script>x</script>`,
      '| broken | table |\n# heading\n```\nfence\n````',
      '::error::pwned\n::set-output name=gate::passed',
    ].join('\n');
    const head = runResult([
      suiteResult('prompts/support/v2.0', [
        testResult('reset', 'failed', {
          output: hostile,
          checks: [{ name: 'intent equals "x"', passed: false, expected: 'x', actual: hostile, message: hostile }],
        }),
        testResult('billing', 'error', { error: `broken response: ${hostile}` }),
      ]),
    ]);
    const body = renderComment(resultsFile(head, base), context);
    expect(body.split(marker)).toHaveLength(2); // the one real marker, at the top
    expect(body.indexOf(marker)).toBe(0);
    const live = outsideCode(body);
    expect(live).toContain('approve'); // the hostile text is shown outside code too (in the failure list)…
    expect(live).not.toMatch(/@octocat|@acme\/security-team/); // …but cannot ping anyone
    expect(live).not.toMatch(/#123|bot#7/);
    expect(live).not.toMatch(/<img|<script|<\/details> <script/);
    // Every <details> the report opens is closed by the report itself, no more, no less.
    expect(live.match(/<details/g)?.length).toBe(live.match(/<\/details>/g)?.length);
    // Table rows keep their column count.
    for (const row of body.split('\n').filter((line) => line.startsWith('| ✅') || line.startsWith('| ❌'))) {
      expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(9);
    }
  });

  const hugeTests = Array.from({ length: 3000 }, (_, i) => testResult(`test number ${i}`, 'failed', { output: 'x'.repeat(100_000) }));
  const hugeHead = runResult([suiteResult('prompts/support/v2.0', hugeTests)]);
  const hugeBase = runResult([suiteResult('prompts/support/v2.0', hugeTests.map((t) => ({ ...t, status: 'passed' as const })))]);

  it('lists a bounded number of tests per section and counts the rest', () => {
    const body = renderComment(resultsFile(hugeHead, hugeBase), context);
    expect(body.length).toBeLessThanOrEqual(65_000);
    expect(body).toContain('#### Newly failing (3000)');
    expect(body).toContain('… and 2,975 more tests');
  });

  it('stays under GitHub’s comment limit when the detail would not fit, and says what it cut', () => {
    const body = renderComment(resultsFile(hugeHead, hugeBase), { ...context, maxTestsPerList: 3000 });
    expect(body.length).toBeLessThanOrEqual(65_000);
    expect(body).toContain(TRUNCATION_NOTE);
    expect(body).toContain('… and 2,995 more tests'); // the short form of the failing list
    expect(body).not.toContain('Model outputs of failing tests'); // raw outputs go first
    expect(body.indexOf(marker)).toBe(0);
  });
});
