import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { ANTHROPIC_DEFAULT_MAX_TOKENS, createAnthropicProvider, TEMPERATURE_DROPPED_WARNING } from '../../src/providers/anthropic.js';
import { createOpenAIProvider } from '../../src/providers/openai.js';
import { createProvidersFromEnv, NO_KEY_PLACEHOLDER } from '../../src/providers/from-env.js';
import { withRetries } from '../../src/providers/retry.js';
import { ProviderError, type ModelRequest, type Provider, type ProviderName } from '../../src/providers/types.js';
import { startProviderEmulator, type FaultType, type RunningEmulator } from '../support/provider-emulator.js';

const OPENAI_KEY = 'sk-test-openai-0123456789';
const ANTHROPIC_KEY = 'sk-ant-test-0123456789';

let emulator: RunningEmulator;
let openai: Provider;
let anthropic: Provider;
const warnings: string[] = [];

beforeAll(async () => {
  emulator = await startProviderEmulator();
  openai = createOpenAIProvider({ apiKey: OPENAI_KEY, baseURL: emulator.openaiBaseURL, timeoutMs: 2000 });
  anthropic = createAnthropicProvider({
    apiKey: ANTHROPIC_KEY,
    baseURL: emulator.anthropicBaseURL,
    timeoutMs: 2000,
    onWarning: (message) => warnings.push(message),
  });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.reset();
  emulator.setFaults([]);
  emulator.setAnswer(undefined);
  emulator.setLatency(0);
});

function requestFor(provider: ProviderName, extra: Partial<ModelRequest> = {}): ModelRequest {
  return {
    provider,
    model: provider === 'openai' ? 'gpt-4o-mini' : 'claude-haiku-4-5',
    messages: [
      { role: 'system', content: 'You classify support requests.' },
      { role: 'user', content: 'example question' },
      { role: 'assistant', content: '{"intent":"example"}' },
      { role: 'user', content: 'I forgot my password' },
    ],
    ...extra,
  };
}

const providerNamed = (name: ProviderName) => (name === 'openai' ? openai : anthropic);
const fast = { baseDelayMs: 1, sleep: async () => undefined };

