import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runAction } from '../support/action-runner.js';
import { supportFolder } from '../support/fixtures.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';

/**
 * GitHub refuses a job summary over 1 MiB — counted in bytes of UTF-8, not characters. The
 * bundled action, run as the runner runs it, against a model that answers every test with
 * 2,400 characters of Japanese and emoji (3–4 bytes each): the summary the action writes
 * would pass a character count (well under 1,048,576 characters) and still be too big.
 */
const TOKEN = 'ghs_testtoken000000000000000000000000';
const KEY = 'sk-summary-size-abcdef0123456789';
const TESTS = 220;
const ANSWER = '申し訳ありませんが、その質問にはお答えできません。🙇'.repeat(90);

let emulator: RunningEmulator;
let github: GitHubServer;
let repo: TempRepo;
beforeAll(async () => {
  // Each answer its own (the same answer of several tests is shown once).
  emulator = await startProviderEmulator({
    answer: (request) => ({ text: `${request.lastUserMessage} ${ANSWER}`, usage: { inputTokens: 100, outputTokens: 900 } }),
  });
  github = await startGitHubServer({ token: TOKEN });
  repo = await createTempRepo();
  const tests = Array.from(
    { length: TESTS },
    (_, i) => `  - name: 質問 ${i}\n    input: 質問 ${i}\n    expected_intent: account_access\n`,
  ).join('\n');
  await repo.writeFiles(supportFolder('prompts/ja/v1', { tests: `tests:\n${tests}` }));
  await repo.commit('a prompt whose answers are long Japanese prose');
});
afterAll(async () => {
  await emulator.close();
  await github.close();
  await repo.cleanup();
});

describe('the job summary of the bundled action', () => {
  it('stays within 1 MiB of UTF-8 when multi-byte output would pass a character count but not the byte count', async () => {
    const sha = await repo.git(['rev-parse', 'HEAD']);
    const run = await runAction({
      workspace: repo.dir,
      event: { ref: 'refs/heads/main', after: sha },
      eventName: 'push',
      inputs: { 'github-token': TOKEN, responses: 'live' },
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL },
      apiUrl: github.url,
      sha,
    });
    expect(run.code).toBe(1);
    expect(run.outputs.failed).toBe(String(TESTS));
    const bytes = Buffer.byteLength(run.summary, 'utf8');
    expect(bytes).toBeLessThanOrEqual(1_048_576);
    // It was the bytes that needed cutting: in characters the whole report would have fitted.
    expect(run.summary.length).toBeLessThan(1_048_576 / 2);
    expect(run.summary).toContain("GitHub's 1 MiB job summary limit");
    // The cut is of raw outputs, least important first; the verdict, table and failing list stay.
    expect(run.summary).toContain('### ❌ promptgate: merge blocked');
    expect(run.summary).toContain(`#### Failing (${TESTS} tests)`);
    expect(run.summary).toMatch(/Model outputs of failing tests \(\d+ of 220 shown, \d+ left out\)/);
  }, 120_000);
});
