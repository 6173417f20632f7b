#!/usr/bin/env node
// promptgate benchmark: whole CLI processes against the loopback provider emulator.
//   npm run bench                         (builds dist/ first; all scenarios)
//   node scripts/bench.mjs --only replay  (one or more of live,startup,action,replay,flat; no build)
//   node scripts/bench.mjs --keep DIR     (leave the generated folders in DIR, for profiling)
//   PROMPTFOO_BIN=/path/to/promptfoo npm run bench   (adds the side-by-side peer ratios)
// Each figure is printed beside its bound or target (issue 10) as a ratio: ≤ 1.00× meets it.
// A script, not a timed test: nothing in CI depends on these numbers.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startProviderEmulator } from '../__tests__/support/provider-emulator.ts';
import { inputVariablesFor } from '../__tests__/support/action-runner.ts';
import { peerInstalled, runPeer } from './bench-peer.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin/promptgate.js');
const rssReporter = join(root, 'scripts/report-rss.mjs');

const { values: flags } = parseArgs({ options: { only: { type: 'string' }, keep: { type: 'string' } } });
const wanted = new Set((flags.only ?? 'live,replay,startup,action,flat').split(','));
/** PROMPTGATE_BENCH_ACTION points the action figure at another build (a before/after). */
const action = process.env.PROMPTGATE_BENCH_ACTION ?? join(root, 'dist/index.js');

/** Issue 10's figures on a 2-core machine: wall seconds (with start-up) and peak RSS in MB. */
const TARGETS = {
  live: { boundS: 4.0, wallS: 4.2, rssMb: 120 },
  replay: { wallS: 0.4, rssMb: 120 },
  startup: { wallS: 0.15 },
  flat: { rssMb: 200 },
};

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
    writeFileSync(
      join(folder, 'system.txt'),
      `You are the support assistant for {company}. Classify the message.\nAnswer as JSON: {{"intent": ..., "confidence": ..., "escalate": ...}}\n`,
    );
    writeFileSync(join(folder, 'prompt.yaml'), 'provider: openai\nmodel: gpt-4o-mini\ntemperature: 0\nvariables:\n  company: Acme\n');
    writeFileSync(join(folder, 'schema.json'), JSON.stringify(schema));
    const tests = Array.from(
      { length: testsPerFolder },
      (_, t) =>
        `  - name: case ${t}\n    input: "customer message number ${t} in suite ${f}"\n    expected_intent: general\n    min_confidence: 0.5\n`,
    ).join('');
    writeFileSync(join(folder, 'tests.yaml'), `tests:\n${tests}`);
  }
}

/** A Node process with `nodeArgs`, measured by the RSS/CPU reporter; rejects on a non-zero exit. */
function runMeasured(nodeArgs, env = {}, cwd = undefined) {
  const rssFile = join(tmpdir(), `promptgate-rss-${process.pid}-${Date.now()}`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', rssReporter, ...nodeArgs], {
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
      const [rss, cpuUs] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
      rmSync(rssFile, { force: true });
      if (code !== 0) reject(new Error(`node ${nodeArgs.join(' ')} exited with ${code}:\n${output.slice(-2000)}`));
      else resolve({ wallMs, cpuMs: cpuUs / 1000, rssMb: rss / 1024 / 1024, output });
    });
  });
}

const runCli = (args, env, cwd) => runMeasured([cli, ...args], env, cwd);
/** A bare Node process, measured the same way: the floor under every figure. */
const runNode = (args) => runMeasured(args);

/** Median wall time of the runs, highest peak RSS of them (memory is a ceiling, not a typical). */
function summarizeRuns(runs) {
  const middle = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] / 1000;
  return {
    wallS: middle(runs.map((run) => run.wallMs)),
    cpuS: middle(runs.map((run) => run.cpuMs)),
    rssMb: Math.max(...runs.map((run) => run.rssMb)),
    runs: runs.length,
  };
}

async function repeatRuns(times, run) {
  const runs = [];
  for (let i = 0; i < times; i += 1) runs.push(await run());
  return summarizeRuns(runs);
}

const ratio = (value, limit) => `${(value / limit).toFixed(2)}×`;
const verdict = (value, limit, inclusive) => ((inclusive ? value <= limit : value < limit) ? 'met' : 'NOT MET');

