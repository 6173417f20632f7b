import { describe, expect, it } from '@jest/globals';
import { buildAnnotations, MAX_ERROR_ANNOTATIONS } from '../../src/action/annotations.js';
import { parseInputs } from '../../src/action/inputs.js';
import { actionOutputs } from '../../src/action/outputs.js';
import { resultsFileOf, runResult, suiteResult, testResult } from '../support/results.js';

const inputs = (values: Record<string, string>) => parseInputs((name) => values[name] ?? '');

describe('parseInputs', () => {
  it('applies the documented defaults', () => {
    expect(inputs({})).toMatchObject({ mode: 'pr', responses: 'auto', comment: true, prompts: [] });
  });

  it('leaves settings promptgate.yaml can hold undefined when empty, so the engine resolves them once', () => {
    const parsed = inputs({});
    for (const key of ['threshold', 'concurrency', 'repeat', 'maxCostIncrease'] as const) expect(parsed[key]).toBeUndefined();
    expect(inputs({ threshold: '0.5', concurrency: '3', repeat: '2', 'max-cost-increase': '10' })).toMatchObject({
      threshold: 0.5,
      concurrency: 3,
      repeat: 2,
      maxCostIncrease: 10,
    });
  });

  it('reads the sharding inputs: a share for a matrix job, the results files for the merge job', () => {
    expect(inputs({ shard: '2/3' }).shard).toEqual({ index: 2, count: 3 });
    expect(inputs({}).shard).toBeUndefined();
    expect(inputs({ mode: 'merge', 'results-files': 'shards/*.json\n  other/1.json \n' })).toMatchObject({
      mode: 'merge',
      resultsFiles: ['shards/*.json', 'other/1.json'],
    });
  });

  it('splits prompt globs on lines and commas', () => {
    expect(inputs({ prompts: 'prompts/**\n  other/*, third' }).prompts).toEqual(['prompts/**', 'other/*', 'third']);
  });

  it.each([
    ['threshold', '95', 'input "threshold" must be a number from 0 to 1, got "95"'],
    ['mode', 'deploy', 'input "mode" must be one of pr, all, release, merge, got "deploy"'],
    ['shard', '4/3', 'input "shard": shard index must be from 1 to 3, got 4'],
    ['shard', 'half', 'input "shard": shard must look like I/N (e.g. 2/4), got "half"'],
    ['concurrency', '2.5', 'input "concurrency" must be a whole number from 1 to 256, got "2.5"'],
    ['comment', 'maybe', 'input "comment" must be true or false, got "maybe"'],
  ])('rejects %s=%s with a message naming the input', (name, value, message) => {
    expect(() => inputs({ [name]: value })).toThrow(message);
  });
});

describe('buildAnnotations', () => {
  it('puts one annotation on the tests.yaml line of each failing or errored test', () => {
    const results = resultsFileOf(
      runResult([
        suiteResult('prompts/s/v1', [
          testResult('ok', 'passed'),
          testResult('bad', 'failed', { line: 12 }),
          testResult('boom', 'error', { line: 20 }),
        ]),
      ]),
    );
    expect(buildAnnotations(results)).toEqual([
      {
        file: 'prompts/s/v1/tests.yaml',
        startLine: 12,
        title: 'promptgate: test failed',
        message: 'bad — intent equals "billing_issue": expected billing_issue, got general_question',
      },
      {
        file: 'prompts/s/v1/tests.yaml',
        startLine: 20,
        title: 'promptgate: test errored',
        message: 'boom — error: provider error: 500 Internal Server Error',
      },
    ]);
  });

  it('puts a test read from a data file on its row there', () => {
    const row = testResult('from csv', 'failed', { line: 4, dataRow: { file: 'prompts/s/v1/cases.csv', line: 37 } });
    expect(
      buildAnnotations(resultsFileOf(runResult([suiteResult('prompts/s/v1', [row])]))).map(({ file, startLine }) => [file, startLine]),
    ).toEqual([['prompts/s/v1/cases.csv', 37]]);
  });

  it('stays within the per-step limit and says how many more there are', () => {
    const tests = Array.from({ length: 30 }, (_, i) => testResult(`t${i}`, 'failed', { line: i + 1 }));
    const annotations = buildAnnotations(resultsFileOf(runResult([suiteResult('p/s/v1', tests)])));
    expect(annotations).toHaveLength(MAX_ERROR_ANNOTATIONS);
    expect(annotations.at(-1)?.message).toBe('21 more failing tests or input problems are listed in the job summary and results.json.');
  });
});

describe('actionOutputs', () => {
  it('sets every output, with unknown cost spelled out', () => {
    const results = resultsFileOf(
      runResult([suiteResult('p/s/v1', [testResult('a', 'passed', { costUsd: null }), testResult('b', 'error')])]),
    );
    expect(actionOutputs(results, '/tmp/r.json')).toEqual({
      gate: 'failed',
      'pass-rate': '0.5000',
      total: '2',
      passed: '1',
      failed: '0',
      errors: '1',
      'cost-usd': 'unknown',
      'base-pass-rate': '',
      'base-cost-usd': '',
      'changed-prompts': '["p/s/v1"]',
      'results-file': '/tmp/r.json',
    });
  });
});
