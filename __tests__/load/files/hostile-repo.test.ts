import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main, type CliIO } from '../../../src/cli/main.js';
import type { ResultsFile } from '../../../src/results/model.js';
import { supportFolder, supportModel } from '../../support/fixtures.js';
import { createTempDir, createTempRepo, type TempRepo } from '../../support/git-repo.js';
import { startProviderEmulator, type RunningEmulator } from '../../support/provider-emulator.js';

/**
 * A pull request's author controls every file of the prompt folders. These run the CLI as a
 * user does (in-process, real git in temp repositories, the SDK over loopback HTTP) on
 * repositories built to attack it: symlinks out of the repository on the work tree side and in
 * git objects, and folder names git can hold but a careless parser drops.
 */
const KEY = 'sk-hostile-test-key-0123456789';
const CANARY = 'ghp_FAKE_TOKEN_hostile_canary_0123456789';

let emulator: RunningEmulator;
let outside: string;
let secretFile: string;
beforeAll(async () => {
  emulator = await startProviderEmulator({ answer: supportModel });
  outside = await createTempDir('promptgate-outside-');
  secretFile = join(outside, 'secret.txt');
  await writeFile(secretFile, `GITHUB_TOKEN=${CANARY}\n`);
});
afterAll(async () => {
  await emulator.close();
  await rm(outside, { recursive: true, force: true });
});

const repos: TempRepo[] = [];
afterEach(async () => {
  for (const repo of repos.splice(0)) await repo.cleanup();
});

async function newRepo(): Promise<TempRepo> {
  const repo = await createTempRepo();
  repos.push(repo);
  return repo;
}

