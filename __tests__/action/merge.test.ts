import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { pullRequestEvent, runAction } from '../support/action-runner.js';
import { supportFolder } from '../support/fixtures.js';
import type { TempRepo } from '../support/git-repo.js';
import type { GitHubServer } from '../support/github-server.js';
import { createPullRequestFixture } from '../support/pull-request-fixture.js';

/**
 * The sharded workflow as GitHub runs it: `node dist/index.js` once per matrix job with
 * `shard: I/3`, then once with `mode: merge` over their results files; compared with the same
 * pull request run by one unsharded job. Real git, loopback GitHub API, loopback provider.
 */
const TOKEN = 'ghs_sharding000000000000000000000000000';
const KEY = 'sk-action-shard-abcdef0123456789';

let github: GitHubServer;
let repo: TempRepo;
let baseSha: string;
let headSha: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ github, repo, baseSha, headSha, close } = await createPullRequestFixture({
    token: TOKEN,
    key: KEY,
    base: {
      files: { ...supportFolder('prompts/support/v1.0'), ...supportFolder('prompts/faq/v1.0'), ...supportFolder('prompts/orders/v1.0') },
      record: 'prompts',
      message: 'prompts with recordings',
    },
    head: {
      files: {
        'prompts/support/v1.0/system.txt': 'You are the support assistant for {company}.\nBREAK-BILLING\n',
        'prompts/faq/v1.0/system.txt': 'You are the FAQ assistant for {company}. Answer as JSON.\n',
        'prompts/orders/v1.0/system.txt': 'You are the orders assistant for {company}. Answer as JSON.\n',
      },
      record: 'prompts',
      message: 'three prompts edited',
    },
  }));
});
afterAll(() => close());

const action = (number: number, inputs: Record<string, string>) =>
  runAction({
    workspace: repo.dir,
    event: pullRequestEvent({ number, baseSha, headSha }),
    inputs: { 'github-token': TOKEN, responses: 'replay', ...inputs },
    apiUrl: github.url,
    sha: headSha,
  });
const commentsOn = (pr: number) => github.state.comments.filter((comment) => comment.issueNumber === pr);

// Every step spawns the built CLI or action, several per test, on a shared 2-core machine.
jest.setTimeout(180_000);

describe('action: shard jobs and mode: merge', () => {
  it('shards never comment or fail on the pass rate; the merge comments once, exactly as one unsharded job', async () => {
    const whole = await action(60, { 'results-file': 'whole.json' });
    expect(whole.code).toBe(1);

    for (const index of [1, 2, 3]) {
      const shard = await action(61, { shard: `${index}/3`, 'results-file': `artifacts/shard-${index}/results.json` });
      expect({ index, code: shard.code }).toEqual({ index, code: 0 });
      expect(shard.stdout).not.toContain('::error::promptgate blocked');
    }
    expect(commentsOn(61)).toHaveLength(0);

    const merged = await action(61, { mode: 'merge', 'results-files': 'artifacts/*/results.json', 'results-file': 'merged.json' });
    expect(merged.code).toBe(1);
    expect(merged.stdout).toContain('::error::promptgate blocked the merge');
    const [comment, ...more] = commentsOn(61);
    expect(more).toHaveLength(0);
    expect(comment!.login).toBe('github-actions[bot]');
    expect(comment!.body).toBe(commentsOn(60)[0]!.body);
    expect(merged.summary).toBe(whole.summary);
    const { 'results-file': _m, 'comment-url': _mc, ...mergedOutputs } = merged.outputs;
    const { 'results-file': _w, 'comment-url': _wc, ...wholeOutputs } = whole.outputs;
    expect(mergedOutputs).toEqual(wholeOutputs);
    expect(mergedOutputs.gate).toBe('failed');
  });

  it('fails the merge job with the missing shard named, and comments nothing', async () => {
    const merged = await action(62, { mode: 'merge', 'results-files': 'artifacts/shard-1/results.json\nartifacts/shard-3/results.json' });
    expect(merged.code).toBe(1);
    expect(merged.stdout).toContain('shard 2/3 is missing');
    expect(commentsOn(62)).toHaveLength(0);
  });
});
