import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runAction, type ActionRun } from '../support/action-runner.js';
import { supportFolder } from '../support/fixtures.js';
import type { TempRepo } from '../support/git-repo.js';
import type { GitHubServer } from '../support/github-server.js';
import { createPullRequestFixture } from '../support/pull-request-fixture.js';
import { capturedPayload, fromFork, pullRequestPayload, withCommits, type PullRequestPayload } from '../support/webhook-payloads.js';

/** Each test runs the bundled action (some twice, plus git and recording): minutes on a busy machine, not 30 s. */
const E2E_TIMEOUT_MS = 120_000;
/**
 * Every event the action meets, driven with payloads GitHub really sent
 * (@octokit/webhooks-examples), their SHAs replaced by commits of a real repository:
 *
 *   main:    prompts/support/v1.0 (recorded, passes)  prompts/faq/v1.0 (never recorded)
 *   feature: the pull request edits prompts/support only (and records it)
 *
 * No API key is set, so prompts/faq errors wherever it runs: a run that includes a folder the
 * change never touched fails, which is how an event read wrongly shows up.
 */
const TOKEN = 'ghs_eventstoken0000000000000000000000';

let github: GitHubServer;
let repo: TempRepo;
let baseSha: string;
let headSha: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ github, repo, baseSha, headSha, close } = await createPullRequestFixture({
    token: TOKEN,
    key: 'sk-events-0123456789abcdef',
    base: {
      files: { ...supportFolder('prompts/support/v1.0'), ...supportFolder('prompts/faq/v1.0'), 'src/app.ts': 'export {};\n' },
      record: 'prompts/support',
      message: 'prompts; support recorded',
    },
    head: {
      files: { 'prompts/support/v1.0/system.txt': 'You are the support assistant for {company}. Be brief.\n' },
      record: 'prompts/support',
      message: 'brief support prompt',
    },
  }));
}, E2E_TIMEOUT_MS);
afterAll(() => close());

/** The runner checks out `commit` (detached), then runs the bundled action for the event. */
async function runOn(
  commit: string,
  eventName: string,
  event: { repository: { full_name: string } },
  inputs: Record<string, string> = {},
): Promise<ActionRun> {
  await repo.git(['checkout', '--quiet', '--detach', commit]);
  return runAction({
    workspace: repo.dir,
    event,
    eventName,
    repository: event.repository.full_name,
    inputs,
    githubToken: TOKEN,
    apiUrl: github.url,
    sha: commit,
  });
}

const commentsOn = (payload: PullRequestPayload) =>
  github.state.comments.filter((comment) => comment.repo === payload.repository.full_name && comment.issueNumber === payload.number);

