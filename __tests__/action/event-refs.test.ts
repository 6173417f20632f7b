import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ActionContext } from '../../src/action/context.js';
import { CheckoutError, checkedOutCommit, eventComparison, PULL_REQUEST_TARGET_CHECKOUT } from '../../src/action/event-refs.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';

/** Which commits each event compares, and which checkouts pull_request_target accepts (real git). */
let repo: TempRepo;
let baseSha: string;
let headSha: string;
let mergeSha: string;

beforeAll(async () => {
  repo = await createTempRepo();
  await repo.write('prompts/a/system.txt', 'v1\n');
  baseSha = await repo.commit('base');
  await repo.git(['checkout', '--quiet', '-b', 'feature']);
  await repo.write('prompts/a/system.txt', 'v2\n');
  headSha = await repo.commit('head');
  await repo.git(['checkout', '--quiet', '--detach', baseSha]);
  await repo.write('other.txt', 'meanwhile on main\n');
  await repo.commit('main moves on');
  await repo.git(['merge', '--quiet', '--no-edit', headSha]);
  mergeSha = await repo.git(['rev-parse', 'HEAD']); // what refs/pull/N/merge would be
});
afterAll(async () => repo.cleanup());

function contextFor(eventName: string, extra: Partial<ActionContext> = {}): ActionContext {
  return {
    eventName,
    owner: 'o',
    repo: 'r',
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
    sha: headSha,
    workspace: repo.dir,
    ...extra,
  };
}
const pullRequest = () => ({ number: 5, baseSha, headSha, baseRef: 'main', headRef: 'feature', fromFork: true });

describe('eventComparison', () => {
  it('compares a pull request with its base, changed folders only in mode pr', () => {
    expect(eventComparison(contextFor('pull_request', { pullRequest: pullRequest() }), 'pr')).toEqual({
      kind: 'change',
      baseSha,
      changedOnly: true,
      pullRequest: pullRequest(),
    });
    expect(eventComparison(contextFor('pull_request', { pullRequest: pullRequest() }), 'all')).toMatchObject({
      kind: 'change',
      changedOnly: false,
    });
  });

  it('compares a merge queue group with merge_group.base_sha, with no pull request to comment on', () => {
    const mergeGroup = { baseSha, headSha: mergeSha, baseRef: 'refs/heads/main' };
    expect(eventComparison(contextFor('merge_group', { mergeGroup }), 'pr')).toEqual({ kind: 'change', baseSha, changedOnly: true });
  });

  it.each(['push', 'workflow_dispatch', 'schedule'])('runs everything on %s', (eventName) => {
    expect(eventComparison(contextFor(eventName), 'pr')).toEqual({ kind: 'everything' });
  });
});

describe('checkedOutCommit on pull_request_target', () => {
  const target = () => contextFor('pull_request_target', { pullRequest: pullRequest() });
  const checkout = (commit: string) => repo.git(['checkout', '--quiet', '--detach', commit]);

  it('accepts the PR head, or a merge commit that contains it', async () => {
    await checkout(headSha);
    await expect(checkedOutCommit(repo.dir, target())).resolves.toBe(headSha);
    await checkout(mergeSha);
    await expect(checkedOutCommit(repo.dir, target())).resolves.toBe(mergeSha);
  });

  it('refuses the base branch (the default checkout), naming the ref to check out', async () => {
    await checkout(baseSha);
    await expect(checkedOutCommit(repo.dir, target())).rejects.toThrow(CheckoutError);
    await expect(checkedOutCommit(repo.dir, target())).rejects.toThrow('ref: ${{ github.event.pull_request.head.sha }}');
  });

  it('refuses a checkout that does not even hold the PR head commit', async () => {
    await checkout(baseSha);
    const missing = { ...pullRequest(), headSha: 'f'.repeat(40) };
    await expect(checkedOutCommit(repo.dir, contextFor('pull_request_target', { pullRequest: missing }))).rejects.toThrow(
      PULL_REQUEST_TARGET_CHECKOUT,
    );
  });

  it("leaves pull_request alone: its checkout is GitHub's merge commit", async () => {
    await checkout(baseSha);
    await expect(checkedOutCommit(repo.dir, contextFor('pull_request', { pullRequest: pullRequest() }))).resolves.toBe(baseSha);
  });
});
