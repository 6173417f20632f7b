import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { SUPPORT_SCHEMA } from '../support/fixtures.js';
import { startProviderEmulator, type AnswerFunction, type EmulatedRequest, type RunningEmulator } from '../support/provider-emulator.js';
import { emulatorProviders, FolderFixture, resultSchemaErrors, testNamed } from '../support/suite-runner.js';
import type { ChatMessage, ModelRequest } from '../../src/providers/types.js';

/*
 * Agent loops (issue 20, item 6): a test's canned `tool_results:` answer the model's tool calls
 * until it gives a final answer, each step a real request through the official SDK to the
 * emulator, in each API's own wire shape; recordings keep every step, so a replay runs the loop
 * offline.
 */

const DIR = 'prompts/orders/v1';
const TOOLS = `tools:
  - name: lookup_order
    description: Look up an order by its number
    parameters: { type: object, properties: { order_id: { type: string } }, required: [order_id] }
  - name: refund_order
    description: Refund an order
    parameters: { type: object, properties: { order_id: { type: string } }, required: [order_id] }
`;

let emulator: RunningEmulator;
const fixtures: FolderFixture[] = [];

beforeAll(async () => {
  emulator = await startProviderEmulator();
});
afterAll(async () => {
  await emulator.close();
  await Promise.all(fixtures.map((fixture) => fixture.close()));
});
beforeEach(() => emulator.reset());

async function folder(
  provider: 'openai' | 'anthropic',
  tests: string,
  extra: Record<string, string> = {},
  prompt = '',
): Promise<FolderFixture> {
  const model = provider === 'openai' ? 'gpt-4o-mini' : 'claude-haiku-4-5';
  const fixture = await FolderFixture.create(DIR, {
    'system.txt': 'You are the order assistant. Use the tools.\n',
    'prompt.yaml': `provider: ${provider}\nmodel: ${model}\n${TOOLS}${prompt}`,
    'tests.yaml': tests,
    ...extra,
  });
  fixtures.push(fixture);
  return fixture;
}

const toolResults = (request: EmulatedRequest) => request.messages.filter((message) => message.role === 'tool');

/**
 * The emulated agent: looks the order up (Claude says so first, as it does), then answers with
 * the status the tool gave; asked to refund, looks it up and then refunds it.
 */
const orderAgent: AnswerFunction = (request) => {
  const orderId = /\d{5}/.exec(request.lastUserMessage)?.[0] ?? '0';
  const results = toolResults(request);
  const preamble = request.api === 'anthropic' ? 'Let me look that up.' : '';
  if (results.length === 0) return { text: preamble, toolCalls: [{ name: 'lookup_order', arguments: { order_id: orderId } }] };
  if (request.lastUserMessage.includes('refund') && results.length === 1) {
    return { text: '', toolCalls: [{ name: 'refund_order', arguments: { order_id: orderId } }] };
  }
  const last = JSON.parse(results.at(-1)!.content) as { status?: string; refunded?: boolean };
  return last.refunded ? `Order ${orderId} is refunded.` : `Your order is ${last.status ?? 'unknown'}.`;
};

const LOOKUP_TEST = `tests:
  - name: looks the order up, then answers with its status
    input: "Where is order 55120?"
    tool_results:
      lookup_order: { status: shipped, eta: "2026-12-09" }
    assert:
      - { type: tool-called, value: lookup_order, args: { order_id: "55120" } }
      - { type: contains, value: shipped }
`;

