import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { main } from '../../src/cli/main.js';
import { parseInputs } from '../../src/action/inputs.js';
import { canaryMove } from '../../src/release/canary.js';
import { formatAliasMessage, parseAliasVersion } from '../../src/release/tag-message.js';
import { runAction } from '../support/action-runner.js';
import { supportFolder, supportModel } from '../support/fixtures.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';

jest.setTimeout(120_000);

const KEY = 'sk-canary-secret-0123456789';
let emulator: RunningEmulator;
let repo: TempRepo;
beforeAll(async () => {
  emulator = await startProviderEmulator({ answer: supportModel });
  repo = await createTempRepo();
  await repo.writeFiles(supportFolder('prompts/support/v1.0'));
  await cli(['test', 'prompts', '--responses', 'record']);
  await repo.commit('support v1.0');
  expect((await cli(['release', '--responses', 'replay'])).code).toBe(0);
  await repo.writeFiles(supportFolder('prompts/support/v2.0', { systemNote: 'Be brief.' }));
  await cli(['test', 'prompts/support/v2.0', '--responses', 'record']);
  await repo.commit('support v2.0');
  // Tagged, but production stays on v1.0: v2.0 is the candidate for a canary.
  expect((await cli(['release', '--responses', 'replay', '--no-alias'])).code).toBe(0);
});
afterAll(async () => {
  await emulator.close();
  await repo.cleanup();
});

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd: repo.dir,
    env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdoutIsTTY: false,
    stderrIsTTY: false,
  });
  return { code, stdout, stderr };
}

const commitOf = (tag: string) => repo.git(['rev-list', '-n', '1', tag]);

describe('release --canary (local git)', () => {
  it('points prompts/<id>@canary at a tagged version, runs nothing, and leaves production alone', async () => {
    const production = await commitOf('prompts/support@production');
    const run = await cli(['release', '--canary', 'support@v2.0']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('moved prompts/support@canary to v2.0');
    expect(run.stdout).toContain('git push origin +refs/tags/prompts/support@canary');
    expect(run.stdout).not.toContain('prompts/support/v2.0 · openai'); // no suite ran
    expect(await commitOf('prompts/support@canary')).toBe(await commitOf('prompts/support@v2.0'));
    expect(await commitOf('prompts/support@production')).toBe(production);
    const message = await repo.git(['tag', '-l', '--format=%(contents)', 'prompts/support@canary']);
    expect(parseAliasVersion(message)).toBe('v2.0');
    expect(message).toContain('canary-version: v2.0');

    const versions = await cli(['versions', '--json']);
    expect(JSON.parse(versions.stdout)).toMatchObject([{ id: 'support', production: 'v1.0', canary: 'v2.0' }]);
    expect((await cli(['versions'])).stdout).toContain('support  (production: v1.0, canary: v2.0)');
    // The canary tag is an alias, never a version of its own.
    expect(JSON.parse(versions.stdout)[0].versions.map((v: { version: string }) => v.version)).toEqual(['v1.0', 'v2.0']);
  });

  it('is a no-op when the canary is already there, and refuses an untagged or production version', async () => {
    const again = await cli(['release', '--canary', 'support@v2.0']);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('moved');

    const missing = await cli(['release', '--canary', 'support@v9.9']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot make support@v9.9 the canary: there is no tag prompts/support@v9.9');

    const production = await cli(['release', '--canary', 'support@v1.0']);
    expect(production.code).toBe(2);
    expect(production.stderr).toContain('it is already the production version');

    const both = await cli(['release', '--canary', 'support@v2.0', '--promote', 'support@v1.0']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--promote and --canary each move one alias');
  });

  it('a later release does not treat the canary tag as a version, nor move it', async () => {
    const canary = await commitOf('prompts/support@canary');
    const run = await cli(['release', '--responses', 'replay']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('@canary');
    expect(await commitOf('prompts/support@canary')).toBe(canary);
  });
});

describe('canaryMove', () => {
  const tags = new Map([
    ['prompts/a@v1', { name: 'prompts/a@v1', commit: 'c1', message: '' }],
    ['prompts/a@v2', { name: 'prompts/a@v2', commit: 'c2', message: '' }],
    ['prompts/a@canary', { name: 'prompts/a@canary', commit: 'c1', message: formatAliasMessage('a', 'v1', 'c1', 'canary') }],
  ]);
  it('moves the alias from the version it names, with a message naming the new one', () => {
    expect(canaryMove('prompts/a@v2', tags)).toEqual([
      { tag: 'prompts/a@canary', id: 'a', version: 'v2', commit: 'c2', message: formatAliasMessage('a', 'v2', 'c2', 'canary'), from: 'v1' },
    ]);
    expect(() => canaryMove('v2', tags)).toThrow('canary must look like <prompt id>@<version>');
  });
});

describe('the action input `canary`', () => {
  it('is read with release mode, and refused together with promote', () => {
    const inputs = (values: Record<string, string>) => parseInputs((name) => values[name] ?? '');
    expect(inputs({ mode: 'release', canary: 'support@v2.0' }).canary).toBe('support@v2.0');
    expect(() => inputs({ mode: 'release', canary: 'a@v2', promote: 'a@v1' })).toThrow('inputs "promote" and "canary"');
  });

  it('moves the canary tag through the GitHub API', async () => {
    const TOKEN = 'ghs_canarytoken00000000000000000000000';
    const github: GitHubServer = await startGitHubServer({ token: TOKEN });
    try {
      const sha = await repo.git(['rev-parse', 'HEAD']);
      const first = await runAction({
        workspace: repo.dir,
        event: { ref: 'refs/heads/main' },
        eventName: 'push',
        inputs: { mode: 'release', 'github-token': TOKEN, responses: 'replay' },
        apiUrl: github.url,
        sha,
      });
      expect(first.code).toBe(0);
      const canary = await runAction({
        workspace: repo.dir,
        event: { ref: 'refs/heads/main' },
        eventName: 'push',
        inputs: { mode: 'release', 'github-token': TOKEN, canary: 'support@v1.0' },
        apiUrl: github.url,
        sha,
      });
      expect(canary.code).toBe(0);
      const ref = github.state.refs.find((r) => r.ref === 'refs/tags/prompts/support@canary');
      const tag = github.state.tagObjects.find((t) => t.sha === ref?.sha);
      expect(tag).toMatchObject({ objectSha: sha });
      expect(parseAliasVersion(tag!.message)).toBe('v1.0');
    } finally {
      await github.close();
    }
  });
});
