import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runAction } from '../support/action-runner.js';
import { supportFolder, supportModel } from '../support/fixtures.js';
import { createTempDir, createTempRepo, type TempRepo } from '../support/git-repo.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';

/** Each test runs the bundled action (some twice, plus git and recording): minutes on a busy machine, not 30 s. */
const E2E_TIMEOUT_MS = 120_000;
/**
 * A cancelled job, as GitHub cancels it: SIGINT, then SIGTERM, then (after a grace period we
 * must finish within) SIGKILL. The bundled action runs live against a slow emulator, so calls
 * are in flight when the signals arrive.
 */
const TESTS = 12;
const LATENCY_MS = 1500;
const KEY = 'sk-cancel-0123456789abcdef0123';

let emulator: RunningEmulator;
let github: GitHubServer;
let repo: TempRepo;
beforeAll(async () => {
  emulator = await startProviderEmulator({ answer: supportModel, latencyMs: LATENCY_MS });
  github = await startGitHubServer({ token: 'ghs_canceltoken00000000000000000000000' });
  repo = await createTempRepo();
  const tests = Array.from(
    { length: TESTS },
    (_, i) => `  - name: Password reset ${i + 1}\n    input: I forgot my password (${i + 1})\n    expected_intent: account_access\n`,
  );
  await repo.writeFiles(supportFolder('prompts/support/v1.0', { tests: `tests:\n${tests.join('\n')}` }));
  await repo.commit('a slow folder');
}, E2E_TIMEOUT_MS);
afterAll(async () => {
  await emulator.close();
  await github.close();
  await repo.cleanup();
});

interface ResultsJson {
  summary: { errors: number };
  suites: { tests: { name: string; status: string; errorKind?: string }[] }[];
}

describe('a cancelled job', () => {
  it(
    'stops starting calls, keeps the answers received, writes results, summary and outputs, and exits non-zero',
    async () => {
      const out = await createTempDir('promptgate-cancel-');
      const resultsFile = join(out, 'results.json');
      const sha = await repo.git(['rev-parse', 'HEAD']);
      let cancelledAt = 0;
      const run = await runAction({
        workspace: repo.dir,
        event: { ref: 'refs/heads/main', after: sha },
        eventName: 'push',
        inputs: { responses: 'record', concurrency: '2', 'results-file': resultsFile },
        env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL },
        apiUrl: github.url,
        sha,
        onSpawn: (child) => {
          void (async () => {
            // The third request goes out once the first answer came back: answers exist, calls are in flight.
            while (emulator.requestCount() < 3) await sleep(20);
            cancelledAt = Date.now();
            child.kill('SIGINT');
            await sleep(300);
            child.kill('SIGTERM');
          })();
        },
      });
      const secondsAfterCancel = (Date.now() - cancelledAt) / 1000;

      expect(run.code).not.toBe(0);
      expect(run.code).not.toBeNull(); // exited, not killed by the signal
      expect(secondsAfterCancel).toBeLessThan(6);
      expect(run.stdout).toContain('::error::promptgate was cancelled');

      const results = JSON.parse(await readFile(resultsFile, 'utf8')) as ResultsJson;
      const tests = results.suites.flatMap((suite) => suite.tests);
      const answered = tests.filter((test) => test.status === 'passed' || test.status === 'failed');
      const cancelled = tests.filter((test) => test.errorKind === 'cancelled');
      expect(tests).toHaveLength(TESTS);
      expect(answered.length).toBeGreaterThanOrEqual(1);
      expect(cancelled.length).toBeGreaterThanOrEqual(1);
      expect(answered.length + cancelled.length).toBe(TESTS);
      // No call started after the signal: every request the emulator saw is an answered test.
      expect(emulator.requestCount()).toBe(answered.length);

      expect(run.summary).toContain('promptgate');
      expect(run.outputs).toMatchObject({ total: String(TESTS), errors: String(cancelled.length), 'results-file': resultsFile });

      // The answers received are recorded (valid JSON, one entry per answered test), so a rerun replays them.
      const recordings = JSON.parse(await readFile(join(repo.dir, 'prompts/support/v1.0/recordings.json'), 'utf8')) as {
        recordings: Record<string, { test: string }>;
      };
      expect(
        Object.values(recordings.recordings)
          .map((entry) => entry.test)
          .sort(),
      ).toEqual(answered.map((test) => test.name).sort());
    },
    E2E_TIMEOUT_MS,
  );
});
