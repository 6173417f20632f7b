import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { pullRequestEvent, runAction } from '../support/action-runner.js';
import { supportFolder } from '../support/fixtures.js';
import type { TempRepo } from '../support/git-repo.js';
import type { GitHubServer } from '../support/github-server.js';
import type { RunningEmulator } from '../support/provider-emulator.js';
import { createPullRequestFixture } from '../support/pull-request-fixture.js';

/**
 * Issue 21 item 2 through the bundled action: the answers a run called for are written to
 * recordings.json (the `recordings` output), the comment says how to keep them, and with
 * `commit-recordings: true` they are committed to the pull request's branch (never a fork's, and
 * never over a push that came meanwhile) through the Git Data API.
 */
const TOKEN = 'ghs_recordings000000000000000000000000';
const KEY = 'sk-action-recordings-abcdef0123456789';

let github: GitHubServer;
let emulator: RunningEmulator;
let repo: TempRepo;
let baseSha: string;
let headSha: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ github, emulator, repo, baseSha, headSha, close } = await createPullRequestFixture({
    token: TOKEN,
    key: KEY,
    base: { files: supportFolder('prompts/support/v1.0'), record: 'prompts' },
    // The pull request rewords the prompt and records nothing.
    head: {
      files: { 'prompts/support/v1.0/system.txt': 'You are the support assistant for {company}. Answer as JSON.\n' },
      message: 'reword',
    },
  }));
  await github.importRepository(repo.dir);
});
afterAll(() => close());
// Each run writes the answers it called for into recordings.json: the next starts from the commit.
afterEach(() => repo.git(['checkout', '--quiet', '--', 'prompts']));

const run = (number: number, inputs: Record<string, string>, fork = false) =>
  runAction({
    workspace: repo.dir,
    event: pullRequestEvent({ number, baseSha, headSha, fork }),
    inputs: { 'github-token': TOKEN, ...inputs },
    env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL },
    apiUrl: github.url,
    sha: headSha,
  });

const commentOn = (number: number) => github.state.comments.find((comment) => comment.issueNumber === number)!.body;

describe('keeping the answers a run called for', () => {
  it('names the recordings it wrote, and says how to keep them', async () => {
    const result = await run(51, {});
    expect(JSON.parse(result.outputs.recordings!)).toEqual(['prompts/support/v1.0/recordings.json']);
    expect(result.outputs['recordings-commit']).toBe('');
    expect(commentOn(51)).toContain('Some answers are not in recordings.json yet');
    expect(commentOn(51)).toContain('set `commit-recordings: true`');
    expect(commentOn(51)).toContain('run `promptgate test prompts/support/v1.0 --responses record`');
  });

  it('commits them to the pull request branch with commit-recordings: true, on top of the commit that ran', async () => {
    github.setRef('refs/heads/feature', headSha);
    const result = await run(52, { 'commit-recordings': 'true' });
    const commit = result.outputs['recordings-commit']!;
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect(github.state.refs.find((ref) => ref.ref === 'refs/heads/feature')?.sha).toBe(commit);
    const made = github.state.git.commits.get(commit)!;
    expect(made.parents).toEqual([headSha]);
    const tree = github.state.git.trees.get(made.tree)!;
    expect(tree.entries.map((entry) => entry.path)).toEqual(['prompts/support/v1.0/recordings.json']);
    const blob = github.state.git.blobs.get(tree.entries[0]!.sha)!.content.toString('utf8');
    expect(blob).toContain('"format": "promptgate-recordings/1"');
    expect(blob).not.toContain(KEY);
    expect(commentOn(52)).toContain(`committed to this branch as \`${commit.slice(0, 12)}\``);
  });

  it('never commits to a fork, nor over a push that came meanwhile', async () => {
    const fork = await run(53, { 'commit-recordings': 'true' }, true);
    await repo.git(['checkout', '--quiet', '--', 'prompts']);
    expect(fork.outputs['recordings-commit']).toBe('');
    expect(commentOn(53)).toContain('not committed: a pull request from a fork is never written to');
    github.setRef('refs/heads/feature', 'a'.repeat(40));
    const moved = await run(54, { 'commit-recordings': 'true' });
    expect(moved.outputs['recordings-commit']).toBe('');
    expect(commentOn(54)).toMatch(/not committed: feature moved on to aaaaaaaaaaaa since [0-9a-f]{12} ran/);
    expect(github.state.refs.find((ref) => ref.ref === 'refs/heads/feature')?.sha).toBe('a'.repeat(40));
  });
});
