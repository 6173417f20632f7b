import { describe, expect, it } from '@jest/globals';
import type { CheckResult, TestResult, TestRun } from '../../src/results/model.js';
import { aggregateRuns } from '../../src/run/repeats.js';
import { statusContradiction } from '../../src/shard/status.js';

/** The rule a merge checks every test against: a status agrees with its checks (src/shard/status.ts). */

const check = (name: string, passed: boolean): CheckResult => ({ name, passed, expected: 'x', actual: passed ? 'x' : 'y' });
const answered = (checks: CheckResult[], status: TestResult['status'] = checks.every((each) => each.passed) ? 'passed' : 'failed') =>
  ({
    name: 't',
    status,
    checks,
    output: '{"intent":"x"}',
    inputTokens: 10,
    outputTokens: 5,
    costUsd: 0.001,
    latencyMs: 20,
    error: null,
  }) satisfies TestResult;
const errored = (errorKind: string, error = `failed: ${errorKind}`) =>
  ({ ...answered([]), status: 'error', output: null, error, errorKind, costUsd: 0 }) satisfies TestResult;
const run = (result: TestResult, index: number): TestRun => {
  const { name: _name, ...rest } = result;
  return { run: index + 1, ...rest };
};
const repeated = (results: TestResult[], minPass: number) =>
  aggregateRuns({ name: 't', line: 3 }, results.map(run), { repeat: results.length, minPass }) as TestResult;

describe('a status that contradicts its checks', () => {
  it('accepts every status the runner gives one answer', () => {
    expect(statusContradiction(answered([check('intent', true), check('schema', true)]))).toBeUndefined();
    expect(statusContradiction(answered([]))).toBeUndefined(); // a test that checks nothing passes
    expect(statusContradiction(answered([check('intent', false), check('schema', true)]))).toBeUndefined();
    for (const kind of ['missing-recording', 'no-credentials', 'cancelled', 'rate_limit', 'invalid-input'])
      expect(statusContradiction(errored(kind))).toBeUndefined();
    // A judge that could not judge: the answer's own checks (passed) beside the rubric check it could not score.
    const judge = {
      ...answered([check('intent', true), check('rubric', false)], 'error'),
      error: 'the judge could not judge',
      errorKind: 'judge',
    };
    expect(statusContradiction(judge)).toBeUndefined();
  });

  it('refuses a pass with a failed check or an error, a failure without one, an error without its reason', () => {
    expect(statusContradiction(answered([check('intent', false)], 'passed'))).toBe('is passed but its check "intent" failed');
    expect(statusContradiction({ ...answered([check('intent', true)]), error: 'timeout' })).toBe('is passed but has an error (timeout)');
    expect(statusContradiction(answered([check('intent', true)], 'failed'))).toBe('is failed but every check passed and it has no error');
    expect(statusContradiction(answered([], 'failed'))).toBe('is failed but every check passed and it has no error');
    expect(statusContradiction({ ...answered([check('intent', false)]), errorKind: 'judge', error: 'x' })).toBe(
      'is failed but has an error (x): an errored test is an error',
    );
    expect(statusContradiction({ ...errored('rate_limit'), error: null })).toBe('is error but has no error message');
    expect(statusContradiction({ ...errored('rate_limit'), errorKind: undefined })).toBe('is error but has no errorKind');
  });

  it('refuses a not-run error that was judged, and an error whose every check passed', () => {
    expect(statusContradiction({ ...errored('missing-recording'), checks: [check('intent', false)] })).toBe(
      'is error (missing-recording: not run) but has checks',
    );
    expect(statusContradiction({ ...errored('cancelled'), output: 'an answer' })).toBe('is error (cancelled: not run) but has an output');
    expect(statusContradiction({ ...errored('judge'), checks: [check('intent', true)] })).toBe(
      'is error (judge) but every one of its checks passed',
    );
  });

  it('accepts the k-of-n outcomes of repeated tests: passed, failed, error, flaky', () => {
    const pass = answered([check('intent', true)]);
    const fail = answered([check('intent', false)]);
    const cases = [
      repeated([pass, fail, pass], 2), // 2 of 3, flaky
      repeated([pass, fail, fail], 2), // failed
      repeated([pass, errored('rate_limit'), errored('missing-recording')], 2), // error: the shortfall is unanswered runs
      repeated([errored('cancelled'), errored('cancelled')], 1), // not run at all
      repeated([pass, pass], 2),
    ];
    expect(cases.map((test) => test.status)).toEqual(['passed', 'failed', 'error', 'error', 'passed']);
    expect(cases[0]!.flaky).toBe(true);
    for (const test of cases) expect(statusContradiction(test)).toBeUndefined();
  });

  it('refuses a repeated test whose status, k-of-n check, runs or flaky flag disagree', () => {
    const pass = answered([check('intent', true)]);
    const fail = answered([check('intent', false)]);
    const failed = repeated([pass, fail, fail], 2);
    expect(statusContradiction({ ...failed, status: 'passed' })).toBe(
      'is passed but 1 of its 3 runs passed and 2 failed, with 2 needed: that is failed',
    );
    expect(statusContradiction({ ...failed, checks: failed.checks.slice(1) })).toBe(
      'has 3 runs but no "runs passed" check first, stating ">= K of 3"',
    );
    expect(statusContradiction({ ...failed, checks: [{ ...failed.checks[0]!, actual: 2 }, ...failed.checks.slice(1)] })).toBe(
      'has the check "runs passed" failed with 2 runs passed, but 1 of its 3 runs passed and 2 must',
    );
    expect(statusContradiction({ ...failed, flaky: false })).toBe(
      'is not marked flaky, but its answered runs disagree (1 passed, 2 failed)',
    );
    expect(statusContradiction({ ...failed, runs: failed.runs!.map((each) => ({ ...each, run: 1 })) })).toBe(
      'has runs numbered 1, 1, 1, not 1 to 3',
    );
    expect(statusContradiction({ ...failed, runs: [{ ...failed.runs![0]!, status: 'failed' }, ...failed.runs!.slice(1)] })).toBe(
      'run 1 is failed but every check passed and it has no error',
    );
  });
});
