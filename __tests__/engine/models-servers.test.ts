import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { main, type CliIO } from '../../src/cli/main.js';
import type { ResultsFile } from '../../src/results/model.js';
import { supportFolder, supportModel } from '../support/fixtures.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { startProviderEmulator, type EmulatedRequest, type RunningEmulator } from '../support/provider-emulator.js';

/**
 * Reasoning models beside classic ones, named endpoints and structured output as a choice,
 * through the CLI, a real repository and the official SDKs against the loopback emulator. The
 * emulator refuses temperature and top_p on gpt-5* and o-series models with OpenAI's own 400
 * bodies (tmc/langchaingo#1355, openai/openai-python#2072).
 */

const KEY = 'sk-test-models-servers-0123456789';
const FOLDER = 'prompts/support';

const validateResults = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(
  JSON.parse(await readFile(new URL('../../schemas/results.schema.json', import.meta.url), 'utf8')),
);

let emulator: RunningEmulator;
let repo: TempRepo;

beforeEach(async () => {
  emulator = await startProviderEmulator({ answer: supportModel });
  repo = await createTempRepo();
});
afterEach(async () => {
  await emulator.close();
  await repo.cleanup();
});

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    cwd: repo.dir,
    env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL, ...env },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  return { code: await main(args, io), stdout, stderr };
}

async function results(): Promise<ResultsFile> {
  const parsed = JSON.parse(await readFile(join(repo.dir, '.promptgate/results.json'), 'utf8')) as ResultsFile;
  expect(validateResults(parsed)).toBe(true);
  return parsed;
}

const bodiesFor = (model: string) =>
  emulator.requests
    .filter((request) => (request.body as { model?: string }).model === model)
    .map((request) => request.body as Record<string, unknown>);