function report(name, figure, target, peer) {
  const parts = [];
  if (figure.wallS !== undefined) {
    let wall = `${figure.wallS.toFixed(3)} s`;
    if (target.boundS) wall += ` = ${ratio(figure.wallS, target.boundS)} the ${target.boundS} s bound`;
    if (target.wallS)
      wall += `, ${ratio(figure.wallS, target.wallS)} target ≤ ${target.wallS} s (${verdict(figure.wallS, target.wallS, true)})`;
    parts.push(wall);
    // On a shared machine wall time includes waiting for a core; CPU time (user + system) does not.
    if (figure.cpuS !== undefined) parts.push(`${figure.cpuS.toFixed(3)} s CPU (user + system)`);
  }
  if (figure.rssMb !== undefined) {
    const rss = `${figure.rssMb.toFixed(0)} MB peak RSS`;
    parts.push(
      target.rssMb
        ? `${rss} = ${ratio(figure.rssMb, target.rssMb)} target < ${target.rssMb} MB (${verdict(figure.rssMb, target.rssMb, false)})`
        : rss,
    );
  }
  console.log(`${name} [median of ${figure.runs}]\n    ${parts.join('\n    ')}`);
  if (peer) {
    const rssPart =
      peer.rssMb !== undefined && figure.rssMb !== undefined
        ? `, ${peer.rssMb.toFixed(0)} MB → promptgate uses ${ratio(figure.rssMb, peer.rssMb)} the memory`
        : '';
    console.log(`    peer: promptfoo ${peer.wallS.toFixed(3)} s → promptgate takes ${ratio(figure.wallS, peer.wallS)} the time${rssPart}`);
  }
}

const answer = () => ({ text: '{"intent":"general","confidence":0.9,"escalate":false}', usage: { inputTokens: 120, outputTokens: 14 } });

/** Records every test of `dir` through the real record path, so replay has recordings to read. */
async function record(dir, out) {
  const emulator = await startProviderEmulator({ answer, latencyMs: 0 });
  try {
    return await runCli(
      ['test', '.', '--responses', 'record', '--concurrency', '64', '--out', out],
      { OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: emulator.openaiBaseURL },
      dir,
    );
  } finally {
    await emulator.close();
  }
}

/**
 * scripts/replay-floor.mjs bundled with the plugins of promptgate's own bundles (rollup.config.js),
 * so its whole-process time compares with promptgate's: unbundled, Node would load ajv's
 * files one by one and strip the types of src/load/files/fast-yaml.ts first. Returns the bundle's path.
 */
async function bundleReplayFloor(into) {
  const { rollup } = await import('rollup');
  const { plugins } = await import('../rollup.config.js');
  const outDir = join(into, 'replay-floor');
  const bundle = await rollup({ input: join(root, 'scripts/replay-floor.mjs'), plugins: plugins(), onwarn: () => {} });
  const file = join(outDir, 'replay-floor.mjs');
  await bundle.write({ file, format: 'es' });
  await bundle.close();
  return file;
}

