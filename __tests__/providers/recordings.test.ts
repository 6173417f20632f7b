import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenAIProvider } from '../../src/providers/openai.js';
import { createAnthropicProvider } from '../../src/providers/anthropic.js';
import { createHash } from 'node:crypto';
import { RECORDINGS_FORMAT, RecordingStore } from '../../src/providers/recordings.js';
import { canonicalJson, requestKey } from '../../src/providers/request-key.js';
import { createAnswerSource, type Providers, type ResponseMode } from '../../src/providers/answer-source.js';
import { ProviderError, type ModelRequest } from '../../src/providers/types.js';
import type { AnswerCache } from '../../src/providers/answer-cache.js';
import type { RecordedResponse } from '../../src/providers/recordings-file.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { writeRepoFile } from '../../src/load/files/file-source.js';

const OPENAI_KEY = 'sk-test-recordings-SECRET-9876';
const ANTHROPIC_KEY = 'sk-ant-recordings-SECRET-5432';
const FOLDER = 'prompts/support/v1';
const FILE = `${FOLDER}/recordings.json`;

let emulator: RunningEmulator;
let providers: Providers;

beforeAll(async () => {
  emulator = await startProviderEmulator();
  providers = {
    openai: createOpenAIProvider({ apiKey: OPENAI_KEY, baseURL: emulator.openaiBaseURL }),
    anthropic: createAnthropicProvider({ apiKey: ANTHROPIC_KEY, baseURL: emulator.anthropicBaseURL }),
  };
});

afterAll(async () => {
  await emulator.close();
});

let calls = 0;
beforeEach(() => {
  emulator.reset();
  emulator.setFaults([]);
  calls = 0;
  // Latency differs on every call, as it does live: re-recording must not churn on it.
  emulator.setLatency(() => (calls++ % 3) * 7);
  emulator.setAnswer((request) => `answer to ${request.lastUserMessage}`);
});

/** An in-memory repository: what a run reads and writes, and how often it read. */
function memoryFiles(initial: Record<string, string> = {}) {
  const files = new Map(Object.entries(initial));
  const reads: string[] = [];
  const writes: string[] = [];
  return {
    files,
    reads,
    writes,
    readFile: async (path: string) => {
      reads.push(path);
      const content = files.get(path);
      return content === undefined ? undefined : Buffer.from(content);
    },
    writeFile: async (path: string, pieces: Iterable<string>) => {
      writes.push(path);
      files.set(path, [...pieces].join(''));
    },
  };
}

function request(input: string, extra: Partial<ModelRequest> = {}): ModelRequest {
  return {
    provider: 'openai',
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'Classify the request.' },
      { role: 'user', content: input },
    ],
    ...extra,
  };
}

function responder(mode: ResponseMode, fs: ReturnType<typeof memoryFiles>, withProviders: Providers = providers) {
  return createAnswerSource({
    mode,
    providers: withProviders,
    readFile: fs.readFile,
    writeFile: fs.writeFile,
    secrets: [OPENAI_KEY, ANTHROPIC_KEY],
    retry: { baseDelayMs: 1, sleep: async () => undefined },
  });
}

async function runTests(mode: ResponseMode, fs: ReturnType<typeof memoryFiles>, inputs: string[], repeat = 1) {
  const answers = responder(mode, fs);
  const results = await Promise.all(
    inputs.flatMap((input) =>
      Array.from({ length: repeat }, (_, repeatIndex) =>
        answers.respond(request(input), { folderPath: FOLDER, testName: `test: ${input}`, repeatIndex }),
      ),
    ),
  );
  return { results, written: await answers.save() };
}