describe('reasoning models beside classic ones', () => {
  it("a team-wide temperature is not sent to gpt-5-mini, one note says so, and the entry's own settings are sent", async () => {
    await repo.writeFiles({
      'promptgate.yaml': 'temperature: 0\n',
      ...supportFolder(FOLDER),
      [`${FOLDER}/prompt.yaml`]:
        'models:\n  - openai:gpt-4.1\n  - { model: openai:gpt-5-mini, max_tokens: 4000, reasoning_effort: low }\nvariables:\n  company: Acme\n',
    });
    const run = await cli(['test', 'prompts', '--responses', 'live']);
    expect(run.code).toBe(0);
    const { suites, notices } = await results();
    expect(suites.map((suite) => [suite.model, suite.summary.passed, suite.summary.errors])).toEqual([
      ['gpt-4.1', 3, 0],
      ['gpt-5-mini', 3, 0],
    ]);
    for (const body of bodiesFor('gpt-4.1')) expect(body).toMatchObject({ temperature: 0 });
    for (const body of bodiesFor('gpt-5-mini')) {
      expect(body).not.toHaveProperty('temperature');
      expect(body).toMatchObject({ max_completion_tokens: 4000, reasoning_effort: 'low' });
    }
    const note =
      'Not sent, because these models refuse them (OpenAI\'s gpt-5 and o-series answer 400 "Unsupported value"): temperature to openai:gpt-5-mini. ' +
      "A value on the model's own models: entry is sent as written.";
    expect(notices).toEqual([note]);
    expect(run.stdout.split(`note: ${note}`).length).toBe(2);
  });

  it("an entry's own temperature is sent as written, and the server's refusal is the test's error", async () => {
    await repo.writeFiles({
      ...supportFolder(FOLDER),
      [`${FOLDER}/prompt.yaml`]: 'models:\n  - { model: openai:o3-mini, temperature: 0.2 }\nvariables:\n  company: Acme\n',
    });
    const run = await cli(['test', 'prompts', '--responses', 'live']);
    expect(run.code).toBe(1);
    const [test] = (await results()).suites[0]!.tests;
    expect(test).toMatchObject({ status: 'error', errorKind: 'bad-request' });
    expect(test?.error).toContain("Unsupported parameter: 'temperature' is not supported with this model.");
    expect(bodiesFor('o3-mini')[0]).toMatchObject({ temperature: 0.2 });
  });

  it('judge: openai:gpt-5-mini judges (the judge follows the same rules)', async () => {
    await repo.writeFiles({
      'promptgate.yaml': 'judge: openai:gpt-5-mini\n',
      ...supportFolder(FOLDER, {
        tests:
          'tests:\n  - name: Polite\n    input: I forgot my password\n    assert:\n      - { type: rubric, value: Answers politely }\n',
      }),
    });
    const run = await cli(['test', 'prompts', '--responses', 'live']);
    expect(run.code).toBe(0);
    const judged = bodiesFor('gpt-5-mini');
    expect(judged).toHaveLength(1);
    expect(judged[0]).not.toHaveProperty('temperature');
    expect((await results()).notices).toEqual([expect.stringContaining('temperature to judge openai:gpt-5-mini.')]);
  });

  it('reasoning tokens are recorded per test, and an answer that spent them all says so', async () => {
    emulator.setAnswer((request: EmulatedRequest) =>
      request.lastUserMessage.includes('password')
        ? { text: '', finishReason: 'length', usage: { outputTokens: 300 }, reasoningTokens: 300 }
        : ({ ...(supportModel(request) as object), reasoningTokens: 12 } as never),
    );
    await repo.writeFiles({
      ...supportFolder(FOLDER),
      [`${FOLDER}/prompt.yaml`]:
        'models:\n  - { model: openai:gpt-5-mini, max_tokens: 300, reasoning_effort: high }\nvariables:\n  company: Acme\n',
    });
    const run = await cli(['test', 'prompts', '--responses', 'record']);
    const tests = (await results()).suites[0]!.tests;
    const cut = tests.find((test) => test.name === 'Handle password reset request')!;
    expect(cut).toMatchObject({ status: 'failed', outputTokens: 300, reasoningTokens: 300 });
    expect(cut.checks).toEqual([
      expect.objectContaining({ message: 'all 300 output tokens were reasoning: raise max_tokens or lower reasoning_effort' }),
    ]);
    expect(tests.filter((test) => test.reasoningTokens === 12)).toHaveLength(2);
    expect(run.stdout).toContain('(324 reasoning)');
    // Recorded, so a replay shows the same figures without a call.
    emulator.reset();
    await cli(['test', 'prompts', '--responses', 'replay']);
    expect(emulator.requestCount()).toBe(0);
    expect((await results()).suites[0]!.tests.find((test) => test.name === cut.name)).toMatchObject({ reasoningTokens: 300 });
  });
});

