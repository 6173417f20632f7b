import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createClient, type ClientOptions, type GitHubClient } from '../../src/action/github-client.js';
import { describeGitHubError } from '../../src/action/github-errors.js';
import { listPullRequestFiles } from '../../src/action/pull-request-files.js';
import { findStickyComment, getAuthenticatedLogin, upsertStickyComment } from '../../src/action/sticky-comment.js';
import { createAnnotatedTag, createRelease, getTagRef, listMatchingTagRefs, updateTagRef } from '../../src/action/tags-api.js';
import { pullRequestEvent, runAction } from '../support/action-runner.js';
import { supportFolder } from '../support/fixtures.js';
import { createTempDir, gitIn, type TempRepo } from '../support/git-repo.js';
import { startGitHubServer, type GitHubServer, type StoredFile } from '../support/github-server.js';
import type { RunningEmulator } from '../support/provider-emulator.js';
import { createPullRequestFixture } from '../support/pull-request-fixture.js';

const TOKEN = 'ghs_0123456789abcdefghijABCDEFGHIJ';
const MARKER = '<!-- promptgate:pr-comment -->';
const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);
const repo = { owner: 'octo', repo: 'app' };
const pr = { ...repo, issueNumber: 7, marker: MARKER };

let server: GitHubServer;
let client: GitHubClient;

/**
 * The production client, with GitHub's back-off seconds shrunk to milliseconds and, unless a
 * test is about rate limits, without the one-write-per-second pacing.
 */
const testClient = (options: Partial<ClientOptions> & { baseUrl: string }) =>
  createClient({ token: TOKEN, timeoutMs: 5_000, backoffSecondMs: 1, pacing: false, ...options });

beforeEach(async () => {
  server = await startGitHubServer({ token: TOKEN });
  client = testClient({ baseUrl: server.url });
});
afterEach(async () => {
  await server.close();
});

