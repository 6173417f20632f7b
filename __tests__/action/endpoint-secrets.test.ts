import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pullRequestEvent, runAction, type ActionRun } from '../support/action-runner.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { startProviderEmulator, type EmulatedRequest, type RunningEmulator } from '../support/provider-emulator.js';

/**
 * Issue 20 item 2's follow-up, end to end through the bundled action: the key of a promptgate.yaml
 * endpoint (api_key_env) and the password in an endpoint's base_url are known to be secret only
 * once promptgate.yaml is read. The runner must be told to mask them (`::add-mask::`), and they
 * must reach no file, output, log line or comment, even when the server echoes the key back.
 *
 * The key variable is named GATEWAY_KEY, not shaped like a credential (`*_API_KEY`, `*_TOKEN`):
 * only promptgate.yaml says its value is a key, so nothing masks it when the action starts.
 */
const TOKEN = 'ghs_endpointsecrets0000000000000000000';
const KEY = 'gw-live-7f3a9c1e5b2d4f6a8c0e';
const PASSWORD = 'pa55-Endpoint-Secret';

/**
 * A gateway that echoes the caller's key: in an answer, and in a 400's error body as some servers
 * do ("Incorrect API key provided: <key>"; OpenAI's own shortens it, not every compatible server does).
 */
function echoingGateway(request: EmulatedRequest) {
  const key = String(request.headers.authorization ?? '').replace(/^Bearer /, '');
  if (request.lastUserMessage.includes('error')) {
    return {
      status: 400,
      raw: { error: { message: `Incorrect API key provided: ${key}. Check the key.`, type: 'invalid_request_error', code: null } },
    };
  }
  return { text: `I am called with ${key}; ask me again.` };
}

describe('the action with an endpoint key and a base_url password from promptgate.yaml', () => {
  let github: GitHubServer;
  let emulator: RunningEmulator;
  let repo: TempRepo;
  let run: ActionRun;
  beforeAll(async () => {
    github = await startGitHubServer({ token: TOKEN });
    emulator = await startProviderEmulator({ answer: echoingGateway });
    repo = await createTempRepo();
    await repo.writeFiles({
      'promptgate.yaml': [
        'endpoints:',
        `  gateway: { base_url: "${emulator.openaiBaseURL}", api_key_env: GATEWAY_KEY }`,
        // A closed port: every call fails, and the failure names the server.
        `  private: { base_url: "http://proxy:${PASSWORD}@127.0.0.1:9/v1" }`,
        '',
      ].join('\n'),
      'prompts/gateway/v1.0/system.txt': 'You answer briefly.\n',
      'prompts/gateway/v1.0/prompt.yaml': 'models: [gateway:echo-1, private:echo-2]\n',
      'prompts/gateway/v1.0/tests.yaml': [
        'tests:',
        '  - name: the answer echoes the key',
        '    input: hello',
        '    assert: [{ type: contains, value: never said }]',
        '  - name: the error body echoes the key',
        '    input: an error please',
        '    assert: [{ type: contains, value: never said }]',
        '',
      ].join('\n'),
    });
    const sha = await repo.commit('an endpoint with a key, one with a password');
    run = await runAction({
      workspace: repo.dir,
      event: pullRequestEvent({ number: 77, baseSha: sha, headSha: sha }),
      inputs: { 'github-token': TOKEN, responses: 'record', mode: 'all', 'results-file': 'out/results.json' },
      env: { GATEWAY_KEY: KEY },
      apiUrl: github.url,
      sha,
    });
  });
  afterAll(async () => {
    await emulator.close();
    await github.close();
    await repo.cleanup();
  });

  it('tells the runner to mask the key and the password before any other line shows them', () => {
    const lines = run.stdout.split('\n');
    for (const secret of [KEY, PASSWORD]) {
      const mask = lines.indexOf(`::add-mask::${secret}`);
      expect(mask).toBeGreaterThanOrEqual(0);
      const first = lines.findIndex((line) => line.includes(secret));
      expect(first).toBe(mask);
    }
  });

  it('writes them nowhere: stdout, stderr, comment, job summary, outputs, results.json, recordings.json', async () => {
    // The server was called with the key, and echoed it back (the test would prove nothing otherwise).
    const called = emulator.requests.filter((request) => request.headers.authorization === `Bearer ${KEY}`);
    expect(called.length).toBeGreaterThanOrEqual(2);
    const recordings = await readFile(join(repo.dir, 'prompts/gateway/v1.0/recordings.json'), 'utf8');
    expect(recordings).toContain('ask me again');
    const comments = github.state.comments.map((comment) => comment.body);
    expect(comments).toHaveLength(1);
    const published = {
      stdout: run.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n'),
      stderr: run.stderr,
      comment: comments.join('\n'),
      summary: run.summary,
      outputs: JSON.stringify(run.outputs),
      results: await readFile(join(repo.dir, 'out/results.json'), 'utf8'),
      recordings,
    };
    // What each shows in the secrets' place.
    expect(published.results).toContain('I am called with [REDACTED]; ask me again.');
    expect(published.results).toContain('Incorrect API key provided: [REDACTED]');
    expect(published.comment).toContain('[REDACTED]');
    expect(published.results).toContain('private: could not reach http://127.0.0.1:9/v1');
    for (const [sink, text] of Object.entries(published)) {
      for (const secret of [KEY, PASSWORD]) expect({ sink, leaks: text.includes(secret) }).toEqual({ sink, leaks: false });
    }
  });
});
