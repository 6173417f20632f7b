#!/usr/bin/env node
// The floors under the live benchmarks: the same calls against the same loopback emulator,
// made by a process that does nothing else. Two shapes:
//   (default)  the live figure: 400 calls at concurrency 20, 200 ms latency (bound 4.0 s)
//   --scale    the recorded 20,000-test figure: 20,000 calls at concurrency 64, no latency;
//              what matters there is peak RSS (target < 200 MB)
// Variants:
//   sdk       the official openai SDK with its default fetch (Node's: undici) and the client
//             options promptgate uses: what any SDK-based runner pays on this machine
//   sdk-http  the same SDK given promptgate's own node:http fetch (src/providers/http-fetch.ts),
//             exactly as src/providers/openai.ts builds its client: promptgate's call path
//             with no engine around it
//   fetch     Node's global fetch (undici inside), no SDK
//   undici    undici.request (the node_modules copy), no SDK, no web streams
//   http      node:http with a keep-alive agent
// Each is a whole child process (start-up included, as in `scripts/bench.mjs`), run 3 times;
// the figures are the median wall and CPU, the highest peak RSS, and "calls" = the wall time
// from the first call to the last answer (no start-up), beside the 4.0 s bound.
//   node scripts/bench-sdk-floor.mjs [--scale] [--only sdk,http] [--runs 3]
// A script for the note on issue 10, not a test: promptgate itself keeps the official SDKs.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const VARIANTS = ['sdk', 'sdk-http', 'fetch', 'undici', 'http'];

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string' },
    child: { type: 'string' },
    url: { type: 'string' },
    scale: { type: 'boolean' },
  },
});
/** The live figure's shape, or (--scale) the recorded 20,000-test figure's (bench.mjs `record`). */
const { TESTS, CONCURRENCY, LATENCY_MS } = flags.scale
  ? { TESTS: 20000, CONCURRENCY: 64, LATENCY_MS: 0 }
  : { TESTS: 400, CONCURRENCY: 20, LATENCY_MS: 200 };

/** The body promptgate sends for one test of the bench's folders (system + user, schema). */
function requestBody(index) {
  const schema = {
    type: 'object',
    required: ['intent', 'confidence', 'escalate'],
    properties: { intent: { type: 'string' }, confidence: { type: 'number', minimum: 0, maximum: 1 }, escalate: { type: 'boolean' } },
  };
  return {
    model: 'gpt-4o-mini',
    messages: [
      {
        role: 'system',
        content:
          'You are the support assistant for Acme. Classify the message.\nAnswer as JSON: {"intent": ..., "confidence": ..., "escalate": ...}\n',
      },
      { role: 'user', content: `customer message number ${index % 100} in suite ${Math.floor(index / 100)}` },
    ],
    temperature: 0,
    response_format: { type: 'json_schema', json_schema: { name: 'output', schema, strict: false } },
  };
}

/** One call per variant: resolves to the completion's parsed body. */
async function callerFor(variant, baseURL) {
  const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-bench' };
  const url = `${baseURL}/chat/completions`;
  if (variant === 'sdk') {
    const { default: OpenAI } = await import('openai');
    // The options of src/providers/openai.ts: nothing read from the environment, no SDK retries.
    const client = new OpenAI({
      apiKey: 'sk-bench',
      baseURL,
      organization: null,
      project: null,
      adminAPIKey: null,
      timeout: 60_000,
      maxRetries: 0,
    });
    return (body) => client.chat.completions.create(body);
  }
  if (variant === 'sdk-http') {
    const { default: OpenAI } = await import('openai');
    const { httpFetch } = await import('../src/providers/http-fetch.ts');
    const client = new OpenAI({
      apiKey: 'sk-bench',
      baseURL,
      organization: null,
      project: null,
      adminAPIKey: null,
      timeout: 60_000,
      maxRetries: 0,
      fetch: httpFetch,
    });
    return (body) => client.chat.completions.create(body);
  }
  if (variant === 'fetch') {
    return async (body) => (await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) })).json();
  }
  if (variant === 'undici') {
    const { request } = await import('undici');
    return async (body) => (await request(url, { method: 'POST', headers, body: JSON.stringify(body) })).body.json();
  }
  const http = await import('node:http');
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  return (body) =>
    new Promise((resolve, reject) => {
      const request = http.request(url, { method: 'POST', headers, agent }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(JSON.stringify(body));
    });
}

