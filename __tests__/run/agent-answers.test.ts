import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Semaphore } from '../../src/run/semaphore.js';
import { createAnthropicProvider } from '../../src/providers/anthropic.js';
import { createAnswerSource, type Providers } from '../../src/providers/answer-source.js';
import { createProvidersFromEnv } from '../../src/providers/from-env.js';
import { createOpenAIProvider } from '../../src/providers/openai.js';
import { priceCall } from '../../src/providers/price-call.js';
import type { PricingOverrides } from '../../src/providers/pricing.js';
import { runSuite } from '../../src/run/runner.js';
import type { SuiteResult, TestResult } from '../../src/results/model.js';
import { createWorkTreeSource } from '../../src/load/files/file-source.js';
import { loadPromptFolder } from '../../src/load/folder.js';
import { SUPPORT_SCHEMA } from '../support/fixtures.js';
import { startProviderEmulator, type AnswerFunction, type RunningEmulator } from '../support/provider-emulator.js';

/*
 * What real agents send and answer, end to end: a prompt folder on disk, loaded as the CLI
 * loads it, run by the runner through the official SDKs over loopback HTTP to the emulator,
 * which answers in each API's own wire shape.
 */

const DIR = 'prompts/support/v1';
const OPENAI_KEY = 'sk-test-agent-answers-1234';
const ANTHROPIC_KEY = 'sk-ant-agent-answers-5678';
const AZURE_KEY = 'azure-key-agent-answers-9012';

let emulator: RunningEmulator;
let providers: Providers;
const roots: string[] = [];

beforeAll(async () => {
  emulator = await startProviderEmulator();
  providers = {
    azure: createProvidersFromEnv({
      AZURE_OPENAI_API_KEY: AZURE_KEY,
      AZURE_OPENAI_ENDPOINT: emulator.url,
      OPENAI_API_VERSION: '2024-10-21',
      // Set on purpose: the Azure client must not take it instead of the endpoint.
      OPENAI_BASE_URL: 'http://127.0.0.1:9/not-azure',
    }).azure,
    openai: createOpenAIProvider({ apiKey: OPENAI_KEY, baseURL: emulator.openaiBaseURL }),
    anthropic: createAnthropicProvider({ apiKey: ANTHROPIC_KEY, baseURL: emulator.anthropicBaseURL }),
  };
});

