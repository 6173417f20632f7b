import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { RecordingsFile } from '../../src/providers/recordings-file.js';
import { SUPPORT_TESTS, supportFolder, supportModel } from '../support/fixtures.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';

/**
 * Issue 21: recordings.json keeps only what the tests ask for. `promptgate prune` replays the
 * suites (no call, no cache) and drops the answers of requests no test makes any more and the
 * runs beyond the repeat count; `--check` says so and fails, for CI or a pre-commit hook.
 */
const FOLDER = 'prompts/support/v1.0';
let emulator: RunningEmulator;
let repo: TempRepo;

beforeAll(async () => {
  emulator = await startProviderEmulator({ answer: supportModel });
  repo = await createTempRepo();
  await repo.writeFiles(supportFolder(FOLDER));
});
afterAll(async () => {
  await emulator.close();
  await repo.cleanup();
});

async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await main(args, {
    cwd: repo.dir,
    env: { OPENAI_API_KEY: 'sk-prune-test', OPENAI_BASE_URL: emulator.openaiBaseURL },
    stdout: (text) => (stdout += text),
    stderr: () => undefined,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  });
  return { code, stdout };
}

const recordings = async () => JSON.parse(await readFile(join(repo.dir, FOLDER, 'recordings.json'), 'utf8')) as RecordingsFile;
const runsPerEntry = async () => Object.values((await recordings()).recordings).map((entry) => entry.responses.length);

describe('promptgate prune', () => {
  it('passes a file that holds exactly what the tests ask for', async () => {
    expect((await cli(['test', 'prompts', '--responses', 'record', '--repeat', '3', '--no-cache'])).code).toBe(0);
    expect(await runsPerEntry()).toEqual([3, 3, 3]);
    await repo.writeFiles({ 'promptgate.yaml': 'repeat: 3\n' });
    const check = await cli(['prune', '--check']);
    expect(check).toEqual({ code: 0, stdout: '1 recordings file read, would remove 0 unused answers\n' });
  });

  it('finds the answers of a removed test and runs beyond a lowered repeat count, and --check changes nothing', async () => {
    // One test removed, and the repeat count back to its default of 1.
    await repo.writeFiles({ 'promptgate.yaml': '', [`${FOLDER}/tests.yaml`]: SUPPORT_TESTS.split('\n  - name: Reject')[0]! });
    const before = await readFile(join(repo.dir, FOLDER, 'recordings.json'), 'utf8');
    emulator.reset();
    const check = await cli(['prune', 'prompts', '--check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(
      `${FOLDER}/recordings.json: holds 3 answers to 1 request no test makes and 4 runs beyond the repeat count\n`,
    );
    expect(check.stdout).toContain('would remove 7 unused answers');
    expect(await readFile(join(repo.dir, FOLDER, 'recordings.json'), 'utf8')).toBe(before);
    expect(emulator.requests).toHaveLength(0);
  });

  it('removes them, keeps what the tests ask for, and calls no model', async () => {
    const pruned = await cli(['prune']);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain('removed 7 unused answers');
    expect(await runsPerEntry()).toEqual([1, 1]);
    expect(Object.values((await recordings()).recordings).map((entry) => entry.test)).toEqual(
      expect.arrayContaining(['Handle password reset request', 'Escalate billing disputes']),
    );
    expect(emulator.requests).toHaveLength(0);
    // What is left still replays every test, and the check is clean again.
    expect((await cli(['test', 'prompts', '--responses', 'replay', '--no-cache'])).code).toBe(0);
    expect((await cli(['prune', '--check'])).code).toBe(0);
  });

  it('fails the check when a request has no recorded answer, and never records it', async () => {
    await repo.writeFiles({ [`${FOLDER}/tests.yaml`]: SUPPORT_TESTS });
    const check = await cli(['prune', '--check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('1 request has no recorded answer: record them with promptgate test PATH --responses record');
    expect(await runsPerEntry()).toEqual([1, 1]);
    expect(emulator.requests).toHaveLength(0);
  });

  it('prunes nothing in a folder it cannot load, and says so with exit 2', async () => {
    await repo.writeFiles({ [`${FOLDER}/tests.yaml`]: 'tests:\n  - name: [unclosed\n' });
    const before = await readFile(join(repo.dir, FOLDER, 'recordings.json'), 'utf8');
    const pruned = await cli(['prune']);
    expect(pruned.code).toBe(2);
    expect(pruned.stdout).toMatch(/error: prompts\/support\/v1\.0\/tests\.yaml:2/);
    expect(await readFile(join(repo.dir, FOLDER, 'recordings.json'), 'utf8')).toBe(before);
  });
});

describe('recording a folder with one broken test', () => {
  it('keeps the broken test’s answers: the run did not reach it, so they are not stale', async () => {
    await repo.writeFiles({ [`${FOLDER}/tests.yaml`]: SUPPORT_TESTS });
    expect((await cli(['test', 'prompts', '--responses', 'record', '--no-cache'])).code).toBe(0);
    expect(await runsPerEntry()).toEqual([1, 1, 1]);
    // A typo in one test's check: that test cannot load, the other two run and are recorded again.
    await repo.writeFiles({
      [`${FOLDER}/tests.yaml`]: SUPPORT_TESTS.replace(
        '    expected_reason: out_of_scope',
        '    assert:\n      - type: contians\n        value: x',
      ),
    });
    const recorded = await cli(['test', 'prompts', '--responses', 'record', '--no-cache']);
    expect(recorded.stdout).toContain('contians');
    expect(await runsPerEntry()).toEqual([1, 1, 1]);
  });
});
