import { describe, expect, it } from '@jest/globals';
import { compareRuns } from '../../src/results/compare.js';
import { compareVersions } from '../../src/select/version-order.js';
import { pairSuites } from '../../src/select/pairing.js';
import { decideGate } from '../../src/gate/decide.js';
import { runResult, suiteResult, testResult } from '../support/results.js';

describe('pairSuites', () => {
  const base = [
    { path: 'prompts/support/v1.0', id: 'support', version: 'v1.0' },
    { path: 'prompts/support/v2.0', id: 'support', version: 'v2.0' },
    { path: 'prompts/old-name/v1', id: 'old-name', version: 'v1' },
    { path: 'prompts/gone/v1', id: 'gone', version: 'v1' },
  ];

  it('pairs by path, then by rename, then a new version with the newest base version of its id', () => {
    const head = [
      { path: 'prompts/support/v2.0', id: 'support', version: 'v2.0' },
      { path: 'prompts/support/v2.10', id: 'support', version: 'v2.10' },
      { path: 'prompts/new-name/v1', id: 'new-name', version: 'v1' },
      { path: 'prompts/brand-new/v1', id: 'brand-new', version: 'v1' },
    ];
    const pairs = pairSuites(head, base, {
      renamedFrom: new Map([['prompts/new-name/v1', 'prompts/old-name/v1']]),
      removedPaths: new Set(['prompts/gone/v1']),
    });
    expect(pairs).toEqual([
      { headPath: 'prompts/support/v2.0', basePath: 'prompts/support/v2.0', change: 'modified' },
      { headPath: 'prompts/support/v2.10', basePath: 'prompts/support/v2.0', change: 'new-version' },
      { headPath: 'prompts/new-name/v1', basePath: 'prompts/old-name/v1', change: 'renamed' },
      { headPath: 'prompts/brand-new/v1', change: 'added' },
      { basePath: 'prompts/gone/v1', change: 'removed' },
    ]);
  });

  it('marks folders outside the change as unchanged', () => {
    const pairs = pairSuites([{ path: 'prompts/support/v1.0', id: 'support', version: 'v1.0' }], base, { changedPaths: new Set() });
    expect(pairs[0]?.change).toBe('unchanged');
  });
});

describe('compareVersions', () => {
  it('orders numeric segments as numbers', () => {
    expect(['v2.10', 'v2.9', 'v10', 'v1.0'].sort(compareVersions)).toEqual(['v1.0', 'v2.9', 'v2.10', 'v10']);
  });
});

