import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { ResultsFile } from '../../src/results/model.js';
import { BIN, runPromptgate } from '../support/cli-process.js';
import { supportFolder } from '../support/fixtures.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { silentCli } from '../support/cli-io.js';
import { emulator, useSupportEmulator } from '../support/support-emulator.js';

/*
 * `promptgate test … | head -1` ends quietly (issue 19, item 7): when the reader of stdout goes
 * away, promptgate writes nothing more there, prints no EPIPE stack trace, still writes its
 * files, and exits with the gate's status. Before, an unhandled 'error' event crashed it.
 */

useSupportEmulator();

let repo: TempRepo;
beforeAll(async () => {
  repo = await createTempRepo();
  // Enough tests that results.json on stdout is far more than a pipe holds (64 KB).
  const tests = Array.from(
    { length: 400 },
    (_, i) => `  - name: case ${i + 1}\n    input: I forgot my password (${i + 1})\n    expected_intent: account_access\n`,
  );
  await repo.writeFiles(supportFolder('prompts/support/v1.0', { tests: `tests:\n${tests.join('')}` }));
  const recorded = await main(['test', '--responses', 'record', '--concurrency', '16'], {
    ...silentCli(repo.dir, { OPENAI_API_KEY: 'sk-test-epipe-0123456789', OPENAI_BASE_URL: emulator.openaiBaseURL }),
  });
  expect(recorded).toBe(0);
  await repo.commit('400 recorded tests');
}, 60_000);
afterAll(async () => repo.cleanup());

describe('stdout closed by its reader', () => {
  it('after the first chunk (a Node parent destroys the pipe): no stack trace, the gate’s status, results.json written', async () => {
    let firstChunk = '';
    const run = await runPromptgate(['test', '--responses', 'replay', '--junit', 'junit.xml'], {
      cwd: repo.dir,
      deadlineMs: 30_000,
      onSpawn: (child) => {
        child.stdout.once('data', (chunk: Buffer) => {
          firstChunk = chunk.toString();
          child.stdout.destroy();
        });
      },
    });
    expect(firstChunk).toContain('support v1.0');
    expect(run.stderr).toBe('');
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(0);
    const results = JSON.parse(await readFile(join(repo.dir, '.promptgate/results.json'), 'utf8')) as ResultsFile;
    expect(results.summary).toMatchObject({ total: 400, passed: 400 });
    expect(await readFile(join(repo.dir, 'junit.xml'), 'utf8')).toContain('tests="400"');
  }, 60_000);

  it('with results.json on stdout, read through a socket that closes after the first chunk', async () => {
    const run = await runPromptgate(['test', '--responses', 'replay', '--out', '/dev/stdout'], {
      cwd: repo.dir,
      deadlineMs: 30_000,
      onSpawn: (child) => child.stdout.once('data', () => child.stdout.destroy()),
    });
    expect({ code: run.code, stderr: run.stderr, timedOut: run.timedOut }).toEqual({ code: 0, stderr: '', timedOut: false });
  }, 60_000);

  it('`promptgate test --out /dev/stdout | head -1` in a shell with pipefail', async () => {
    const quoted = [process.execPath, BIN, 'test', '--responses', 'replay', '--out', '/dev/stdout']
      .map((word) => `'${word.replace(/'/g, "'\\''")}'`)
      .join(' ');
    const child = spawn('bash', ['-o', 'pipefail', '-c', `${quoted} | head -1`], {
      cwd: repo.dir,
      env: { PATH: process.env.PATH, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  }, 60_000);
});
