import { describe, expect, it } from '@jest/globals';
import { percentile, summarize } from '../../src/results/summarize.js';
import { testResult } from '../support/results.js';

describe('summarize', () => {
  it('counts passed, failed and errored apart, and errors count against the pass rate', () => {
    const summary = summarize([testResult('a', 'passed'), testResult('b', 'passed'), testResult('c', 'failed'), testResult('d', 'error')]);
    expect(summary).toMatchObject({
      total: 4,
      passed: 2,
      failed: 1,
      errors: 1,
      notRun: 0,
      passRate: 0.5,
      inputTokens: 1200,
      outputTokens: 150,
    });
    expect(summary.costUsd).toBeCloseTo(0.0003, 10);
  });

  it('reports cost as unknown when one answered test has no price, never as a partial sum', () => {
    const summary = summarize([testResult('a', 'passed'), testResult('b', 'passed', { costUsd: null })]);
    expect(summary.costUsd).toBeNull();
  });

  it('takes latency percentiles over answered tests only', () => {
    const tests = [100, 200, 300, 400, 1000].map((ms, i) => testResult(`t${i}`, 'passed', { latencyMs: ms }));
    tests.push(testResult('err', 'error'));
    expect(summarize(tests).latencyMs).toEqual({ p50: 300, p95: 1000 });
  });

  it('has no pass rate (null, never 0%) when tests exist but none ran, and counts the not-run apart', () => {
    const notRun = (name: string, errorKind: string) => testResult(name, 'error', { errorKind });
    const none = summarize([notRun('a', 'missing-recording'), notRun('b', 'no-credentials'), notRun('c', 'cancelled')]);
    expect(none).toMatchObject({ total: 3, errors: 3, notRun: 3, passRate: null });
    const some = summarize([testResult('a', 'passed'), notRun('b', 'missing-recording'), testResult('c', 'error')]);
    expect(some).toMatchObject({ total: 3, errors: 2, notRun: 1, passRate: 1 / 3 });
  });

  it('has a zero pass rate and no latency for an empty list', () => {
    expect(summarize([])).toMatchObject({ total: 0, passRate: 0, costUsd: 0, latencyMs: { p50: null, p95: null } });
  });
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.95)).toBe(95);
    expect(percentile([7], 0.95)).toBe(7);
  });
});
