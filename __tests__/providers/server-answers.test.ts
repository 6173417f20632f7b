import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createAnthropicProvider } from '../../src/providers/anthropic.js';
import { createOpenAIProvider } from '../../src/providers/openai.js';
import { priceCall } from '../../src/providers/price-call.js';
import { withRetries } from '../../src/providers/retry.js';
import { ProviderError, type ModelRequest } from '../../src/providers/types.js';
import { answeredTest } from '../../src/run/answered-test.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';

/**
 * The answers OpenAI-compatible servers and Anthropic really send, beyond OpenAI's own shape,
 * served byte for byte by the loopback emulator (`raw`) to the official SDKs. Each body names
 * where it comes from.
 */

const KEY = 'sk-test-servers-0123456789';
let emulator: RunningEmulator;
const fast = { baseDelayMs: 1, sleep: async () => undefined };

beforeAll(async () => {
  emulator = await startProviderEmulator();
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.reset();
  emulator.setAnswer(undefined);
});

const endpoint = (name: string) => createOpenAIProvider({ apiKey: KEY, baseURL: emulator.openaiBaseURL, name, timeoutMs: 2000 });
const anthropic = () => createAnthropicProvider({ apiKey: KEY, baseURL: emulator.anthropicBaseURL, timeoutMs: 2000 });
const request = (provider: string, model: string): ModelRequest => ({
  provider,
  model,
  messages: [
    { role: 'system', content: 'Answer as JSON.' },
    { role: 'user', content: 'I forgot my password' },
  ],
});

/** A chat completion as OpenAI documents it, with the parts a test replaces. */
function completion(message: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    id: 'cmpl-1',
    object: 'chat.completion',
    created: 1_735_689_600,
    model: 'model-x',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 },
    ...extra,
  };
}

describe('OpenAI-compatible answer shapes', () => {
  it("reads Mistral's content list of thinking and text chunks (docs.mistral.ai reasoning; langchain4j#4474)", async () => {
    emulator.setAnswer(() => ({
      raw: completion({
        content: [
          { type: 'thinking', thinking: [{ type: 'text', text: 'The user cannot sign in.' }] },
          { type: 'text', text: '{"intent":"account_access"}' },
        ],
      }),
    }));
    const response = await endpoint('mistral').complete(request('mistral', 'magistral-medium-latest'));
    expect(response.text).toBe('<think>The user cannot sign in.</think>\n{"intent":"account_access"}');
    const result = answeredTest(
      { name: 't' },
      { name: 't', input: '', vars: {}, assert: [{ type: 'is-json' }], line: 1 },
      { ...response, source: 'live' },
      { costUsd: 0, pricedAs: 'x' },
      undefined,
    );
    expect(result.status).toBe('passed');
  });

  it.each([
    ['null', null],
    ['missing', undefined],
  ])(
    'an answer whose usage is %s has an unknown cost, never $0 (the spec makes usage optional; null on stream chunks)',
    async (_, usage) => {
      emulator.setAnswer(() => ({ raw: completion({ content: '{"ok":true}' }, { model: 'gpt-4o-mini', usage }) }));
      const response = await endpoint('litellm').complete(request('litellm', 'gpt-4o-mini'));
      expect(response.usage.unreported).toBe(true);
      const priced = priceCall({ provider: 'litellm', requestedModel: 'gpt-4o-mini', servedModel: 'gpt-4o-mini', usage: response.usage });
      expect(priced.costUsd).toBeNull();
      expect(priced).toMatchObject({ costNote: expect.stringContaining('reported no token usage') });
    },
  );

  it("a 200 whose body is OpenRouter's error object is that error, classified by its code (openrouter.ai/docs/api/errors)", async () => {
    emulator.setAnswer(() => ({
      raw: { error: { code: 502, message: 'Provider returned error', metadata: { provider_name: 'Fireworks' } } },
    }));
    const error = (await endpoint('openrouter')
      .complete(request('openrouter', 'meta-llama/llama-3.1-8b-instruct'))
      .catch((e: unknown) => e)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.kind).toBe('server');
    expect(error.message).toBe('openrouter 502 server error: Provider returned error');
  });

  it('LM Studio\'s 200 {"error":"Unexpected endpoint or method…"} is a bad request naming the URL, not retried as malformed (lmstudio-bug-tracker#618)', async () => {
    emulator.setAnswer(() => ({ raw: { error: 'Unexpected endpoint or method. (POST /chat/completions)' } }));
    const error = (await withRetries(() => endpoint('lmstudio').complete(request('lmstudio', 'qwen3-8b')), fast).catch(
      (e: unknown) => e,
    )) as ProviderError;
    expect(error.kind).toBe('bad-request');
    expect(error.message).toBe(
      'lmstudio: the server answered with an error instead of a completion: Unexpected endpoint or method. (POST /chat/completions) ' +
        '(the server does not serve this path: does the base URL end in /v1?)',
    );
    expect(emulator.requestCount()).toBe(1);
  });

  it('a choice with finish_reason "error" is a provider error, not an answer to judge (OpenRouter\'s choice error)', async () => {
    emulator.setAnswer(() => ({
      raw: {
        ...completion({ content: '{"intent":"acc' }),
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: '{"intent":"acc' },
            finish_reason: 'error',
            error: { code: 502, message: 'Upstream disconnected' },
          },
        ],
      },
    }));
    const error = (await endpoint('openrouter')
      .complete(request('openrouter', 'openai/gpt-4o-mini'))
      .catch((e: unknown) => e)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toBe('openrouter: the answer ended with finish_reason "error": Upstream disconnected');
    expect(error.retryable).toBe(true);
  });

  it("records OpenAI's reasoning tokens (completion_tokens_details.reasoning_tokens)", async () => {
    emulator.setAnswer(() => ({ text: '', finishReason: 'length', usage: { outputTokens: 300 }, reasoningTokens: 300 }));
    const response = await createOpenAIProvider({ apiKey: KEY, baseURL: emulator.openaiBaseURL }).complete(request('openai', 'gpt-5-mini'));
    expect(response.usage).toMatchObject({ outputTokens: 300, reasoningTokens: 300 });
    const result = answeredTest(
      { name: 't' },
      { name: 't', input: '', vars: {}, assert: [], line: 1 },
      { ...response, source: 'live' },
      { costUsd: 0.0006, pricedAs: 'gpt-5-mini' },
      undefined,
    );
    expect(result.reasoningTokens).toBe(300);
    expect(result.checks).toEqual([
      expect.objectContaining({
        passed: false,
        message: 'all 300 output tokens were reasoning: raise max_tokens or lower reasoning_effort',
      }),
    ]);
  });

  it('sends top_p, reasoning_effort and max_tokens in the field an endpoint names (Ollama ignores max_completion_tokens: ollama#7125)', async () => {
    const ollama = createOpenAIProvider({
      apiKey: 'promptgate-no-key',
      baseURL: emulator.openaiBaseURL,
      name: 'ollama',
      tokenLimitField: 'max_tokens',
    });
    await ollama.complete({ ...request('ollama', 'qwen3:8b'), maxTokens: 100, topP: 0.9, reasoningEffort: 'low' });
    const body = emulator.requests[0]?.body as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'qwen3:8b', max_tokens: 100, top_p: 0.9, reasoning_effort: 'low' });
    expect(body).not.toHaveProperty('max_completion_tokens');
  });
});