describe('compareRuns', () => {
  const base = runResult([
    suiteResult('prompts/support/v2.0', [
      testResult('reset password', 'passed'),
      testResult('billing', 'passed'),
      testResult('weather', 'failed'),
      testResult('timeout', 'passed'),
      testResult('dropped', 'passed'),
      testResult('still broken', 'failed'),
    ]),
  ]);
  const head = runResult([
    suiteResult('prompts/support/v2.0', [
      testResult('reset password', 'passed', { inputTokens: 500, outputTokens: 100, costUsd: 0.0002, latencyMs: 900 }),
      testResult('billing', 'failed'),
      testResult('weather', 'passed'),
      testResult('timeout', 'error'),
      testResult('brand new', 'passed'),
      testResult('still broken', 'failed'),
    ]),
  ]);
  const comparison = compareRuns(head, base, [{ headPath: 'prompts/support/v2.0', basePath: 'prompts/support/v2.0', change: 'modified' }]);
  const suite = comparison.suites[0]!;

  it('sorts every test by what happened to it', () => {
    expect(suite.newlyFailing.map((t) => t.name)).toEqual(['billing']);
    expect(suite.newlyFailing[0]?.failedChecks?.[0]).toMatchObject({ expected: 'billing_issue', actual: 'general_question' });
    expect(suite.newlyErroring.map((t) => t.name)).toEqual(['timeout']);
    expect(suite.newlyPassing.map((t) => t.name)).toEqual(['weather']);
    expect(suite.stillFailing.map((t) => t.name)).toEqual(['still broken']);
    expect(suite.addedTests.map((t) => t.name)).toEqual(['brand new']);
    expect(suite.removedTests.map((t) => t.name)).toEqual(['dropped']);
  });

  it('computes deltas per answered run, so errored runs (no tokens, no cost) do not look cheap', () => {
    expect(suite.delta.passRate).toBeCloseTo(3 / 6 - 4 / 6, 10);
    // head: 5 answered runs — one of 600 tokens, four of 450 — and one errored run, left out.
    expect(suite.delta.inputTokensPerTest! + suite.delta.outputTokensPerTest!).toBeCloseTo((600 + 4 * 450) / 5 - 450, 10);
    expect(suite.delta.costPer1kRuns).toBeCloseTo(((0.0002 + 4 * 0.0001) / 5 - 0.0001) * 1000, 10);
    expect(suite.delta.p95LatencyMs).toBe(400);
  });

  it('has no per-run figures for a side that answered nothing', () => {
    const allErrored = runResult([suiteResult('p/s/v1', [testResult('a', 'error')])]);
    const answered = runResult([suiteResult('p/s/v1', [testResult('a', 'passed')])]);
    const result = compareRuns(allErrored, answered, [{ headPath: 'p/s/v1', basePath: 'p/s/v1', change: 'modified' }]);
    expect(result.suites[0]?.delta).toMatchObject({ inputTokensPerTest: null, costPer1kRuns: null });
  });

  it('folds repeats: a test is failing when any of its runs failed', () => {
    const repeated = runResult([suiteResult('p/s/v1', [testResult('flaky', 'passed'), testResult('flaky', 'failed')])]);
    const baseline = runResult([suiteResult('p/s/v1', [testResult('flaky', 'passed'), testResult('flaky', 'passed')])]);
    const result = compareRuns(repeated, baseline, [{ headPath: 'p/s/v1', basePath: 'p/s/v1', change: 'modified' }]);
    expect(result.suites[0]?.newlyFailing.map((t) => t.name)).toEqual(['flaky']);
  });
});

describe('compareRuns with a side that did not run', () => {
  const notRun = (name: string) => testResult(name, 'error', { errorKind: 'no-credentials', error: 'OPENAI_API_KEY is not set' });
  const pair = [{ headPath: 'p/s/v1', basePath: 'p/s/v1', change: 'modified' as const }];

  it('is not comparable when the base did not run: no pp delta, and no test listed as a flip', () => {
    const base = runResult([suiteResult('p/s/v1', [notRun('a'), notRun('b')])]);
    const head = runResult([suiteResult('p/s/v1', [testResult('a', 'passed'), testResult('b', 'failed')])]);
    const suite = compareRuns(head, base, pair).suites[0]!;
    expect(suite.verdict).toBe('not-comparable');
    expect(suite.base?.passRate).toBeNull();
    expect(suite.delta.passRate).toBeNull();
    expect(suite.newlyPassing).toEqual([]);
    expect(suite.stillFailing).toEqual([]);
    // The head's failure is still shown, without a base status it never had.
    expect(suite.newlyFailing.map((t) => [t.name, t.base])).toEqual([['b', undefined]]);
    expect(compareRuns(head, base, pair).delta.passRate).toBeNull();
  });

  it('lists a base test that was not run as no flip, while the rest of the suite compares', () => {
    const base = runResult([suiteResult('p/s/v1', [testResult('a', 'failed'), notRun('b')])]);
    const head = runResult([suiteResult('p/s/v1', [testResult('a', 'passed'), testResult('b', 'passed')])]);
    const suite = compareRuns(head, base, pair).suites[0]!;
    // Only "a" ran on both sides: one flip is within noise, and the p-value is over that pair.
    expect(suite).toMatchObject({ verdict: 'within-noise', pValue: 1, verdictDetail: { paired: 1, improvements: 1, regressions: 0 } });
    expect(suite.newlyPassing.map((t) => t.name)).toEqual(['a']);
  });

  it('lists the tests of a folder the pull request adds as new, never as still failing', () => {
    const head = runResult([suiteResult('p/new/v1', [testResult('x', 'failed'), testResult('y', 'passed')])]);
    const suite = compareRuns(head, runResult([]), [{ headPath: 'p/new/v1', change: 'added' }]).suites[0]!;
    expect(suite.stillFailing).toEqual([]);
    expect(suite.addedTests.map((t) => [t.name, t.head])).toEqual([
      ['x', 'failed'],
      ['y', 'passed'],
    ]);
    expect(suite.verdict).toBe('not-comparable');
  });
});

