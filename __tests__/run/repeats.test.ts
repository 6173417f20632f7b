import { describe, expect, it } from '@jest/globals';
import type { CheckResult, TestRun } from '../../src/results/model.js';
import { aggregateRuns, K_OF_N_CHECK, resolveRepeatPolicy } from '../../src/run/repeats.js';
import { runLatencies } from '../../src/results/summarize.js';

const passedCheck: CheckResult = {
  name: 'intent equals "account_access"',
  passed: true,
  expected: 'account_access',
  actual: 'account_access',
};
const failedCheck: CheckResult = {
  name: 'intent equals "account_access"',
  passed: false,
  expected: 'account_access',
  actual: 'billing_issue',
};

/** A run as the runner produces it: answered runs cost and take time, errored ones do not. */
function run(number: number, status: TestRun['status'], overrides: Partial<TestRun> = {}): TestRun {
  const answered = status !== 'error';
  return {
    run: number,
    status,
    checks: status === 'passed' ? [passedCheck] : status === 'failed' ? [failedCheck] : [],
    output: answered ? `{"intent":"${status === 'passed' ? 'account_access' : 'billing_issue'}","run":${number}}` : null,
    inputTokens: answered ? 400 : 0,
    outputTokens: answered ? 50 : 0,
    costUsd: answered ? 0.0001 : 0,
    latencyMs: answered ? 100 * number : null,
    error: answered ? null : `provider error: 500 on run ${number}`,
    ...(answered ? { model: 'gpt-4o-mini-2024-07-18', source: 'replay' as const } : { errorKind: 'server' }),
    ...overrides,
  };
}

const runsOf = (...statuses: TestRun['status'][]) => statuses.map((status, i) => run(i + 1, status));
const test = { name: 'Handle password reset', line: 7 };

describe('aggregateRuns', () => {
  it('passes when at least K of N runs pass, and says so in a leading check', () => {
    const result = aggregateRuns(test, runsOf('passed', 'failed', 'passed', 'passed', 'failed'), { repeat: 5, minPass: 3 });
    expect(result.status).toBe('passed');
    expect(result.checks[0]).toEqual({
      name: K_OF_N_CHECK,
      passed: true,
      expected: '>= 3 of 5',
      actual: 3,
      message: '3 of 5 runs passed, 3 needed',
    });
    // The representative is the first passing run: its checks, its output.
    expect(result.checks.slice(1)).toEqual([passedCheck]);
    expect(result.output).toBe('{"intent":"account_access","run":1}');
    expect(result.error).toBeNull();
  });

  it('fails one short of K, showing a failed run and why', () => {
    const result = aggregateRuns(test, runsOf('passed', 'failed', 'passed', 'failed', 'failed'), { repeat: 5, minPass: 3 });
    expect(result.status).toBe('failed');
    expect(result.checks[0]).toMatchObject({ passed: false, actual: 2, message: '2 of 5 runs passed, 3 needed' });
    expect(result.checks[1]).toEqual(failedCheck);
    expect(result.output).toBe('{"intent":"billing_issue","run":2}');
  });

  it('with K = N (the default) one failure in five runs fails the test', () => {
    expect(aggregateRuns(test, runsOf('passed', 'passed', 'failed', 'passed', 'passed'), { repeat: 5, minPass: 5 }).status).toBe('failed');
  });

  it('is errored, not failed, when only runs with no answer stand between it and K', () => {
    const result = aggregateRuns(test, runsOf('passed', 'error', 'passed'), { repeat: 3, minPass: 3 });
    expect(result).toMatchObject({ status: 'error', error: 'provider error: 500 on run 2', errorKind: 'server', output: null });
  });

  it('is failed when the failures alone make K unreachable, errors or not', () => {
    const result = aggregateRuns(test, runsOf('passed', 'error', 'failed'), { repeat: 3, minPass: 3 });
    expect(result).toMatchObject({ status: 'failed', error: null });
    expect(result.errorKind).toBeUndefined();
  });

  it('is errored when every run errored', () => {
    expect(aggregateRuns(test, runsOf('error', 'error'), { repeat: 2, minPass: 1 })).toMatchObject({
      status: 'error',
      flaky: false,
      latencyMs: null,
    });
  });

  it('flags flaky when answered runs disagree, whichever way the test went', () => {
    expect(aggregateRuns(test, runsOf('passed', 'failed', 'passed'), { repeat: 3, minPass: 2 }).flaky).toBe(true);
    expect(aggregateRuns(test, runsOf('passed', 'failed', 'passed'), { repeat: 3, minPass: 3 }).flaky).toBe(true);
    expect(aggregateRuns(test, runsOf('passed', 'passed', 'passed'), { repeat: 3, minPass: 3 }).flaky).toBe(false);
    expect(aggregateRuns(test, runsOf('failed', 'failed'), { repeat: 2, minPass: 2 }).flaky).toBe(false);
  });

  it('does not call a provider error next to passes flaky: an errored run gave no answer to disagree with', () => {
    expect(aggregateRuns(test, runsOf('passed', 'error', 'passed'), { repeat: 3, minPass: 2 })).toMatchObject({
      status: 'passed',
      flaky: false,
    });
  });

  it('sums tokens and cost over every run: that is what the test cost', () => {
    const result = aggregateRuns(test, runsOf('passed', 'failed', 'error'), { repeat: 3, minPass: 1 });
    expect(result).toMatchObject({ inputTokens: 800, outputTokens: 100 });
    expect(result.costUsd).toBe(0.0002);
  });

  it('reports cost as unknown when one answered run has no price, never a partial sum', () => {
    const runs = [run(1, 'passed'), run(2, 'passed', { costUsd: null })];
    expect(aggregateRuns(test, runs, { repeat: 2, minPass: 2 }).costUsd).toBeNull();
  });

  it('takes the median latency of the answered runs and keeps every run with its own', () => {
    const runs = runsOf('passed', 'passed', 'error', 'failed', 'passed'); // latencies 100, 200, -, 400, 500
    const result = aggregateRuns(test, runs, { repeat: 5, minPass: 3 });
    expect(result.latencyMs).toBe(200); // nearest rank of [100, 200, 400, 500]
    expect(result.runs.map((r) => r.latencyMs)).toEqual([100, 200, null, 400, 500]);
    expect(result.runs).toEqual(runs);
    expect(result.runs).not.toBe(runs);
  });

  it('keeps the test name, line, model and source', () => {
    expect(aggregateRuns(test, runsOf('passed', 'passed'), { repeat: 2, minPass: 2 })).toMatchObject({
      name: 'Handle password reset',
      line: 7,
      model: 'gpt-4o-mini-2024-07-18',
      source: 'replay',
    });
  });

  it('adds no k-of-n line to a single run: the run is the test', () => {
    const result = aggregateRuns(test, runsOf('failed'), { repeat: 1, minPass: 1 });
    expect(result.checks).toEqual([failedCheck]);
    expect(result).toMatchObject({ status: 'failed', flaky: false });
  });

  it('refuses a test with no runs', () => {
    expect(() => aggregateRuns(test, [], { repeat: 3, minPass: 3 })).toThrow(/has no runs/);
  });
});