describe('requestKey', () => {
  it('is a 20-hex-digit hash that ignores key order and undefined fields', () => {
    const key = requestKey(request('hello'));
    expect(key).toMatch(/^[0-9a-f]{20}$/);
    const reordered = { messages: request('hello').messages, model: 'gpt-4o-mini', provider: 'openai' as const, temperature: undefined };
    expect(requestKey(reordered)).toBe(key);
  });

  it('hashes exactly the canonical JSON of what the provider is asked', () => {
    const full = request('hello "quoted"\n', {
      temperature: 0.2,
      maxTokens: 300,
      jsonSchema: { type: 'object', properties: { b: {}, a: {} } },
    });
    const identity = {
      provider: full.provider,
      model: full.model,
      temperature: full.temperature,
      maxTokens: full.maxTokens,
      jsonSchema: full.jsonSchema,
      messages: full.messages,
    };
    expect(requestKey(full)).toBe(createHash('sha256').update(canonicalJson(identity)).digest('hex').slice(0, 20));
  });

  it('changes with anything the provider is asked', () => {
    const key = requestKey(request('hello'));
    expect(requestKey(request('hello!'))).not.toBe(key);
    expect(requestKey(request('hello', { temperature: 0 }))).not.toBe(key);
    expect(requestKey(request('hello', { maxTokens: 10 }))).not.toBe(key);
    expect(requestKey(request('hello', { model: 'gpt-4o' }))).not.toBe(key);
    expect(requestKey(request('hello', { provider: 'anthropic' }))).not.toBe(key);
    expect(requestKey(request('hello', { jsonSchema: { type: 'object' } }))).not.toBe(key);
    expect(requestKey(request('hello', { jsonSchema: { type: 'object', required: ['a'] } }))).not.toBe(
      requestKey(request('hello', { jsonSchema: { type: 'object' } })),
    );
    const tool = { name: 'lookup_order', parameters: { type: 'object' } };
    expect(requestKey(request('hello', { tools: [tool] }))).not.toBe(key);
    expect(requestKey(request('hello', { tools: [tool] }))).not.toBe(requestKey(request('hello', { tools: [{ ...tool, name: 'other' }] })));
    // Prior turns of a conversation are part of what is asked.
    const withTurns = request('hello');
    withTurns.messages.splice(1, 0, { role: 'user', content: 'earlier' }, { role: 'assistant', content: 'reply' });
    expect(requestKey(withTurns)).not.toBe(key);
  });

  it('hashes the canonical JSON of every shape, whichever system prompts came before (their escaping is reused)', () => {
    const canonicalKey = (asked: ModelRequest) => {
      const { provider, model, temperature, maxTokens, jsonSchema, messages, tools } = asked;
      const identity = { provider, model, temperature, maxTokens, jsonSchema, messages, ...(tools?.length ? { tools } : {}) };
      return createHash('sha256').update(canonicalJson(identity)).digest('hex').slice(0, 20);
    };
    const longPrompt = `Classify "the" request.\n${'Rules: {json} \\ \u2028 é. '.repeat(40)}`;
    const withSystem = (system: string, input: string): ModelRequest => ({
      ...request(input, { temperature: 0, jsonSchema: { type: 'object' } }),
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: input },
      ],
    });
    const shapes: ModelRequest[] = [
      withSystem(longPrompt, 'a'),
      withSystem(`${longPrompt}!`, 'a'),
      withSystem(longPrompt, 'b'),
      // The same prompt text as another string: still the same escaping.
      withSystem([...longPrompt].join(''), 'b'),
      { ...withSystem('short', 'c'), maxTokens: 5, tools: [{ name: 'lookup', parameters: { type: 'object' } }] },
      { provider: 'anthropic', model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'no system prompt' }] },
      {
        ...request('hello'),
        messages: [
          { role: 'system', content: longPrompt },
          { role: 'user', content: 'x' },
          { role: 'system', content: 'second' },
        ],
      },
      // More prompts than are remembered, and one too big to remember (2.5 M characters).
      ...Array.from({ length: 20 }, (_, index) => withSystem(`${longPrompt} variant ${index}`, 'd')),
      withSystem(`"${'x'.repeat(2_500_000)}"`, 'e'),
    ];
    // Twice, interleaved: a remembered escaping never answers for another prompt.
    for (const asked of [...shapes, ...shapes.reverse()]) expect(requestKey(asked)).toBe(canonicalKey(asked));
  });

  it('keeps the keys of requests without tools as they were (recordings made before tools existed)', () => {
    const plain = request('hello');
    const identity = { provider: plain.provider, model: plain.model, messages: plain.messages };
    expect(requestKey(plain)).toBe(createHash('sha256').update(canonicalJson(identity)).digest('hex').slice(0, 20));
  });
});

