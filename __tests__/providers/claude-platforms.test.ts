import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnthropicProvider } from '../../src/providers/anthropic.js';
import { createProvidersFromEnv } from '../../src/providers/from-env.js';
import { priceCall } from '../../src/providers/price-call.js';
import { ProviderError, type ModelRequest } from '../../src/providers/types.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';

/**
 * Claude on Bedrock and Vertex through Anthropic's own platform SDKs, over real HTTP to the
 * loopback emulator, which answers the platforms' URLs as the SDKs build them. No cloud
 * credentials: Bedrock signs with static test keys (SigV4 is computed locally), and Vertex gets
 * its token from Google's STS exchange, answered by the emulator, through an external_account
 * credential file like the one GitHub's workload identity federation writes.
 */

const AWS = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
let emulator: RunningEmulator;
let dir: string;

beforeAll(async () => {
  emulator = await startProviderEmulator();
  dir = await mkdtemp(join(tmpdir(), 'promptgate-platforms-'));
});
afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  emulator.reset();
  emulator.setAnswer(undefined);
});

const request = (provider: string, model: string): ModelRequest => ({
  provider,
  model,
  maxTokens: 200,
  messages: [
    { role: 'system', content: 'Answer as JSON.' },
    { role: 'user', content: 'I forgot my password' },
  ],
});

describe('provider: bedrock', () => {
  it("signs with the environment's AWS keys and calls /model/{id}/invoke, priced as the Anthropic model", async () => {
    emulator.setAnswer(() => ({
      text: '{"intent":"account_access"}',
      model: 'claude-haiku-4-5-20251001',
      usage: { inputTokens: 1000, outputTokens: 100 },
    }));
    const providers = createProvidersFromEnv({ AWS_REGION: 'us-east-1', ...AWS, ANTHROPIC_BEDROCK_BASE_URL: emulator.url });
    const model = 'anthropic.claude-haiku-4-5-20251001-v1:0';
    const response = await providers.bedrock!.complete(request('bedrock', model));
    expect(response.text).toBe('{"intent":"account_access"}');
    const received = emulator.requests[0]!;
    expect(received.api).toBe('bedrock');
    expect(received.path).toBe('/model/anthropic.claude-haiku-4-5-20251001-v1:0/invoke');
    expect(received.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request/);
    expect(JSON.stringify(received.headers)).not.toContain(AWS.AWS_SECRET_ACCESS_KEY);
    expect(received.body).toMatchObject({ anthropic_version: expect.any(String), max_tokens: 200 });
    expect(received.body).not.toHaveProperty('model');
    const priced = priceCall({ provider: 'bedrock', requestedModel: model, servedModel: response.model, usage: response.usage });
    expect(priced).toEqual({ costUsd: (1000 * 1 + 100 * 5) / 1e6, pricedAs: 'claude-haiku-4-5' });
  });

  it('sends a Bedrock API key (AWS_BEARER_TOKEN_BEDROCK) as a bearer token instead of signing', async () => {
    const providers = createProvidersFromEnv({
      AWS_REGION: 'eu-west-1',
      AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key-0123456789',
      ANTHROPIC_BEDROCK_BASE_URL: emulator.url,
    });
    await providers.bedrock!.complete(request('bedrock', 'global.anthropic.claude-sonnet-5-5'));
    expect(emulator.requests[0]?.headers.authorization).toBe('Bearer bedrock-api-key-0123456789');
  });

  it('is not offered without a region and credentials, and says which model to name when none is set', async () => {
    expect(createProvidersFromEnv({ ...AWS }).bedrock).toBeUndefined();
    expect(createProvidersFromEnv({ AWS_REGION: 'us-east-1' }).bedrock).toBeUndefined();
    const providers = createProvidersFromEnv({ AWS_REGION: 'us-east-1', ...AWS, ANTHROPIC_BEDROCK_BASE_URL: emulator.url });
    const error = (await providers.bedrock!.complete(request('bedrock', '')).catch((e: unknown) => e)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toMatch(/^bedrock: no model to call; set `model:`/);
  });
});

describe('provider: vertex', () => {
  const saved = process.env.GOOGLE_APPLICATION_CREDENTIALS;
  afterAll(() => {
    if (saved === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    else process.env.GOOGLE_APPLICATION_CREDENTIALS = saved;
  });

  it('gets a Google token from the credentials file and calls :rawPredict with the project and region', async () => {
    // The shape google-github-actions/auth writes for workload identity federation.
    await writeFile(join(dir, 'oidc-token'), 'eyJhbGciOiJSUzI1NiJ9.github-oidc.signature');
    const credentials = {
      type: 'external_account',
      audience: '//iam.googleapis.com/projects/123456/locations/global/workloadIdentityPools/github/providers/promptgate',
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: emulator.googleTokenURL,
      credential_source: { file: join(dir, 'oidc-token') },
    };
    await writeFile(join(dir, 'credentials.json'), JSON.stringify(credentials));
    process.env.GOOGLE_APPLICATION_CREDENTIALS = join(dir, 'credentials.json');
    emulator.setAnswer(() => ({ text: '{"intent":"account_access"}', finishReason: 'end_turn' }));
    const providers = createProvidersFromEnv({
      CLOUD_ML_REGION: 'us-east5',
      ANTHROPIC_VERTEX_PROJECT_ID: 'acme-prompts',
      ANTHROPIC_VERTEX_BASE_URL: `${emulator.url}/v1`,
    });
    const response = await providers.vertex!.complete(request('vertex', 'claude-haiku-4-5@20251001'));
    expect(response).toMatchObject({ text: '{"intent":"account_access"}', finishReason: 'stop' });
    const call = emulator.requests.find((received) => received.api === 'vertex')!;
    expect(call.path).toBe('/v1/projects/acme-prompts/locations/us-east5/publishers/anthropic/models/claude-haiku-4-5@20251001:rawPredict');
    expect(call.headers.authorization).toBe('Bearer ya29.emulated-access-token');
    expect(call.body).toMatchObject({ anthropic_version: expect.any(String), max_tokens: 200 });
    expect(call.body).not.toHaveProperty('model');
    expect(
      priceCall({ provider: 'vertex', requestedModel: 'claude-haiku-4-5@20251001', servedModel: response.model, usage: response.usage }),
    ).toMatchObject({
      pricedAs: 'claude-haiku-4-5',
    });
  });
});

describe("the SDK's model-deprecation notice", () => {
  it('is told once per model per run, with its retirement date, instead of on every call', async () => {
    const warnings: string[] = [];
    const printed: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void printed.push(args);
    try {
      const provider = createAnthropicProvider({
        apiKey: 'sk-ant-test-0123456789',
        baseURL: emulator.anthropicBaseURL,
        onWarning: (m) => warnings.push(m),
      });
      for (let call = 0; call < 3; call += 1) await provider.complete(request('anthropic', 'claude-sonnet-4-5'));
      await provider.complete(request('anthropic', 'claude-sonnet-4-5-20250929'));
      await provider.complete(request('anthropic', 'claude-haiku-4-5'));
    } finally {
      console.warn = original;
    }
    expect(printed).toEqual([]);
    expect(warnings).toEqual([
      "anthropic: model claude-sonnet-4-5 is deprecated and retires on November 30th, 2026 (the SDK's notice, shown once); move to a newer model: https://docs.anthropic.com/en/docs/resources/model-deprecations",
      "anthropic: model claude-sonnet-4-5-20250929 is deprecated and retires on November 30th, 2026 (the SDK's notice, shown once); move to a newer model: https://docs.anthropic.com/en/docs/resources/model-deprecations",
    ]);
  });
});
