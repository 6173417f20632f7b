import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResultsFile } from '../../src/results/model.js';
import { runAction } from '../support/action-runner.js';
import { runPromptgate } from '../support/cli-process.js';
import { supportFolder, supportModel } from '../support/fixtures.js';
import { createTempDir, createTempRepo, type TempRepo } from '../support/git-repo.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';

/*
 * Release mode obeys a cancel like test mode (issue 19, item 7). Before, the action's release
 * made all 60 calls and wrote 4 refs after SIGINT, and exited 0. After a cancel: no new
 * provider call starts, no tag or alias is created or moved, the results so far are written,
 * and the step fails (the CLI exits 130 / 143).
 */

const E2E_TIMEOUT_MS = 120_000;
const FOLDERS = ['alpha', 'beta', 'gamma', 'delta'];
const TESTS_PER_FOLDER = 15;
const LATENCY_MS = 400;
const KEY = 'sk-release-cancel-0123456789abcdef';
const TOKEN = 'ghs_releasecanceltoken00000000000000000';

let emulator: RunningEmulator;
let repo: TempRepo;
let sha: string;

beforeAll(async () => {
  emulator = await startProviderEmulator({ answer: supportModel, latencyMs: LATENCY_MS });
  repo = await createTempRepo();
  const tests = Array.from(
    { length: TESTS_PER_FOLDER },
    (_, i) => `  - name: Password reset ${i + 1}\n    input: I forgot my password (${i + 1})\n    expected_intent: account_access\n`,
  );
  for (const folder of FOLDERS) await repo.writeFiles(supportFolder(`prompts/${folder}/v1.0`, { tests: `tests:\n${tests.join('')}` }));
  sha = await repo.commit('four folders to release, 60 calls');
}, E2E_TIMEOUT_MS);

afterAll(async () => {
  await emulator.close();
  await repo.cleanup();
});

beforeEach(() => emulator.reset());

/** Sends the signal once a few calls are answered and more are in flight; resolves its time. */
function cancelWhenBusy(kill: (signal: NodeJS.Signals) => void, signals: NodeJS.Signals[]): Promise<number> {
  return (async () => {
    while (emulator.requestCount() < 4) await sleep(20);
    const at = Date.now();
    for (const [index, signal] of signals.entries()) {
      if (index > 0) await sleep(300);
      kill(signal);
    }
    return at;
  })();
}

function answeredAndCancelled(results: ResultsFile) {
  const tests = results.suites.flatMap((suite) => suite.tests);
  return {
    total: tests.length,
    answered: tests.filter((test) => test.status === 'passed' || test.status === 'failed').length,
    cancelled: tests.filter((test) => test.errorKind === 'cancelled').length,
  };
}

describe('release mode in the action, cancelled', () => {
  let github: GitHubServer;
  beforeAll(async () => {
    github = await startGitHubServer({ token: TOKEN });
  });
  afterAll(async () => github.close());

  it(
    'starts no call after the signal, writes no tag or alias, writes results.json, and fails the step',
    async () => {
      const out = await createTempDir('promptgate-release-cancel-');
      const resultsFile = join(out, 'results.json');
      let cancelled: Promise<number> | undefined;
      const run = await runAction({
        workspace: repo.dir,
        event: { ref: 'refs/heads/main', after: sha },
        eventName: 'push',
        inputs: { mode: 'release', 'github-token': TOKEN, responses: 'live', concurrency: '2', 'results-file': resultsFile },
        env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL },
        apiUrl: github.url,
        sha,
        onSpawn: (child) => {
          cancelled = cancelWhenBusy((signal) => child.kill(signal), ['SIGINT', 'SIGTERM']);
        },
      });
      const secondsAfterCancel = (Date.now() - (await cancelled!)) / 1000;

      expect(run.code).not.toBe(0);
      expect(run.code).not.toBeNull(); // it exited; the signal did not kill it
      expect(secondsAfterCancel).toBeLessThan(8);
      expect(run.stdout).toContain('::error::promptgate release was cancelled');

      // Not one tag object, ref or release was written.
      const writes = github.requests.filter((request) => request.method !== 'GET');
      expect(writes.map((request) => `${request.method} ${request.path}`)).toEqual([]);
      expect(github.state.refs).toEqual([]);
      expect(JSON.parse(run.outputs['tags-created']!)).toEqual([]);

      const results = JSON.parse(await readFile(resultsFile, 'utf8')) as ResultsFile;
      const counts = answeredAndCancelled(results);
      expect(counts.total).toBe(FOLDERS.length * TESTS_PER_FOLDER);
      expect(counts.cancelled).toBeGreaterThan(0);
      expect(counts.answered + counts.cancelled).toBe(counts.total);
      // No call started after the signal: every request the emulator saw is an answered test.
      expect(emulator.requestCount()).toBe(counts.answered);
      expect(results.cancelled).toBe(true);
    },
    E2E_TIMEOUT_MS,
  );
});

describe('promptgate release, interrupted', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'on %s tags nothing, writes results.json, and exits %i',
    async (signal, status) => {
      let cancelled: Promise<number> | undefined;
      // Threshold 0: the answered share would be tagged if the release went on after the cancel.
      const run = await runPromptgate(['release', '--responses', 'live', '--concurrency', '2', '--threshold', '0'], {
        cwd: repo.dir,
        env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL },
        deadlineMs: 60_000,
        onSpawn: (child) => {
          cancelled = cancelWhenBusy((name) => child.kill(name), [signal]);
        },
      });
      const secondsAfterCancel = (Date.now() - (await cancelled!)) / 1000;
      expect(run.timedOut).toBe(false);
      expect(run.code).toBe(status);
      expect(secondsAfterCancel).toBeLessThan(8);
      expect(run.stdout).not.toMatch(/^(tagged|moved) /m);
      expect(run.stdout).toContain('not tagged prompts/alpha@v1.0: the release was cancelled');
      expect(await repo.git(['tag', '--list'])).toBe('');

      const results = JSON.parse(await readFile(join(repo.dir, '.promptgate/results.json'), 'utf8')) as ResultsFile;
      const counts = answeredAndCancelled(results);
      expect(counts.cancelled).toBeGreaterThan(0);
      expect(counts.answered + counts.cancelled).toBe(FOLDERS.length * TESTS_PER_FOLDER);
      expect(emulator.requestCount()).toBe(counts.answered);
    },
    E2E_TIMEOUT_MS,
  );
});
