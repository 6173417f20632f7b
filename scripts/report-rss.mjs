// Loaded with `node --import` by the benchmark: on exit, the process writes its own peak RSS
// (bytes) and CPU time (µs, user + system) to the file PROMPTGATE_BENCH_RSS_FILE names, as
// "<rss> <cpu>". CPU time is shown beside wall time because the bench machine may be shared.
// Nothing of it is in the shipped code.
import { writeFileSync } from 'node:fs';

const target = process.env.PROMPTGATE_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(target, `${usage.maxRSS * 1024} ${usage.userCPUTime + usage.systemCPUTime}`);
  });
}