describe.each(['openai', 'anthropic'] as const)('%s: the agent loop', (provider) => {
  it('answers each call with its canned result until the final answer, and checks that answer', async () => {
    emulator.setAnswer(orderAgent);
    const { suite } = await (await folder(provider, LOOKUP_TEST)).run(emulator);
    const test = testNamed(suite, 'looks the order up, then answers with its status');
    expect(test.error).toBeNull();
    expect(test.status).toBe('passed');
    expect(test.output).toBe('Your order is shipped.');
    expect(test.finishReason).toBe('stop');
    expect(test.toolCalls).toEqual([{ name: 'lookup_order', arguments: { order_id: '55120' } }]);
    expect(test.steps).toHaveLength(2);
    expect(test.steps![0]).toMatchObject({
      step: 1,
      toolCalls: [{ name: 'lookup_order', arguments: { order_id: '55120' } }],
      toolResults: [{ name: 'lookup_order', result: '{"status":"shipped","eta":"2026-12-09"}' }],
      finishReason: 'tool_calls',
      source: 'live',
    });
    expect(test.steps![1]).toMatchObject({ step: 2, text: 'Your order is shipped.', finishReason: 'stop' });
    expect(test.steps![1]!.toolResults).toBeUndefined();
    // The test's figures are the steps' sums.
    expect(test.inputTokens).toBe(test.steps![0]!.inputTokens + test.steps![1]!.inputTokens);
    expect(test.outputTokens).toBe(test.steps![0]!.outputTokens + test.steps![1]!.outputTokens);
    expect(test.costUsd).toBeCloseTo(test.steps![0]!.costUsd! + test.steps![1]!.costUsd!, 12);
    expect(resultSchemaErrors(test)).toEqual([]);
    expect(emulator.requests).toHaveLength(2);
  });

  it('sends the calls and their results back in the API’s own wire shape, with promptgate’s ids', async () => {
    emulator.setAnswer(orderAgent);
    await (await folder(provider, LOOKUP_TEST)).run(emulator);
    const body = emulator.requests[1]!.body as { messages: Array<Record<string, unknown>> };
    const sent = body.messages.slice(-2);
    if (provider === 'openai') {
      expect(sent).toEqual([
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_s1_1', type: 'function', function: { name: 'lookup_order', arguments: '{"order_id":"55120"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_s1_1', content: '{"status":"shipped","eta":"2026-12-09"}' },
      ]);
    } else {
      expect(sent).toEqual([
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Let me look that up.' },
            { type: 'tool_use', id: 'call_s1_1', name: 'lookup_order', input: { order_id: '55120' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_s1_1', content: '{"status":"shipped","eta":"2026-12-09"}' }] },
      ]);
    }
  });

  it('picks a canned result by the arguments (a subset match, first match wins), and checks the order of the calls', async () => {
    emulator.setAnswer(orderAgent);
    const tests = `tests:
  - name: refunds after looking up
    input: "Please refund order 55120"
    tool_results:
      lookup_order:
        - { args: { order_id: "99999" }, result: { status: unknown } }
        - { args: { order_id: "55120" }, result: { status: delivered } }
      refund_order: { refunded: true }
    assert:
      - { type: tool-sequence, value: [lookup_order, refund_order] }
      - { type: tool-sequence, value: [lookup_order, { name: refund_order, args: { order_id: "55120" } }], exact: true }
      - { type: not-tool-sequence, value: [refund_order, lookup_order] }
      - { type: contains, value: refunded }
  - name: wrong order expected
    input: "Please refund order 55120"
    tool_results:
      lookup_order: { status: delivered }
      refund_order: { refunded: true }
    assert:
      - { type: tool-sequence, value: [refund_order, lookup_order] }
`;
    const { suite } = await (await folder(provider, tests)).run(emulator);
    const refunds = testNamed(suite, 'refunds after looking up');
    expect(refunds.checks.filter((check) => !check.passed)).toEqual([]);
    expect(refunds.status).toBe('passed');
    expect(refunds.steps!.map((step) => step.toolResults?.[0]?.result)).toEqual(['{"status":"delivered"}', '{"refunded":true}', undefined]);
    expect(refunds.checks.map((check) => check.name)).toContain('tools not called in order: refund_order, lookup_order');
    const wrong = testNamed(suite, 'wrong order expected');
    expect(wrong.status).toBe('failed');
    expect(wrong.checks[0]).toMatchObject({
      name: 'tools called in order: refund_order, lookup_order',
      passed: false,
      message: 'lookup_order was not called after refund_order; calls: lookup_order, refund_order',
    });
  });

  it('fails a test whose model calls a tool the test has no canned result for, saying which', async () => {
    emulator.setAnswer(orderAgent);
    const tests = `tests:
  - name: no result for the refund
    input: "Please refund order 55120"
    tool_results:
      lookup_order: { status: delivered }
    assert:
      - { type: contains, value: refunded }
`;
    const { suite } = await (await folder(provider, tests)).run(emulator);
    const test = testNamed(suite, 'no result for the refund');
    expect(test.status).toBe('failed');
    expect(test.checks).toHaveLength(1);
    expect(test.checks[0]).toMatchObject({ name: 'every tool call has a canned result', passed: false });
    expect(test.checks[0]!.message).toBe(
      'the model called refund_order({"order_id":"55120"}), and tool_results has no entry for refund_order (it has: lookup_order); add a result for it, or check that it is not called (not-tool-called)',
    );
    expect(test.steps).toHaveLength(2);
    expect(test.toolCalls?.map((call) => call.name)).toEqual(['lookup_order', 'refund_order']);
  });

  it('stops at max_steps (the test’s own, else prompt.yaml’s) and fails with one check that says so', async () => {
    // A model that never stops looking things up.
    emulator.setAnswer((request) => ({
      text: '',
      toolCalls: [{ name: 'lookup_order', arguments: { order_id: String(toolResults(request).length) } }],
    }));
    const tests = `tests:
  - name: loops
    input: "Where is order 55120?"
    max_steps: 2
    tool_results:
      lookup_order: { status: shipped }
  - name: loops by the folder's limit
    input: "Where is order 55121?"
    tool_results:
      lookup_order: { status: shipped }
`;
    const { suite } = await (await folder(provider, tests, {}, 'max_steps: 3\n')).run(emulator);
    const own = testNamed(suite, 'loops');
    expect(own.status).toBe('failed');
    expect(own.steps).toHaveLength(2);
    expect(own.checks).toEqual([
      {
        name: 'final answer within 2 steps',
        passed: false,
        expected: 'an answer without tool calls by step 2',
        actual: 'lookup_order({"order_id":"1"})',
        message: 'the model was still calling tools after 2 model calls (max_steps: 2); raise max_steps, or check why it loops',
      },
    ]);
    expect(testNamed(suite, "loops by the folder's limit").steps).toHaveLength(3);
    expect(emulator.requests).toHaveLength(5);
  });
});

describe('a tool-call answer and schema.json', () => {
  it.each(['openai', 'anthropic'] as const)(
    '%s: a tool-call answer (with or without a preamble) is not checked against the schema; a text answer is',
    async (provider) => {
      emulator.setAnswer((request) =>
        request.lastUserMessage.includes('order')
          ? { text: 'Let me look that up.', toolCalls: [{ name: 'lookup_order', arguments: { order_id: '48213' } }] }
          : 'Sure, happy to help.',
      );
      const tests = `tests:
  - name: calls the tool
    input: Where is order 48213?
    assert:
      - { type: tool-called, value: lookup_order, args: { order_id: "48213" } }
  - name: answers in prose
    input: Hello
`;
      const { suite } = await (await folder(provider, tests, { 'schema.json': JSON.stringify(SUPPORT_SCHEMA) })).run(emulator);
      const calls = testNamed(suite, 'calls the tool');
      expect(calls.checks.map((check) => check.name)).toEqual(['tool lookup_order called with {"order_id":"48213"}']);
      expect(calls.status).toBe('passed');
      const prose = testNamed(suite, 'answers in prose');
      expect(prose.status).toBe('failed');
      expect(prose.checks[0]).toMatchObject({ name: 'output matches schema.json', passed: false });
    },
  );
});

describe('recordings keep every step', () => {
  it('a recorded loop replays offline, step by step; auto fills only a step that changed', async () => {
    emulator.setAnswer(orderAgent);
    const fixture = await folder('openai', LOOKUP_TEST);
    const recorded = await fixture.run(emulator, 'record');
    expect(recorded.answers.calls().prompt).toMatchObject({ live: 2, replayed: 0 });
    const recordings = JSON.parse(await fixture.read('recordings.json')) as { recordings: Record<string, { input: string }> };
    expect(Object.keys(recordings.recordings)).toHaveLength(2);

    emulator.reset();
    const replayed = await fixture.run(undefined, 'replay', { providers: {} });
    const test = testNamed(replayed.suite, 'looks the order up, then answers with its status');
    expect(test.status).toBe('passed');
    expect(test.source).toBe('replay');
    expect(test.steps!.map((step) => step.source)).toEqual(['replay', 'replay']);
    expect(replayed.answers.calls().prompt).toMatchObject({ live: 0, replayed: 2, missing: 0 });
    expect(emulator.requests).toHaveLength(0);

    // A new canned result changes the second request only: auto replays step 1 and calls for step 2.
    await fixture.write({
      'tests.yaml': LOOKUP_TEST.replace('status: shipped', 'status: delayed').replace('value: shipped', 'value: delayed'),
    });
    const auto = await fixture.run(emulator, 'auto');
    const changed = testNamed(auto.suite, 'looks the order up, then answers with its status');
    expect(changed.status).toBe('passed');
    expect(changed.output).toBe('Your order is delayed.');
    expect(changed.steps!.map((step) => step.source)).toEqual(['replay', 'live']);
    expect(auto.answers.calls().prompt).toMatchObject({ live: 1, replayed: 1 });
    expect(emulator.requests).toHaveLength(1);
  });

  it('a replay that lacks a later step errors, naming the step', async () => {
    emulator.setAnswer(orderAgent);
    const fixture = await folder('anthropic', LOOKUP_TEST);
    await fixture.run(emulator, 'record');
    await fixture.write({ 'tests.yaml': LOOKUP_TEST.replace('status: shipped', 'status: lost') });
    const replayed = await fixture.run(undefined, 'replay', { providers: {} });
    const test = testNamed(replayed.suite, 'looks the order up, then answers with its status');
    expect(test.status).toBe('error');
    expect(test.errorKind).toBe('missing-recording');
    expect(test.error).toMatch(/^step 2 of the agent loop: no recorded response for this request/);
  });
});

describe.each(['openai', 'anthropic'] as const)('%s: tool calls and results written in messages:', (provider) => {
  it('are sent in the API’s wire shape, ids assigned when not written, and the final input follows the results', async () => {
    emulator.setAnswer((request) => `Seen ${toolResults(request).length} results.`);
    const tests = `tests:
  - name: continues after the lookups
    messages:
      - { role: user, content: "Where are orders 1 and 2?" }
      - role: assistant
        content: "Looking both up."
        tool_calls:
          - { name: lookup_order, arguments: { order_id: "1" } }
          - { name: lookup_order, arguments: { order_id: "2" }, id: second }
      - { role: tool, name: lookup_order, tool_call_id: second, content: { status: delayed } }
      - { role: tool, name: lookup_order, content: "shipped" }
    input: "And which one is late?"
    assert:
      - { type: contains, value: "Seen 2 results" }
`;
    const { suite } = await (await folder(provider, tests)).run(emulator);
    expect(testNamed(suite, 'continues after the lookups').status).toBe('passed');
    const body = emulator.requests[0]!.body as { messages: Array<Record<string, unknown>> };
    const turns = body.messages.filter((message) => message.role !== 'system');
    if (provider === 'openai') {
      expect(turns).toEqual([
        { role: 'user', content: 'Where are orders 1 and 2?' },
        {
          role: 'assistant',
          content: 'Looking both up.',
          tool_calls: [
            { id: 'call_2_1', type: 'function', function: { name: 'lookup_order', arguments: '{"order_id":"1"}' } },
            { id: 'second', type: 'function', function: { name: 'lookup_order', arguments: '{"order_id":"2"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'second', content: '{"status":"delayed"}' },
        { role: 'tool', tool_call_id: 'call_2_1', content: 'shipped' },
        { role: 'user', content: 'And which one is late?' },
      ]);
    } else {
      expect(turns).toEqual([
        { role: 'user', content: 'Where are orders 1 and 2?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Looking both up.' },
            { type: 'tool_use', id: 'call_2_1', name: 'lookup_order', input: { order_id: '1' } },
            { type: 'tool_use', id: 'second', name: 'lookup_order', input: { order_id: '2' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'second', content: '{"status":"delayed"}' },
            { type: 'tool_result', tool_use_id: 'call_2_1', content: 'shipped' },
            { type: 'text', text: 'And which one is late?' },
          ],
        },
      ]);
    }
  });
});

describe('the emulator refuses a broken tool conversation as the real APIs do', () => {
  // So the loops above are not only shaped right, but accepted: a result without its call, or
  // a call without its result, is a 400 with the API's own words (provider-emulator.ts cites them).
  it.each(['openai', 'anthropic'] as const)('%s', async (provider) => {
    const providers = emulatorProviders(emulator);
    const request = (messages: ChatMessage[]): ModelRequest => ({
      provider,
      model: provider === 'openai' ? 'gpt-4o-mini' : 'claude-haiku-4-5',
      messages: [{ role: 'system', content: 'x' }, ...messages],
    });
    const call = { id: 'call_1_1', name: 'lookup_order', arguments: {} };
    const unanswered = providers[provider]!.complete(
      request([
        { role: 'user', content: 'a' },
        { role: 'assistant', content: '', toolCalls: [call] },
        { role: 'user', content: 'b' },
      ]),
    );
    await expect(unanswered).rejects.toMatchObject({
      kind: 'bad-request',
      message: expect.stringContaining(
        provider === 'openai'
          ? "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'"
          : '`tool_use` ids were found without `tool_result` blocks immediately after: call_1_1',
      ),
    });
    const orphan = providers[provider]!.complete(
      request([
        { role: 'user', content: 'a' },
        { role: 'tool', name: 'lookup_order', toolCallId: 'call_9', content: 'x' },
      ]),
    );
    await expect(orphan).rejects.toMatchObject({
      kind: 'bad-request',
      message: expect.stringContaining(
        provider === 'openai'
          ? "messages with role 'tool' must be a response to a preceeding message with 'tool_calls'"
          : 'unexpected `tool_use_id` found in `tool_result` blocks: call_9',
      ),
    });
  });
});
