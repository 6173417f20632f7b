// Loaded with `node --import` by the benchmark: on exit, the process writes its own peak RSS
// (bytes) and CPU time (µs, user + system) to the file PROMPTGATE_BENCH_RSS_FILE names, as
// "<rss> <cpu>". CPU time is shown beside wall time because the bench machine may be shared.
// Nothing of it is in the shipped code.
import { readFileSync, writeFileSync } from 'node:fs';

const target = process.env.PROMPTGATE_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(target, `${peakRssBytes(usage)} ${usage.userCPUTime + usage.systemCPUTime}`);
  });
}

/**
 * This process's own peak RSS. On Linux, getrusage's maxRSS (resourceUsage().maxRSS) keeps,
 * across exec, the peak of the image it replaced: a child forked from a large parent reports
 * about the parent's peak, whatever it uses itself (docs/speed.md), and the bench's parent
 * holds the provider emulator (which keeps every request it served). /proc/self/status's
 * VmHWM is the peak of this process's memory only. Elsewhere maxRSS is all there is.
 */
function peakRssBytes(usage) {
  try {
    const kilobytes = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kilobytes !== undefined) return Number(kilobytes) * 1024;
  } catch {
    // Not Linux: no /proc.
  }
  return usage.maxRSS * 1024;
}
