import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { main } from '../../src/cli/main.js';
import type { ResultsFile } from '../../src/results/model.js';
import { supportFolder } from '../support/fixtures.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { emulator, useSupportEmulator } from '../support/support-emulator.js';

/**
 * Sharding as a user's matrix runs it: the built CLI (bin/promptgate.js → dist/cli.js) on a
 * real git repository with recorded answers, run once unsharded and once as 3 shards + merge.
 */
useSupportEmulator();

const BIN = fileURLToPath(new URL('../../bin/promptgate.js', import.meta.url));
const KEY = 'sk-test-shard-0123456789';

function promptgate(repo: TempRepo, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: repo.dir,
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Records live answers through the emulator (in-process: only the runs under test spawn). */
async function record(repo: TempRepo, paths: string[], gate = 0): Promise<void> {
  const io = {
    cwd: repo.dir,
    env: { OPENAI_BASE_URL: emulator.openaiBaseURL, OPENAI_API_KEY: KEY },
    stdout: () => undefined,
    stderr: () => undefined,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  expect(await main(['test', ...paths, '--responses', 'record'], io)).toBe(gate);
}

const read = async (repo: TempRepo, path: string) => readFile(join(repo.dir, path), 'utf8');
const readResults = async (repo: TempRepo, path: string) => JSON.parse(await read(repo, path)) as ResultsFile;
/** results.json as text, but for the one field that differs between any two runs. */
const comparable = (text: string) => text.replace(/"generatedAt": "[^"]+"/, '"generatedAt": "-"');

const validateResults = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(
  JSON.parse(await readFile(new URL('../../schemas/results.schema.json', import.meta.url), 'utf8')),
);

const bigTests = (names: string[]) =>
  `tests:\n${names.map((name) => `  - name: ${name}\n    input: I forgot my password (${name})\n    expected_intent: ${name === 'case 8' ? 'billing_issue' : 'account_access'}\n`).join('')}`;
const CASES = Array.from({ length: 10 }, (_, i) => `case ${i + 1}`);

// Every step spawns the built CLI or action, several per test, on a shared 2-core machine.
jest.setTimeout(180_000);

describe('promptgate test --shard and promptgate merge', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await createTempRepo();
    await repo.writeFiles({
      // Big enough to be cut into pieces; "Removed case" (mid-file) and "Removed at end" are
      // gone in head. Removed tests run with the folder's first piece, so the merge must put
      // "Removed at end" back after the other shard's tests: tests.yaml order, not shard order.
      ...supportFolder('prompts/big/v1', {
        tests: bigTests([...CASES.slice(0, 3), 'Removed case', ...CASES.slice(3), 'Removed at end']).replace(
          'expected_intent: billing_issue',
          'expected_intent: account_access',
        ),
      }),
      ...supportFolder('prompts/changed/v1'),
      ...supportFolder('prompts/small/v1', {
        tests: 'tests:\n  - name: Weather\n    input: What is the weather tomorrow?\n    expected_escalate: true\n',
      }),
      ...supportFolder('prompts/steady/v1', { systemNote: 'Nobody touches this one.' }),
    });
    await record(repo, ['prompts']);
    await repo.commit('base');
    await repo.git(['checkout', '--quiet', '-b', 'feature']);
    // big: a test removed, and case 8 now expects what the model does not say (a flip).
    await repo.write('prompts/big/v1/tests.yaml', bigTests(CASES));
    // changed: the billing test flips to failing.
    await repo.write('prompts/changed/v1/system.txt', 'You are the support assistant for {company}.\nClassify as JSON. BREAK-BILLING\n');
    await repo.write('prompts/small/v1/system.txt', 'You are the support assistant for {company}.\nClassify as JSON, briefly.\n');
    await repo.writeFiles(supportFolder('prompts/brand-new/v1', { systemNote: 'A new folder for the night shift.' }));
    await record(repo, ['prompts/changed', 'prompts/small', 'prompts/brand-new'], 1);
    // A test added after recording: not run in replay, which the notices must say once.
    await repo.write(
      'prompts/brand-new/v1/tests.yaml',
      `${await read(repo, 'prompts/brand-new/v1/tests.yaml')}\n  - name: Unrecorded\n    input: Where is my parcel?\n`,
    );
    await repo.commit('head');
  });
  afterAll(async () => repo.cleanup());

  it('3 shards and a merge give the unsharded results, report and exit status', async () => {
    const whole = await promptgate(repo, [
      'test',
      '--base',
      'main',
      '--responses',
      'replay',
      '--out',
      'whole.json',
      '--markdown',
      'whole.md',
    ]);
    expect(whole.code).toBe(1);
    const expected = await readResults(repo, 'whole.json');
    // The scenario is what it claims: a folder cut into pieces, flips, a removed test, a new folder.
    expect(expected.changedPrompts).toEqual(['prompts/big/v1', 'prompts/brand-new/v1', 'prompts/changed/v1', 'prompts/small/v1']);
    const big = expected.comparison!.suites.find((suite) => suite.path === 'prompts/big/v1')!;
    expect(big.removedTests.map((test) => test.name)).toEqual(['Removed case', 'Removed at end']);
    expect(big.newlyFailing.map((test) => test.name)).toEqual(['case 8']);
    expect(expected.comparison!.suites.find((suite) => suite.path === 'prompts/changed/v1')!.newlyFailing.map((test) => test.name)).toEqual(
      ['Escalate billing disputes'],
    );
    expect(expected.comparison!.suites.find((suite) => suite.path === 'prompts/brand-new/v1')!.change).toBe('added');
    expect(expected.notices).toEqual(['1 head test run(s) have no recorded response and were not run (replay mode).']);

    const shards = [];
    for (const index of [1, 2, 3]) {
      const shard = await promptgate(repo, [
        'test',
        '--base',
        'main',
        '--responses',
        'replay',
        '--shard',
        `${index}/3`,
        '--out',
        `shards/${index}.json`,
      ]);
      // A share below the threshold does not fail its job: the merge is the gate.
      expect({ index, code: shard.code, stderr: shard.stderr }).toEqual({ index, code: 0, stderr: '' });
      const results = await readResults(repo, `shards/${index}.json`);
      expect(validateResults(results)).toBe(true);
      shards.push(results);
    }
    // The big folder really was split between shards, and every test ran exactly once.
    const bigPieces = shards.flatMap((results) => results.shard!.pieces.filter((piece) => piece.path === 'prompts/big/v1'));
    expect(bigPieces.length).toBeGreaterThan(1);
    const headNames = shards.flatMap((results) =>
      results.suites.flatMap((suite) => suite.tests.map((test) => `${suite.path}:${test.name}`)),
    );
    expect(headNames.sort()).toEqual(expected.suites.flatMap((suite) => suite.tests.map((test) => `${suite.path}:${test.name}`)).sort());
    const baseNames = shards.flatMap((results) =>
      results.base!.suites.flatMap((suite) => suite.tests.map((test) => `${suite.path}:${test.name}`)),
    );
    expect(baseNames.sort()).toEqual(
      expected.base!.suites.flatMap((suite) => suite.tests.map((test) => `${suite.path}:${test.name}`)).sort(),
    );

    const merged = await promptgate(repo, [
      'merge',
      'shards/3.json',
      'shards/1.json',
      'shards/2.json',
      '--out',
      'merged.json',
      '--markdown',
      'merged.md',
    ]);
    expect(merged.code).toBe(1);
    const mergedResults = await readResults(repo, 'merged.json');
    expect(validateResults(mergedResults)).toBe(true);
    expect(mergedResults.shard).toBeUndefined();
    expect(mergedResults.summary).toEqual(expected.summary);
    expect(mergedResults.suites.map((suite) => [suite.path, suite.tests.map((test) => `${test.name}: ${test.status}`)])).toEqual(
      expected.suites.map((suite) => [suite.path, suite.tests.map((test) => `${test.name}: ${test.status}`)]),
    );
    expect(mergedResults.comparison).toEqual(expected.comparison);
    expect(mergedResults.notices).toEqual(expected.notices);
    expect(mergedResults.gate).toEqual(expected.gate);
    // And the whole file, byte for byte but for generatedAt; the comment too.
    expect(comparable(await read(repo, 'merged.json'))).toBe(comparable(await read(repo, 'whole.json')));
    expect(await read(repo, 'merged.md')).toBe(await read(repo, 'whole.md'));
    expect(merged.stdout.replace(/results: \S+/, '')).toBe(whole.stdout.replace(/results: \S+/, ''));
  });

  it('a shard that gets no folder runs nothing, passes, and still merges', async () => {
    const whole = await promptgate(repo, ['test', 'prompts/small', '--base', 'main', '--responses', 'replay', '--out', 'small.json']);
    expect(whole.code).toBe(0);
    for (const index of [1, 2]) {
      expect(
        (
          await promptgate(repo, [
            'test',
            'prompts/small',
            '--base',
            'main',
            '--responses',
            'replay',
            '--shard',
            `${index}/2`,
            '--out',
            `small-${index}.json`,
          ])
        ).code,
      ).toBe(0);
    }
    const empty = await readResults(repo, 'small-2.json');
    expect(empty.suites).toEqual([]);
    expect(empty.shard!.pieces).toEqual([]);
    expect(empty.diagnostics).toEqual([]);
    expect(empty.gate.exitCode).toBe(0);
    const merged = await promptgate(repo, ['merge', 'small-1.json', 'small-2.json', '--out', 'small-merged.json']);
    expect(merged.code).toBe(0);
    expect(comparable(await read(repo, 'small-merged.json'))).toBe(comparable(await read(repo, 'small.json')));
  });

  it('refuses a set with a shard missing, naming it (exit 2)', async () => {
    const merged = await promptgate(repo, ['merge', 'shards/1.json', 'shards/3.json', '--out', 'missing.json']);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toContain('shard 2/3 is missing');
  });

  it('refuses shards that ran different commits (exit 2)', async () => {
    await repo.write('NOTES.md', 'a later push\n');
    await repo.commit('a later push');
    expect(
      (await promptgate(repo, ['test', '--base', 'main', '--responses', 'replay', '--shard', '2/3', '--out', 'later/2.json'])).code,
    ).toBe(0);
    const merged = await promptgate(repo, ['merge', 'shards/1.json', 'later/2.json', 'shards/3.json', '--out', 'mixed.json']);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toContain('the shards ran different head commits');
    expect(merged.stderr).toContain('later/2.json');
  });
});
