import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pullRequestEvent, runAction } from '../support/action-runner.js';
import { supportFolder } from '../support/fixtures.js';
import type { TempRepo } from '../support/git-repo.js';
import type { GitHubServer } from '../support/github-server.js';
import { createPullRequestFixture } from '../support/pull-request-fixture.js';

/**
 * Issue 19 through the bundled action as GitHub runs it: a typo in promptgate.yaml and a
 * deleted required test each fail the step, and the outputs and the comment say so.
 */
const TOKEN = 'ghs_failclosed00000000000000000000000';
const KEY = 'sk-action-failclosed-abcdef0123456789';
const TESTS = `tests:
  - name: Handle password reset request
    input: I forgot my password
    expected_intent: account_access
  - name: Escalate billing disputes
    required: true
    input: You charged my card twice
    expected_escalate: true
`;

let github: GitHubServer;
let repo: TempRepo;
let baseSha: string;
let headSha: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ github, repo, baseSha, headSha, close } = await createPullRequestFixture({
    token: TOKEN,
    key: KEY,
    base: { files: supportFolder('prompts/support/v1.0', { tests: TESTS }), record: 'prompts' },
    // The pull request deletes the required test and changes nothing else.
    head: { files: { 'prompts/support/v1.0/tests.yaml': TESTS.split('  - name: Escalate')[0]! }, message: 'drop a test' },
  }));
});
afterAll(() => close());

describe('the action fails closed', () => {
  it('fails the step when a required test of the base is gone, with that reason first in the comment', async () => {
    const run = await runAction({
      workspace: repo.dir,
      event: pullRequestEvent({ number: 31, baseSha, headSha }),
      inputs: { 'github-token': TOKEN, responses: 'replay' },
      apiUrl: github.url,
      sha: headSha,
    });
    expect(run.code).toBe(1);
    expect(run.outputs.gate).toBe('failed');
    const comment = github.state.comments.find((entry) => entry.issueNumber === 31)!.body;
    const firstReason = comment.split('\n').find((line) => line.startsWith('- '));
    expect(firstReason).toContain('required test "Escalate billing disputes" of the base is gone');
  });

  it('fails the step (could not judge) on a typo in promptgate.yaml, naming file, line and field', async () => {
    await repo.write('promptgate.yaml', 'threshhold: 0.5\n');
    await repo.commit('a typo');
    const sha = await repo.git(['rev-parse', 'HEAD']);
    const run = await runAction({
      workspace: repo.dir,
      event: pullRequestEvent({ number: 32, baseSha, headSha: sha }),
      inputs: { 'github-token': TOKEN, responses: 'replay' },
      apiUrl: github.url,
      sha,
    });
    expect(run.code).toBe(1);
    expect(run.outputs.gate).toBe('failed');
    expect(run.stdout).toContain('::error::promptgate could not judge this change');
    expect(run.stdout).toContain('promptgate.yaml:1: threshhold: unknown key');
  });
});
