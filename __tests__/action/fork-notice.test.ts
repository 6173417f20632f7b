import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runAction, type ActionRun } from '../support/action-runner.js';
import { supportFolder } from '../support/fixtures.js';
import type { TempRepo } from '../support/git-repo.js';
import type { GitHubServer } from '../support/github-server.js';
import { createPullRequestFixture } from '../support/pull-request-fixture.js';
import { fromFork, pullRequestPayload } from '../support/webhook-payloads.js';

/** Each test runs the bundled action: seconds on a busy machine. */
const E2E_TIMEOUT_MS = 120_000;
/**
 * Issue 20's follow-up: the notice a fork's pull request gets (GitHub gives it no secrets) knows
 * every way a run gets credentials, through the predicate the run itself uses to build its
 * providers (configuredProviders): Bedrock's, Vertex's and the endpoints' keys count, and an
 * endpoint without api_key_env, which a fork still calls, is named.
 */
const TOKEN = 'ghs_forknotice00000000000000000000000';
const PROMPTGATE_YAML = [
  'endpoints:',
  '  ollama: { base_url: "http://127.0.0.1:9/v1" }',
  '  openrouter: { base_url: "http://127.0.0.1:9/api/v1", api_key_env: OPENROUTER_API_KEY }',
  '',
].join('\n');

let github: GitHubServer;
let repo: TempRepo;
let baseSha: string;
let headSha: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ github, repo, baseSha, headSha, close } = await createPullRequestFixture({
    token: TOKEN,
    key: 'sk-fork-notice-0123456789',
    base: { files: { 'promptgate.yaml': PROMPTGATE_YAML, ...supportFolder('prompts/support/v1.0') } },
    head: { files: { 'prompts/support/v1.0/system.txt': 'You are the support assistant for {company}. Be brief.\n' } },
  }));
}, E2E_TIMEOUT_MS);
afterAll(() => close());

/** The bundled action on a fork's pull_request event (a payload GitHub sent, made a fork's), with this environment. */
function runFromFork(env: Record<string, string>): Promise<ActionRun> {
  const event = fromFork(pullRequestPayload('opened', { base: baseSha, head: headSha }));
  return runAction({
    workspace: repo.dir,
    event,
    eventName: 'pull_request',
    repository: event.repository.full_name,
    inputs: {},
    env,
    githubToken: TOKEN,
    apiUrl: github.url,
    sha: headSha,
  });
}

const noticeOf = (run: ActionRun) =>
  run.stdout.split('\n').find((line) => line.startsWith('::notice::This pull request comes from a fork'));

describe('the notice on a pull request from a fork', () => {
  it.each<[string, Record<string, string>]>([
    [
      'Bedrock with static AWS keys',
      { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIAFORKTEST', AWS_SECRET_ACCESS_KEY: 'fork-secret-key' },
    ],
    ['Bedrock with a Bedrock API key', { AWS_DEFAULT_REGION: 'us-west-2', AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key-fork' }],
    ['Bedrock with an AWS profile', { AWS_REGION: 'eu-central-1', AWS_PROFILE: 'bedrock' }],
    ['Vertex', { CLOUD_ML_REGION: 'us-east5', ANTHROPIC_VERTEX_PROJECT_ID: 'acme-llm' }],
    ["an endpoint's api_key_env", { OPENROUTER_API_KEY: 'sk-or-fork-notice' }],
  ])(
    'is not given when the workflow hands the run credentials anyway: %s',
    async (_, env) => {
      const run = await runFromFork(env);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^Comment (?:created|updated): /m); // the run went through to its comment
      expect(noticeOf(run)).toBeUndefined();
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'names the endpoints a fork still calls (no api_key_env), and counts no half-given credentials',
    async () => {
      // A region without credentials configures no Bedrock; OPENROUTER_API_KEY is a secret the fork does not get ('').
      const run = await runFromFork({ AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIAFORKTEST', OPENROUTER_API_KEY: '' });
      expect(noticeOf(run)).toBe(
        '::notice::This pull request comes from a fork, which gets no secrets: tests with recorded responses run, ' +
          'and so do live calls to the endpoint ollama, which need no key; the rest are reported as not run.',
      );
    },
    E2E_TIMEOUT_MS,
  );
});
