// Loaded with `node --import` by the benchmark: on exit, the process writes its own peak RSS
// (bytes) to the file PROMPTGATE_BENCH_RSS_FILE names. Nothing of it is in the shipped code.
import { writeFileSync } from 'node:fs';

const target = process.env.PROMPTGATE_BENCH_RSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS * 1024)));
