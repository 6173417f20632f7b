import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createPromptEngine,
  PromptInputError,
  PromptNotFoundError,
  PromptOutputError,
  ProviderError,
  type Lockfile,
} from '../../src/runtime/index.js';
import { costOf, PRICES } from '../../src/providers/pricing.js';
import { supportFolder, supportModel } from '../support/fixtures.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { createRuntimeRepo, RUNTIME_KEY, runtimeEnv, supportVersion, type RuntimeRepo } from '../support/runtime-repo.js';

jest.setTimeout(60_000);

let emulator: RunningEmulator;
let repo: RuntimeRepo;
let bundle: Lockfile;
const TIERED_TESTS = 'tests:\n  - name: a\n    input: I forgot my password\n    vars: { tier: gold, region: EU }\n';
beforeAll(async () => {
  emulator = await startProviderEmulator({ answer: supportModel });
  repo = await createRuntimeRepo(emulator);
  const claude = supportFolder('prompts/claude-support/v1.0');
  claude['prompts/claude-support/v1.0/prompt.yaml'] =
    'provider: anthropic\nmodel: claude-haiku-4-5\nmax_tokens: 200\nvariables:\n  company: Acme\n';
  await repo.release({
    ...supportVersion('prompts/support/v1.0'),
    ...claude,
    'prompts/tiered/v1.0/system.txt': 'Support for {company}, tier {tier},\nregion {region}.\n',
    'prompts/tiered/v1.0/prompt.yaml': 'variables: { company: Acme }\n',
    'prompts/tiered/v1.0/tests.yaml': TIERED_TESTS,
  });
  expect((await repo.cli(['bundle', '--with-recordings'])).code).toBe(0);
  bundle = JSON.parse(await readFile(join(repo.repo.dir, 'prompts.lock.json'), 'utf8')) as Lockfile;
});
afterEach(() => {
  emulator.setAnswer(supportModel);
  emulator.setFaults([]);
});
afterAll(async () => {
  await repo.cleanup();
  await emulator.close();
});

const live = () => createPromptEngine({ bundle, env: runtimeEnv(emulator), retry: { baseDelayMs: 1 } });
const lastBody = (api: 'openai' | 'anthropic') =>
  emulator.requests.filter((request) => request.api === api).at(-1)!.body as Record<string, unknown>;