describe.each(['openai', 'anthropic'] as const)('%s provider through the real SDK', (name) => {
  it('answers, with the model that answered and a measured latency', async () => {
    emulator.setLatency(60);
    emulator.setAnswer((request) => ({ text: `you said: ${request.lastUserMessage}`, model: `${request.model}-20250101` }));
    const response = await providerNamed(name).complete(requestFor(name));
    expect(response.text).toBe('you said: I forgot my password');
    expect(response.model).toBe(`${requestFor(name).model}-20250101`);
    expect(response.latencyMs).toBeGreaterThanOrEqual(55);
    expect(response.finishReason).toBe('stop');
    expect(emulator.requestCount(name)).toBe(1);
  });

  it('sends the API key as a header', async () => {
    await providerNamed(name).complete(requestFor(name));
    const key = name === 'openai' ? OPENAI_KEY : ANTHROPIC_KEY;
    expect(emulator.requests[0]?.headers.authorization).toBe(`Bearer ${key}`);
  });

  it.each(['auth', 'bad-request', 'quota'] as const)('does not retry %s failures', async (fault) => {
    emulator.setFaults([{ type: fault, times: 5 }]);
    const error = await withRetries(() => providerNamed(name).complete(requestFor(name)), fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe(fault);
    expect(emulator.requestCount()).toBe(1);
    const key = name === 'openai' ? OPENAI_KEY : ANTHROPIC_KEY;
    expect((error as ProviderError).message).not.toContain(key);
    expect((error as ProviderError).message).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.each([
    ['server', 'server'],
    ['overloaded', 'overloaded'],
    ['rate-limit', 'rate-limit'],
    ['reset', 'network'],
    ['broken-json', 'broken-response'],
    ['truncated', 'broken-response'],
  ] as const)('maps %s to %s, and a retry then succeeds', async (fault, kind) => {
    emulator.setFaults([{ type: fault as FaultType }]);
    const direct = await providerNamed(name)
      .complete(requestFor(name))
      .catch((e: unknown) => e);
    expect(direct).toBeInstanceOf(ProviderError);
    expect((direct as ProviderError).kind).toBe(kind);
    expect((direct as ProviderError).retryable).toBe(true);

    emulator.setFaults([{ type: fault as FaultType }]);
    emulator.reset();
    const response = await withRetries(() => providerNamed(name).complete(requestFor(name)), fast);
    expect(response.text).toContain('I forgot my password');
    expect(emulator.requestCount()).toBe(2);
  });

  // The waits are asked of an injected sleep: the test checks what the policy waits for,
  // without spending that time (retry.test.ts keeps one test of the real default sleep).
  it('honours retry-after-ms', async () => {
    emulator.setFaults([{ type: 'rate-limit', retryAfterMs: 150 }]);
    const waits: number[] = [];
    await withRetries(() => providerNamed(name).complete(requestFor(name)), { baseDelayMs: 1, sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([150]);
    expect(emulator.requestCount()).toBe(2);
  });

  it('honours retry-after in seconds', async () => {
    emulator.setFaults([{ type: 'rate-limit', retryAfterSeconds: 1 }]);
    const waits: number[] = [];
    await withRetries(() => providerNamed(name).complete(requestFor(name)), { baseDelayMs: 1, sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([1000]);
    expect(emulator.requestCount()).toBe(2);
  });

  it('gives up at once when retry-after is longer than the wait limit', async () => {
    emulator.setFaults([{ type: 'rate-limit', retryAfterSeconds: 120 }]);
    const started = performance.now();
    const error = (await withRetries(() => providerNamed(name).complete(requestFor(name)), { maxDelayMs: 30_000 }).catch(
      (e: unknown) => e,
    )) as ProviderError;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.kind).toBe('rate-limit');
    expect(error.message).toContain('retry after 120 s');
    expect(emulator.requestCount()).toBe(1);
  });

  it('times out a call that hangs', async () => {
    const provider =
      name === 'openai'
        ? createOpenAIProvider({ apiKey: OPENAI_KEY, baseURL: emulator.openaiBaseURL, timeoutMs: 200 })
        : createAnthropicProvider({ apiKey: ANTHROPIC_KEY, baseURL: emulator.anthropicBaseURL, timeoutMs: 200 });
    emulator.setFaults([{ type: 'hang', times: 5 }]);
    const started = performance.now();
    const error = (await withRetries(() => provider.complete(requestFor(name)), fast).catch((e: unknown) => e)) as ProviderError;
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('no answer within 200 ms');
    // A stuck call is tried twice, not four times.
    expect(emulator.requestCount()).toBe(2);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('times out a call whose body stalls after the headers', async () => {
    const provider =
      name === 'openai'
        ? createOpenAIProvider({ apiKey: OPENAI_KEY, baseURL: emulator.openaiBaseURL, timeoutMs: 200 })
        : createAnthropicProvider({ apiKey: ANTHROPIC_KEY, baseURL: emulator.anthropicBaseURL, timeoutMs: 200 });
    emulator.setFaults([{ type: 'stalled-body' }]);
    const started = performance.now();
    const error = (await provider.complete(requestFor(name)).catch((e: unknown) => e)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('no answer within 200 ms');
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('reports a server that is not there as a network error naming it', async () => {
    const port = await closedPort();
    const baseURL = `http://127.0.0.1:${port}`;
    const provider =
      name === 'openai'
        ? createOpenAIProvider({ apiKey: OPENAI_KEY, baseURL })
        : createAnthropicProvider({ apiKey: ANTHROPIC_KEY, baseURL });
    const error = (await provider.complete(requestFor(name)).catch((e: unknown) => e)) as ProviderError;
    expect(error.kind).toBe('network');
    expect(error.message).toContain(baseURL);
    expect(error.message).toContain('ECONNREFUSED');
  });
});

describe('request shape', () => {
  it('OpenAI: messages in order, max_completion_tokens, temperature, structured output', async () => {
    const schema = { type: 'object', properties: { intent: { type: 'string' } }, required: ['intent'] };
    await openai.complete(requestFor('openai', { temperature: 0.2, maxTokens: 300, jsonSchema: schema }));
    const body = emulator.requests[0]?.body as Record<string, unknown>;
    expect(body.messages).toEqual(requestFor('openai').messages);
    expect(body.temperature).toBe(0.2);
    expect(body.max_completion_tokens).toBe(300);
    expect(body.max_tokens).toBeUndefined();
    expect(body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'output', schema, strict: false } });
  });

  it('OpenAI: no response_format without a schema', async () => {
    await openai.complete(requestFor('openai'));
    const body = emulator.requests[0]?.body as Record<string, unknown>;
    expect(body.response_format).toBeUndefined();
    expect(body.temperature).toBeUndefined();
  });

  it('Anthropic: system param, examples as turns, default max_tokens, structured output', async () => {
    const schema = {
      type: 'object',
      properties: { intent: { type: 'string' }, confidence: { type: 'number', minimum: 0, maximum: 1 } },
      required: ['intent'],
    };
    await anthropic.complete(requestFor('anthropic', { jsonSchema: schema }));
    const body = emulator.requests[0]?.body as Record<string, unknown>;
    expect(body.system).toBe('You classify support requests.');
    expect(body.messages).toEqual([
      { role: 'user', content: 'example question' },
      { role: 'assistant', content: '{"intent":"example"}' },
      { role: 'user', content: 'I forgot my password' },
    ]);
    expect(body.max_tokens).toBe(ANTHROPIC_DEFAULT_MAX_TOKENS);
    const format = (body.output_config as { format: { type: string; schema: Record<string, unknown> } }).format;
    expect(format.type).toBe('json_schema');
    // The SDK's transform closes the object and moves unsupported bounds into descriptions.
    expect(format.schema).toMatchObject({ type: 'object', additionalProperties: false, required: ['intent'] });
    expect(JSON.stringify(format.schema)).toContain('minimum: 0');
  });

  it('Anthropic: drops temperature with one warning per provider', async () => {
    warnings.length = 0;
    await anthropic.complete(requestFor('anthropic', { temperature: 0.3, maxTokens: 50 }));
    await anthropic.complete(requestFor('anthropic', { temperature: 0.7 }));
    for (const received of emulator.requests) {
      expect(received.body).not.toHaveProperty('temperature');
    }
    expect((emulator.requests[0]?.body as Record<string, unknown>).max_tokens).toBe(50);
    expect(warnings).toEqual([TEMPERATURE_DROPPED_WARNING]);
  });

  it('Anthropic: no warning when no temperature is set', async () => {
    const seen: string[] = [];
    const provider = createAnthropicProvider({
      apiKey: ANTHROPIC_KEY,
      baseURL: emulator.anthropicBaseURL,
      onWarning: (message) => seen.push(message),
    });
    await provider.complete(requestFor('anthropic'));
    expect(seen).toEqual([]);
  });
});

describe('usage mapping', () => {
  it('OpenAI: prompt_tokens already includes the cached tokens', async () => {
    emulator.setAnswer(() => ({
      text: 'ok',
      rawUsage: { prompt_tokens: 1000, completion_tokens: 20, total_tokens: 1020, prompt_tokens_details: { cached_tokens: 768 } },
    }));
    const response = await openai.complete(requestFor('openai'));
    expect(response.usage).toEqual({ inputTokens: 1000, outputTokens: 20, cachedInputTokens: 768, cacheWriteTokens: 0 });
  });

  it('OpenAI: servers that leave out the details still count', async () => {
    emulator.setAnswer(() => ({ text: 'ok', rawUsage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } }));
    const response = await openai.complete(requestFor('openai'));
    expect(response.usage).toEqual({ inputTokens: 12, outputTokens: 3, cachedInputTokens: 0, cacheWriteTokens: 0 });
  });

  it('Anthropic: cache reads and writes are added to input_tokens', async () => {
    emulator.setAnswer(() => ({
      text: 'ok',
      rawUsage: { input_tokens: 100, output_tokens: 20, cache_read_input_tokens: 800, cache_creation_input_tokens: 50 },
    }));
    const response = await anthropic.complete(requestFor('anthropic'));
    expect(response.usage).toEqual({ inputTokens: 950, outputTokens: 20, cachedInputTokens: 800, cacheWriteTokens: 50 });
  });

  it('Anthropic: null cache fields count as zero', async () => {
    emulator.setAnswer(() => ({
      text: 'ok',
      rawUsage: { input_tokens: 42, output_tokens: 7, cache_read_input_tokens: null, cache_creation_input_tokens: null },
    }));
    const response = await anthropic.complete(requestFor('anthropic'));
    expect(response.usage).toEqual({ inputTokens: 42, outputTokens: 7, cachedInputTokens: 0, cacheWriteTokens: 0 });
  });

  it('the emulator default usage round-trips through both providers', async () => {
    emulator.setAnswer(() => ({ text: 'ok', usage: { inputTokens: 500, cachedInputTokens: 300, cacheWriteTokens: 0, outputTokens: 9 } }));
    const fromOpenAI = await openai.complete(requestFor('openai'));
    const fromAnthropic = await anthropic.complete(requestFor('anthropic'));
    expect(fromOpenAI.usage).toEqual(fromAnthropic.usage);
    expect(fromAnthropic.usage).toEqual({ inputTokens: 500, outputTokens: 9, cachedInputTokens: 300, cacheWriteTokens: 0 });
  });
});

describe('createProvidersFromEnv', () => {
  it('builds only the providers whose key is set; empty values count as unset', () => {
    expect(Object.keys(createProvidersFromEnv({}))).toEqual([]);
    expect(Object.keys(createProvidersFromEnv({ OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '  ' }))).toEqual([]);
    expect(Object.keys(createProvidersFromEnv({ OPENAI_API_KEY: 'k1234' }))).toEqual(['openai']);
    expect(Object.keys(createProvidersFromEnv({ ANTHROPIC_API_KEY: 'k1234' }))).toEqual(['anthropic']);
  });

  it('honours the base URLs', async () => {
    const providers = createProvidersFromEnv({
      OPENAI_API_KEY: OPENAI_KEY,
      OPENAI_BASE_URL: emulator.openaiBaseURL,
      ANTHROPIC_API_KEY: ANTHROPIC_KEY,
      ANTHROPIC_BASE_URL: emulator.anthropicBaseURL,
    });
    await providers.openai?.complete(requestFor('openai'));
    await providers.anthropic?.complete(requestFor('anthropic'));
    expect(emulator.requests.map((request) => request.api)).toEqual(['openai', 'anthropic']);
  });

  it('builds OpenAI for a keyless OpenAI-compatible server (Ollama) from OPENAI_BASE_URL alone', async () => {
    const providers = createProvidersFromEnv({ OPENAI_BASE_URL: emulator.openaiBaseURL });
    expect(Object.keys(providers)).toEqual(['openai']);
    await providers.openai?.complete(requestFor('openai', { model: 'llama3.1:8b' }));
    expect(emulator.requests[0]?.headers.authorization).toBe(`Bearer ${NO_KEY_PLACEHOLDER}`);
  });
});

/** A port nothing listens on: bind, note it, release it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}
