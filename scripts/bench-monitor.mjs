#!/usr/bin/env node
// `promptgate monitor` at scale (issue 24, item 6): a script, not a timed test. It writes
// N spans (default 1,000,000) through the runtime's own OTLP JSON Lines sink
// (src/runtime/otlp-file.ts, with the attributes src/runtime/telemetry.ts sets), in a
// repository with a production and a canary version tagged as `promptgate release` tags them,
// then runs the built CLI on them and reports the wall time, the CPU time and the peak RSS
// (VmHWM) of the monitor process, with the machine's load. Target: under 15 s and 200 MB for
// 1,000,000 on a 2-core machine that runs nothing else.
//   npm run bench:monitor [-- --spans 1000000] [-- --keep]
// (node --experimental-transform-types: it imports the runtime's sink from src/.)
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clearInterval, setInterval } from 'node:timers';
import { parseArgs } from 'node:util';
import { OtlpFileSink, otlpAttributes, randomHex } from '../src/runtime/otlp-file.ts';

const { values } = parseArgs({ options: { spans: { type: 'string' }, keep: { type: 'boolean' } } });
const SPANS = Number(values.spans ?? 1_000_000);
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'promptgate-bench-monitor-'));
const git = (...args) =>
  execFileSync(
    'git',
    [
      '-c',
      'user.name=bench',
      '-c',
      'user.email=bench@promptgate.invalid',
      '-c',
      'tag.gpgSign=false',
      '-c',
      'commit.gpgSign=false',
      ...args,
    ],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  ).trim();

// Two versions of a prompt, released: version tags with promptgate's record, and the aliases.
git('init', '--quiet', '--initial-branch=main');
const guards =
  'metrics:\n  escalation_rate: { rate_of: escalate }\n  avg_confidence: { mean_of: confidence }\n' +
  'deploy:\n  canary: { weight: 20 }\n  rollback_on:\n    error_rate: "> 5%"\n    escalation_rate: "> 15%"\n    latency_p95: "> 2000ms"\n  min_samples: 200\n';
const commits = {};
for (const version of ['v1.0', 'v1.1']) {
  const folder = join(dir, 'prompts', 'support', version);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'system.txt'), `You are the support assistant (${version}).\n`);
  writeFileSync(join(folder, 'tests.yaml'), 'tests:\n  - name: a\n    input: hi\n');
  writeFileSync(join(folder, 'prompt.yaml'), `provider: openai\nmodel: gpt-4o-mini\n${guards}`);
  git('add', '-A');
  git('commit', '--quiet', '-m', `support ${version}`);
  commits[version] = git('rev-parse', 'HEAD');
  const record = `promptgate: support ${version} passed 1/1\n\nprompt-id: support\nprompt-version: ${version}\nfolder: prompts/support/${version}\npass-rate: 1.0000\npassed: 1\ntotal: 1\ncost-usd: 0.0001\nprovider: openai\nmodel: gpt-4o-mini\ntested-commit: ${commits[version]}\n`;
  git('tag', '--annotate', '-m', record, `prompts/support@${version}`, commits[version]);
}
git(
  'tag',
  '--annotate',
  '-m',
  `promptgate: production version of support is v1.0\n\nproduction-version: v1.0\nprevious-version: v0.9\n`,
  'prompts/support@production',
  commits['v1.0'],
);
git(
  'tag',
  '--annotate',
  '-m',
  'promptgate: canary version of support is v1.1\n\ncanary-version: v1.1\n',
  'prompts/support@canary',
  commits['v1.1'],
);

// The spans, as the runtime's file sink writes them (512 a line), over the last 20 hours.
const file = join(dir, 'logs', 'promptgate.jsonl');
let written = 0;
const sink = new OtlpFileSink(
  file,
  { 'service.name': 'support-app', 'telemetry.sdk.name': 'promptgate' },
  { name: 'promptgate', version: '0.1.0' },
  (error) => {
    throw error;
  },
);
let seed = 42;
const random = () => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const startedWriting = performance.now();
const now = BigInt(Date.now()) * 1_000_000n;
for (let index = 0; index < SPANS; index += 1) {
  const canary = random() < 0.2;
  const version = canary ? 'v1.1' : 'v1.0';
  const latencyMs = 500 + Math.floor(random() * 900 + (random() < 0.05 ? 1200 : 0));
  const end = now - BigInt(Math.floor(((SPANS - index) / SPANS) * 20 * 3600 * 1000)) * 1_000_000n;
  const failed = random() < 0.02;
  const escalate = random() < 0.1;
  const attributes = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.request.temperature': 0,
    'gen_ai.output.type': 'json',
    'gen_ai.prompt.name': 'support',
    'gen_ai.prompt.version': version,
    'promptgate.variant': canary ? 'canary' : 'production',
    'promptgate.commit': commits[version],
    'promptgate.served_from': 'bundle',
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.usage.input_tokens': 412,
    'gen_ai.usage.output_tokens': 38,
    'promptgate.cost_usd': 0.0000846,
    'promptgate.schema_valid': !failed,
    ...(failed
      ? { 'error.type': 'output.schema' }
      : { 'promptgate.output.escalate': escalate, 'promptgate.output.confidence': escalate ? 0.62 : 0.91 }),
  };
  sink.add({
    traceId: randomHex(16),
    spanId: randomHex(8),
    name: 'chat gpt-4o-mini',
    kind: 3,
    startTimeUnixNano: String(end - BigInt(latencyMs) * 1_000_000n),
    endTimeUnixNano: String(end),
    attributes: otlpAttributes(attributes),
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    status: failed ? { code: 2, message: 'the answer does not match schema.json' } : {},
    links: [],
    droppedLinksCount: 0,
    flags: 257,
  });
  written += 1;
  if (written % 512 === 0) await sink.flush();
}
await sink.close();
const size = statSync(file).size;
console.log(
  `wrote ${SPANS.toLocaleString('en-US')} spans (${(size / 1048576).toFixed(0)} MB) in ${((performance.now() - startedWriting) / 1000).toFixed(1)} s`,
);

// The monitor, as a user runs it, its peak RSS and CPU time read from /proc while it runs.
const before = loadavg();
const started = performance.now();
const child = spawn(process.execPath, [join(root, 'bin', 'promptgate.js'), 'monitor', '--logs', file, '--since', '1d', '--dry-run'], {
  cwd: dir,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let peakKb = 0;
let cpuTicks = 0;
const poll = setInterval(() => {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    // utime and stime, fields 14 and 15 of /proc/PID/stat (after the command in parentheses).
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    cpuTicks = Number(fields[11]) + Number(fields[12]);
  } catch {
    // gone
  }
}, 20);
let stdout = '';
let stderr = '';
child.stdout.on('data', (chunk) => (stdout += chunk));
child.stderr.on('data', (chunk) => (stderr += chunk));
const code = await new Promise((resolve) => child.on('close', resolve));
clearInterval(poll);
const seconds = (performance.now() - started) / 1000;
console.log(stdout.split('\n').slice(0, 18).join('\n'));
if (stderr) console.log(stderr);
const load = (values) => values.map((value) => value.toFixed(2)).join(' ');
console.log(
  `monitor: exit ${code}, ${seconds.toFixed(1)} s (CPU ${(cpuTicks / 100).toFixed(1)} s), peak RSS ${(peakKb / 1024).toFixed(0)} MB ` +
    `(targets: 15 s, 200 MB); ${availableParallelism()} CPUs, load average ${load(before)} before, ${load(loadavg())} after`,
);
if (!values.keep) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