describe('resolveRepeatPolicy', () => {
  it('runs once, and that run must pass, when nothing is set', () => {
    expect(resolveRepeatPolicy({})).toEqual({ ok: true, policy: { repeat: 1, minPass: 1 } });
  });

  it('defaults K to N', () => {
    expect(resolveRepeatPolicy({ repeat: 5 })).toEqual({ ok: true, policy: { repeat: 5, minPass: 5 } });
  });

  it('takes the run-wide K for the run-wide N', () => {
    expect(resolveRepeatPolicy({ repeat: 5, minPass: 4 })).toEqual({ ok: true, policy: { repeat: 5, minPass: 4 } });
  });

  it("lets a test's own repeat and min_pass win", () => {
    expect(resolveRepeatPolicy({ repeat: 5, minPass: 4, testRepeat: 10, testMinPass: 7 })).toEqual({
      ok: true,
      policy: { repeat: 10, minPass: 7 },
    });
    expect(resolveRepeatPolicy({ repeat: 5, minPass: 4, testMinPass: 2 })).toEqual({ ok: true, policy: { repeat: 5, minPass: 2 } });
  });

  it('gives a test with its own repeat but no min_pass K = its N, not the run-wide K', () => {
    expect(resolveRepeatPolicy({ repeat: 5, minPass: 4, testRepeat: 2 })).toEqual({ ok: true, policy: { repeat: 2, minPass: 2 } });
  });

  it('rejects a K above N, naming the setting to fix', () => {
    expect(resolveRepeatPolicy({ repeat: 3, minPass: 4 })).toEqual({
      ok: false,
      field: 'min-pass',
      message: '4 runs must pass but only 3 runs: set repeat to at least 4',
    });
    expect(resolveRepeatPolicy({ minPass: 2 })).toMatchObject({
      ok: false,
      field: 'min-pass',
      message: expect.stringContaining('only 1 run:'),
    });
    expect(resolveRepeatPolicy({ repeat: 3, testMinPass: 5 })).toMatchObject({ ok: false, field: 'tests.min_pass' });
  });

  it.each([
    [{ repeat: 0 }, 'repeat'],
    [{ minPass: 1.5 }, 'min-pass'],
    [{ testRepeat: -2 }, 'tests.repeat'],
    [{ testMinPass: Number.NaN }, 'tests.min_pass'],
  ])('rejects %j as not a whole number of at least 1', (settings, field) => {
    expect(resolveRepeatPolicy(settings)).toMatchObject({
      ok: false,
      field,
      message: expect.stringMatching(/^must be a whole number of at least 1/),
    });
  });
});

describe('runLatencies', () => {
  it('lists every answered run, so a suite p95 describes calls, not per-test medians', () => {
    const repeated = aggregateRuns(test, runsOf('passed', 'error', 'failed'), { repeat: 3, minPass: 1 });
    const single = { status: 'passed' as const, latencyMs: 900 };
    const errored = { status: 'error' as const, latencyMs: null };
    expect(runLatencies([repeated, single, errored])).toEqual([100, 300, 900]);
  });
});
