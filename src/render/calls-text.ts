import { formatInteger, formatUsd, plural } from '../lib/format.js';
import type { RunCalls } from '../results/model.js';

/**
 * The run's requests in one sentence, from results.json `calls` (what the providers received,
 * retries included): "Called the model 351 times ($0.41: head 120, base 200, judge 31) · 12
 * answers from recordings · 3 requests had no recorded answer". The same words on every surface.
 */
export function describeCalls(calls: RunCalls): string | undefined {
  const sides = [
    ['head', calls.head],
    ['base', calls.base],
    ['judge', calls.judge],
  ] as const;
  const live = sides.reduce((sum, [, count]) => sum + count.live, 0);
  const replayed = sides.reduce((sum, [, count]) => sum + count.replayed, 0);
  const cached = sides.reduce((sum, [, count]) => sum + count.cached, 0);
  const missing = sides.reduce((sum, [, count]) => sum + count.missing, 0);
  const costs = sides.map(([, count]) => count.costUsd);
  const cost = costs.some((value) => value === null) ? null : costs.reduce<number>((sum, value) => sum + (value ?? 0), 0);
  // Nothing was asked (no folder ran): there is nothing to say.
  if (live + replayed + cached + missing === 0) return undefined;
  const parts: string[] = [];
  if (live > 0) {
    const bySide = sides
      .filter(([, count]) => count.live > 0)
      .map(([name, count]) => `${name} ${formatInteger(count.live)}`)
      .join(', ');
    parts.push(`Called the model ${plural(live, 'time')} (${formatUsd(cost)}: ${bySide}; retries included)`);
  } else {
    parts.push('No API calls');
  }
  if (replayed > 0) parts.push(`${plural(replayed, 'answer')} from recordings`);
  if (cached > 0) parts.push(`${plural(cached, 'answer')} from the cache`);
  if (missing > 0) parts.push(`${plural(missing, 'request')} had no answer to replay or key to call live (not run)`);
  return parts.join(' · ');
}