describe('what an answer was, kept in the recording', () => {
  it('replays the stop reason, the served model and the tool calls it recorded', async () => {
    emulator.setAnswer(() => ({
      text: '',
      model: 'gpt-4o-mini-2024-07-18',
      toolCalls: [{ name: 'lookup_order', arguments: { order_id: '48213' } }],
    }));
    const fs = memoryFiles();
    const recorded = await runTests('record', fs, ['Where is order 48213?']);
    const entry = Object.values(JSON.parse(fs.files.get(FILE)!).recordings)[0] as { responses: Array<Record<string, unknown>> };
    expect(entry.responses[0]).toMatchObject({
      finishReason: 'tool_calls',
      model: 'gpt-4o-mini-2024-07-18',
      toolCalls: [{ name: 'lookup_order', arguments: { order_id: '48213' } }],
    });
    emulator.reset();
    const { results } = await runTests('replay', fs, ['Where is order 48213?']);
    expect(emulator.requestCount()).toBe(0);
    const { latencyMs: _live, source: _liveSource, ...liveAnswer } = recorded.results[0]!;
    const { latencyMs: _replayed, source: _replaySource, ...replayedAnswer } = results[0]!;
    expect(replayedAnswer).toEqual(liveAnswer);
  });

  it("reads the stop words of older recordings in today's vocabulary", async () => {
    const old = {
      text: 'x',
      model: 'claude-haiku-4-5',
      usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0 },
      latencyMs: 5,
    };
    const file = {
      format: RECORDINGS_FORMAT,
      recordings: {
        [requestKey(request('q'))]: {
          test: 't',
          provider: 'openai',
          model: 'gpt-4o-mini',
          input: 'q',
          responses: [{ ...old, finishReason: 'max_tokens' }],
        },
      },
    };
    const fs = memoryFiles({ [FILE]: JSON.stringify(file) });
    const { results } = await runTests('replay', fs, ['q']);
    expect(results[0]?.finishReason).toBe('length');
  });
});