describe('pull_request', () => {
  it.each(['opened', 'synchronize', 'reopened'])(
    '%s: runs the folders the PR changes, compares with its base, comments',
    async (action) => {
      const event = pullRequestPayload(action, { base: baseSha, head: headSha });
      const run = await runOn(headSha, 'pull_request', event);
      expect(run.outputs).toMatchObject({ gate: 'passed', 'changed-prompts': '["prompts/support/v1.0"]', 'base-pass-rate': '1.0000' });
      expect(run.code).toBe(0);
      expect(commentsOn(event)).toHaveLength(1);
      expect(commentsOn(event)[0]!.body).toContain('promptgate: gate passed');
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'a fork PR runs from recordings and says that a fork gets no secrets',
    async () => {
      const event = fromFork(pullRequestPayload('opened', { base: baseSha, head: headSha }));
      const run = await runOn(headSha, 'pull_request', event);
      expect(run.stdout).toContain('::notice::This pull request comes from a fork');
      expect(run.outputs).toMatchObject({ gate: 'passed', 'changed-prompts': '["prompts/support/v1.0"]' });
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'a fork PR whose head repository was deleted (head.repo: null) is still a fork PR',
    async () => {
      const event = pullRequestPayload('synchronize', { base: baseSha, head: headSha });
      event.pull_request.head.repo = null; // what GitHub sends once the fork is deleted
      const run = await runOn(headSha, 'pull_request', event);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('::notice::This pull request comes from a fork');
      expect(run.outputs).toMatchObject({ gate: 'passed', 'changed-prompts': '["prompts/support/v1.0"]', 'base-pass-rate': '1.0000' });
      expect(run.code).toBe(0);
    },
    E2E_TIMEOUT_MS,
  );
});

describe('merge_group', () => {
  it(
    'runs only the folders the queued change touches, compared with merge_group.base_sha, agreeing with the PR check',
    async () => {
      // The merge queue builds the PR on top of the base branch and checks out that commit.
      await repo.git(['checkout', '--quiet', '--detach', baseSha]);
      await repo.git(['merge', '--quiet', '--no-ff', '--no-edit', headSha]);
      const queueSha = await repo.git(['rev-parse', 'HEAD']);
      const captured = capturedPayload<{ merge_group: { base_sha: string; head_sha: string } }>('merge_group', 'checks_requested');
      const event = withCommits(captured, { [captured.merge_group.base_sha]: baseSha, [captured.merge_group.head_sha]: queueSha });
      const before = github.state.comments.length;

      const queue = await runOn(queueSha, 'merge_group', event);
      expect(github.state.comments.length).toBe(before); // a queue group has no pull request to comment on
      const pullRequest = await runOn(headSha, 'pull_request', pullRequestPayload('synchronize', { base: baseSha, head: headSha }));

      expect(queue.outputs).toMatchObject({ gate: 'passed', 'changed-prompts': '["prompts/support/v1.0"]', 'base-pass-rate': '1.0000' });
      expect(queue.code).toBe(0);
      for (const output of ['gate', 'changed-prompts', 'pass-rate', 'base-pass-rate', 'total'] as const) {
        expect([output, queue.outputs[output]]).toEqual([output, pullRequest.outputs[output]]);
      }
      expect(queue.code).toBe(pullRequest.code);
    },
    E2E_TIMEOUT_MS,
  );
});

describe('pull_request_target', () => {
  it(
    'refuses the default checkout (the base branch) and names the ref to check out; it never passes untested',
    async () => {
      const event = pullRequestPayload('opened', { base: baseSha, head: headSha });
      const before = github.state.comments.length;
      const run = await runOn(baseSha, 'pull_request_target', event);
      expect(run.code).not.toBe(0);
      expect(run.stdout).toContain(
        '::error::pull_request_target checks out the base branch, so promptgate would compare the base with itself',
      );
      expect(run.stdout).toContain('ref: ${{ github.event.pull_request.head.sha }}');
      expect(run.outputs.gate).not.toBe('passed');
      expect(github.state.comments.length).toBe(before);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'tests the pull request once its head commit is checked out',
    async () => {
      const event = pullRequestPayload('opened', { base: baseSha, head: headSha });
      const run = await runOn(headSha, 'pull_request_target', event);
      expect(run.outputs).toMatchObject({ gate: 'passed', 'changed-prompts': '["prompts/support/v1.0"]', 'base-pass-rate': '1.0000' });
      expect(run.code).toBe(0);
    },
    E2E_TIMEOUT_MS,
  );
});

describe('push and workflow_dispatch', () => {
  const pushEvent = () => {
    const captured = capturedPayload<{ after: string }>('push', undefined, (payload) => String(payload.ref).startsWith('refs/heads/'));
    return (commit: string) => withCommits(captured, { [captured.after]: commit });
  };
  const dispatchEvent = () => capturedPayload('workflow_dispatch');

  it.each([
    ['push', () => pushEvent()(headSha)],
    ['workflow_dispatch', dispatchEvent],
  ] as const)(
    '%s: runs every folder, compares with nothing, posts no comment',
    async (eventName, event) => {
      const before = github.state.comments.length;
      const run = await runOn(headSha, eventName, event());
      expect(run.outputs['changed-prompts']).toBe('["prompts/faq/v1.0","prompts/support/v1.0"]');
      expect(run.outputs['base-pass-rate']).toBe('');
      expect(run.outputs['comment-url']).toBeUndefined();
      expect(github.state.comments.length).toBe(before);
    },
    E2E_TIMEOUT_MS,
  );

  it.each([
    ['push', () => pushEvent()(headSha)],
    ['workflow_dispatch', dispatchEvent],
  ] as const)(
    '%s in release mode tags the versions that pass, and only those',
    async (eventName, event) => {
      const payload = event();
      const run = await runOn(headSha, eventName, payload, { mode: 'release' });
      expect(JSON.parse(run.outputs['tags-created'] ?? 'null')).toEqual(['prompts/support@v1.0']);
      expect(run.outputs['tags-skipped']).toContain('prompts/faq@v1.0');
      const refs = github.state.refs.filter((ref) => ref.repo === payload.repository.full_name).map((ref) => ref.ref);
      expect(refs).toContain('refs/tags/prompts/support@v1.0');
      expect(refs).not.toContain('refs/tags/prompts/faq@v1.0');
    },
    E2E_TIMEOUT_MS,
  );
});
