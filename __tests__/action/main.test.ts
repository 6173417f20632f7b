import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inputVariablesFor, parseOutputFile } from '../support/action-runner.js';
import { supportFolder } from '../support/fixtures.js';
import { createTempDir } from '../support/git-repo.js';
import type { GitHubServer } from '../support/github-server.js';
import { createPullRequestFixture } from '../support/pull-request-fixture.js';
import { pullRequestPayload } from '../support/webhook-payloads.js';

/** Setting up runs git and records through the CLI: minutes on a busy machine, not 30 s. */
const E2E_TIMEOUT_MS = 120_000;
/**
 * run() from the source, without the bundle: the action's logic (inputs, event, engine,
 * report, outputs, gate) in this process, with the variables the runner sets. The e2e tests
 * run the bundle; this one tells a logic fault from a bundling fault, and runs fast.
 *
 * @actions/github reads the event when it is first imported, so the variables are set before
 * src/action/main.ts is imported (once, for this file).
 */
const TOKEN = 'ghs_maintoken0000000000000000000000000';
const REPOSITORY = 'Codertocat/Hello-World';

let github: GitHubServer;
let files: string;
let run: () => Promise<void>;
let close: () => Promise<void>;
const saved = { ...process.env };

beforeAll(async () => {
  const fixture = await createPullRequestFixture({
    token: TOKEN,
    key: 'sk-main-0123456789abcdef0123',
    base: { files: supportFolder('prompts/support/v1.0'), record: 'prompts', message: 'support prompt' },
    head: {
      files: { 'prompts/support/v1.0/system.txt': 'You are the support assistant for {company}.\nBREAK-BILLING\n' },
      record: 'prompts',
      message: 'support prompt misreads billing',
    },
  });
  ({ github, close } = fixture);
  const { repo, baseSha, headSha } = fixture;

  files = await createTempDir('promptgate-main-');
  const event = pullRequestPayload('synchronize', { base: baseSha, head: headSha });
  await writeFile(join(files, 'event.json'), JSON.stringify(event));
  Object.assign(process.env, {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: join(files, 'event.json'),
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: repo.dir,
    GITHUB_SHA: headSha,
    GITHUB_RUN_ID: '99',
    RUNNER_TEMP: files,
  });
  ({ run } = await import('../../src/action/main.js'));
}, E2E_TIMEOUT_MS);
afterAll(async () => {
  process.env = saved;
  await close();
});
afterEach(() => {
  // setFailed sets the exit code of this (Jest's) process: the test reads it, then clears it.
  process.exitCode = undefined;
});

/** One step: the runner's INPUT_* from action.yml plus `inputs`, fresh output and summary files. */
async function step(inputs: Record<string, string>) {
  for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name];
  const id = Math.random().toString(36).slice(2);
  const outputPath = join(files, `output-${id}.txt`);
  const summaryPath = join(files, `summary-${id}.md`);
  await writeFile(outputPath, '');
  await writeFile(summaryPath, '');
  Object.assign(process.env, inputVariablesFor({ responses: 'replay', ...inputs }, TOKEN), {
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
  });
  // The runner reads workflow commands from stdout: keep them for the test (and out of Jest's log).
  let stdout = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true)) as typeof process.stdout.write;
  try {
    await run();
  } finally {
    process.stdout.write = write;
  }
  return {
    stdout,
    exitCode: process.exitCode,
    outputs: parseOutputFile(await readFile(outputPath, 'utf8')),
    summary: await readFile(summaryPath, 'utf8'),
  };
}

describe('run() from source', () => {
  it('blocks a pull request below the default threshold, with outputs, summary and one comment', async () => {
    const result = await step({});
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({
      gate: 'failed',
      'pass-rate': '0.6667',
      'base-pass-rate': '1.0000',
      'changed-prompts': '["prompts/support/v1.0"]',
    });
    expect(result.outputs['results-file']).toBe(join(files, 'promptgate', 'results.json'));
    expect(result.summary).toContain('promptgate: merge blocked');
    expect(result.stdout).toContain('::error::promptgate blocked the merge');
    expect(result.stdout).toContain(`::add-mask::${TOKEN}`);
    const comments = github.state.comments.filter((comment) => comment.repo === REPOSITORY && comment.issueNumber === 2);
    expect(comments).toHaveLength(1);
  });

  it('takes the threshold input over the default, and updates the same comment', async () => {
    const result = await step({ threshold: '0.5' });
    expect(result.exitCode).toBeUndefined();
    expect(result.outputs.gate).toBe('passed');
    expect(github.state.comments.filter((comment) => comment.repo === REPOSITORY && comment.issueNumber === 2)).toHaveLength(1);
  });

  it('fails with the input named when an input is invalid, and says the gate failed (never an empty gate output)', async () => {
    const result = await step({ concurrency: 'many' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('::error::input "concurrency" must be a whole number from 1 to 256, got "many"');
    expect(result.outputs).toEqual({ gate: 'failed', 'changed-prompts': '[]' });
  });
});