describe('Anthropic stop reasons and thinking', () => {
  it('model_context_window_exceeded asks for a shorter context, not a higher max_tokens', async () => {
    emulator.setAnswer(() => ({ text: '{"intent":"acc', finishReason: 'model_context_window_exceeded' }));
    const response = await anthropic().complete(request('anthropic', 'claude-haiku-4-5'));
    expect(response.finishReason).toBe('context_window');
    const result = answeredTest(
      { name: 't' },
      { name: 't', input: '', vars: {}, assert: [], line: 1 },
      { ...response, source: 'live' },
      { costUsd: 0, pricedAs: 'x' },
      undefined,
    );
    expect(result.status).toBe('failed');
    expect(result.checks[0]?.message).toMatch(/filled the model's context window .*raising max_tokens cannot help/);
  });

  it('pause_turn is its own reason', async () => {
    emulator.setAnswer(() => ({ text: '', finishReason: 'pause_turn' }));
    const response = await anthropic().complete(request('anthropic', 'claude-haiku-4-5'));
    expect(response.finishReason).toBe('pause_turn');
    const result = answeredTest(
      { name: 't' },
      { name: 't', input: '', vars: {}, assert: [], line: 1 },
      { ...response, source: 'live' },
      { costUsd: 0, pricedAs: 'x' },
      undefined,
    );
    expect(result.checks[0]).toMatchObject({ passed: false, message: expect.stringContaining('finish reason: pause_turn') });
  });

  it('sends a thinking budget and records the thinking tokens (usage.output_tokens_details.thinking_tokens)', async () => {
    emulator.setAnswer(() => ({
      text: '',
      thinking: ['Let me think.'],
      finishReason: 'max_tokens',
      usage: { outputTokens: 2048 },
      reasoningTokens: 2048,
    }));
    const response = await anthropic().complete({ ...request('anthropic', 'claude-sonnet-5-5'), maxTokens: 2048, thinkingBudget: 1024 });
    expect((emulator.requests[0]?.body as Record<string, unknown>).thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(response.usage.reasoningTokens).toBe(2048);
    const result = answeredTest(
      { name: 't' },
      { name: 't', input: '', vars: {}, assert: [], line: 1 },
      { ...response, source: 'live' },
      { costUsd: 0, pricedAs: 'x' },
      undefined,
      undefined,
      { thinkingBudget: 1024 },
    );
    expect(result.checks[0]?.message).toBe('all 2048 output tokens were reasoning: raise max_tokens or lower thinking_budget');
  });
});
