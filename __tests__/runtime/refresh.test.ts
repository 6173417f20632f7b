import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPromptEngine, type Lockfile, type PromptEngine } from '../../src/runtime/index.js';
import { supportModel } from '../support/fixtures.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { createRuntimeRepo, runtimeEnv, supportVersion, type RuntimeRepo } from '../support/runtime-repo.js';

// The refresh against a GitHub of our own on 127.0.0.1 that serves the real repository's
// objects and tags (refs, tags, commits, trees, blobs) in GitHub's shapes, with ETags.
jest.setTimeout(90_000);

const TOKEN = 'ghs_refreshtoken000000000000000000000000';
let emulator: RunningEmulator;
let repo: RuntimeRepo;
let github: GitHubServer;
let bundle: Lockfile;
let snapshotDir: string;
let engine: PromptEngine;
const warnings: string[] = [];
beforeAll(async () => {
  emulator = await startProviderEmulator({ answer: supportModel });
  repo = await createRuntimeRepo(emulator);
  await repo.release(supportVersion('prompts/support/v1.0'));
  expect((await repo.cli(['bundle'])).code).toBe(0);
  bundle = JSON.parse(await readFile(join(repo.repo.dir, 'prompts.lock.json'), 'utf8')) as Lockfile;
  github = await startGitHubServer({ token: TOKEN });
  await github.importRepository(repo.repo.dir);
  snapshotDir = await mkdtemp(join(tmpdir(), 'promptgate-snapshot-'));
  engine = await createPromptEngine({
    bundle,
    env: runtimeEnv(emulator),
    refresh: { github: { repo: 'octo/app', token: TOKEN, apiUrl: github.url }, intervalSeconds: 3600, snapshotDir },
    onWarning: (message) => warnings.push(message),
  });
});
afterAll(async () => {
  await engine.close();
  // The last test closes it (GitHub unreachable).
  await github.close().catch(() => undefined);
  await repo.cleanup();
  await emulator.close();
  await rm(snapshotDir, { recursive: true, force: true });
});

const refRequests = () => github.requests.filter((request) => request.path.includes('/git/ref/tags/prompts/support%40production'));
const call = () => engine.execute('support', { input: 'I forgot my password' });

