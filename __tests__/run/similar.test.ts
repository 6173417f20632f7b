import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createAnthropicProvider } from '../../src/providers/anthropic.js';
import { createProvidersFromEnv } from '../../src/providers/from-env.js';
import { bagOfWordsEmbedding, startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { ANTHROPIC_KEY, FolderFixture, OPENAI_KEY, resultSchemaErrors, testNamed } from '../support/suite-runner.js';
import { cosineSimilarity } from '../../src/run/similar-check.js';

/*
 * `similar` (issue 20, item 7): the cosine similarity of the answer to a reference text through
 * the embeddings API (the emulator's /embeddings: deterministic bag-of-words vectors), recorded
 * in recordings.json like an answer, so a replay compares for free.
 */

const DIR = 'prompts/faq/v1';
const REFERENCE = 'Your order has shipped and arrives on Tuesday';
const ANSWERS: Record<string, string> = {
  'where is it': 'Good news: your order has shipped and it arrives on Tuesday.',
  'something else': 'We sell garden furniture in three colours.',
  'as json': JSON.stringify({ reply: 'your order has shipped, arriving Tuesday' }),
  'say nothing': '',
};

let emulator: RunningEmulator;
const fixtures: FolderFixture[] = [];
beforeAll(async () => {
  emulator = await startProviderEmulator({ answer: (request) => ANSWERS[request.lastUserMessage] ?? 'none' });
});
afterAll(async () => {
  await emulator.close();
  await Promise.all(fixtures.map((fixture) => fixture.close()));
});
beforeEach(() => {
  emulator.reset();
  emulator.setFaults([]);
});

async function folder(tests: string, prompt = 'provider: openai\nmodel: gpt-4o-mini\n'): Promise<FolderFixture> {
  const fixture = await FolderFixture.create(DIR, { 'system.txt': 'Answer customers.\n', 'prompt.yaml': prompt, 'tests.yaml': tests });
  fixtures.push(fixture);
  return fixture;
}

const similar = (name: string, input: string, assertion: string) =>
  `  - name: ${name}\n    input: ${input}\n    assert:\n      - ${assertion}\n`;

const TESTS =
  'tests:\n' +
  similar('close', 'where is it', `{ type: similar, value: "${REFERENCE}", threshold: 0.6 }`) +
  similar('far', 'something else', `{ type: similar, value: "${REFERENCE}" }`) +
  similar('not far', 'something else', `{ type: not-similar, value: "${REFERENCE}", threshold: 0.6 }`) +
  similar('a field', 'as json', `{ type: similar, path: reply, value: "${REFERENCE}", threshold: 0.6 }`) +
  similar('empty', 'say nothing', `{ type: similar, value: "${REFERENCE}" }`);

const cosine = (a: string, b: string) => Math.round(cosineSimilarity(bagOfWordsEmbedding(a), bagOfWordsEmbedding(b))! * 10_000) / 10_000;

describe('similar', () => {
  it('passes at or above the threshold, fails below it, and reads a field with path', async () => {
    const { suite, answers } = await (await folder(TESTS)).run(emulator);
    expect(testNamed(suite, 'close').checks).toEqual([
      {
        name: `output similar to "${REFERENCE}"`,
        passed: true,
        expected: 'cosine similarity >= 0.6',
        actual: cosine(REFERENCE, ANSWERS['where is it']!),
      },
    ]);
    const far = testNamed(suite, 'far');
    const farSimilarity = cosine(REFERENCE, ANSWERS['something else']!);
    expect(far.checks[0]).toMatchObject({
      passed: false,
      actual: farSimilarity,
      message: `cosine similarity ${farSimilarity} is below 0.8`,
    });
    expect(testNamed(suite, 'not far').checks[0]).toMatchObject({ name: `output not similar to "${REFERENCE}"`, passed: true });
    expect(testNamed(suite, 'a field').checks[0]).toMatchObject({ name: `reply similar to "${REFERENCE}"`, passed: true });
    expect(testNamed(suite, 'empty').checks[0]).toMatchObject({ passed: false, message: 'output is empty' });
    expect(testNamed(suite, 'empty').status).toBe('failed');

    // One embeddings request per check (the empty answer needs none): reference first, floats asked for.
    const embeddings = emulator.requests.filter((request) => request.path === '/v1/embeddings');
    expect(embeddings).toHaveLength(4);
    expect(embeddings[0]!.body).toEqual({
      model: 'text-embedding-3-small',
      input: expect.arrayContaining([REFERENCE]),
      encoding_format: 'float',
    });
    // Counted and priced with the judge's calls, apart from the prompt's own.
    expect(answers.calls().judge).toMatchObject({ live: 4, replayed: 0 });
    const close = testNamed(suite, 'close');
    expect(close.judge?.inputTokens).toBeGreaterThan(0);
    expect(close.judge?.costUsd).toBeCloseTo((close.judge!.inputTokens * 0.02) / 1e6, 12);
    expect(resultSchemaErrors(close)).toEqual([]);
  });

  it('records the embeddings in recordings.json, so a replay compares offline, the same way', async () => {
    const fixture = await folder(TESTS);
    const live = await fixture.run(emulator, 'record');
    const recordings = await fixture.read('recordings.json');
    expect(recordings).toContain('"embeddings": [');
    emulator.reset();
    const replayed = await fixture.run(undefined, 'replay', { providers: {} });
    expect(emulator.requests).toHaveLength(0);
    expect(replayed.answers.calls().judge).toMatchObject({ live: 0, replayed: 4, missing: 0 });
    expect(replayed.suite.tests.map((test) => [test.name, test.status, test.checks[0]?.actual])).toEqual(
      live.suite.tests.map((test) => [test.name, test.status, test.checks[0]?.actual]),
    );
  });

  it('an Anthropic folder compares with OpenAI’s embeddings (Anthropic has none), and says so when there is no key', async () => {
    const tests = 'tests:\n' + similar('close', 'where is it', `{ type: similar, value: "${REFERENCE}", threshold: 0.6 }`);
    const prompt = 'provider: anthropic\nmodel: claude-haiku-4-5\n';
    const withOpenAI = await (await folder(tests, prompt)).run(emulator);
    expect(testNamed(withOpenAI.suite, 'close').status).toBe('passed');
    expect(emulator.requests.map((request) => request.path)).toEqual(['/v1/messages', '/v1/embeddings']);

    const anthropicOnly = { anthropic: createAnthropicProvider({ apiKey: ANTHROPIC_KEY, baseURL: emulator.anthropicBaseURL }) };
    const without = await (await folder(tests, prompt)).run(emulator, 'live', { providers: anthropicOnly });
    expect(testNamed(without.suite, 'close')).toMatchObject({
      status: 'error',
      errorKind: 'similar',
      error: expect.stringMatching(/^the similar check could not run: no embeddings to compare: OPENAI_API_KEY is not set/),
    });
  });

  it('embedding_model: azure:<deployment> calls the deployment’s embeddings', async () => {
    const tests = 'tests:\n' + similar('close', 'where is it', `{ type: similar, value: "${REFERENCE}", threshold: 0.6 }`);
    const providers = {
      ...createProvidersFromEnv({ OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: emulator.openaiBaseURL }),
      ...createProvidersFromEnv({
        AZURE_OPENAI_API_KEY: 'azure-key-1234',
        AZURE_OPENAI_ENDPOINT: emulator.url,
        OPENAI_API_VERSION: '2024-10-21',
      }),
    };
    const { suite } = await (
      await folder(tests, 'provider: openai\nembedding_model: azure:embed-prod\n')
    ).run(emulator, 'live', { providers });
    expect(testNamed(suite, 'close').status).toBe('passed');
    const call = emulator.requests.find((request) => request.path.endsWith('/embeddings'))!;
    expect(call.path).toBe('/openai/deployments/embed-prod/embeddings');
    expect(call.headers['api-key']).toBe('azure-key-1234');
  });

  it('errors, never passes, when the provider fails or sends vectors it cannot compare', async () => {
    const tests =
      'tests:\n' +
      similar('close', 'where is it', `{ type: similar, value: "${REFERENCE}" }`) +
      similar('negated', 'where is it', `{ type: not-similar, value: "${REFERENCE}" }`);
    emulator.setFaults([{ type: 'server', times: 2, when: (request) => request.model === 'text-embedding-3-small' }]);
    const failed = await (await folder(tests)).run(emulator);
    for (const test of failed.suite.tests) {
      expect(test).toMatchObject({ status: 'error', errorKind: 'similar' });
      expect(test.error).toMatch(/^the similar check could not run: no embeddings to compare: openai 500 server error: /);
    }
    const zero = await startProviderEmulator({ answer: () => 'anything', embed: () => new Array<number>(8).fill(0) });
    try {
      const { suite } = await (await folder(tests)).run(zero);
      expect(testNamed(suite, 'negated')).toMatchObject({
        status: 'error',
        error: 'the similar check could not run: the embeddings answer held no two vectors of one length to compare (got 2)',
      });
    } finally {
      await zero.close();
    }
  });
});
