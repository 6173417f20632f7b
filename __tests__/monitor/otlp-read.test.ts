import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXECUTION_ATTRIBUTES } from '../../src/monitor/execution.js';
import { readSpans, type AttributeFilter, type AttributeValue, type OtlpSpan } from '../../src/monitor/otlp-read.js';
import { wants } from '../../src/monitor/otlp-span.js';
import { flakyModel, serveTraffic } from '../support/monitor-traffic.js';
import { seeded, spanWriter } from '../support/otel-spans.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { createRuntimeRepo, supportVersion, type RuntimeRepo } from '../support/runtime-repo.js';

// monitor reads a line with the byte scanner (src/monitor/otlp-scan.ts), which decodes only the
// attributes it keeps; anything it does not read as standard JSON goes to JSON.parse. Held here
// to what the reader read before it, line by line with JSON.parse (`reference` below), on the
// runtime's own lines, the OpenTelemetry SDK's, a collector's whole-file export, malformed
// lines, odd but valid lines, and thousands of random corruptions of a real line.
jest.setTimeout(120_000);

/** The reader as it was: lines of the UTF-8 text, JSON.parse, every span, attributes as kept. */
async function reference(path: string, filter?: AttributeFilter): Promise<{ spans: OtlpSpan[]; warnings: string[] }> {
  const spans: OtlpSpan[] = [];
  const warnings: string[] = [];
  const lines = (await readFile(path, 'utf8')).split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      warnings.push(`${path}:${index + 1}: not a JSON line (cut off while being written?); skipped`);
      return;
    }
    // One change from before: a line may be a list of requests, as a whole-file export may.
    for (const request of Array.isArray(value) ? value : [value]) requestSpans(request, filter, spans);
  });
  return { spans, warnings };
}

function requestSpans(request: unknown, filter: AttributeFilter | undefined, spans: OtlpSpan[]): void {
  const resourceSpans = (request as { resourceSpans?: unknown })?.resourceSpans;
  if (!Array.isArray(resourceSpans)) return;
  for (const resource of resourceSpans) {
    const scopes = (resource as { scopeSpans?: unknown })?.scopeSpans;
    if (!Array.isArray(scopes)) continue;
    for (const scope of scopes) {
      const raw = (scope as { spans?: unknown })?.spans;
      if (!Array.isArray(raw)) continue;
      for (const span of raw) {
        const parsed = referenceSpan(span, filter);
        if (parsed) spans.push(parsed);
      }
    }
  }
}

function referenceSpan(raw: unknown, filter: AttributeFilter | undefined): OtlpSpan | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const span = raw as Record<string, unknown>;
  const ms = (value: unknown) =>
    typeof value === 'number'
      ? Number.isFinite(value)
        ? value / 1e6
        : undefined
      : typeof value === 'string' && /^\d{1,20}$/.test(value)
        ? value.length <= 6
          ? Number(value) / 1e6
          : Number(value.slice(0, -6)) + Number(value.slice(-6)) / 1e6
        : undefined;
  const startMs = ms(span.startTimeUnixNano);
  const endMs = ms(span.endTimeUnixNano);
  if (startMs === undefined || endMs === undefined) return undefined;
  const attributes: Record<string, AttributeValue> = {};
  if (Array.isArray(span.attributes)) {
    for (const entry of span.attributes as Array<{ key?: unknown; value?: unknown }>) {
      if (typeof entry?.key === 'string' && (!filter || wants(filter, entry.key))) attributes[entry.key] = referenceValue(entry.value);
    }
  }
  const status = span.status as { code?: unknown } | undefined;
  return {
    traceId: typeof span.traceId === 'string' ? span.traceId : '',
    spanId: typeof span.spanId === 'string' ? span.spanId : '',
    name: typeof span.name === 'string' ? span.name : '',
    startMs,
    endMs,
    statusError: status?.code === 2 || status?.code === 'STATUS_CODE_ERROR',
    attributes,
  };
}