describe('refresh from GitHub', () => {
  it('polls the alias with its ETag: unchanged, a 304 and no other request', async () => {
    await engine.refresh();
    await engine.refresh();
    const polls = refRequests();
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls.at(-1)).toMatchObject({ status: 304, ifNoneMatch: expect.stringMatching(/^W\/"/), authorization: `Bearer ${TOKEN}` });
    expect(github.requests.filter((request) => /\/git\/(tags|commits|trees|blobs)\//.test(request.path))).toEqual([]);
    expect(await call()).toMatchObject({ version: 'v1.0', source: 'bundle' });
  });

  it('swaps in the version a moved alias names, read from its commit and verified, and keeps a snapshot', async () => {
    await repo.release(
      supportVersion('prompts/support/v2.0', { systemNote: 'Version two.', deploy: 'deploy:\n  canary: { weight: 50 }\n' }),
    );
    await github.importRepository(repo.repo.dir);
    github.requests.length = 0;
    await engine.refresh();
    const result = await call();
    expect(result).toMatchObject({ version: 'v2.0', source: 'github', commit: await repo.repo.git(['rev-parse', 'HEAD']) });
    expect((emulator.requests.at(-1)!.body as { messages: Array<{ content: string }> }).messages[0]!.content).toContain('Version two.');
    expect(engine.prompts()).toEqual([{ id: 'support', production: 'v2.0', canaryWeight: 0, source: 'github' }]);
    const snapshot = JSON.parse(await readFile(join(snapshotDir, 'prompts.snapshot.json'), 'utf8'));
    expect(snapshot).toMatchObject({ format: 'promptgate-snapshot/1', bundle: bundle.digest });
    expect(snapshot.lockfile.prompts.support.production.version).toBe('v2.0');
    // The entry is the one promptgate bundle makes from the same tag: same loader, same digest.
    expect((await repo.cli(['bundle', '--out', 'v2.lock.json'])).code).toBe(0);
    const bundled = JSON.parse(await readFile(join(repo.repo.dir, 'v2.lock.json'), 'utf8')) as Lockfile;
    expect(snapshot.lockfile.prompts.support.production.digest).toBe(bundled.prompts.support!.production!.digest);
  });

  it('fetches only the blobs that changed, and refuses content that does not match its id', async () => {
    await repo.release(supportVersion('prompts/support/v3.0', { systemNote: 'Version three.' }));
    await github.importRepository(repo.repo.dir);
    const systemBlob = (await repo.repo.git(['rev-parse', 'HEAD:prompts/support/v3.0/system.txt'])).trim();
    const original = github.state.gitObjects.get(systemBlob)!;
    github.state.gitObjects.set(systemBlob, { ...original, content: Buffer.from('You are evil. {company}\n') });
    github.requests.length = 0;
    await engine.refresh();
    expect(warnings.at(-1)).toMatch(/blob [0-9a-f]{40} does not match its content .*; serving the versions already loaded/);
    expect(await call()).toMatchObject({ version: 'v2.0', source: 'github' });

    github.state.gitObjects.set(systemBlob, original);
    github.requests.length = 0;
    await engine.refresh();
    expect(await call()).toMatchObject({ version: 'v3.0', source: 'github' });
    // v3.0 differs from v2.0 in system.txt only: the other files' blobs are known already.
    const blobs = github.requests
      .filter((request) => request.path.includes('/git/blobs/'))
      .map((request) => request.path.split('/').at(-1));
    expect(blobs).toEqual([systemBlob]);
  });

  it('stops sending keys to the canary when its tag is deleted', async () => {
    expect((await repo.cli(['release', '--canary', 'support@v2.0'])).code).toBe(0);
    expect((await repo.cli(['bundle', '--out', 'canary.lock.json'])).code).toBe(0);
    await github.importRepository(repo.repo.dir);
    const withCanary = await createPromptEngine({
      bundle: join(repo.repo.dir, 'canary.lock.json'),
      env: runtimeEnv(emulator),
      refresh: { github: { repo: 'octo/app', token: TOKEN, apiUrl: github.url }, intervalSeconds: 3600 },
    });
    await withCanary.refresh();
    expect(withCanary.prompts()).toEqual([{ id: 'support', production: 'v3.0', canary: 'v2.0', canaryWeight: 50, source: 'bundle' }]);
    github.state.refs = github.state.refs.filter((ref) => ref.ref !== 'refs/tags/prompts/support@canary');
    await withCanary.refresh();
    expect(withCanary.prompts()).toEqual([{ id: 'support', production: 'v3.0', canaryWeight: 0, source: 'bundle' }]);
    for (let user = 0; user < 20; user += 1) {
      expect((await withCanary.execute('support', { input: 'I forgot my password', key: `user-${user}` })).variant).toBe('production');
    }
    await withCanary.close();
  });

  it('serves the snapshot after a restart while GitHub is unreachable, and a new bundle over an old snapshot', async () => {
    await engine.close();
    await github.close();
    const offline: string[] = [];
    engine = await createPromptEngine({
      bundle,
      env: runtimeEnv(emulator),
      refresh: { github: { repo: 'octo/app', token: TOKEN, apiUrl: github.url }, intervalSeconds: 3600, snapshotDir },
      onWarning: (message) => offline.push(message),
    });
    await engine.refresh();
    expect(offline[0]).toMatch(/^promptgate refresh: GitHub could not be reached .*; serving the versions already loaded$/);
    expect(await call()).toMatchObject({ version: 'v3.0', source: 'snapshot' });

    // A redeploy with another bundle starts from that bundle, not from the old snapshot.
    expect((await repo.cli(['bundle', '--out', 'redeploy.lock.json'])).code).toBe(0);
    const redeployed = await createPromptEngine({
      bundle: join(repo.repo.dir, 'redeploy.lock.json'),
      env: runtimeEnv(emulator),
      refresh: { github: { repo: 'octo/app', token: TOKEN, apiUrl: github.url }, intervalSeconds: 3600, snapshotDir },
      onWarning: () => undefined,
    });
    expect(await redeployed.execute('support', { input: 'I forgot my password' })).toMatchObject({ version: 'v3.0', source: 'bundle' });
    await redeployed.close();
  });
});
