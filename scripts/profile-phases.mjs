#!/usr/bin/env node
// Where a promptgate run's CPU time goes, by phase: runs the CLI once under V8's sampling
// profiler and charges every sample to the first phase found among its callers.
//   node scripts/profile-phases.mjs DIR [promptgate arguments]   (default: test . --responses replay)
// e.g. after `node scripts/bench.mjs --only replay --keep /tmp/pgbench`:
//   node scripts/profile-phases.mjs /tmp/pgbench/replay
// The profiler adds its own overhead; read the shares, not the absolute times.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [dir, ...rest] = process.argv.slice(2);
if (!dir) throw new Error('usage: profile-phases.mjs DIR [promptgate arguments]');
const args = rest.length > 0 ? rest : ['test', '.', '--responses', 'replay'];
const cli = fileURLToPath(new URL('../bin/promptgate.js', import.meta.url));
const profileDir = mkdtempSync(join(tmpdir(), 'promptgate-profile-'));
const outFile = join(profileDir, 'results.json');
const run = spawnSync(
  process.execPath,
  ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-interval', '100', cli, ...args, '--out', outFile],
  {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
  },
);
if (run.status !== 0 && run.status !== 1) throw new Error(`promptgate exited with ${run.status}: ${String(run.stderr).slice(-1000)}`);
const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8'));
rmSync(profileDir, { recursive: true, force: true });

/** Phases by the functions that start them, nearest caller first; module loading by Node's own. */
const PHASES = [
  ['write results.json', /^(writeResultsFile|writeResults|resultsJsonPieces)$/],
  ['console report', /^(renderConsole|report)$/],
  // After an await, a continuation's stack starts at the microtask queue: the functions that
  // resume are named as well as the ones that start a phase.
  [
    'run tests (answers, checks, results)',
    /^(runSuite|runRepeated|runTest|mapWindowed|respond|requestKey|lookup|fromRecorded|answeredTest|evaluateChecks|priceCall|judgeAnswer|renderMessages|summarize|aggregate|finish|untilCancelled)$/,
  ],
  [
    'load folders (read, parse, validate)',
    /^(loadPromptFolder|loadSide|discoverPromptFolders|discoverSide|loadSettings|loadTests|loadValidated|readTextFile|parseYamlText|parseFastYaml|validateToolFile|compileUserSchema|expandAssertions|loadExamples|loadSchema|loadPromptYaml)$/,
  ],
  ['read recordings', /^(parseRecordings|loadedStore|storeFor)$/],
  [
    'load and compile modules',
    /^(compileSourceTextModule|compileForInternalLoader|loadBuiltinModule|importModuleDynamically|#getOrCreateModuleJobAfterResolve)$/,
  ],
];
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);

function phaseOf(node) {
  const own = node.callFrame.functionName;
  if (own === '(garbage collector)') return 'garbage collection';
  if (own === '(idle)') return 'idle (waiting for I/O)';
  if (own === '(program)') return 'V8 and Node internals';
  for (let at = node; at; at = parent.get(at.id)) {
    const name = at.callFrame.functionName;
    const phase = PHASES.find(([, pattern]) => pattern.test(name));
    if (phase) return phase[0];
    // Top-level code of a bundle chunk: evaluating modules.
    if (name === '' && at.callFrame.url.includes('/dist/') && at.callFrame.lineNumber === 0) return 'load and compile modules';
  }
  return 'other (start-up, engine glue)';
}

const totals = new Map();
let total = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  const phase = phaseOf(byId.get(id));
  totals.set(phase, (totals.get(phase) ?? 0) + delta);
  total += delta;
});
console.log(`promptgate ${args.join(' ')} in ${dir}: ${(total / 1000).toFixed(0)} ms sampled`);
for (const [phase, micros] of [...totals].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(5)} ms  ${phase}`);
}