async function child(variant, baseURL) {
  const call = await callerFor(variant, baseURL);
  const started = performance.now();
  let next = 0;
  let answered = 0;
  const worker = async () => {
    while (next < TESTS) {
      const body = await call(requestBody(next++));
      // The least a runner does with an answer: read the JSON it holds.
      if (JSON.parse(body.choices[0].message.content).intent) answered += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (answered !== TESTS) throw new Error(`${answered} of ${TESTS} answered`);
  process.stdout.write(`${performance.now() - started}\n`);
}

function runChild(variant, baseURL) {
  const rssFile = join(tmpdir(), `promptgate-floor-${process.pid}-${Date.now()}`);
  const reporter = fileURLToPath(new URL('report-rss.mjs', import.meta.url));
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const proc = spawn(
      process.execPath,
      ['--import', reporter, fileURLToPath(import.meta.url), '--child', variant, '--url', baseURL, ...(flags.scale ? ['--scale'] : [])],
      {
        env: { ...process.env, PROMPTGATE_BENCH_RSS_FILE: rssFile },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    proc.stdout.on('data', (chunk) => (output += chunk));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`${variant} exited with ${code}`));
      const [rss, cpuUs] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
      rmSync(rssFile, { force: true });
      resolve({ wallMs, callsMs: Number(output.trim()), cpuMs: cpuUs / 1000, rssMb: rss / 1024 / 1024 });
    });
  });
}

if (flags.child) {
  await child(flags.child, flags.url);
} else {
  const { startProviderEmulator } = await import('../__tests__/support/provider-emulator.ts');
  const answer = () => ({ text: '{"intent":"general","confidence":0.9,"escalate":false}', usage: { inputTokens: 120, outputTokens: 14 } });
  const emulator = await startProviderEmulator({ answer, latencyMs: LATENCY_MS });
  const runs = Number(flags.runs ?? 3);
  console.log(
    `node ${process.version}, ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `${TESTS} calls, concurrency ${CONCURRENCY}, ${LATENCY_MS} ms latency; median of ${runs}${flags.scale ? '; target < 200 MB peak RSS' : '; bound 4.0 s'}\n`,
  );
  const middle = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  try {
    for (const variant of (flags.only ?? VARIANTS.join(',')).split(',')) {
      const results = [];
      for (let i = 0; i < runs; i += 1) {
        // This process is the emulator's: its CPU is the server's share of the same 2 cores.
        const before = process.cpuUsage();
        const result = await runChild(variant, emulator.openaiBaseURL);
        const used = process.cpuUsage(before);
        results.push({ ...result, emulatorCpuMs: (used.user + used.system) / 1000 });
      }
      const wall = middle(results.map((r) => r.wallMs)) / 1000;
      const calls = middle(results.map((r) => r.callsMs)) / 1000;
      const cpu = middle(results.map((r) => r.cpuMs)) / 1000;
      const rss = Math.max(...results.map((r) => r.rssMb));
      const emulatorCpu = middle(results.map((r) => r.emulatorCpuMs)) / 1000;
      console.log(
        `${variant.padEnd(8)} ${wall.toFixed(3)} s wall (calls ${calls.toFixed(3)} s${flags.scale ? '' : ` = ${(calls / 4).toFixed(3)}× bound`}), ` +
          `${cpu.toFixed(3)} s CPU, ${rss.toFixed(0)} MB peak RSS; emulator ${emulatorCpu.toFixed(3)} s CPU`,
      );
    }
  } finally {
    await emulator.close();
  }
}