describe('execute', () => {
  it('answers with the validated output, the version served and what the call cost', async () => {
    const engine = await live();
    const result = await engine.execute('support', { input: 'I forgot my password' });
    expect(result).toMatchObject({
      output: { intent: 'account_access', action: 'password_reset', confidence: 0.95, escalate: false, reason: null },
      id: 'support',
      version: 'v1.0',
      variant: 'production',
      commit: bundle.prompts.support!.production!.commit,
      provider: 'openai',
      model: 'gpt-4o-mini',
      servedModel: 'gpt-4o-mini',
      finishReason: 'stop',
      source: 'bundle',
      replayed: false,
    });
    expect(JSON.parse(result.text)).toEqual(result.output);
    expect(result.usage.outputTokens).toBe(30);
    expect(result.costUsd).toBeCloseTo(costOf({ ...result.usage }, PRICES['gpt-4o-mini']!), 12);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    await engine.close();
  });

  it('sends exactly the request the tests sent: messages, settings and the schema as structured output', async () => {
    emulator.reset();
    expect((await repo.cli(['test', 'prompts/support/v1.0', '--responses', 'live'])).code).toBe(0);
    const fromTests = emulator.requests.find((request) => JSON.stringify(request.body).includes('I forgot my password'))!.body;
    const engine = await live();
    await engine.execute('support', { input: 'I forgot my password' });
    expect(lastBody('openai')).toEqual(fromTests);
    expect(lastBody('openai')).toMatchObject({
      temperature: 0,
      response_format: { type: 'json_schema', json_schema: { name: 'output', strict: false } },
    });

    await engine.execute('claude-support', { input: 'I forgot my password' });
    const anthropic = lastBody('anthropic');
    expect(anthropic).toMatchObject({ model: 'claude-haiku-4-5', max_tokens: 200, system: expect.stringContaining('for Acme.') });
    expect((anthropic.output_config as { format: { type: string } }).format.type).toBe('json_schema');
    expect(emulator.requests.at(-1)!.headers.authorization).toBe(`Bearer ${RUNTIME_KEY}`);
  });

  it("fills the template with the call's vars over prompt.yaml's, and names every placeholder left without a value", async () => {
    const engine = await live();
    await engine.execute('support', { input: 'I forgot my password', vars: { company: 'Globex' } });
    expect((lastBody('openai').messages as Array<{ content: string }>)[0]!.content).toContain('for Globex.');
    await engine.execute('tiered', { input: 'hello', vars: { tier: 3, region: 'EU' } });
    expect((lastBody('openai').messages as Array<{ content: string }>)[0]!.content).toBe('Support for Acme, tier 3,\nregion EU.\n');

    const error = await engine.execute('tiered', { input: 'hello' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PromptInputError);
    expect((error as Error).message).toBe(
      "tiered v1.0: prompts/tiered/v1.0/system.txt:1: tier: 2 placeholders have no value: {tier} (line 1), {region} (line 2); set them in the test's vars or in prompt.yaml variables (write {{name}} if the braces are meant literally)",
    );
    await expect(engine.execute('nope', { input: 'x' })).rejects.toThrow(PromptNotFoundError);
    await expect(engine.execute('nope', { input: 'x' })).rejects.toThrow(
      'no prompt "nope" in the bundle (it holds "claude-support", "support", "tiered")',
    );
  });

  it('finds the JSON after reasoning, and refuses an answer that is not JSON, breaks the schema or was cut off', async () => {
    const engine = await live();
    const answer = JSON.stringify({ intent: 'account_access', action: 'password_reset', confidence: 0.9, escalate: false, reason: null });
    emulator.setAnswer(() => `<think>The customer cannot sign in.</think>\nHere is my answer:\n${answer}`);
    expect((await engine.execute('support', { input: 'x' })).output).toEqual(JSON.parse(answer));

    emulator.setAnswer(() => JSON.stringify({ intent: 'account_access', action: 'reset', confidence: 7, escalate: 'no' }));
    const invalid = (await engine.execute('support', { input: 'x' }).catch((caught: unknown) => caught)) as PromptOutputError;
    expect(invalid).toBeInstanceOf(PromptOutputError);
    expect(invalid.problem).toBe('schema');
    expect(invalid.errors).toEqual(['/confidence must be <= 1', '/escalate must be boolean']);
    expect(invalid.text).toContain('"confidence":7');
    expect(invalid.details).toMatchObject({ promptId: 'support', version: 'v1.0', variant: 'production', servedModel: 'gpt-4o-mini' });

    emulator.setAnswer(() => 'Sorry, I can only talk about the weather.');
    await expect(engine.execute('support', { input: 'x' })).rejects.toMatchObject({ name: 'PromptOutputError', problem: 'not-json' });

    emulator.setAnswer(() => ({ text: '{"intent": "account_', finishReason: 'length' }));
    await expect(engine.execute('support', { input: 'x' })).rejects.toMatchObject({
      problem: 'length',
      message: 'support v1.0: the answer was cut off at max_tokens after 5 output tokens',
    });
  });

  it("throws the provider layer's classified errors, retries what can be retried, and never shows the key", async () => {
    const engine = await live();
    emulator.setFaults([{ type: 'auth' }]);
    const auth = (await engine.execute('support', { input: 'I forgot my password' }).catch((caught: unknown) => caught)) as ProviderError;
    expect(auth).toBeInstanceOf(ProviderError);
    expect(auth).toMatchObject({ kind: 'auth', retryable: false, status: 401 });
    expect(auth.message).toContain('check OPENAI_API_KEY');
    expect(auth.message).not.toContain(RUNTIME_KEY);

    emulator.reset();
    emulator.setFaults([{ type: 'rate-limit', retryAfterMs: 1 }]);
    expect((await engine.execute('support', { input: 'I forgot my password' })).output).toMatchObject({ intent: 'account_access' });
    expect(emulator.requestCount('openai')).toBe(2);

    const noKeys = await createPromptEngine({ bundle, env: {} });
    await expect(noKeys.execute('support', { input: 'x' })).rejects.toMatchObject({
      kind: 'no-credentials',
      message: 'OPENAI_API_KEY is not set, so openai cannot be called',
    });
  });

  it("replays the bundle's recorded answers offline, and says when there is none", async () => {
    emulator.reset();
    const engine = await createPromptEngine({ bundle, env: {}, responses: 'replay' });
    const result = await engine.execute('support', { input: 'You charged my card twice' });
    expect(result).toMatchObject({ output: { intent: 'billing_issue', escalate: true }, replayed: true, version: 'v1.0' });
    expect(emulator.requestCount()).toBe(0);
    await expect(engine.execute('support', { input: 'Something new' })).rejects.toMatchObject({ kind: 'missing-recording' });
    expect((await repo.cli(['bundle', '--out', 'bare.lock.json'])).code).toBe(0);
    const bare = await createPromptEngine({ bundle: join(repo.repo.dir, 'bare.lock.json'), responses: 'replay' });
    await expect(bare.execute('support', { input: 'You charged my card twice' })).rejects.toThrow(
      'support v1.0: the bundle holds no recordings; build it with promptgate bundle --with-recordings to replay',
    );
  });
});