describe('decideGate', () => {
  it('fails per suite below the threshold, naming the folder and the figures', () => {
    const run = runResult([
      suiteResult(
        'prompts/a/v1',
        Array.from({ length: 20 }, (_, i) => testResult(`t${i}`, 'passed')),
      ),
      suiteResult('prompts/b/v1', [testResult('x', 'passed'), testResult('y', 'failed'), testResult('z', 'error')]),
    ]);
    const gate = decideGate({ nothingFound: false, suites: run.suites, threshold: 0.95 });
    expect(gate).toMatchObject({ passed: false, exitCode: 1 });
    expect(gate.reasons).toEqual(['prompts/b/v1: pass rate 33.3% (1/3 passed, 1 error) is below the 95.0% threshold']);
  });

  it('passes at exactly the threshold, and with no suites when only changed folders were asked for', () => {
    const tests = Array.from({ length: 20 }, (_, i) => testResult(`t${i}`, i === 0 ? 'failed' : 'passed'));
    expect(decideGate({ nothingFound: false, suites: runResult([suiteResult('p/a/v1', tests)]).suites, threshold: 0.95 })).toMatchObject({
      passed: true,
      exitCode: 0,
    });
    expect(decideGate({ suites: [], threshold: 0.95, nothingFound: false })).toMatchObject({ passed: true, exitCode: 0 });
  });

  it('exits 2 when nothing could be judged: no folder found, a root that matches nothing, or only malformed tests', () => {
    expect(decideGate({ suites: [], threshold: 0.95, nothingFound: true })).toMatchObject({ passed: false, exitCode: 2 });
    const good = runResult([suiteResult('p/a/v1', [testResult('t', 'passed')])]).suites;
    const typo = { file: 'promts/**', message: 'matches no files' };
    expect(decideGate({ nothingFound: false, suites: good, threshold: 0.95, inputProblems: [typo] })).toMatchObject({
      passed: false,
      exitCode: 2,
      reasons: ['promts/**: matches no files'],
    });
    const malformed = runResult([suiteResult('p/a/v1', [testResult('t', 'error', { errorKind: 'invalid-input' })])]).suites;
    expect(decideGate({ nothingFound: false, suites: malformed, threshold: 0.95 }).exitCode).toBe(2);
  });

  it('fails a head suite that did not run, saying why, and never passes it untested', () => {
    const suites = runResult([
      suiteResult('p/a/v1', [
        testResult('t', 'error', { errorKind: 'missing-recording' }),
        testResult('u', 'error', { errorKind: 'missing-recording' }),
      ]),
    ]).suites;
    const gate = decideGate({ nothingFound: false, suites, threshold: 0 });
    expect(gate).toMatchObject({ passed: false, exitCode: 1 });
    expect(gate.reasons).toEqual(['p/a/v1: not run (no recorded response), so it is untested and cannot pass']);
  });

  it('fails a cancelled run', () => {
    const suites = runResult([suiteResult('p/a/v1', [testResult('t', 'passed')])]).suites;
    expect(decideGate({ nothingFound: false, suites, threshold: 0.95, cancelled: true })).toMatchObject({
      passed: false,
      exitCode: 1,
      reasons: ['the run was cancelled before every test ran'],
    });
  });

  it('fails when the cost per run rises beyond max-cost-increase', () => {
    const head = runResult([suiteResult('p/a/v1', [testResult('t', 'passed', { costUsd: 0.0003 })])]);
    const base = runResult([suiteResult('p/a/v1', [testResult('t', 'passed', { costUsd: 0.0001 })])]);
    const comparison = compareRuns(head, base, [{ headPath: 'p/a/v1', basePath: 'p/a/v1', change: 'modified' }]);
    const gate = decideGate({ nothingFound: false, suites: head.suites, threshold: 0.95, maxCostIncreasePercent: 50, comparison });
    expect(gate.reasons).toEqual(['p/a/v1: cost per 1,000 runs rose 200% ($0.10 → $0.30), above the allowed 50%']);
    expect(decideGate({ nothingFound: false, suites: head.suites, threshold: 0.95, maxCostIncreasePercent: 250, comparison }).passed).toBe(
      true,
    );
  });
});
