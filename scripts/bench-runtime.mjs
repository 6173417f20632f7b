#!/usr/bin/env node
// promptgate/runtime's cost (issue 23, item 7): a script, not a timed test. Against the
// project's loopback provider emulator at 0 ms latency:
//   1. added time per call: engine.execute against the bare openai SDK call (same request),
//      interleaved, p50 and p99 (target: < 1 ms at p99);
//   2. loading a 100-prompt bundle (target: < 20 ms);
//   3. RSS over 100,000 calls with telemetry on (target: flat).
// Runs the built dist/runtime (npm run bench:runtime rebuilds it when stale).
//   node scripts/bench-runtime.mjs [--calls 10000] [--rss-calls 100000] [--prompts 100]
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import OpenAI from 'openai';
import { startProviderEmulator } from '../__tests__/support/provider-emulator.ts';
import { SUPPORT_SCHEMA, supportFolder, supportModel } from '../__tests__/support/fixtures.ts';

const { values } = parseArgs({ options: { calls: { type: 'string' }, 'rss-calls': { type: 'string' }, prompts: { type: 'string' } } });
const CALLS = Number(values.calls ?? 10_000);
const RSS_CALLS = Number(values['rss-calls'] ?? 100_000);
const PROMPTS = Number(values.prompts ?? 100);
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'promptgate-bench-runtime-'));
const emulator = await startProviderEmulator({ answer: supportModel, latencyMs: 0 });
const env = { OPENAI_API_KEY: 'sk-bench-0000000000', OPENAI_BASE_URL: emulator.openaiBaseURL };

// A repository with PROMPTS released prompts, bundled by the CLI: a real lockfile.
const git = (...args) =>
  execFileSync(
    'git',
    [
      '-c',
      'user.name=bench',
      '-c',
      'user.email=bench@promptgate.invalid',
      '-c',
      'commit.gpgSign=false',
      '-c',
      'tag.gpgSign=false',
      ...args,
    ],
    { cwd: dir, stdio: 'pipe' },
  );
// Asynchronous: the emulator answering the recording runs in this process.
const promptgate = (...args) =>
  promisify(execFile)(process.execPath, [join(root, 'bin', 'promptgate.js'), ...args], {
    cwd: dir,
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
git('init', '--quiet', '--initial-branch=main');
for (let n = 0; n < PROMPTS; n += 1) {
  for (const [path, content] of Object.entries(supportFolder(`prompts/support-${n}/v1.0`, { systemNote: `Desk ${n}.` }))) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}
process.stdout.write(`preparing: ${PROMPTS} prompts recorded, released and bundled... `);
await promptgate('test', 'prompts', '--responses', 'record', '--quiet');
git('add', '--all');
git('commit', '--quiet', '-m', 'prompts');
await promptgate('release', 'prompts', '--responses', 'replay', '--quiet');
await promptgate('bundle', '--out', 'prompts.lock.json', '--quiet');
await promptgate('bundle', '--with-recordings', '--out', 'replay.lock.json', '--quiet');
const lockfile = join(dir, 'prompts.lock.json');
console.log(`done (${(statSync(lockfile).size / 1024).toFixed(0)} KB)`);

const importStart = performance.now();
const { createPromptEngine } = await import(join(root, 'dist', 'runtime', 'index.js'));
const importMs = performance.now() - importStart;

// 2. Loading the bundle: the first load, then the median of 20.
const loads = [];
for (let i = 0; i < 21; i += 1) {
  const started = performance.now();
  const engine = await createPromptEngine({ bundle: lockfile, env });
  loads.push(performance.now() - started);
  await engine.close();
}
const firstLoad = loads.shift();

// 1. Added time per call: the engine and the bare SDK, alternating, the same request.
const engine = await createPromptEngine({ bundle: lockfile, env });
const sdk = new OpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, maxRetries: 0 });
const system = "You are the support assistant for Acme.\nClassify the customer's message and answer as JSON.\nDesk 7.\n";
const bare = async () => {
  const completion = await sdk.chat.completions.create({
    model: 'gpt-4o-mini',
    temperature: 0,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: 'I forgot my password' },
    ],
    response_format: { type: 'json_schema', json_schema: { name: 'output', schema: SUPPORT_SCHEMA, strict: false } },
  });
  return JSON.parse(completion.choices[0].message.content);
};
const viaEngine = () => engine.execute('support-7', { input: 'I forgot my password', key: 'user-1' });
for (let i = 0; i < 500; i += 1) {
  await bare();
  await viaEngine();
}
const engineTimes = [];
const sdkTimes = [];
for (let i = 0; i < CALLS; i += 1) {
  if (i % 1000 === 0) emulator.reset();
  let started = performance.now();
  await viaEngine();
  engineTimes.push(performance.now() - started);
  started = performance.now();
  await bare();
  sdkTimes.push(performance.now() - started);
}
await engine.close();