describe('record mode', () => {
  it('writes a sorted, pretty, secret-free file with one entry per request', async () => {
    // The answer echoes the Authorization header: the key reaches the text and must not reach the file.
    emulator.setAnswer((req) => `seen ${String(req.headers.authorization)} for ${req.lastUserMessage}`);
    const fs = memoryFiles();
    const { results, written } = await runTests('record', fs, ['reset my password', 'cancel my plan']);
    expect(results.every((result) => result.source === 'live')).toBe(true);
    expect(written).toEqual([FILE]);
    const content = fs.files.get(FILE)!;
    expect(content).not.toContain(OPENAI_KEY);
    expect(content).toContain('seen Bearer [REDACTED] for reset my password');
    expect(content.endsWith('}\n')).toBe(true);
    expect(content).toContain('\n  "format": "promptgate-recordings/1",\n');
    expect(content).not.toMatch(/date|header|authorization/i);

    const parsed = JSON.parse(content) as { format: string; recordings: Record<string, Record<string, unknown>> };
    expect(parsed.format).toBe(RECORDINGS_FORMAT);
    const entry = parsed.recordings[requestKey(request('reset my password'))];
    expect(entry).toMatchObject({ test: 'test: reset my password', provider: 'openai', model: 'gpt-4o-mini', input: 'reset my password' });
    expect(Object.keys(entry!)).toEqual(['input', 'model', 'provider', 'responses', 'test']);
    const responses = entry!.responses as Array<Record<string, unknown>>;
    expect(responses).toHaveLength(1);
    expect(Object.keys(responses[0]!)).toEqual(['finishReason', 'latencyMs', 'model', 'text', 'usage']);
    expect(Object.keys(parsed.recordings)).toEqual([...Object.keys(parsed.recordings)].sort());
  });

  it('never writes a key, whatever string it hides in', async () => {
    const fs = memoryFiles();
    const answers = responder('record', fs);
    await answers.respond(request(`my key is ${ANTHROPIC_KEY}`), { folderPath: FOLDER, testName: `leak ${OPENAI_KEY}`, repeatIndex: 0 });
    await answers.save();
    const content = fs.files.get(FILE)!;
    expect(content).not.toContain(OPENAI_KEY);
    expect(content).not.toContain(ANTHROPIC_KEY);
    expect(content.match(/\[REDACTED\]/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('re-recording unchanged answers changes no byte, latency included', async () => {
    const fs = memoryFiles();
    await runTests('record', fs, ['a', 'b', 'c'], 2);
    const first = fs.files.get(FILE)!;
    const { written } = await runTests('record', fs, ['a', 'b', 'c'], 2);
    expect(written).toEqual([]);
    expect(fs.files.get(FILE)).toBe(first);
    expect(fs.writes).toEqual([FILE]);
    expect(emulator.requestCount()).toBe(12); // both runs really called the provider
  });

  it('re-recording a changed answer rewrites only that entry', async () => {
    const fs = memoryFiles();
    await runTests('record', fs, ['a', 'b']);
    const before = JSON.parse(fs.files.get(FILE)!) as { recordings: Record<string, unknown> };
    emulator.setAnswer((req) => (req.lastUserMessage === 'b' ? 'a better answer' : `answer to ${req.lastUserMessage}`));
    const { written } = await runTests('record', fs, ['a', 'b']);
    expect(written).toEqual([FILE]);
    const after = JSON.parse(fs.files.get(FILE)!) as { recordings: Record<string, { responses: Array<{ text: string }> }> };
    expect(after.recordings[requestKey(request('a'))]).toEqual(before.recordings[requestKey(request('a'))]);
    expect(after.recordings[requestKey(request('b'))]?.responses[0]?.text).toBe('a better answer');
  });

  it('prunes recordings the run no longer asks for', async () => {
    const fs = memoryFiles();
    await runTests('record', fs, ['kept', 'removed test']);
    await runTests('record', fs, ['kept']);
    const keys = Object.keys((JSON.parse(fs.files.get(FILE)!) as { recordings: object }).recordings);
    expect(keys).toEqual([requestKey(request('kept'))]);
  });

  it('keeps the old recording of a request whose live call failed', async () => {
    const fs = memoryFiles();
    await runTests('record', fs, ['flaky']);
    const before = fs.files.get(FILE);
    emulator.setFaults([{ type: 'auth' }]);
    await expect(runTests('record', fs, ['flaky'])).rejects.toMatchObject({ kind: 'auth' });
    // The failed run saved nothing (runTests threw before save); a run that saves keeps it too:
    const answers = responder('record', fs);
    emulator.setFaults([{ type: 'bad-request' }]);
    await expect(answers.respond(request('flaky'), { folderPath: FOLDER, testName: 'flaky', repeatIndex: 0 })).rejects.toBeInstanceOf(
      ProviderError,
    );
    expect(await answers.save()).toEqual([]);
    expect(fs.files.get(FILE)).toBe(before);
  });

  it('needs a key', async () => {
    const fs = memoryFiles();
    const answers = responder('record', fs, {});
    await expect(answers.respond(request('x'), { folderPath: FOLDER, testName: 'x', repeatIndex: 0 })).rejects.toMatchObject({
      kind: 'no-credentials',
      message: expect.stringContaining('OPENAI_API_KEY'),
    });
  });
});

describe('auto mode', () => {
  /** An answer cache in memory, shared as a run shares one between its head and its base. */
  function memoryCache(): AnswerCache {
    const entries = new Map<string, RecordedResponse>();
    return {
      get: async (digest, run) => entries.get(`${digest}-${run}`),
      put: async (digest, run, response) => void entries.set(`${digest}-${run}`, response),
    };
  }
  const sides = (cache: AnswerCache | undefined) =>
    [FOLDER, 'prompts/support/v0'].map((folderPath) => {
      const answers = createAnswerSource({ mode: 'auto', providers, ...memoryFiles(), secrets: [], ...(cache ? { cache } : {}) });
      return (repeatIndex = 0) => answers.respond(request('same words'), { folderPath, testName: folderPath, repeatIndex });
    });

  it('calls once when the head and the base ask the same thing at once, and serves the second as the cache would', async () => {
    const [head, base] = sides(memoryCache());
    const answers = await Promise.all([head!(), base!()]);
    expect(emulator.requests).toHaveLength(1);
    expect(answers.map((answer) => answer.source).sort()).toEqual(['cache', 'live']);
    expect(answers[1]!.text).toBe(answers[0]!.text);
    // Another run of the test is another answer.
    await head!(1);
    expect(emulator.requests).toHaveLength(2);
  });

  it('finds in the cache an answer whose call ended while it was looking there', async () => {
    const entries = new Map<string, RecordedResponse>();
    let holding: () => void = () => undefined;
    let release: () => void = () => undefined;
    const looking = new Promise<void>((resolve) => (holding = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    let slowReads = 1;
    // The first read sees the cache as it was when it started, and is held until the other call has ended.
    const cache: AnswerCache = {
      get: async (digest, run) => {
        const seen = entries.get(`${digest}-${run}`);
        if (slowReads-- > 0) {
          holding();
          await gate;
        }
        return seen;
      },
      put: async (digest, run, response) => void entries.set(`${digest}-${run}`, response),
    };
    const [head, base] = sides(cache);
    const late = base!();
    await looking;
    await head!();
    release();
    expect(await late).toMatchObject({ source: 'cache' });
    expect(emulator.requests).toHaveLength(1);
  });

  it('calls for each without a cache (--no-cache)', async () => {
    const [head, base] = sides(undefined);
    await Promise.all([head!(), base!()]);
    expect(emulator.requests).toHaveLength(2);
  });

  it('makes its own call when the call it waited on failed', async () => {
    emulator.setFaults([{ type: 'bad-request', times: 1 }]);
    const [head, base] = sides(memoryCache());
    const [first, second] = await Promise.allSettled([head!(), base!()]);
    expect(first.status).toBe('rejected');
    expect(second).toMatchObject({ status: 'fulfilled', value: { source: 'live' } });
    expect(emulator.requests).toHaveLength(2);
  });
});

describe('replay mode', () => {
  it('returns the recorded answer, tokens, latency and model without calling anyone', async () => {
    const fs = memoryFiles();
    emulator.setAnswer(() => ({
      text: 'recorded',
      model: 'gpt-4o-mini-2024-07-18',
      usage: { inputTokens: 77, cachedInputTokens: 5, outputTokens: 3 },
    }));
    const { results: live } = await runTests('record', fs, ['question']);
    emulator.reset();
    const { results, written } = await runTests('replay', fs, ['question']);
    expect(written).toEqual([]);
    expect(emulator.requestCount()).toBe(0);
    expect(results[0]).toEqual({ ...live[0], source: 'replay' });
    expect(results[0]).toMatchObject({
      text: 'recorded',
      model: 'gpt-4o-mini-2024-07-18',
      usage: { inputTokens: 77, cachedInputTokens: 5, outputTokens: 3, cacheWriteTokens: 0 },
    });
  });

  it("serves repeat n from responses[n], and never an earlier run's answer again", async () => {
    const fs = memoryFiles();
    let n = 0;
    emulator.setAnswer(() => `take ${n++}`);
    const answers = responder('record', fs);
    for (const repeatIndex of [0, 1]) {
      await answers.respond(request('q'), { folderPath: FOLDER, testName: 'q', repeatIndex });
    }
    await answers.save();
    const replay = responder('replay', fs);
    const texts = [];
    for (const repeatIndex of [0, 1]) {
      texts.push((await replay.respond(request('q'), { folderPath: FOLDER, testName: 'q', repeatIndex })).text);
    }
    expect(texts).toEqual(['take 0', 'take 1']);
    const third = (await replay
      .respond(request('q'), { folderPath: FOLDER, testName: 'q', repeatIndex: 2 })
      .catch((e: unknown) => e)) as ProviderError;
    expect(third).toMatchObject({ kind: 'missing-recording' });
    expect(third.message).toContain('holds 2 recorded runs of this request, not run 3');
    expect(replay.calls().prompt).toMatchObject({ live: 0, replayed: 2, missing: 1 });
  });

  it('says how to record a missing response', async () => {
    const fs = memoryFiles();
    const answers = responder('replay', fs);
    const error = (await answers
      .respond(request('never recorded'), { folderPath: FOLDER, testName: 't', repeatIndex: 0 })
      .catch((e: unknown) => e)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.kind).toBe('missing-recording');
    expect(error.message).toContain(`promptgate test ${FOLDER} --responses record`);
    expect(error.message).toContain(FILE);
    expect(emulator.requestCount()).toBe(0);
  });

  it('uses the command hint it is given', async () => {
    const answers = createAnswerSource({
      mode: 'replay',
      providers,
      ...memoryFiles(),
      secrets: [],
      commandHint: (folder) => `npx promptgate test ${folder} --responses record`,
    });
    await expect(answers.respond(request('x'), { folderPath: FOLDER, testName: 't', repeatIndex: 0 })).rejects.toThrow(
      `npx promptgate test ${FOLDER} --responses record`,
    );
  });

  it('loads each folder once, however many tests run at once', async () => {
    const fs = memoryFiles();
    await runTests('record', fs, ['a', 'b', 'c']);
    fs.reads.length = 0;
    const inputs = Array.from({ length: 20 }, (_, index) => ['a', 'b', 'c'][index % 3]!);
    const { results } = await runTests('replay', fs, inputs);
    expect(results).toHaveLength(20);
    expect(fs.reads).toEqual([FILE]);
  });

  it('names the file and line of a corrupt recording', async () => {
    const fs = memoryFiles({ [FILE]: '{\n  "format": "promptgate-recordings/1",\n  "recordings": {,}\n}\n' });
    const error = (await responder('replay', fs)
      .respond(request('x'), { folderPath: FOLDER, testName: 't', repeatIndex: 0 })
      .catch((e: unknown) => e)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toMatch(new RegExp(`^${FILE}:3: not valid JSON`));
  });

  it.each(['replay', 'auto', 'record'] as const)('names the fix for a corrupt recordings.json in %s mode', async (mode) => {
    const fs = memoryFiles({ [FILE]: '{\n  "format": "promptgate-recordings/1",\n  "recordings": {,}\n}\n' });
    const error = (await responder(mode, fs)
      .respond(request('x'), { folderPath: FOLDER, testName: 't', repeatIndex: 0 })
      .catch((e: unknown) => e)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toContain(`${FILE}:3: not valid JSON`);
    expect(error.message).toContain(`delete it and record again: promptgate test ${FOLDER} --responses record`);
    // Nothing was called live and the broken file is left for the user to look at.
    expect(emulator.requestCount()).toBe(0);
    expect(await responder(mode, fs).save()).toEqual([]);
  });

  it('rejects a file of another format', async () => {
    const fs = memoryFiles({ [FILE]: JSON.stringify({ format: 'something-else', recordings: {} }) });
    await expect(RecordingStore.load(FOLDER, fs.readFile)).rejects.toThrow(`${FILE}: format: unsupported format "something-else"`);
  });

  it('names the entry and the answer that are not a recording', async () => {
    const good = {
      text: 'ok',
      model: 'm',
      latencyMs: 1,
      usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0 },
    };
    const file = (recordings: unknown) => memoryFiles({ [FILE]: JSON.stringify({ format: RECORDINGS_FORMAT, recordings }) });
    const loading = (recordings: unknown) => RecordingStore.load(FOLDER, file(recordings).readFile);
    await expect(loading({ a: { responses: [good] }, b: { responses: 'no' } })).rejects.toThrow(
      `${FILE}: recordings.b: expected an entry with "responses"`,
    );
    const shape = 'expected { text, model, usage: { inputTokens, outputTokens, cachedInputTokens, cacheWriteTokens }, latencyMs }';
    for (const broken of [
      { ...good, text: 1 },
      { ...good, latencyMs: '1' },
      { ...good, usage: { ...good.usage, cacheWriteTokens: null } },
      { ...good, usage: [] },
      null,
    ]) {
      await expect(loading({ a: { responses: [good] }, b: { responses: [good, broken] } })).rejects.toThrow(
        `${FILE}: recordings.b.responses[1]: ${shape}`,
      );
    }
    expect((await loading({ a: { responses: [good] }, b: { responses: [good, good] } })).size).toBe(2);
  });

  it('reads recordings through the reader it is given (e.g. from git objects)', async () => {
    const fs = memoryFiles();
    await runTests('record', fs, ['q']);
    const content = fs.files.get(FILE)!;
    const fromGit = createAnswerSource({
      mode: 'replay',
      providers: {},
      readFile: async (path) => (path === FILE ? Buffer.from(content) : undefined),
      writeFile: async () => {
        throw new Error('replay must not write');
      },
      secrets: [],
    });
    const answer = await fromGit.respond(request('q'), { folderPath: FOLDER, testName: 'q', repeatIndex: 0 });
    expect(answer.text).toBe('answer to q');
    expect(await fromGit.save()).toEqual([]);
  });
});

describe('auto mode', () => {
  it('replays what exists, calls live for the rest, and prunes nothing', async () => {
    const fs = memoryFiles();
    await runTests('record', fs, ['old one', 'old two']);
    emulator.reset();
    const { results, written } = await runTests('auto', fs, ['old one', 'new one']);
    expect(results.map((result) => result.source)).toEqual(['replay', 'live']);
    expect(emulator.requestCount()).toBe(1);
    expect(written).toEqual([FILE]);
    const keys = Object.keys((JSON.parse(fs.files.get(FILE)!) as { recordings: object }).recordings);
    expect(keys.sort()).toEqual([request('old one'), request('old two'), request('new one')].map(requestKey).sort());
  });

  it('writes nothing when every answer was replayed, not even the same entries laid out anew', async () => {
    const fs = memoryFiles();
    await runTests('record', fs, ['old one']);
    // The same recordings as a person might leave them: valid, but not in the canonical layout.
    const compact = JSON.stringify(JSON.parse(fs.files.get(FILE)!));
    fs.files.set(FILE, compact);
    fs.writes.length = 0;
    emulator.reset();
    const { results, written } = await runTests('auto', fs, ['old one']);
    expect(results.map((result) => result.source)).toEqual(['replay']);
    expect(emulator.requestCount()).toBe(0);
    expect(written).toEqual([]);
    expect(fs.writes).toEqual([]);
    expect(fs.files.get(FILE)).toBe(compact);
  });

  it('without a recording and without a key, says both', async () => {
    const fs = memoryFiles();
    const answers = responder('auto', fs, {});
    const error = (await answers
      .respond(request('x'), { folderPath: FOLDER, testName: 't', repeatIndex: 0 })
      .catch((e: unknown) => e)) as ProviderError;
    expect(error.kind).toBe('no-credentials');
    expect(error.message).toContain('no recorded response');
    expect(error.message).toContain('OPENAI_API_KEY is not set');
    expect(error.message).toContain(`promptgate test ${FOLDER} --responses record`);
    expect(await answers.save()).toEqual([]);
  });

  it('names the Anthropic variable for Anthropic requests', async () => {
    const answers = responder('auto', memoryFiles(), {});
    await expect(
      answers.respond(request('x', { provider: 'anthropic', model: 'claude-haiku-4-5' }), {
        folderPath: FOLDER,
        testName: 't',
        repeatIndex: 0,
      }),
    ).rejects.toThrow('ANTHROPIC_API_KEY');
  });
});

describe('live mode', () => {
  it('always calls, and writes nothing', async () => {
    const fs = memoryFiles();
    await runTests('record', fs, ['q']);
    fs.writes.length = 0;
    emulator.reset();
    const { results, written } = await runTests('live', fs, ['q']);
    expect(results[0]?.source).toBe('live');
    expect(emulator.requestCount()).toBe(1);
    expect(written).toEqual([]);
    expect(fs.writes).toEqual([]);
  });

  it('retries through withRetries', async () => {
    emulator.setFaults([{ type: 'server' }, { type: 'rate-limit', retryAfterMs: 5 }]);
    const { results } = await runTests('live', memoryFiles(), ['q']);
    expect(results[0]?.text).toBe('answer to q');
    expect(emulator.requestCount()).toBe(3);
  });

  it('names the variable when the key is missing', async () => {
    const answers = responder('live', memoryFiles(), {});
    await expect(answers.respond(request('q'), { folderPath: FOLDER, testName: 't', repeatIndex: 0 })).rejects.toMatchObject({
      kind: 'no-credentials',
      message: expect.stringContaining('OPENAI_API_KEY is not set'),
    });
  });
});

describe('on a real disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'promptgate-recordings-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips through the file system byte for byte', async () => {
    const disk = {
      readFile: async (path: string) => readFile(join(dir, path)).catch(() => undefined),
      // The engine's writer: repository-safe, atomic, streamed from the pieces.
      writeFile: (path: string, pieces: Iterable<string>) => writeRepoFile(dir, path, pieces),
    };
    const record = createAnswerSource({ mode: 'record', providers, ...disk, secrets: [OPENAI_KEY] });
    await record.respond(request('disk'), { folderPath: FOLDER, testName: 'disk', repeatIndex: 0 });
    expect(await record.save()).toEqual([FILE]);
    const bytes = await readFile(join(dir, FILE));
    const again = createAnswerSource({ mode: 'record', providers, ...disk, secrets: [OPENAI_KEY] });
    await again.respond(request('disk'), { folderPath: FOLDER, testName: 'disk', repeatIndex: 0 });
    expect(await again.save()).toEqual([]);
    expect((await readFile(join(dir, FILE))).equals(bytes)).toBe(true);
  });

  it('streams the canonical form: sorted keys, two-space indent, secrets blanked, whatever the number of entries', async () => {
    const disk = {
      readFile: async (path: string) => readFile(join(dir, path)).catch(() => undefined),
      writeFile: (path: string, pieces: Iterable<string>) => writeRepoFile(dir, path, pieces),
    };
    const folder = 'prompts/many/v1';
    const record = createAnswerSource({ mode: 'record', providers, ...disk, secrets: [OPENAI_KEY] });
    // Inputs that quote the key and hold newlines, quotes and non-ASCII text.
    for (const name of ['zeta', 'alpha', `key ${OPENAI_KEY} "quoted"\nnext line`, 'ünïcode ✓']) {
      await record.respond(request(name), { folderPath: folder, testName: name, repeatIndex: 0 });
    }
    expect(await record.save()).toEqual([`${folder}/recordings.json`]);
    const text = await readFile(join(dir, folder, 'recordings.json'), 'utf8');
    expect(text).not.toContain(OPENAI_KEY);
    // What the file was before it was streamed: canonicalJson of the whole, and a newline.
    expect(text).toBe(`${canonicalJson(JSON.parse(text), 2)}\n`);
    expect(Object.keys((JSON.parse(text) as { recordings: object }).recordings)).toHaveLength(4);
  });
});