/** The error a call rejects with, for describeGitHubError. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const commentsOn = (issueNumber: number) => server.state.comments.filter((c) => c.issueNumber === issueNumber);

describe('sticky comment', () => {
  it('creates once, then updates in place: one comment after three upserts', async () => {
    const first = await upsertStickyComment(client, { ...pr, body: `${MARKER}\nrun 1` });
    const second = await upsertStickyComment(client, { ...pr, body: `${MARKER}\nrun 2` });
    const third = await upsertStickyComment(client, { ...pr, body: `${MARKER}\nrun 3` });

    expect([first.action, second.action, third.action]).toEqual(['created', 'updated', 'updated']);
    expect(second.id).toBe(first.id);
    expect(third.id).toBe(first.id);
    expect(third.url).toBe(`https://github.com/octo/app/pull/7#issuecomment-${first.id}`);
    expect(commentsOn(7)).toHaveLength(1);
    expect(commentsOn(7)[0]!.body).toBe(`${MARKER}\nrun 3`);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(server.requests.filter((r) => r.method === 'PATCH')).toHaveLength(2);
    expect(server.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
    expect(server.requests[0]!.userAgent).toContain('promptgate');
  });

  it('appends the marker when the body lacks it, so the next run finds the comment', async () => {
    await upsertStickyComment(client, { ...pr, body: 'no marker here' });
    const again = await upsertStickyComment(client, { ...pr, body: 'still none' });
    expect(again.action).toBe('updated');
    expect(commentsOn(7)).toHaveLength(1);
    expect(commentsOn(7)[0]!.body).toBe(`still none\n\n${MARKER}`);
  });

  it('finds the sticky comment on page 3 of 3', async () => {
    server.addComments(250, { issueNumber: 7 });
    const ours = server.addComment({ issueNumber: 7, login: 'github-actions[bot]', body: `${MARKER}\nold` });

    const found = await findStickyComment(client, pr);
    expect(found?.id).toBe(ours.id);
    const pages = server.requests.filter((r) => r.path === '/repos/octo/app/issues/7/comments');
    expect(pages.map((r) => [r.query.per_page, r.query.page ?? '1'])).toEqual([
      ['100', '1'],
      ['100', '2'],
      ['100', '3'],
    ]);

    const result = await upsertStickyComment(client, { ...pr, body: `${MARKER}\nnew` });
    expect(result).toMatchObject({ action: 'updated', id: ours.id });
    expect(commentsOn(7)).toHaveLength(251);
  });

  it('ignores the marker in a comment by someone else (a quote or a forgery)', async () => {
    const forged = server.addComment({ issueNumber: 7, login: 'mallory', body: `${MARKER}\nlooks like promptgate` });

    expect(await findStickyComment(client, pr)).toBeUndefined();
    const result = await upsertStickyComment(client, { ...pr, body: `${MARKER}\nreal` });
    expect(result.action).toBe('created');
    expect(forged.body).toBe(`${MARKER}\nlooks like promptgate`);

    // Later, a human quoting our comment (newer than ours) does not steal it either.
    server.addComment({ issueNumber: 7, login: 'alice', body: `> ${MARKER}\n> real\n\nWhy did this fail?` });
    const again = await upsertStickyComment(client, { ...pr, body: `${MARKER}\nreal 2` });
    expect(again).toMatchObject({ action: 'updated', id: result.id });
  });

  it('matches the author given, e.g. the user behind a personal access token', async () => {
    const patServer = await startGitHubServer({ actor: 'Alice' });
    try {
      const patClient = testClient({ token: 'ghp_personal', baseUrl: patServer.url });
      const login = await getAuthenticatedLogin(patClient);
      expect(login).toBe('Alice');
      patServer.addComment({ issueNumber: 7, login: 'github-actions[bot]', body: MARKER });
      const created = await upsertStickyComment(patClient, { ...pr, author: login, body: `${MARKER} v1` });
      expect(created.action).toBe('created');
      // Logins compare case-insensitively, as on GitHub.
      const updated = await upsertStickyComment(patClient, { ...pr, author: 'alice', body: `${MARKER} v2` });
      expect(updated).toMatchObject({ action: 'updated', id: created.id });
    } finally {
      await patServer.close();
    }
  });

  it('learns that GITHUB_TOKEN is the bot from the 403 on GET /user', async () => {
    expect(await getAuthenticatedLogin(client)).toBeUndefined();
  });

  it('refuses an empty marker, which would match every bot comment', async () => {
    await expect(findStickyComment(client, { ...pr, marker: ' ' })).rejects.toThrow(/marker/);
  });

  it('writes a new comment when ours was deleted between the listing and the update (PATCH 404)', async () => {
    const ours = server.addComment({ issueNumber: 7, login: 'github-actions[bot]', body: `${MARKER}\nold` });
    server.fail({ method: 'PATCH', path: `/repos/octo/app/issues/comments/${ours.id}`, effect: () => server.deleteComment(ours.id) });

    const result = await upsertStickyComment(client, { ...pr, body: `${MARKER}\nnew` });
    expect(result.action).toBe('created');
    expect(result.id).not.toBe(ours.id);
    expect(commentsOn(7).map((c) => c.body)).toEqual([`${MARKER}\nnew`]);
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'PATCH', 'POST']);
  });

  it("retries GET /user after a transient 502, so the PAT user's comment is updated, not duplicated", async () => {
    const patServer = await startGitHubServer({ actor: 'alice' });
    try {
      const patClient = testClient({ token: 'ghp_personal', baseUrl: patServer.url });
      const ours = patServer.addComment({ issueNumber: 7, login: 'alice', body: `${MARKER}\nrun 1` });
      patServer.fail({ method: 'GET', path: '/user', status: 502, html: '<html><body><h1>502 Bad Gateway</h1></body></html>' });

      const author = await getAuthenticatedLogin(patClient);
      expect(author).toBe('alice');
      const result = await upsertStickyComment(patClient, { ...pr, author, body: `${MARKER}\nrun 2` });
      expect(result).toMatchObject({ action: 'updated', id: ours.id });
      expect(patServer.state.comments).toHaveLength(1);
      expect(patServer.requests.filter((r) => r.path === '/user')).toHaveLength(2);
    } finally {
      await patServer.close();
    }
  });

  it('throws when GET /user keeps failing, instead of guessing an author (which would post a second comment)', async () => {
    const patServer = await startGitHubServer({ actor: 'alice' });
    try {
      const patClient = testClient({ token: 'ghp_personal', baseUrl: patServer.url });
      patServer.fail({ method: 'GET', path: '/user', status: 502, times: 10, message: 'Bad Gateway' });
      const error = await failure(getAuthenticatedLogin(patClient));
      expect(describeGitHubError(error, 'find who the token belongs to')).toBe(
        'Could not find who the token belongs to: GitHub is unavailable (HTTP 502 on GET /user); re-run the job later',
      );
      expect(patServer.requests.filter((r) => r.path === '/user')).toHaveLength(3); // the first try and two retries
    } finally {
      await patServer.close();
    }
  });
});

describe('describeGitHubError', () => {
  it('explains a 403 on comment creation (fork PR, read-only token)', async () => {
    server.fail({
      method: 'POST',
      path: '/repos/octo/app/issues/7/comments',
      status: 403,
      message: 'Resource not accessible by integration',
    });
    const error = await failure(upsertStickyComment(client, { ...pr, body: 'x' }));
    const message = describeGitHubError(error, 'post the PR comment');
    expect(message).toMatch(/^Could not post the PR comment: the token cannot comment on this pull request/);
    expect(message).toContain('fork PRs get a read-only token');
    expect(message).toContain('permissions: pull-requests: write');
    expect(message).toContain('Resource not accessible by integration');
    expect(message).not.toContain(TOKEN);
  });

  it('gives the same advice for a 404 on comment creation', async () => {
    server.fail({ method: 'POST', path: /\/comments$/, status: 404, message: 'Not Found' });
    const error = await failure(upsertStickyComment(client, { ...pr, body: 'x' }));
    expect(describeGitHubError(error, 'post the PR comment')).toContain('pull-requests: write');
  });

  it('says GitHub is unavailable on 5xx', async () => {
    server.fail({ path: '/repos/octo/app/issues/7/comments', status: 500, message: 'Server Error' });
    server.fail({ path: '/repos/octo/app/issues/7/comments', status: 500, message: 'Server Error', times: 3 });
    const error = await failure(findStickyComment(client, pr));
    expect(describeGitHubError(error, 'read the PR comments')).toBe(
      'Could not read the PR comments: GitHub is unavailable (HTTP 500 on GET /repos/octo/app/issues/7/comments); re-run the job later',
    );
    server.fail({ path: '/repos/octo/app/issues/7/comments', status: 502, message: 'Bad Gateway', times: 3 });
    expect(describeGitHubError(await failure(findStickyComment(client, pr)), 'read the PR comments')).toContain('HTTP 502');
  });

  it('retries a read that failed with a 502, twice at most', async () => {
    server.fail({ path: '/repos/octo/app/issues/7/comments', status: 502, times: 2 });
    expect(await findStickyComment(client, pr)).toBeUndefined();
    expect(server.requests).toHaveLength(3);
  });

  it('never repeats a POST that failed with a 5xx: GitHub may have written the comment already', async () => {
    server.fail({ method: 'POST', path: '/repos/octo/app/issues/7/comments', status: 502, times: 1 });
    await failure(upsertStickyComment(client, { ...pr, body: 'x' }));
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it("waits out a secondary rate limit once, as GitHub's retry-after says", async () => {
    server.fail({ path: /comments/, status: 403, message: 'You have exceeded a secondary rate limit.', headers: { 'retry-after': '2' } });
    expect(await findStickyComment(testClient({ baseUrl: server.url, pacing: true }), pr)).toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it('explains a rejected token', async () => {
    const wrong = testClient({ token: 'ghp_wrongwrongwrongwrongwrong', baseUrl: server.url });
    const message = describeGitHubError(await failure(findStickyComment(wrong, pr)), 'read the PR comments');
    expect(message).toContain('401');
    expect(message).toContain('`github-token`');
    expect(message).not.toContain('ghp_wrong');
  });

  it('explains an exhausted rate limit that resets too late to wait for', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    server.fail({
      path: /comments/,
      status: 403,
      message: 'API rate limit exceeded for installation ID 1.',
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
    });
    const paced = testClient({ baseUrl: server.url, pacing: true });
    const message = describeGitHubError(await failure(findStickyComment(paced, pr)), 'read the PR comments');
    expect(message).toContain(`rate limit is exhausted until ${new Date(reset * 1000).toISOString().slice(11, 16)} UTC`);
    expect(server.requests).toHaveLength(1);
  });

  it('reports a timeout, and an unreachable server', async () => {
    const impatient = testClient({ baseUrl: server.url, timeoutMs: 100 });
    server.fail({ path: /comments/, delayMs: 1_000, times: 3 });
    const slow = describeGitHubError(await failure(findStickyComment(impatient, pr)), 'read the PR comments');
    expect(slow).toContain('did not answer in time');

    const closed = await startGitHubServer();
    await closed.close();
    const nowhere = testClient({ baseUrl: closed.url });
    const unreachable = describeGitHubError(await failure(findStickyComment(nowhere, pr)), 'read the PR comments');
    expect(unreachable).toContain('GitHub could not be reached');
  });

  it('never repeats a token, even one inside an error message', () => {
    const message = describeGitHubError(new Error(`request with token ${TOKEN} failed`), 'do a thing');
    expect(message).not.toContain(TOKEN);
    expect(message).toContain('***');
  });
});

describe('pull request files', () => {
  it('lists every page, with the previous path of renames', async () => {
    const files: StoredFile[] = Array.from({ length: 230 }, (_, i) => ({ filename: `prompts/p${i}/tests.yaml`, status: 'modified' }));
    files.push(
      { filename: 'prompts/new/system.txt', status: 'renamed', previous_filename: 'prompts/old/system.txt' },
      { filename: 'prompts/gone/tests.yaml', status: 'removed' },
      { filename: 'prompts/copy/tests.yaml', status: 'copied', previous_filename: 'prompts/p0/tests.yaml' },
    );
    server.setPullRequestFiles(7, files);

    const listed = await listPullRequestFiles(client, { ...repo, pullNumber: 7 });
    expect(listed).toHaveLength(233);
    expect(listed[0]).toEqual({ path: 'prompts/p0/tests.yaml', status: 'modified' });
    // In git's words, as the git-based change detection reports them.
    expect(listed.slice(230)).toEqual([
      { path: 'prompts/new/system.txt', status: 'renamed', previousPath: 'prompts/old/system.txt' },
      { path: 'prompts/gone/tests.yaml', status: 'deleted' },
      { path: 'prompts/copy/tests.yaml', status: 'added' },
    ]);
    expect(server.requests.filter((r) => r.path.endsWith('/pulls/7/files'))).toHaveLength(3);
  });

  it('advises on a 403 reading them', async () => {
    server.setPullRequestFiles(7, []);
    server.fail({ path: '/repos/octo/app/pulls/7/files', status: 403, message: 'Resource not accessible by integration' });
    const error = await failure(listPullRequestFiles(client, { ...repo, pullNumber: 7 }));
    expect(describeGitHubError(error, 'list the PR files')).toContain('pull-requests: read');
  });

  it("reports an HTML error page (a 502 from GitHub's edge) in one line naming the call, without the HTML", async () => {
    server.setPullRequestFiles(7, []);
    const page =
      '<!DOCTYPE html>\n<html><head><title>Unicorn! · GitHub</title></head>\n<body><p>No server is currently available to service your request.</p></body></html>';
    server.fail({ path: '/repos/octo/app/pulls/7/files', status: 502, html: page, times: 3 });
    const error = (await failure(listPullRequestFiles(client, { ...repo, pullNumber: 7 }))) as Error;
    expect(error.message).toBe(
      'Could not list the files of pull request #7: GitHub is unavailable (HTTP 502 on GET /repos/octo/app/pulls/7/files); re-run the job later',
    );
    expect(server.requests.filter((r) => r.path.endsWith('/pulls/7/files'))).toHaveLength(3);
  });
});

describe('release tags', () => {
  const tag = 'support-bot@v2.0';

  it('creates an annotated tag, reads it back, and refuses to create it twice', async () => {
    expect(await getTagRef(client, { ...repo, tag })).toBeUndefined();

    const created = await createAnnotatedTag(client, { ...repo, tag, sha: SHA_A, message: 'pass rate 100% (12/12)' });
    expect(created.ref).toBe(`refs/tags/${tag}`);
    expect(server.state.tagObjects[0]).toMatchObject({ tag, objectSha: SHA_A, objectType: 'commit' });

    expect(await getTagRef(client, { ...repo, tag })).toEqual({ ref: `refs/tags/${tag}`, sha: created.tagSha, type: 'tag' });
    expect(server.state.tagObjects.find((t) => t.sha === created.tagSha)?.message).toBe('pass rate 100% (12/12)');

    const error = await failure(createAnnotatedTag(client, { ...repo, tag, sha: SHA_B, message: 'again' }));
    expect(describeGitHubError(error, `create tag ${tag}`)).toBe(`Could not create tag ${tag}: the tag already exists`);
  });

  it('moves an alias: created, unchanged, refused without force, updated with force', async () => {
    const alias = { ...repo, tag: 'support-bot@production' };
    expect(await updateTagRef(client, { ...alias, sha: SHA_A, force: true })).toEqual({ action: 'created' });
    expect(await updateTagRef(client, { ...alias, sha: SHA_A, force: true })).toEqual({ action: 'unchanged' });
    await failure(updateTagRef(client, { ...alias, sha: SHA_B, force: false }));
    expect(await updateTagRef(client, { ...alias, sha: SHA_B, force: true })).toEqual({ action: 'updated' });
    expect(await getTagRef(client, alias)).toMatchObject({ sha: SHA_B, type: 'commit' }); // lightweight
  });

  it('lists the tags that share a prefix', async () => {
    await createAnnotatedTag(client, { ...repo, tag: 'support-bot@v1.0', sha: SHA_A, message: 'v1' });
    await createAnnotatedTag(client, { ...repo, tag: 'support-bot@v2.0', sha: SHA_B, message: 'v2' });
    await updateTagRef(client, { ...repo, tag: 'summarizer@v1.0', sha: SHA_A, force: true });

    const tags = await listMatchingTagRefs(client, { ...repo, prefix: 'support-bot@' });
    expect(tags.map((t) => t.tag)).toEqual(['support-bot@v1.0', 'support-bot@v2.0']);
    expect(tags.every((t) => t.type === 'tag')).toBe(true);
    expect(await listMatchingTagRefs(client, { ...repo, prefix: 'nothing@' })).toEqual([]);
  });

  it('explains a 403 on refs: contents: write', async () => {
    server.fail({ method: 'POST', path: '/repos/octo/app/git/refs', status: 403, message: 'Resource not accessible by integration' });
    const error = await failure(updateTagRef(client, { ...repo, tag, sha: SHA_A, force: true }));
    expect(describeGitHubError(error, 'unused: the call names itself')).toMatch(
      new RegExp(`^Could not create tag ${tag}: the token cannot write tags .*permissions: contents: write`),
    );
  });

  it('creates a release, once', async () => {
    await createAnnotatedTag(client, { ...repo, tag, sha: SHA_A, message: 'v2' });
    const release = await createRelease(client, { ...repo, tag, name: 'support-bot v2.0', body: 'All 12 tests pass.' });
    expect(release.url).toBe(`https://github.com/octo/app/releases/tag/${tag}`);
    expect(server.state.releases).toEqual([
      expect.objectContaining({ id: release.id, tagName: tag, name: 'support-bot v2.0', body: 'All 12 tests pass.', draft: false }),
    ]);
    const error = await failure(createRelease(client, { ...repo, tag, name: 'again', body: '' }));
    expect(describeGitHubError(error, 'create the release')).toContain('HTTP 422');
  });
});

describe('the bundled action meets GitHub faults', () => {
  // Each test runs `node dist/index.js` (twice for the comment): slow on a busy runner.
  const BUNDLED_ACTION_TIMEOUT_MS = 120_000;
  const KEY = 'sk-ghapi-secret-0123456789abcdef';
  let emulator: RunningEmulator;
  let repo: TempRepo;
  let baseSha: string;
  let headSha: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ emulator, repo, baseSha, headSha, close } = await createPullRequestFixture({
      key: KEY,
      base: { files: supportFolder('prompts/support/v1.0'), record: 'prompts', message: 'prompts with recordings' },
      head: {
        files: {
          'prompts/support/v1.0/system.txt': 'You are the support assistant for {company}.\nClassify the message and answer as JSON.\n',
        },
        record: 'prompts',
        message: 'reword',
      },
    }));
  });
  afterAll(() => close());

  it(
    'PR files API answering with an HTML 502: one line naming the call, no HTML in the log',
    async () => {
      const shallow = await createTempDir('promptgate-ghapi-shallow-');
      try {
        await gitIn(shallow, ['clone', '--quiet', '--depth', '1', '--branch', 'feature', `file://${repo.dir}`, '.']);
        server.setPullRequestFiles(13, [{ filename: 'prompts/support/v1.0/system.txt', status: 'modified' }]);
        const page =
          '<!DOCTYPE html>\n<html><head><title>Unicorn! · GitHub</title></head><body>No server is currently available.</body></html>';
        server.fail({ path: '/repos/octo/app/pulls/13/files', status: 502, html: page, times: 3 });
        const run = await runAction({
          workspace: shallow,
          event: pullRequestEvent({ number: 13, baseSha, headSha }),
          inputs: { 'github-token': TOKEN },
          apiUrl: server.url,
          sha: headSha,
        });
        expect(run.code).toBe(1);
        expect(run.stdout).toContain(
          '::error::Could not list the files of pull request #13: GitHub is unavailable (HTTP 502 on GET /repos/octo/app/pulls/13/files); re-run the job later',
        );
        expect(run.stdout).not.toMatch(/Unicorn|<html|DOCTYPE/i);
        expect(server.requests.filter((r) => r.path === '/repos/octo/app/pulls/13/files')).toHaveLength(3);
        // The step still ends as a reader and a later step expect: a summary and a failed gate.
        expect(run.outputs.gate).toBe('failed');
        expect(run.summary).toContain('promptgate could not run');
        expect(run.summary).toContain('Could not list the files of pull request #\u206013');
        expect(run.summary).not.toMatch(/Unicorn|<html|DOCTYPE/i);
      } finally {
        await rm(shallow, { recursive: true, force: true });
      }
    },
    BUNDLED_ACTION_TIMEOUT_MS,
  );

  it(
    "GET /user failing once (502) is retried: the personal token's comment is updated, never a second one",
    async () => {
      const personal = await startGitHubServer({ token: TOKEN, actor: 'release-manager' });
      try {
        const event = pullRequestEvent({ number: 41, baseSha, headSha });
        const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL };
        const first = await runAction({
          workspace: repo.dir,
          event,
          inputs: { 'github-token': TOKEN },
          env,
          apiUrl: personal.url,
          sha: headSha,
        });
        expect(first.code).toBe(0);
        personal.fail({ method: 'GET', path: '/user', status: 502, message: 'Bad Gateway' });
        const second = await runAction({
          workspace: repo.dir,
          event,
          inputs: { 'github-token': TOKEN },
          env,
          apiUrl: personal.url,
          sha: headSha,
        });
        expect(second.code).toBe(0);
        expect(second.stdout).toMatch(/Comment updated: /);
        expect(personal.state.comments.filter((c) => c.issueNumber === 41).map((c) => c.login)).toEqual(['release-manager']);
        expect(personal.requests.filter((r) => r.path === '/user')).toHaveLength(3); // 1 + (502, retry)
      } finally {
        await personal.close();
      }
    },
    BUNDLED_ACTION_TIMEOUT_MS,
  );
});