async function cli(repo: TempRepo, args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    cwd: repo.dir,
    env: { OPENAI_BASE_URL: emulator.openaiBaseURL, OPENAI_API_KEY: KEY },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

async function readResults(repo: TempRepo): Promise<{ text: string; results: ResultsFile }> {
  const text = await readFile(join(repo.dir, '.promptgate/results.json'), 'utf8');
  return { text, results: JSON.parse(text) as ResultsFile };
}

/** Everything the model was sent since `from`, as text. */
function sentSince(from: number): string {
  return JSON.stringify(emulator.requests.slice(from).map((request) => request.body));
}

describe('a prompt file that is a symlink leaving the repository', () => {
  it('is refused in the work tree: the file it points at reaches no request, results.json or message', async () => {
    const repo = await newRepo();
    await repo.writeFiles(supportFolder('prompts/support/v1.0'));
    await repo.commit('base');
    await repo.git(['checkout', '--quiet', '-b', 'feature']);
    await repo.remove('prompts/support/v1.0/system.txt');
    await symlink(secretFile, join(repo.dir, 'prompts/support/v1.0/system.txt'));

    const before = emulator.requests.length;
    const run = await cli(repo, ['test', '--base', 'main', '--responses', 'live']);
    const { text, results } = await readResults(repo);

    expect(run.code).toBe(2); // nothing could be judged
    expect(results.changedPrompts).toEqual(['prompts/support/v1.0']); // selected, not silently skipped
    expect(results.suites[0]?.tests[0]?.error).toBe(
      'prompts/support/v1.0/system.txt: is a symlink leaving the repository; promptgate reads only files inside it',
    );
    expect(results.gate.passed).toBe(false);
    expect(sentSince(before)).not.toContain(CANARY);
    expect(text).not.toContain(CANARY);
    expect(run.stdout + run.stderr).not.toContain(CANARY);
    expect(run.stdout).toContain('system.txt: is a symlink leaving the repository');
  });

  it('is refused in git objects (mode 120000): the link text is never taken as the file', async () => {
    const repo = await newRepo();
    await repo.writeFiles(supportFolder('prompts/support/v1.0'));
    await repo.writeFiles(supportFolder('prompts/faq/v1.0'));
    await repo.remove('prompts/support/v1.0/system.txt');
    await repo.remove('prompts/faq/v1.0/system.txt');
    // One absolute link, one relative link that climbs out of the tree.
    await symlink(secretFile, join(repo.dir, 'prompts/support/v1.0/system.txt'));
    await symlink('../../../../etc/passwd', join(repo.dir, 'prompts/faq/v1.0/system.txt'));
    await repo.commit('base with links');
    expect(await repo.git(['ls-tree', 'HEAD', 'prompts/faq/v1.0/system.txt'])).toMatch(/^120000 blob /);
    await repo.git(['checkout', '--quiet', '-b', 'feature']);
    await repo.remove('prompts/support/v1.0/system.txt');
    await repo.remove('prompts/faq/v1.0/system.txt');
    await repo.writeFiles({
      'prompts/support/v1.0/system.txt': supportFolder('x')['x/system.txt']!,
      'prompts/faq/v1.0/system.txt': supportFolder('x')['x/system.txt']!,
    });
    await repo.commit('regular files');

    const before = emulator.requests.length;
    const run = await cli(repo, ['test', '--base', 'main', '--responses', 'live']);
    const { text, results } = await readResults(repo);

    // The head runs; each base folder fails to load, naming its file.
    expect(results.summary.passed).toBe(6);
    const baseErrors = results.base?.suites.map((suite) => suite.tests[0]?.error).sort();
    expect(baseErrors).toEqual([
      'prompts/faq/v1.0/system.txt: is a symlink leaving the repository; promptgate reads only files inside it',
      'prompts/support/v1.0/system.txt: is a symlink leaving the repository; promptgate reads only files inside it',
    ]);
    const sent = sentSince(before);
    expect(sent).not.toContain('etc/passwd'); // the link text was not sent as a system prompt
    expect(sent).not.toContain(secretFile);
    expect(sent).not.toContain(CANARY);
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain('etc/passwd');
    expect(run.stdout + run.stderr).not.toContain(CANARY);
  });

  it('a link to another file inside the repository is followed, the same on both sides', async () => {
    const repo = await newRepo();
    await repo.writeFiles({ ...supportFolder('prompts/support/v1.0'), 'shared/support-system.txt': supportFolder('x')['x/system.txt']! });
    await repo.remove('prompts/support/v1.0/system.txt');
    await symlink('../../../shared/support-system.txt', join(repo.dir, 'prompts/support/v1.0/system.txt'));
    await repo.commit('base');
    await repo.git(['checkout', '--quiet', '-b', 'feature']);
    await repo.write('prompts/support/v1.0/tests.yaml', `${supportFolder('x')['x/tests.yaml']}\n`);
    await repo.commit('touch tests');

    const before = emulator.requests.length;
    const run = await cli(repo, ['test', '--base', 'main', '--responses', 'live']);
    const { results } = await readResults(repo);
    expect(run.code).toBe(0);
    expect(results.summary).toMatchObject({ total: 3, passed: 3 });
    expect(results.base?.summary).toMatchObject({ total: 3, passed: 3 });
    // Both sides sent the shared file's text, never the link's own text.
    const systems = emulator.requests.slice(before).map((request) => JSON.stringify((request.body as { messages: unknown[] }).messages[0]));
    expect(systems).toHaveLength(6);
    expect(new Set(systems).size).toBe(1);
    expect(systems[0]).toContain('You are the support assistant for Acme.');
  });
});

describe('recordings.json that is a symlink out of the repository', () => {
  it('is never written through, whether its target exists or not', async () => {
    const repo = await newRepo();
    await repo.writeFiles({ ...supportFolder('prompts/support/v1.0'), ...supportFolder('prompts/faq/v1.0') });
    const planted = join(outside, 'planted.json');
    await symlink(planted, join(repo.dir, 'prompts/support/v1.0/recordings.json'));
    await symlink(secretFile, join(repo.dir, 'prompts/faq/v1.0/recordings.json'));
    await repo.commit('links');

    const run = await cli(repo, ['test', 'prompts', '--responses', 'record']);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toMatch(/prompts\/(support|faq)\/v1\.0\/recordings\.json: is a symlink/);
    await expect(readFile(planted)).rejects.toThrow(/ENOENT/);
    expect(await readFile(secretFile, 'utf8')).toBe(`GITHUB_TOKEN=${CANARY}\n`);
    expect(run.stdout + run.stderr).not.toContain(CANARY);
  });
});

describe('changed paths are never dropped', () => {
  const FOLDERS = ['prompts/team\\support/v1.0', 'prompts/line\nbreak/v1.0', 'prompts/日本語 ü/v1.0'];

  it('selects and compares folders whose names hold a backslash, a newline or unicode', async () => {
    const repo = await newRepo();
    for (const folder of FOLDERS) await repo.writeFiles(supportFolder(folder));
    await repo.writeFiles(supportFolder('prompts/untouched/v1.0'));
    await repo.commit('base');
    await repo.git(['checkout', '--quiet', '-b', 'feature']);
    for (const folder of FOLDERS) await repo.writeFiles(supportFolder(folder, { systemNote: 'BREAK-BILLING' }));
    await repo.commit('break billing everywhere');

    const run = await cli(repo, ['test', '--base', 'main', '--responses', 'live']);
    const { results } = await readResults(repo);
    expect(results.changedPrompts).toEqual([...FOLDERS].sort());
    // Each base version was read from git objects under its exact name, and compared.
    expect(results.base?.suites.map((suite) => suite.path).sort()).toEqual([...FOLDERS].sort());
    expect(results.base?.summary).toMatchObject({ total: 9, passed: 9 });
    expect(results.summary).toMatchObject({ total: 9, passed: 6, failed: 3 });
    expect(run.code).toBe(1);
  });

  it('a changed path that is not UTF-8 fails the gate with a diagnostic naming it', async () => {
    const repo = await newRepo();
    await repo.writeFiles(supportFolder('prompts/support/v1.0'));
    await repo.commit('base');
    await repo.git(['checkout', '--quiet', '-b', 'feature']);
    // `café` in Latin-1: a name git stores as bytes and promptgate cannot match to a folder.
    await writeFile(Buffer.concat([Buffer.from(`${repo.dir}/prompts/caf`), Buffer.from([0xe9]), Buffer.from('.txt')]), 'x');
    await repo.commit('latin-1 name');

    const run = await cli(repo, ['test', '--base', 'main', '--responses', 'live']);
    const { results } = await readResults(repo);
    expect(results.gate.passed).toBe(false);
    expect(results.diagnostics).toContainEqual({
      file: 'prompts/caf\\xe9.txt',
      message:
        'changed, but the path is not valid UTF-8, so promptgate cannot tell which prompt folder it belongs to; rename it to test it',
    });
    expect(run.code).toBe(2);
  });
});