/** The start-up figure, when measured: the replay's floor line subtracts it. */
let startupWallS;
const work = flags.keep ? (mkdirSync(flags.keep, { recursive: true }), flags.keep) : mkdtempSync(join(tmpdir(), 'promptgate-bench-'));
let floorBundlePath;
/** The replay floor's bundle, built on first use into the bench's folder. */
const replayFloorBundle = async () => (floorBundlePath ??= await bundleReplayFloor(work));
const peer = peerInstalled();
console.log(
  `node ${process.version}, ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}${peer ? `, peer ${peer}` : ''}\n`,
);
try {
  if (wanted.has('live')) {
    // 400 tests, concurrency 20, 200 ms per answer → 20 rounds of 200 ms: the bound is 4.0 s.
    const emulator = await startProviderEmulator({ answer, latencyMs: 200 });
    const dir = join(work, 'live');
    writeSuites(dir, 4, 100);
    const env = { OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: emulator.openaiBaseURL };
    const live = await repeatRuns(3, () =>
      runCli(['test', '.', '--responses', 'live', '--concurrency', '20', '--out', join(work, 'live.json')], env, dir),
    );
    const peerLive = peer
      ? await runPeer({ work: join(work, 'peer-live'), tests: 400, concurrency: 20, baseURL: emulator.openaiBaseURL, cached: false })
      : undefined;
    await emulator.close();
    report('live: 400 tests, concurrency 20, 200 ms latency (incl. start-up)', live, TARGETS.live, peerLive);
  }

  if (wanted.has('startup')) {
    const dir = join(work, 'start');
    writeSuites(dir, 1, 1);
    await record(dir, join(work, 's.json'));
    const start = await repeatRuns(9, () => runCli(['test', '.', '--responses', 'replay', '--out', join(work, 's.json')], {}, dir));
    report('start-up: 1 replayed test, whole process', start, TARGETS.startup);
    startupWallS = start.wallS;
    // The floor under every figure: Node itself, starting and exiting with nothing to do.
    const bare = await repeatRuns(9, () => runNode(['-e', '']));
    console.log(
      `    floor: bare \`node -e ""\` ${bare.wallS.toFixed(3)} s, ${bare.cpuS.toFixed(3)} s CPU, ${bare.rssMb.toFixed(0)} MB (promptgate's own share: ${(start.wallS - bare.wallS).toFixed(3)} s)`,
    );
    // And the same one test's unavoidable work as a bare loop, bundled (see the replay floor).
    const loop = await repeatRuns(9, async () => runNode([await replayFloorBundle(), dir]));
    console.log(
      `    floor: the same test as one bare loop (scripts/replay-floor.mjs, bundled) ${loop.wallS.toFixed(3)} s as a whole process = ${ratio(loop.wallS, TARGETS.startup.wallS)} the target`,
    );
  }

  if (wanted.has('action')) {
    // The action as the runner starts it (`node dist/index.js`, INPUT_* from action.yml's
    // defaults), on a workflow_dispatch event: mode all, one replayed test, no GitHub API call.
    const dir = join(work, 'action');
    writeSuites(dir, 1, 1);
    await record(dir, join(work, 'a.json'));
    const files = join(work, 'action-files');
    mkdirSync(files, { recursive: true });
    const event = {
      inputs: {},
      ref: 'refs/heads/main',
      repository: { full_name: 'octo/app', name: 'app', owner: { login: 'octo' } },
      sender: { login: 'octo' },
    };
    writeFileSync(join(files, 'event.json'), JSON.stringify(event));
    const env = {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_EVENT_PATH: join(files, 'event.json'),
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_WORKSPACE: dir,
      GITHUB_SHA: '0'.repeat(40),
      GITHUB_STEP_SUMMARY: join(files, 'summary.md'),
      GITHUB_OUTPUT: join(files, 'output.txt'),
      RUNNER_TEMP: files,
      ...inputVariablesFor({ mode: 'all', responses: 'replay', prompts: 'prompts' }),
    };
    const reset = () => ['summary.md', 'output.txt'].forEach((name) => writeFileSync(join(files, name), ''));
    const figure = await repeatRuns(9, () => (reset(), runMeasured([action], env, dir)));
    report('action start-up: `node dist/index.js`, mode all, 1 replayed test', figure, {});
  }

  if (wanted.has('replay')) {
    const dir = join(work, 'replay');
    writeSuites(dir, 40, 100);
    await record(dir, join(work, 'record.json'));
    const replay = await repeatRuns(5, () => runCli(['test', '.', '--responses', 'replay', '--out', join(work, 'replay.json')], {}, dir));
    let peerReplay;
    if (peer) {
      const emulator = await startProviderEmulator({ answer, latencyMs: 0 });
      peerReplay = await runPeer({
        work: join(work, 'peer-replay'),
        tests: 4000,
        concurrency: 64,
        baseURL: emulator.openaiBaseURL,
        cached: true,
      });
      await emulator.close();
    }
    report('replay: 4,000 tests from recordings, no key', replay, TARGETS.replay, peerReplay);
    // The floor under this figure: the same tests' unavoidable work (read, parse, key, look up,
    // validate, write) as one straight loop, bundled as promptgate is and run as a whole
    // process, measured the same way: its own time after its imports, and its whole wall time.
    const floorBundle = await replayFloorBundle();
    const floorRuns = [];
    for (let i = 0; i < 5; i += 1) {
      const run = await runNode([floorBundle, dir]);
      floorRuns.push({ loopMs: Number(/(\d+) ms after the imports/.exec(run.output)[1]), wallMs: run.wallMs });
    }
    const middleOf = (values) => values.sort((a, b) => a - b)[2] / 1000;
    const loopS = middleOf(floorRuns.map((run) => run.loopMs));
    const floorWallS = middleOf(floorRuns.map((run) => run.wallMs));
    console.log(
      `    floor: the same 4,000 tests as one bare loop (scripts/replay-floor.mjs, bundled): ${floorWallS.toFixed(3)} s as a whole process = ` +
        `${ratio(floorWallS, TARGETS.replay.wallS)} the target, ${loopS.toFixed(3)} s of it after its imports; ` +
        `promptgate's run minus its start-up${startupWallS === undefined ? ' (measure with startup)' : ` is ${(replay.wallS - startupWallS).toFixed(3)} s`}`,
    );
  }

  if (wanted.has('flat')) {
    // 20,000 tests in one folder (one 2.3 MB tests.yaml): recorded live against the emulator,
    // then replayed. Both runs hold every result until results.json is written.
    const dir = join(work, 'flat');
    writeSuites(dir, 1, 20000);
    const recorded = summarizeRuns([await record(dir, join(work, 'flat-record.json'))]);
    report('flat memory: 20,000 tests in one folder, recorded (live against the emulator)', recorded, TARGETS.flat);
    // The floor under this figure: the same 20,000 calls at the same concurrency through the
    // openai SDK on promptgate's fetch and nothing else, and through bare node:http.
    const floor = (await runNode([join(root, 'scripts/bench-sdk-floor.mjs'), '--scale', '--only', 'sdk-http,http', '--runs', '1'])).output;
    const peakOf = (variant) => new RegExp(`^${variant} .*?(\\d+) MB peak RSS`, 'm').exec(floor)?.[1] ?? '?';
    console.log(
      `    floor: the same 20,000 calls and nothing else (scripts/bench-sdk-floor.mjs --scale): through the openai SDK ${peakOf('sdk-http')} MB, bare node:http ${peakOf('http')} MB`,
    );
    const replayed = await repeatRuns(3, () => runCli(['test', '.', '--responses', 'replay', '--out', join(work, 'flat.json')], {}, dir));
    report('flat memory: 20,000 tests in one folder, replayed', replayed, TARGETS.flat);
  }
} finally {
  if (flags.keep) console.log(`\nfolders kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