function referenceValue(value: unknown): AttributeValue {
  if (typeof value !== 'object' || value === null) return null;
  const any = value as Record<string, unknown>;
  if ('stringValue' in any) return typeof any.stringValue === 'string' ? any.stringValue : null;
  if ('boolValue' in any) return any.boolValue === true;
  if ('intValue' in any) return Number(any.intValue);
  if ('doubleValue' in any) return Number(any.doubleValue);
  if ('arrayValue' in any) {
    const values = (any.arrayValue as { values?: unknown } | undefined)?.values;
    return Array.isArray(values) ? values.map(referenceValue) : [];
  }
  return null;
}

async function read(path: string, filter?: AttributeFilter) {
  const spans: OtlpSpan[] = [];
  const warnings: string[] = [];
  const stats = await readSpans(
    [path],
    (span) => spans.push(span),
    (warning) => warnings.push(warning),
    filter,
  );
  return { spans, warnings, stats };
}

/** Both readers (all attributes, and monitor's) give what the reference gives; returns monitor's read. */
async function expectAsReference(path: string) {
  const monitor = await read(path, EXECUTION_ATTRIBUTES);
  expect({ spans: monitor.spans, warnings: monitor.warnings }).toEqual(await reference(path, EXECUTION_ATTRIBUTES));
  const all = await read(path);
  expect({ spans: all.spans, warnings: all.warnings }).toEqual(await reference(path));
  return monitor;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'promptgate-otlp-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the span reader, against the reader it replaced', () => {
  let emulator: RunningEmulator;
  let repo: RuntimeRepo;
  let runtimeLines: string;
  beforeAll(async () => {
    emulator = await startProviderEmulator({ answer: flakyModel('You are', 7) });
    repo = await createRuntimeRepo(emulator);
    await repo.release(supportVersion('prompts/support/v1.0'));
    runtimeLines = join(dir, 'runtime.jsonl');
    // Some answers fail the schema; half the calls record the conversation (escaped JSON text in strings).
    await serveTraffic(repo, emulator, { file: runtimeLines, calls: 60 });
    await serveTraffic(repo, emulator, {
      file: runtimeLines,
      calls: 40,
      record: { content: true },
      input: (call) => `Order #${call}: "ünïcödé" \\ tab\there, emoji 🎉, a line\nbreak`,
    });
  });
  afterAll(async () => {
    await repo?.cleanup();
    await emulator?.close();
  });

  it("reads the runtime's own lines as the reference does, without leaving one to JSON.parse", async () => {
    const monitor = await expectAsReference(runtimeLines);
    expect(monitor.spans).toHaveLength(100);
    expect(monitor.stats.parsed).toBe(0);
    expect(monitor.spans.filter((span) => span.statusError).length).toBeGreaterThan(0);
    expect(monitor.spans[0]!.attributes).toEqual(
      expect.objectContaining({ 'gen_ai.prompt.name': 'support', 'gen_ai.prompt.version': 'v1.0', 'promptgate.variant': 'production' }),
    );
    // Only what monitor reads is kept: no request model, no recorded conversation.
    expect(Object.keys(monitor.spans.at(-1)!.attributes).every((key) => wants(EXECUTION_ATTRIBUTES, key))).toBe(true);
    const all = await read(runtimeLines);
    expect(all.spans.at(-1)!.attributes['gen_ai.input.messages']).toContain('emoji 🎉');
  });

  it("reads the OpenTelemetry SDK's JSON (JsonTraceSerializer) as the reference does", async () => {
    const file = join(dir, 'sdk.jsonl');
    const writer = spanWriter(file);
    const random = seeded(7);
    for (let index = 0; index < 300; index += 1) {
      const variant = index % 5 === 0 ? 'canary' : 'production';
      writer.execute(random, {
        version: variant === 'canary' ? 'v1.1' : 'v1.0',
        commit: 'c'.repeat(40),
        variant,
        errorRate: 0.1,
        escalationRate: 0.2,
        medianLatencyMs: 700,
      });
      if (index % 64 === 63) writer.flush();
    }
    writer.flush();
    const monitor = await expectAsReference(file);
    expect(monitor.spans).toHaveLength(300);
    expect(monitor.stats).toEqual({ lines: 5, parsed: 0 });
  });

  it("reads a collector's whole-file export (one document, or a list of requests) as the same spans as its lines", async () => {
    const lines = (await readFile(runtimeLines, 'utf8')).trim().split('\n');
    const requests = lines.map((line) => JSON.parse(line) as unknown);
    const document = join(dir, 'export.json');
    const list = join(dir, 'export-list.json');
    await writeFile(document, JSON.stringify(requests[0], null, 2));
    await writeFile(list, JSON.stringify(requests, null, 2));
    const fromLines = await read(runtimeLines, EXECUTION_ATTRIBUTES);
    const whole = await read(list, EXECUTION_ATTRIBUTES);
    expect(whole.spans).toEqual(fromLines.spans);
    expect(whole.stats).toEqual({ lines: 1, parsed: 1 });
    const first = await read(document, EXECUTION_ATTRIBUTES);
    expect(first.spans.length).toBeGreaterThan(0);
    expect(first.spans).toEqual(fromLines.spans.slice(0, first.spans.length));
  });

  it('warns about each malformed line by file and line, as the reference does, and reads the rest', async () => {
    const [good] = (await readFile(runtimeLines, 'utf8')).split('\n');
    const file = join(dir, 'malformed.jsonl');
    const cut = good!.slice(0, Math.floor(good!.length / 2));
    const controlInString = good!.replace('"support"', '"sup\u0001port"');
    const badEscape = good!.replace('"support"', '"sup\\xport"');
    const trailingComma = good!.replace(/\]\}\]\}\]\}$/, ',]}]}]}');
    await writeFile(
      file,
      [good, cut, 'INFO app started', '', '   ', controlInString, badEscape, trailingComma, `${good}\r`, `${good} garbage`, good].join(
        '\n',
      ),
    );
    const monitor = await expectAsReference(file);
    expect(monitor.warnings).toEqual(
      [2, 3, 6, 7, 8, 10].map((line) => `${file}:${line}: not a JSON line (cut off while being written?); skipped`),
    );
    const spansOfGood = (JSON.parse(good!) as { resourceSpans: [{ scopeSpans: [{ spans: unknown[] }] }] }).resourceSpans[0].scopeSpans[0]
      .spans;
    expect(monitor.spans).toHaveLength(3 * spansOfGood.length);
  });

  it('reads lines across the 4 MB chunks it reads at a time, and a line longer than a chunk', async () => {
    const [good] = (await readFile(runtimeLines, 'utf8')).split('\n');
    const request = JSON.parse(good!) as { resourceSpans: [{ scopeSpans: [{ spans: unknown[] }] }] };
    const spans = request.resourceSpans[0].scopeSpans[0].spans;
    // One request of some 9 MB: more than two chunks.
    const huge = JSON.stringify({
      resourceSpans: [{ scopeSpans: [{ spans: Array.from({ length: 6000 }, (_, i) => spans[i % spans.length]) }] }],
    });
    expect(huge.length).toBeGreaterThan(2 * 4 * 1024 * 1024);
    const file = join(dir, 'chunks.jsonl');
    // Lines of every length across the chunk edges, then the huge one, and a last line without its newline.
    const lines = [
      ...Array.from({ length: 100 }, (_, i) => good!.padEnd(good!.length + ((i * 7919) % 5000), ' ')),
      huge,
      good!,
      `${good!.slice(0, 300)}`,
    ];
    await writeFile(file, lines.join('\n'));
    const monitor = await expectAsReference(file);
    expect(monitor.stats).toEqual({ lines: 103, parsed: 1 });
    expect(monitor.warnings).toEqual([`${file}:103: not a JSON line (cut off while being written?); skipped`]);
    expect(monitor.spans).toHaveLength(101 * spans.length + 6000);
    expect((await stat(file)).size).toBeGreaterThan(4 * 4 * 1024 * 1024);
  });

  it('reads JSON Lines whose first line is cut off (a warning), and refuses a broken document by name', async () => {
    const [good] = (await readFile(runtimeLines, 'utf8')).split('\n');
    const cutFirst = join(dir, 'cut-first.jsonl');
    await writeFile(cutFirst, `${good!.slice(0, 500)}\n${good}\n`);
    const monitor = await expectAsReference(cutFirst);
    expect(monitor.warnings).toEqual([`${cutFirst}:1: not a JSON line (cut off while being written?); skipped`]);
    expect(monitor.spans.length).toBeGreaterThan(0);

    const broken = join(dir, 'broken.json');
    await writeFile(broken, `${JSON.stringify(JSON.parse(good!), null, 2).slice(0, -40)}\n`);
    await expect(read(broken, EXECUTION_ATTRIBUTES)).rejects.toThrow(`${broken}: is neither OTLP JSON Lines nor one JSON document`);
  });

  it('reads odd but valid layouts as the reference does (JSON.parse decides the ones the scanner leaves)', async () => {
    const span = (attributes: string, extra = '') =>
      `{"traceId":"t","spanId":"s","name":"n","startTimeUnixNano":"1796550939282000000","endTimeUnixNano":1796550939283000000,${extra}"attributes":[${attributes}]}`;
    const line = (...spans: string[]) => `{"resourceSpans":[{"scopeSpans":[{"spans":[${spans.join(',')}]}]}]}`;
    const name = '{"key":"gen_ai.prompt.name","value":{"stringValue":"support"}}';
    const odd = [
      // spaces everywhere, members in another order, a value before its key
      `{ "resourceSpans" : [ { "scopeSpans" : [ { "spans" : [ { "attributes" : [ { "value" : { "stringValue" : "v2" } , "key" : "gen_ai.prompt.version" } ] , "endTimeUnixNano" : "2000000" , "startTimeUnixNano" : "1000000" , "status" : { "code" : "STATUS_CODE_ERROR" } } ] } ] } ] }`,
      // escapes in keys and values, UTF-8 of every width
      line(
        span(
          '{"key":"gen_ai.prompt.\\u006eame","value":{"stringValue":"s\\u00fcpp\\"ort\\\\"}},{"key":"promptgate.output.note","value":{"stringValue":"ñ € 𝄞 🎉"}}',
        ),
      ),
      // int64 as a number and as a string, doubles, booleans of every spelling, lists, nulls, a key without a value
      line(
        span(
          `${name},{"key":"promptgate.cost_usd","value":{"doubleValue":"1e-5"}},{"key":"promptgate.output.n","value":{"intValue":42}},` +
            `{"key":"promptgate.output.b","value":{"boolValue":"true"}},{"key":"promptgate.output.l","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"2"},{}]}}},` +
            `{"key":"promptgate.output.e","value":{"arrayValue":null}},{"key":"promptgate.schema_valid"},{"key":"promptgate.variant","value":null},{"key":7,"value":{"stringValue":"x"}}`,
          '"status":{"code":2,"message":"boom"},',
        ),
      ),
      // a key twice, a value of two kinds, a span twice over its fields
      line(span(`${name},{"key":"error.type","key":"promptgate.commit","value":{"stringValue":"abc"}}`)),
      line(span(`{"key":"error.type","value":{"intValue":"1","stringValue":"timeout"}}`)),
      line(span(name, '"attributes":[],')),
      // numbers as JSON.parse reads them, deep nesting in an attribute no one reads
      line(span(`${name},{"key":"x","value":{"kvlistValue":{"values":[[[[[[[[[[[[1.5e3,-0,0.25E+2]]]]]]]]]]]]}}}`)),
      // no spans, spans not in a list, a span with no times, not a request at all
      '{"resourceSpans":[]}',
      '{"resourceSpans":[{"scopeSpans":{"spans":[]}}]}',
      line('{"traceId":"t","attributes":[]}', '7', 'null'),
      '[1,2,3]',
      '"just a string"',
      // a list of requests on one line, as a backend's export may be
      `[${line(span(name))},${line(span(name))}]`,
    ];
    const file = join(dir, 'odd.jsonl');
    await writeFile(file, `${odd.join('\n')}\n`);
    const monitor = await expectAsReference(file);
    expect(monitor.warnings).toEqual([]);
    expect(monitor.spans).toHaveLength(9);
    // The scanner leaves four to JSON.parse: a key twice, two kinds, attributes twice, spans not in a list.
    expect(monitor.stats).toEqual({ lines: odd.length, parsed: 4 });
  });

  it('agrees with the reference on thousands of random corruptions of real lines, literals and strings', async () => {
    // One span of the runtime's line (what monitor keeps, and a few attributes it skips) and one
    // of the SDK's, short, so that corruptions land in every part of them often.
    const [runtime] = (await readFile(runtimeLines, 'utf8')).split('\n');
    const request = JSON.parse(runtime!) as { resourceSpans: [{ scopeSpans: [{ spans: Array<{ attributes: Array<{ key: string }> }> }] }] };
    const spans = request.resourceSpans[0].scopeSpans[0].spans;
    spans.length = 1;
    spans[0]!.attributes = spans[0]!.attributes.filter((entry, index) => wants(EXECUTION_ATTRIBUTES, entry.key) || index < 3);
    const sdkFile = join(dir, 'fuzz-sdk.jsonl');
    const writer = spanWriter(sdkFile);
    writer.execute(seeded(1), { version: 'v1', commit: 'abc', variant: 'canary', errorRate: 0, escalationRate: 1, medianLatencyMs: 5 });
    writer.flush();
    const bases = [Buffer.from(JSON.stringify(request)), Buffer.from((await readFile(sdkFile, 'utf8')).trim())];
    const random = seeded(24);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const alphabet = [...'{}[],:"\\ 0123456789-+.eEtrufalsn'].map((char) => char.charCodeAt(0)).concat([0x01, 0x09, 0x0d, 0xc3, 0xff]);
    const lines: Buffer[] = [];
    for (let index = 0; index < 6000; index += 1) {
      let line = Buffer.from(bases[index % 2]!);
      const edits = 1 + Math.floor(random() * 3);
      for (let edit = 0; edit < edits; edit += 1) {
        const at = Math.floor(random() * line.length);
        const kind = random();
        if (kind < 0.4) line[at] = pick(alphabet);
        else if (kind < 0.7) line = Buffer.concat([line.subarray(0, at), line.subarray(at + 1)]);
        else line = Buffer.concat([line.subarray(0, at), Buffer.from([pick(alphabet)]), line.subarray(at)]);
      }
      lines.push(line, Buffer.from('\n'));
    }
    // And random literals and strings where a span holds a value it skips and one it keeps.
    const token = (chars: string, length: number) => Array.from({ length }, () => pick([...chars])).join('');
    for (let index = 0; index < 4000; index += 1) {
      const literal = () =>
        token('0123456789+-.eE', 1 + Math.floor(random() * 5)) + (random() < 0.1 ? pick(['true', 'nul', 'false', 'x']) : '');
      const string = () =>
        `"${token('ab"\\/\u0001\tunrfx0A\u00e9', 1 + Math.floor(random() * 6))}${random() < 0.3 ? `\\u${token('0aAfgx"', 4)}` : ''}"`;
      // One of the two is often plain, so that the other decides alone whether the line is JSON.
      const odd = index % 2 ? literal : string;
      const plain = index % 2 ? '1' : '"a"';
      const [skipped, kept] = [random() < 0.5 ? plain : odd(), random() < 0.5 ? plain : odd()];
      lines.push(
        Buffer.from(
          `{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"1","endTimeUnixNano":"2","kind":${skipped},` +
            `"attributes":[{"key":"promptgate.output.x","value":{"${index % 2 ? 'doubleValue' : 'stringValue'}":${kept}}}]}]}]}]}\n`,
        ),
      );
    }
    const file = join(dir, 'fuzz.jsonl');
    await writeFile(file, Buffer.concat(lines));
    const monitor = await expectAsReference(file);
    // Both kinds of line were there: some corruptions still parse (most of them read by the scanner), most do not.
    expect(monitor.warnings.length).toBeGreaterThan(3000);
    expect(monitor.spans.length).toBeGreaterThan(2000);
    expect(monitor.stats.parsed).toBeLessThan(10_000);
  });
});