describe('named endpoints', () => {
  it('a matrix compares a hosted model with local and routed ones, each with its own URL, key and token field', async () => {
    // A gateway that echoes the key it was sent: it must reach no results file, log or recording.
    emulator.setAnswer((request: EmulatedRequest) => {
      const answer = supportModel(request) as { text: string };
      return request.model === 'openai/gpt-4o-mini' ? { ...answer, text: `${answer.text} ${request.headers.authorization}` } : answer;
    });
    const routerKey = 'or-v1-routed-key-0123456789abcdef';
    await repo.writeFiles({
      'promptgate.yaml': [
        'endpoints:',
        `  ollama: { base_url: "${emulator.openaiBaseURL}" }`,
        `  openrouter: { base_url: "${emulator.openaiBaseURL}", api_key_env: ROUTER_CRED, token_limit_field: max_completion_tokens }`,
        'pricing:',
        '  "ollama:qwen3:8b": { input: 0, output: 0 }',
        '',
      ].join('\n'),
      ...supportFolder(FOLDER),
      [`${FOLDER}/prompt.yaml`]:
        'models: [openai:gpt-4o, ollama:qwen3:8b, openrouter:openai/gpt-4o-mini]\nmax_tokens: 100\nvariables:\n  company: Acme\n',
    });
    const run = await cli(['test', 'prompts', '--responses', 'record'], { ROUTER_CRED: routerKey });
    const { suites } = await results();
    expect(suites.map((suite) => [suite.provider, suite.model])).toEqual([
      ['openai', 'gpt-4o'],
      ['ollama', 'qwen3:8b'],
      ['openrouter', 'openai/gpt-4o-mini'],
    ]);
    expect(bodiesFor('qwen3:8b')[0]).toMatchObject({ max_tokens: 100 });
    expect(bodiesFor('qwen3:8b')[0]).not.toHaveProperty('max_completion_tokens');
    expect(bodiesFor('gpt-4o')[0]).toMatchObject({ max_completion_tokens: 100 });
    expect(bodiesFor('openai/gpt-4o-mini')[0]).toMatchObject({ max_completion_tokens: 100 });
    const sent = emulator.requests.filter((request) => (request.body as { model: string }).model === 'openai/gpt-4o-mini');
    expect(sent[0]?.headers.authorization).toBe(`Bearer ${routerKey}`);
    expect(emulator.requests.find((request) => (request.body as { model: string }).model === 'qwen3:8b')?.headers.authorization).toBe(
      'Bearer promptgate-no-key',
    );
    // Prices: the qualified pricing: entry, the list price through the router, and never $0 when unknown.
    expect(suites[1]!.tests[0]).toMatchObject({ costUsd: 0, pricedAs: 'ollama:qwen3:8b' });
    expect(suites[2]!.tests[0]).toMatchObject({ pricedAs: 'gpt-4o-mini' });
    const outputs = suites[2]!.tests.map((test) => test.output ?? '');
    expect(outputs.every((output) => output.includes('Bearer [REDACTED]'))).toBe(true);
    const recordings = await readFile(join(repo.dir, FOLDER, 'recordings.json'), 'utf8');
    for (const text of [run.stdout, run.stderr, recordings, await readFile(join(repo.dir, '.promptgate/results.json'), 'utf8')]) {
      expect(text).not.toContain(routerKey);
    }
    // The recordings replay offline, without the router's key.
    emulator.reset();
    const replay = await cli(['test', 'prompts', '--responses', 'replay']);
    expect(emulator.requestCount()).toBe(0);
    expect((await results()).suites.map((suite) => suite.summary.total)).toEqual([3, 3, 3]);
    expect(replay.code).toBe(run.code);
  });

  it('an unknown provider and a setting of the wrong family are errors naming file, line and field', async () => {
    await repo.writeFiles({
      ...supportFolder(FOLDER),
      [`${FOLDER}/prompt.yaml`]: 'provider: ollama\nvariables:\n  company: Acme\n',
      'prompts/claude/system.txt': 'Answer.\n',
      'prompts/claude/tests.yaml': 'tests:\n  - name: t\n    input: hi\n',
      'prompts/claude/prompt.yaml':
        'models:\n  - { model: anthropic:claude-sonnet-5-5, reasoning_effort: low }\n  - { model: anthropic:claude-haiku-4-5, thinking_budget: 2048 }\n',
    });
    const run = await cli(['test', 'prompts', '--responses', 'replay']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      'prompts/claude/prompt.yaml:2: models[0].reasoning_effort: reasoning_effort is an OpenAI setting; anthropic (Claude) takes thinking_budget instead',
    );
    expect(run.stdout).toContain(
      'prompts/claude/prompt.yaml:3: models[1].thinking_budget: the thinking budget (2048) must be less than max_tokens (1024)',
    );
    expect(run.stdout).toContain(`${FOLDER}/prompt.yaml:1: provider: "ollama" is not a provider`);
  });
});

describe('structured output is a choice', () => {
  it('structured_output: false sends no response_format, and the schema is still checked', async () => {
    await repo.writeFiles({ ...supportFolder(FOLDER), 'promptgate.yaml': 'structured_output: false\n' });
    const run = await cli(['test', 'prompts', '--responses', 'live']);
    expect(run.code).toBe(0);
    for (const request of emulator.requests) expect(request.body).not.toHaveProperty('response_format');
    expect((await results()).suites[0]!.tests[0]!.checks.map((check) => check.name)).toContain('output matches schema.json');
  });
});
