import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8's young generation at its starting size for the rest of the process.
 *
 * A run keeps every test's result until results.json is written, so a steady share of what it
 * allocates survives young-generation collections. V8 answers that by doubling the young
 * generation again and again, up to its ceiling, which it derives from the machine's memory,
 * into a new space that is never given back. For a large replayed run that was a large share of
 * the peak RSS, several times the live data (docs/speed.md has the figures).
 *
 * Without the doubling the run collects more often, in a smaller space that stays in cache:
 * measured on 20,000 and 4,000 replayed tests, CPU time fell or stayed the same. (With live
 * calls it costs CPU instead: the engine only asks for it on replayed runs.)
 *
 * V8 reads this flag each time it considers growing the young generation, so setting it after
 * start-up takes effect. (`--max-semi-space-size` would be the obvious knob, but it is read
 * once when the heap is set up, and an action cannot pass node flags.) Only the growth factor
 * is touched, so at worst, on a V8 that stops reading it, nothing changes.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
