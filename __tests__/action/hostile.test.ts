import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pullRequestEvent, runAction, type ActionRun } from '../support/action-runner.js';
import { supportFolder } from '../support/fixtures.js';
import type { TempRepo } from '../support/git-repo.js';
import type { GitHubServer } from '../support/github-server.js';
import type { RunningEmulator } from '../support/provider-emulator.js';
import { createPullRequestFixture } from '../support/pull-request-fixture.js';

/**
 * The bundled action (`node dist/index.js`, as the runner starts it) on a pull request whose
 * author links prompt files to the runner's secrets: its own environment (/proc/self/environ,
 * which holds every token the runner gave the step) and the checkout's .git/config (where
 * actions/checkout keeps the token as an HTTP header).
 */
const TOKEN = 'ghs_hostileGithubToken0000000000000000';
const RUNTIME_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.runtime-token-hostile-0123456789';
const ID_TOKEN_REQUEST_TOKEN = 'idtokenrequest-hostile-abcdef0123456789';
const KEY = 'sk-hostile-action-key-0123456789';
const EXTRAHEADER = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');

let emulator: RunningEmulator;
let github: GitHubServer;
let repo: TempRepo;
let run: ActionRun;
let requestsBefore: number;
let close: () => Promise<void>;

beforeAll(async () => {
  const fixture = await createPullRequestFixture({
    token: TOKEN,
    key: KEY,
    base: { files: { ...supportFolder('prompts/support/v1.0'), ...supportFolder('prompts/faq/v1.0') } },
  });
  ({ emulator, github, repo, close } = fixture);
  await repo.remove('prompts/support/v1.0/system.txt');
  await symlink('/proc/self/environ', join(repo.dir, 'prompts/support/v1.0/system.txt'));
  await repo.remove('prompts/faq/v1.0/system.txt');
  await symlink('../../../.git/config', join(repo.dir, 'prompts/faq/v1.0/system.txt'));
  const headSha = await repo.commit('link the prompts to the runner');
  // What actions/checkout leaves behind with persist-credentials (the default).
  await repo.git(['config', 'http.https://github.com/.extraheader', `AUTHORIZATION: basic ${EXTRAHEADER}`]);

  requestsBefore = emulator.requests.length;
  run = await runAction({
    workspace: repo.dir,
    event: pullRequestEvent({ number: 11, baseSha: fixture.baseSha, headSha }),
    inputs: { 'github-token': TOKEN, responses: 'live' },
    env: {
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: emulator.openaiBaseURL,
      ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: ID_TOKEN_REQUEST_TOKEN,
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.invalid/request',
    },
    apiUrl: github.url,
    sha: headSha,
  });
}, 60_000);
afterAll(() => close());

describe('a pull request that links prompt files to the runner secrets', () => {
  it('reads neither link, names each file, and fails the gate', () => {
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain(
      'prompts/support/v1.0/system.txt: is a symlink leaving the repository; promptgate reads only files inside it',
    );
    expect(run.stdout).toContain("prompts/faq/v1.0/system.txt: leads into the repository's .git folder, which promptgate never reads");
    expect(run.outputs.gate).toBe('failed');
    expect(JSON.parse(run.outputs['changed-prompts'] ?? '[]')).toEqual(['prompts/faq/v1.0', 'prompts/support/v1.0']);
  });

  it.each([
    ['the github-token input', TOKEN],
    ['ACTIONS_RUNTIME_TOKEN', RUNTIME_TOKEN],
    ['ACTIONS_ID_TOKEN_REQUEST_TOKEN', ID_TOKEN_REQUEST_TOKEN],
    ['the token as actions/checkout stores it', EXTRAHEADER],
    ['the provider key', KEY],
  ])('masks %s and lets it reach no log line, comment, summary, output or model request', (_name, secret) => {
    expect(run.stdout.split('\n').filter((line) => line.includes(secret))).toEqual([`::add-mask::${secret}`]);
    expect(run.stderr).not.toContain(secret);
    expect(run.summary).not.toContain(secret);
    expect(JSON.stringify(run.outputs)).not.toContain(secret);
    expect(JSON.stringify(github.state.comments)).not.toContain(secret);
    expect(JSON.stringify(emulator.requests.slice(requestsBefore).map((request) => request.body))).not.toContain(secret);
  });
});
