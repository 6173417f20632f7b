import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResultsFile } from '../../src/results/model.js';
import { pullRequestEvent, runAction } from '../support/action-runner.js';
import { supportFolder } from '../support/fixtures.js';
import type { TempRepo } from '../support/git-repo.js';
import type { GitHubServer } from '../support/github-server.js';
import { createPullRequestFixture } from '../support/pull-request-fixture.js';

/** Issue 9 through the action as GitHub runs it: `repeat`, `min-pass`, `fail-on-regression` inputs. */
const TOKEN = 'ghs_testtoken000000000000000000000000';
const KEY = 'sk-action-secret-abcdef0123456789';

let github: GitHubServer;
let repo: TempRepo;
let baseSha: string;
let headSha: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ github, repo, baseSha, headSha, close } = await createPullRequestFixture({
    token: TOKEN,
    key: KEY,
    base: { files: supportFolder('prompts/support/v1.0'), record: ['prompts', '--repeat', '2'], message: 'support prompt with recordings' },
    head: {
      files: supportFolder('prompts/support/v1.0', { systemNote: 'BREAK-BILLING' }),
      record: ['prompts', '--repeat', '2', '--threshold', '0'],
      message: 'billing misread',
    },
  }));
});
afterAll(() => close());

describe('the action with repeats and fail-on-regression', () => {
  it('runs k-of-n from the inputs, says "within noise" for one flip, and does not fail on it even with fail-on-regression', async () => {
    const run = await runAction({
      workspace: repo.dir,
      event: pullRequestEvent({ number: 21, baseSha, headSha }),
      inputs: {
        'github-token': TOKEN,
        threshold: '0.5',
        repeat: '2',
        'min-pass': '1',
        'fail-on-regression': 'significant',
        responses: 'replay',
        'results-file': 'out/results.json',
      },
      apiUrl: github.url,
      sha: headSha,
    });
    expect(run.code).toBe(0);
    const results = JSON.parse(await readFile(join(repo.dir, 'out/results.json'), 'utf8')) as ResultsFile;
    expect(results.suites[0]!.tests.every((test) => test.runs?.length === 2)).toBe(true);
    expect(results.comparison!.suites[0]).toMatchObject({ verdict: 'within-noise', pValue: 1 });
    const comment = github.state.comments.find((entry) => entry.issueNumber === 21)!.body;
    expect(comment).toContain('−33.3 pp, may be noise: a drop this large happens by chance nearly 100% of the time¹.');
    expect(run.summary).toContain('<summary>Per model: intervals</summary>');
  });

  it('rejects a fail-on-regression value it does not know, naming the input', async () => {
    const run = await runAction({
      workspace: repo.dir,
      event: pullRequestEvent({ number: 22, baseSha, headSha }),
      inputs: { 'github-token': TOKEN, 'fail-on-regression': 'always', responses: 'replay' },
      apiUrl: github.url,
      sha: headSha,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('input "fail-on-regression" must be one of off, significant, got "always"');
  });

  it('gates per test over its runs with the repeat input and min-pass left to its default (every run)', async () => {
    const run = await runAction({
      workspace: repo.dir,
      event: pullRequestEvent({ number: 23, baseSha, headSha }),
      inputs: { 'github-token': TOKEN, threshold: '0.9', repeat: '2', responses: 'replay' },
      apiUrl: github.url,
      sha: headSha,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('pass rate 66.7%25 (2/3 passed) is below the 90.0%25 threshold');
  });
});
