#!/usr/bin/env node
// promptgate benchmark: whole CLI processes against the loopback provider emulator.
//   npm run bench            (builds dist/ first)
// Prints wall time and peak RSS for: 400 live tests at concurrency 20 with 200 ms model
// latency; 4000 tests replayed from recordings; start-up (one replayed test).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProviderEmulator } from '../__tests__/support/provider-emulator.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin/promptgate.js');
const rssReporter = join(root, 'scripts/report-rss.mjs');

/** A realistic folder: a schema'd JSON classifier with shorthand checks, like prompts-example. */
function writeSuites(dir, folders, testsPerFolder) {
  const schema = {
    type: 'object',
    required: ['intent', 'confidence', 'escalate'],
    properties: { intent: { type: 'string' }, confidence: { type: 'number', minimum: 0, maximum: 1 }, escalate: { type: 'boolean' } },
  };
  for (let f = 0; f < folders; f += 1) {
    const folder = join(dir, 'prompts', `bench-${f}`, 'v1.0');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'system.txt'), `You are the support assistant for {company}. Classify the message.\nAnswer as JSON: {{"intent": ..., "confidence": ..., "escalate": ...}}\n`);
    writeFileSync(join(folder, 'prompt.yaml'), 'provider: openai\nmodel: gpt-4o-mini\ntemperature: 0\nvariables:\n  company: Acme\n');
    writeFileSync(join(folder, 'schema.json'), JSON.stringify(schema));
    const tests = Array.from({ length: testsPerFolder }, (_, t) =>
      `  - name: case ${t}\n    input: "customer message number ${t} in suite ${f}"\n    expected_intent: general\n    min_confidence: 0.5\n`,
    ).join('');
    writeFileSync(join(folder, 'tests.yaml'), `tests:\n${tests}`);
  }
}

function runCli(args, env, cwd) {
  const rssFile = join(tmpdir(), `promptgate-rss-${process.pid}-${Date.now()}`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', rssReporter, cli, ...args], {
      cwd,
      env: { ...process.env, ...env, PROMPTGATE_BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const rss = Number(readFileSync(rssFile, 'utf8'));
      rmSync(rssFile, { force: true });
      resolve({ code, wallMs, rssMb: rss / 1024 / 1024, output });
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const answer = () => ({ text: '{"intent":"general","confidence":0.9,"escalate":false}', usage: { inputTokens: 120, outputTokens: 14 } });

const results = [];
function report(name, run, target) {
  const line = `${name.padEnd(44)} ${(run.wallMs / 1000).toFixed(2).padStart(6)} s   ${run.rssMb.toFixed(0).padStart(4)} MB peak RSS   (target ${target})`;
  results.push(line);
  console.log(line);
  if (run.code !== 0) {
    console.log(run.output.slice(-2000));
    throw new Error(`${name}: promptgate exited with ${run.code}`);
  }
}

const work = mkdtempSync(join(tmpdir(), 'promptgate-bench-'));
try {
  // 1. live: 400 tests, concurrency 20, 200 ms per answer → the concurrency bound is 4.0 s.
  const slow = await startProviderEmulator({ answer, latencyMs: 200 });
  const liveDir = join(work, 'live');
  writeSuites(liveDir, 4, 100);
  const liveEnv = { OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: slow.openaiBaseURL };
  const liveRuns = [];
  for (let i = 0; i < 3; i += 1) liveRuns.push(await runCli(['test', '.', '--responses', 'live', '--concurrency', '20', '--out', join(work, 'live.json')], liveEnv, liveDir));
  await slow.close();
  const live = liveRuns.sort((a, b) => a.wallMs - b.wallMs)[1];
  report('live: 400 tests, concurrency 20, 200 ms', { ...live, rssMb: Math.max(...liveRuns.map((run) => run.rssMb)) }, '≤ 4.4 s, < 120 MB');

  // 2. replay: 4000 tests from recordings (recorded first through the real record path).
  const fast = await startProviderEmulator({ answer, latencyMs: 0 });
  const replayDir = join(work, 'replay');
  writeSuites(replayDir, 40, 100);
  const record = await runCli(['test', '.', '--responses', 'record', '--concurrency', '64', '--out', join(work, 'record.json')], { OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: fast.openaiBaseURL }, replayDir);
  await fast.close();
  if (record.code !== 0) throw new Error(`recording for the replay benchmark failed:\n${record.output.slice(-2000)}`);
  const replayRuns = [];
  for (let i = 0; i < 3; i += 1) replayRuns.push(await runCli(['test', '.', '--responses', 'replay', '--out', join(work, 'replay.json')], {}, replayDir));
  const replay = replayRuns.sort((a, b) => a.wallMs - b.wallMs)[1];
  report('replay: 4000 tests from recordings', { ...replay, rssMb: Math.max(...replayRuns.map((run) => run.rssMb)) }, '< 1 s, < 150 MB');

  // 3. start-up: one replayed test, whole process, median of 9.
  const startDir = join(work, 'start');
  writeSuites(startDir, 1, 1);
  const fast2 = await startProviderEmulator({ answer, latencyMs: 0 });
  await runCli(['test', '.', '--responses', 'record', '--out', join(work, 's.json')], { OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: fast2.openaiBaseURL }, startDir);
  await fast2.close();
  const startRuns = [];
  for (let i = 0; i < 9; i += 1) startRuns.push(await runCli(['test', '.', '--responses', 'replay', '--out', join(work, 's.json')], {}, startDir));
  const wall = median(startRuns.map((run) => run.wallMs));
  report('start-up: 1 replayed test, whole process', { code: startRuns.every((r) => r.code === 0) ? 0 : 1, wallMs: wall, rssMb: Math.max(...startRuns.map((r) => r.rssMb)), output: startRuns[0].output }, '< 0.3 s');
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`\nnode ${process.version}, ${(await import('node:os')).cpus().length} cores`);
