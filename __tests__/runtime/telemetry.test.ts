import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { createPromptEngine, type Lockfile } from '../../src/runtime/index.js';
import { supportModel } from '../support/fixtures.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { createRuntimeRepo, RUNTIME_KEY, runtimeEnv, supportVersion, type RuntimeRepo } from '../support/runtime-repo.js';

jest.setTimeout(60_000);

let emulator: RunningEmulator;
let repo: RuntimeRepo;
let bundle: Lockfile;
let dir: string;
beforeAll(async () => {
  emulator = await startProviderEmulator({ answer: supportModel });
  repo = await createRuntimeRepo(emulator);
  await repo.release(supportVersion('prompts/support/v1.0'));
  expect((await repo.cli(['bundle'])).code).toBe(0);
  bundle = JSON.parse(await readFile(join(repo.repo.dir, 'prompts.lock.json'), 'utf8')) as Lockfile;
  dir = await mkdtemp(join(tmpdir(), 'promptgate-telemetry-'));
});
afterAll(async () => {
  await repo.cleanup();
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

function sdk() {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  return { exporter, provider };
}

const CALL = { input: 'You charged my card twice', vars: { company: 'Globex' }, key: 'user-42' };

describe('spans through the OpenTelemetry API', () => {
  it('carry the GenAI conventions, the cost, the variant, the commit and the fields metrics: names', async () => {
    const { exporter, provider } = sdk();
    const engine = await createPromptEngine({ bundle, env: runtimeEnv(emulator), telemetry: { tracer: provider.getTracer('app') } });
    const result = await engine.execute('support', CALL);
    await provider.forceFlush();
    const [span] = exporter.getFinishedSpans();
    expect(span!.name).toBe('chat gpt-4o-mini');
    expect(span!.kind).toBe(2); // CLIENT
    expect(span!.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0,
      'gen_ai.output.type': 'json',
      'gen_ai.prompt.name': 'support',
      'gen_ai.prompt.version': 'v1.0',
      'gen_ai.response.model': 'gpt-4o-mini',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': result.usage.inputTokens,
      'gen_ai.usage.output_tokens': 30,
      'promptgate.cost_usd': result.costUsd,
      'promptgate.variant': 'production',
      'promptgate.commit': result.commit,
      'promptgate.served_from': 'bundle',
      'promptgate.schema_valid': true,
      'promptgate.output.escalate': true,
      'promptgate.output.confidence': 0.93,
    });
    // Content and variables are off by default: nothing of the conversation is in the span.
    expect(JSON.stringify(span!.attributes)).not.toMatch(/Globex|charged/);
    await engine.close();
  });

  it('go to the SDK registered globally, with error.type and an error status when the call fails', async () => {
    const { exporter, provider } = sdk();
    trace.setGlobalTracerProvider(provider);
    try {
      const engine = await createPromptEngine({
        bundle,
        env: runtimeEnv(emulator),
        retry: { maxAttempts: 1 },
        telemetry: { file: join(dir, 'unused.jsonl') },
      });
      emulator.setFaults([{ type: 'auth' }]);
      await expect(engine.execute('support', CALL)).rejects.toMatchObject({ kind: 'auth' });
      emulator.setAnswer(() => JSON.stringify({ intent: 'billing_issue', action: 'escalate', confidence: 3, escalate: true }));
      await expect(engine.execute('support', CALL)).rejects.toMatchObject({ name: 'PromptOutputError' });
      emulator.setAnswer(supportModel);
      await engine.close();
      await provider.forceFlush();
      const [auth, invalid] = exporter.getFinishedSpans();
      expect(auth!.attributes['error.type']).toBe('auth');
      expect(auth!.status).toMatchObject({ code: 2, message: expect.stringContaining('rejected the credentials') });
      expect(auth!.status.message).not.toContain(RUNTIME_KEY);
      expect(invalid!.attributes).toMatchObject({
        'error.type': 'output.schema',
        'promptgate.schema_valid': false,
        'gen_ai.usage.output_tokens': expect.any(Number),
      });
      // With an SDK registered the file is not written: spans go to its exporters.
      await expect(readFile(join(dir, 'unused.jsonl'))).rejects.toThrow();
    } finally {
      trace.disable();
    }
  });

  it('hold the content and the allowed variables only when asked, and never a secret', async () => {
    const { exporter, provider } = sdk();
    const engine = await createPromptEngine({
      bundle,
      env: runtimeEnv(emulator),
      telemetry: { tracer: provider.getTracer('app'), record: { content: true, variables: ['company'] } },
    });
    await engine.execute('support', {
      ...CALL,
      input: `You charged my card twice, key ${RUNTIME_KEY}`,
      vars: { company: 'Globex', tier: 'gold' },
    });
    await provider.forceFlush();
    const attributes = exporter.getFinishedSpans()[0]!.attributes;
    expect(attributes['promptgate.variable.company']).toBe('Globex');
    expect(attributes['promptgate.variable.tier']).toBeUndefined();
    expect(JSON.parse(String(attributes['gen_ai.system_instructions']))[0].content).toContain('Globex');
    expect(JSON.parse(String(attributes['gen_ai.input.messages']))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'You charged my card twice, key [REDACTED]' }] },
    ]);
    expect(JSON.parse(String(attributes['gen_ai.output.messages']))[0]).toMatchObject({ role: 'assistant', finish_reason: 'stop' });
    expect(JSON.stringify(attributes)).not.toContain(RUNTIME_KEY);
  });
});

