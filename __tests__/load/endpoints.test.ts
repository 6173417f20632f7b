import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRepoConfig } from '../../src/load/config.js';
import { createWorkTreeSource } from '../../src/load/files/file-source.js';
import { parseModelEntries, splitModelRef } from '../../src/load/models.js';
import { providerNames } from '../../src/load/model-settings.js';
import { redact, secretsIn } from '../../src/lib/secrets.js';
import { createProvidersFromEnv, endpointSecretSources } from '../../src/providers/from-env.js';
import { ProviderError } from '../../src/providers/types.js';
import { refusedSettings } from '../../src/providers/model-family.js';
import { requestKey } from '../../src/providers/request-key.js';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function config(yaml: string) {
  const root = await mkdtemp(join(tmpdir(), 'promptgate-endpoints-'));
  roots.push(root);
  await writeFile(join(root, 'promptgate.yaml'), yaml);
  return loadRepoConfig(createWorkTreeSource(root));
}

describe('promptgate.yaml endpoints:', () => {
  it('names OpenAI-compatible servers; the endpoint name is everything before the first colon', async () => {
    const { config: read, diagnostics } = await config(
      [
        'endpoints:',
        '  ollama: { base_url: "http://localhost:11434/v1", token_limit_field: max_tokens }',
        '  openrouter: { base_url: "https://openrouter.ai/api/v1", api_key_env: OPENROUTER_API_KEY }',
        'models: [openai:gpt-4o, ollama:qwen3:8b, { model: openrouter:openai/gpt-5-mini, reasoning_effort: low }]',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(read.endpoints).toEqual({
      ollama: { baseURL: 'http://localhost:11434/v1', tokenLimitField: 'max_tokens' },
      openrouter: { baseURL: 'https://openrouter.ai/api/v1', apiKeyEnv: 'OPENROUTER_API_KEY' },
    });
    const providers = providerNames(read);
    expect(splitModelRef('ollama:qwen3:8b', providers)).toEqual({ provider: 'ollama', model: 'qwen3:8b' });
    // Without the endpoint, the text stays a model name (as ft:gpt-4o-mini:acme::abc does).
    expect(splitModelRef('ollama:qwen3:8b')).toEqual({ model: 'ollama:qwen3:8b' });
    expect(parseModelEntries(read.models!, 'openai', providers)).toEqual([
      { provider: 'openai', model: 'gpt-4o' },
      { provider: 'ollama', model: 'qwen3:8b' },
      { provider: 'openrouter', model: 'openai/gpt-5-mini', settings: { reasoningEffort: 'low' } },
    ]);
  });

  it('a built-in name, a base_url that is not a URL, and an unknown token field are errors on their lines', async () => {
    const { config: read, diagnostics } = await config(
      [
        'endpoints:',
        '  openai: { base_url: "http://localhost:8000/v1" }',
        '  vllm:',
        '    base_url: localhost:8000',
        '  groq: { base_url: "https://api.groq.com/openai/v1", token_limit_field: max_output_tokens }',
      ].join('\n'),
    );
    expect(read.endpoints).toBeUndefined();
    expect(diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ line: 5, field: 'endpoints.groq.token_limit_field' })]));
    const { diagnostics: named } = await config(
      ['endpoints:', '  openai: { base_url: "http://localhost:8000/v1" }', '  vllm:', '    base_url: localhost:8000'].join('\n'),
    );
    expect(named).toEqual([
      {
        file: 'promptgate.yaml',
        line: 2,
        field: 'endpoints.openai',
        message: '"openai" is a built-in provider; give the endpoint another name',
      },
      {
        file: 'promptgate.yaml',
        line: 4,
        field: 'endpoints.vllm.base_url',
        message: 'must be an http(s) URL, the one the server serves /chat/completions under (e.g. http://localhost:11434/v1)',
      },
    ]);
  });

  it("an endpoint's key and the credentials in its URL are secrets of every sink", () => {
    const endpoints = {
      openrouter: { baseURL: 'https://openrouter.ai/api/v1', apiKeyEnv: 'ROUTER_CRED' },
      gateway: { baseURL: 'https://team:gw-pass-0123@llm.internal/v1' },
    };
    const env = { ROUTER_CRED: 'or-v1-0123456789abcdef' };
    expect(secretsIn(env)).toEqual([]);
    const secrets = secretsIn(env, endpointSecretSources(endpoints));
    expect(redact('keys or-v1-0123456789abcdef and gw-pass-0123', secrets)).toBe('keys [REDACTED] and [REDACTED]');
  });
});

describe('an endpoint provider', () => {
  it('says which model to name when a folder names none (an endpoint has no default model)', async () => {
    const providers = createProvidersFromEnv({}, { endpoints: { ollama: { baseURL: 'http://127.0.0.1:9/v1' } } });
    const error = await providers.ollama!.complete({ provider: 'ollama', model: '', messages: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toBe(
      "ollama: no model to call; set `model:` in prompt.yaml or promptgate.yaml (the server's own model name, e.g. ollama:qwen3:8b)",
    );
  });
});

describe('model families', () => {
  it.each([
    ['openai', 'gpt-5-mini', undefined, ['temperature', 'topP']],
    ['openai', 'gpt-5.1', 'none', []],
    ['openai', 'gpt-5.1', 'low', ['temperature', 'topP']],
    ['openai', 'gpt-5-chat-latest', undefined, []],
    ['openai', 'o3-mini', undefined, ['temperature', 'topP']],
    ['openai', 'o4-mini-2025-04-16', undefined, ['temperature', 'topP']],
    ['openrouter', 'openai/gpt-5-mini', undefined, ['temperature', 'topP']],
    ['azure', 'gpt-5-mini', undefined, ['temperature', 'topP']],
    ['openai', 'gpt-4.1', undefined, []],
    ['openai', 'omni-moderation-latest', undefined, []],
    ['anthropic', 'o3', undefined, []],
  ] as const)('%s:%s (reasoning_effort %s) refuses %j', (provider, model, effort, refused) => {
    expect(refusedSettings(provider, model, effort)).toEqual(refused);
  });

  it('a request without the newer settings keeps the key it was recorded under', () => {
    const request = {
      provider: 'openai',
      model: 'gpt-4o-mini',
      temperature: 0,
      maxTokens: 300,
      messages: [{ role: 'user' as const, content: 'hi' }],
    };
    // The key prompts-example/ recorded under before per-model settings existed.
    expect(requestKey(request)).toBe(requestKey({ ...request, topP: undefined, reasoningEffort: undefined, thinkingBudget: undefined }));
    expect(requestKey({ ...request, reasoningEffort: 'low' })).not.toBe(requestKey(request));
    expect(requestKey({ ...request, topP: 0.5 })).not.toBe(requestKey(request));
    expect(requestKey({ ...request, thinkingBudget: 1024 })).not.toBe(requestKey(request));
  });
});
