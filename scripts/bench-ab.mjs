#!/usr/bin/env node
// A/B on a shared machine: runs two promptgate builds alternately on the same folder and
// prints the median CPU time (user + system), wall time and peak RSS of each.
//   node scripts/bench-ab.mjs DIR BIN_A BIN_B [RUNS] -- promptgate arguments
//   e.g. node scripts/bench-ab.mjs /tmp/pgbench/replay /work/main/bin/promptgate.js bin/promptgate.js 5 -- test . --responses replay
// (make DIR with `node scripts/bench.mjs --only replay --keep /tmp/pgbench`). Alternating the
// builds makes both see the same load, so the ratio holds even when absolute times do not.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const separator = process.argv.indexOf('--');
const [dir, binA, binB, runsText] = process.argv.slice(2, separator < 0 ? undefined : separator);
const args = separator < 0 ? ['test', '.', '--responses', 'replay'] : process.argv.slice(separator + 1);
if (!dir || !binA || !binB) throw new Error('usage: bench-ab.mjs DIR BIN_A BIN_B [RUNS] -- promptgate arguments');
const reporter = fileURLToPath(new URL('./report-rss.mjs', import.meta.url));
const runs = Number(runsText ?? 5);
const figures = { [binA]: [], [binB]: [] };
for (let i = 0; i < runs; i += 1) {
  for (const bin of [binA, binB]) {
    const file = join(tmpdir(), `promptgate-ab-${process.pid}`);
    const started = performance.now();
    const run = spawnSync(
      process.execPath,
      ['--import', reporter, resolve(bin), ...args, '--out', join(tmpdir(), `ab-${process.pid}.json`)],
      {
        cwd: dir,
        env: { ...process.env, PROMPTGATE_BENCH_RSS_FILE: file, NO_COLOR: '1' },
      },
    );
    const wall = performance.now() - started;
    if (run.status !== 0) throw new Error(`${bin} exited with ${run.status}: ${String(run.stderr).slice(-1000)}`);
    const [rss, cpu] = readFileSync(file, 'utf8').split(' ').map(Number);
    rmSync(file, { force: true });
    figures[bin].push({ wall, cpu: cpu / 1000, rss: rss / 1024 / 1024 });
  }
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; median of ${runs}, builds alternated`,
);
for (const bin of [binA, binB]) {
  const f = figures[bin];
  console.log(
    `${bin}\n  ${median(f.map((x) => x.cpu)).toFixed(0)} ms CPU, ${median(f.map((x) => x.wall)).toFixed(0)} ms wall, ${Math.max(...f.map((x) => x.rss)).toFixed(0)} MB peak RSS`,
  );
}
const cpu = (bin) => median(figures[bin].map((x) => x.cpu));
console.log(`B/A CPU: ${(cpu(binB) / cpu(binA)).toFixed(2)}×`);