describe('the built-in OTLP JSON Lines sink', () => {
  it('writes ExportTraceServiceRequest lines shaped as the OpenTelemetry JSON serializer writes them, flushed by close()', async () => {
    const file = join(dir, 'logs', 'promptgate.jsonl');
    const engine = await createPromptEngine({ bundle, env: runtimeEnv(emulator), telemetry: { file, serviceName: 'support-app' } });
    await engine.execute('support', CALL);
    await engine.execute('support', { ...CALL, input: 'I forgot my password' });
    await engine.close();
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const request = JSON.parse(lines[0]!);
    const spans = request.resourceSpans[0].scopeSpans[0].spans;
    expect(spans).toHaveLength(2);
    expect(request.resourceSpans[0].resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'support-app' } });
    expect(request.resourceSpans[0].scopeSpans[0].scope).toEqual({ name: 'promptgate', version: '0.1.0' });
    const [span] = spans;
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(span.startTimeUnixNano).toMatch(/^\d{19}$/);
    expect(BigInt(span.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(span.startTimeUnixNano));
    expect(Math.abs(Number(BigInt(span.startTimeUnixNano) / 1_000_000n) - Date.now())).toBeLessThan(60_000);
    const attribute = (key: string) => span.attributes.find((entry: { key: string }) => entry.key === key)?.value;
    expect(attribute('gen_ai.usage.output_tokens')).toEqual({ intValue: '30' });
    expect(attribute('promptgate.output.escalate')).toEqual({ boolValue: true });
    expect(attribute('promptgate.output.confidence')).toEqual({ doubleValue: 0.93 });
    expect(attribute('gen_ai.response.finish_reasons')).toEqual({ arrayValue: { values: [{ stringValue: 'stop' }] } });

    // The same call through the real SDK, serialized by its own OTLP JSON serializer: the same shape.
    const { exporter, provider } = sdk();
    const traced = await createPromptEngine({
      bundle,
      env: runtimeEnv(emulator),
      telemetry: { tracer: provider.getTracer('promptgate', '0.1.0') },
    });
    await traced.execute('support', CALL);
    await provider.forceFlush();
    const official = JSON.parse(
      new TextDecoder().decode(JsonTraceSerializer.serializeRequest(exporter.getFinishedSpans() as ReadableSpan[])),
    );
    expect(shape(request)).toEqual(shape(official));
    const officialSpan = official.resourceSpans[0].scopeSpans[0].spans[0];
    const normalize = (list: Array<{ key: string; value: Record<string, unknown> }>) =>
      Object.fromEntries(list.map(({ key, value }) => [key, 'intValue' in value ? { intValue: String(value.intValue) } : value]));
    expect(normalize(span.attributes)).toEqual({
      ...normalize(officialSpan.attributes),
      'gen_ai.usage.input_tokens': normalize(span.attributes)['gen_ai.usage.input_tokens'],
    });
    expect(span.kind).toBe(officialSpan.kind);
    expect(span.flags).toBe(officialSpan.flags);
  });
});

/** The keys at every level, and each attribute value's kind: what a reader of the format depends on. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shape(value[0])] : [];
  if (typeof value !== 'object' || value === null) return typeof value;
  const record = value as Record<string, unknown>;
  if ('key' in record && 'value' in record) return 'attribute';
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, key === 'status' || key === 'scope' ? 'object' : shape(record[key])]),
  );
}