// The engine's own work, without any network: replayed answers, so every step but the HTTP call.
const replaying = await createPromptEngine({
  bundle: join(dir, 'replay.lock.json'),
  responses: 'replay',
  telemetry: { file: join(dir, 'replay-spans.jsonl') },
});
const replayTimes = [];
for (let i = 0; i < CALLS + 500; i += 1) {
  const started = performance.now();
  await replaying.execute('support-7', { input: 'I forgot my password', key: `user-${i}` });
  if (i >= 500) replayTimes.push(performance.now() - started);
}
await replaying.close();

// 3. RSS over RSS_CALLS calls with telemetry on (the OTLP JSON Lines sink), 8 in flight.
const telemetryFile = join(dir, 'spans.jsonl');
const traced = await createPromptEngine({ bundle: lockfile, env, telemetry: { file: telemetryFile } });
const rss = [];
let started = 0;
let finished = 0;
const worker = async () => {
  while (started < RSS_CALLS) {
    const n = (started += 1);
    await traced.execute(`support-${n % PROMPTS}`, { input: 'I forgot my password', vars: { company: `Co ${n % 50}` }, key: `user-${n}` });
    // The emulator (in this process) keeps every request it received: dropped, so only the engine's memory counts.
    if (finished % 1000 === 0) emulator.reset();
    if (++finished % (RSS_CALLS / 10) === 0) rss.push(process.memoryUsage().rss);
  }
};
const rssStart = process.memoryUsage().rss;
const rssStarted = performance.now();
await Promise.all(Array.from({ length: 8 }, worker));
await traced.close();
const rssSeconds = (performance.now() - rssStarted) / 1000;
const spanBytes = statSync(telemetryFile).size;
await emulator.close();
rmSync(dir, { recursive: true, force: true });

const pct = (list, p) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor((p / 100) * list.length))];
const ms = (value) => `${value.toFixed(3)} ms`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
console.log(`\nNode ${process.version}, ${CALLS} calls each, emulator at 0 ms latency`);
console.log(
  `per call      p50 ${ms(pct(engineTimes, 50))} engine, ${ms(pct(sdkTimes, 50))} bare SDK -> added ${ms(pct(engineTimes, 50) - pct(sdkTimes, 50))}`,
);
console.log(
  `              p99 ${ms(pct(engineTimes, 99))} engine, ${ms(pct(sdkTimes, 99))} bare SDK -> added ${ms(pct(engineTimes, 99) - pct(sdkTimes, 99))}`,
);
console.log(
  `engine alone  p50 ${ms(pct(replayTimes, 50))}, p99 ${ms(pct(replayTimes, 99))} per execute without the network (replayed answers, telemetry file on)`,
);
console.log(`import        ${ms(importMs)} (promptgate/runtime, first import)`);
console.log(`load bundle   ${PROMPTS} prompts: first ${ms(firstLoad)}, median ${ms(pct(loads, 50))}`);
console.log(
  `RSS           ${RSS_CALLS} calls with telemetry on in ${rssSeconds.toFixed(1)} s: ${mb(rssStart)} before, then every ${RSS_CALLS / 10}: ${rss.map(mb).join(', ')} (${mb(spanBytes)} of spans written)`,
);