afterAll(async () => {
  await emulator.close();
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

beforeEach(() => {
  emulator.reset();
  emulator.setFaults([]);
});

interface FolderSpec {
  provider: 'openai' | 'anthropic' | 'azure';
  model?: string;
  tests: string;
  promptExtra?: string;
  schema?: boolean;
}

async function runFolder(spec: FolderSpec, answer: AnswerFunction, pricing: PricingOverrides = {}): Promise<SuiteResult> {
  const root = await mkdtemp(join(tmpdir(), 'promptgate-agent-'));
  roots.push(root);
  const model =
    spec.model ?? (spec.provider === 'anthropic' ? 'claude-haiku-4-5' : spec.provider === 'azure' ? 'support-prod' : 'gpt-4o-mini');
  const files: Record<string, string> = {
    [`${DIR}/system.txt`]: 'You are the support assistant. Answer as JSON.\n',
    [`${DIR}/examples.json`]: JSON.stringify([{ user: 'example question', assistant: '{"intent":"general_question"}' }]),
    [`${DIR}/prompt.yaml`]: `provider: ${spec.provider}\nmodel: ${model}\n${spec.promptExtra ?? ''}`,
    [`${DIR}/tests.yaml`]: spec.tests,
    ...(spec.schema ? { [`${DIR}/schema.json`]: JSON.stringify(SUPPORT_SCHEMA) } : {}),
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  const loaded = await loadPromptFolder(createWorkTreeSource(root), DIR, {});
  if (!loaded.ok) throw new Error(`folder did not load: ${JSON.stringify(loaded.errors)}`);
  emulator.setAnswer(answer);
  const answerSource = createAnswerSource({
    mode: 'live',
    providers,
    readFile: async () => undefined,
    writeFile: async () => undefined,
    secrets: [OPENAI_KEY, ANTHROPIC_KEY, AZURE_KEY],
    retry: { maxAttempts: 1 },
  });
  return runSuite(loaded, { limiter: new Semaphore(2), repeat: 1, answerSource, priceCall: (call) => priceCall(call, pricing) });
}

const testNamed = (suite: SuiteResult, name: string): TestResult => {
  const found = suite.tests.find((test) => test.name === name);
  if (!found) throw new Error(`no test ${name}`);
  return found;
};

const GOOD = { intent: 'account_access', action: 'password_reset', confidence: 0.95, escalate: false, reason: null };

describe.each(['openai', 'anthropic'] as const)('%s: why an answer is what it is', (provider) => {
  it('fails an answer cut off at max_tokens with a check that says so, with or without content checks', async () => {
    const tests = `tests:\n  - name: fields\n    input: I forgot my password\n    expected_intent: account_access\n  - name: no checks\n    input: I forgot my password too\n`;
    const suite = await runFolder({ provider, tests, schema: true }, () => ({ text: '{"intent": "account_acc', finishReason: 'length' }));
    for (const test of suite.tests) {
      expect(test.status).toBe('failed');
      expect(test.finishReason).toBe('length');
      expect(test.checks).toHaveLength(1);
      expect(test.checks[0]).toMatchObject({ name: 'answer is complete', passed: false });
      expect(test.checks[0]?.message).toContain('cut off at max_tokens');
      expect(JSON.stringify(test.checks)).not.toContain('Unterminated');
      expect(test.output).toBe('{"intent": "account_acc');
    }
  });

  it('fails a refusal with the refusal text', async () => {
    const tests = `tests:\n  - name: refused\n    input: Help me break into an account\n`;
    const suite = await runFolder({ provider, tests }, () => ({ text: '', refusal: "I'm sorry, I can't help with that." }));
    const test = testNamed(suite, 'refused');
    expect(test.status).toBe('failed');
    expect(test.finishReason).toBe('refusal');
    expect(test.checks[0]?.message).toBe("the model refused: I'm sorry, I can't help with that.");
    expect(test.output).toBe("I'm sorry, I can't help with that.");
  });

  it('records the model that answered, and prices the call by it, saying which model priced it', async () => {
    const tests = `tests:\n  - name: priced\n    input: hi\n`;
    const served = provider === 'openai' ? 'gpt-4o-2024-08-06' : 'claude-sonnet-4-5-20250929';
    const suite = await runFolder({ provider, tests }, () => ({
      text: 'ok',
      model: served,
      usage: { inputTokens: 1_000_000, outputTokens: 0 },
    }));
    const test = testNamed(suite, 'priced');
    expect(test.servedModel).toBe(served);
    expect(test.finishReason).toBe('stop');
    expect(test.pricedAs).toBe(provider === 'openai' ? 'gpt-4o' : 'claude-sonnet-4-5');
    // One million uncached input tokens at the served model's price, not the requested one's.
    expect(test.costUsd).toBeCloseTo(provider === 'openai' ? 2.5 : 3, 6);
  });

  it('names the pricing: key that fixes an unknown price', async () => {
    const tests = `tests:\n  - name: unpriced\n    input: hi\n`;
    const suite = await runFolder({ provider, model: 'house-model-7', tests }, () => ({ text: 'ok' }));
    const test = testNamed(suite, 'unpriced');
    expect(test.costUsd).toBeNull();
    expect(test.costNote).toContain('pricing: { "house-model-7": { input:');
  });

  it('shows a tool-call-only answer as its calls, sends tools in the wire format, and checks them', async () => {
    const tools = `tools:\n  - name: lookup_order\n    description: Look up an order by its number\n    parameters: { type: object, properties: { order_id: { type: string } }, required: [order_id] }\n`;
    const tests = `tests:
  - name: looks it up
    input: Where is order 48213?
    assert:
      - { type: tool-called, value: lookup_order, args: { order_id: "48213" } }
  - name: wrong order
    input: Where is order 48213 again?
    assert:
      - { type: tool-called, value: lookup_order, args: { order_id: "99999" } }
  - name: must not call
    input: Where is order 48213, really?
    assert:
      - { type: no-tool-called }
`;
    const suite = await runFolder({ provider, tests, promptExtra: tools }, () => ({
      text: '',
      toolCalls: [{ name: 'lookup_order', arguments: { order_id: '48213', include: 'tracking' } }],
    }));
    const looks = testNamed(suite, 'looks it up');
    expect(looks.status).toBe('passed');
    expect(looks.finishReason).toBe('tool_calls');
    expect(looks.output).toBe('lookup_order({"order_id":"48213","include":"tracking"})');
    expect(looks.toolCalls).toEqual([{ name: 'lookup_order', arguments: { order_id: '48213', include: 'tracking' } }]);
    expect(testNamed(suite, 'wrong order').status).toBe('failed');
    expect(testNamed(suite, 'wrong order').checks[0]?.message).toContain('not with arguments that include {"order_id":"99999"}');
    expect(testNamed(suite, 'must not call').checks[0]).toMatchObject({ passed: false, message: 'called lookup_order' });

    const body = emulator.requests[0]?.body as Record<string, unknown>;
    const parameters = { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] };
    expect(body.tools).toEqual(
      provider === 'openai'
        ? [{ type: 'function', function: { name: 'lookup_order', description: 'Look up an order by its number', parameters } }]
        : [{ name: 'lookup_order', description: 'Look up an order by its number', input_schema: parameters }],
    );
  });

  it('sends prior turns after the examples and before the input, and judges the final answer', async () => {
    const tests = `tests:
  - name: follow-up
    messages:
      - { role: user, content: "I forgot my password" }
      - { role: assistant, content: "I sent a reset link to your email." }
    input: I did not get the email
    expected_intent: account_access
`;
    const suite = await runFolder({ provider, tests }, (request) =>
      JSON.stringify(request.messages.length === 6 ? { intent: 'account_access' } : { intent: 'wrong' }),
    );
    expect(testNamed(suite, 'follow-up').status).toBe('passed');
    const sent = emulator.requests[0]?.body as { messages: Array<{ role: string; content: unknown }> };
    const turns = sent.messages.filter((message) => message.role !== 'system').map((message) => [message.role, message.content]);
    expect(turns).toEqual([
      ['user', 'example question'],
      ['assistant', '{"intent":"general_question"}'],
      ['user', 'I forgot my password'],
      ['assistant', 'I sent a reset link to your email.'],
      ['user', 'I did not get the email'],
    ]);
  });

  it.each([
    ['reasoning text, then the JSON', `Let me think. The user cannot log in, so this is account access.\n${JSON.stringify(GOOD)}`],
    ['a <think> block, then the JSON', `<think>password problem {not json}</think>\n${JSON.stringify(GOOD)}`],
    ['reasoning, then a code fence', `Reasoning first.\n\`\`\`json\n${JSON.stringify(GOOD, null, 2)}\n\`\`\`\nDone.`],
  ])('finds the final JSON after %s, and keeps the reasoning in the output', async (_, text) => {
    const tests = `tests:\n  - name: reasoned\n    input: I forgot my password\n    expected_intent: account_access\n`;
    const suite = await runFolder({ provider, tests, schema: true }, () => text);
    const test = testNamed(suite, 'reasoned');
    expect(test.checks.filter((check) => !check.passed)).toEqual([]);
    expect(test.output).toBe(text);
  });
});

describe('anthropic specifics', () => {
  it('keeps thinking blocks visible before the answer and judges the JSON after them', async () => {
    const tests = `tests:\n  - name: thought\n    input: I forgot my password\n    expected_intent: account_access\n`;
    const suite = await runFolder({ provider: 'anthropic', tests, schema: true }, () => ({
      text: JSON.stringify(GOOD),
      thinking: ['The customer lost access {maybe}; classify as account_access.'],
    }));
    const test = testNamed(suite, 'thought');
    expect(test.status).toBe('passed');
    expect(test.output).toBe(`<think>The customer lost access {maybe}; classify as account_access.</think>\n${JSON.stringify(GOOD)}`);
  });

  it('prices 1-hour cache writes at their own rate', async () => {
    const tests = `tests:\n  - name: cached\n    input: hi\n`;
    const usage = { inputTokens: 2_000_000, outputTokens: 0, cacheWriteTokens: 2_000_000, cacheWrite1hTokens: 1_000_000 };
    const suite = await runFolder({ provider: 'anthropic', model: 'claude-sonnet-4-6', tests }, () => ({ text: 'ok', usage }));
    // 1M 5-minute writes at $3.75 and 1M 1-hour writes at $6 (2x the $3 input price).
    expect(testNamed(suite, 'cached').costUsd).toBeCloseTo(3.75 + 6, 6);
  });
});

describe('azure', () => {
  const tests = `tests:\n  - name: deployed\n    input: I forgot my password\n    expected_intent: account_access\n`;

  it('calls the deployment URL with the api-version query and the api-key header, through the SDK', async () => {
    const suite = await runFolder({ provider: 'azure', tests }, (request) => ({
      text: JSON.stringify({ intent: request.deployment === 'support-prod' ? 'account_access' : 'wrong' }),
      model: 'gpt-4o-2024-11-20',
    }));
    const test = testNamed(suite, 'deployed');
    expect(test.error).toBeNull();
    expect(test.status).toBe('passed');
    expect(test.servedModel).toBe('gpt-4o-2024-11-20');
    const received = emulator.requests[0]!;
    expect(received.path).toBe('/openai/deployments/support-prod/chat/completions');
    expect(received.headers['api-key']).toBe(AZURE_KEY);
    expect(received.headers.authorization).toBeUndefined();
    // The served model has a list price, but a deployment's price is the team's: unknown until named.
    expect(test.costUsd).toBeNull();
    expect(test.costNote).toContain('azure deployment "support-prod"');
    expect(test.costNote).toContain('pricing: { "support-prod"');
  });

  it('prices the deployment once pricing: names it', async () => {
    const suite = await runFolder(
      { provider: 'azure', tests },
      () => ({ text: '{}', usage: { inputTokens: 1_000_000, outputTokens: 0 } }),
      {
        'support-prod': { input: 2, output: 8 },
      },
    );
    const test = testNamed(suite, 'deployed');
    expect(test.pricedAs).toBe('support-prod');
    expect(test.costUsd).toBeCloseTo(2, 6);
  });
});
