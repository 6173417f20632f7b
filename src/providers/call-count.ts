import { roundUsd } from '../lib/usd.js';

/**
 * How a side's requests were answered: the requests the provider received (`live`, every
 * attempt, retries included), the answers from recordings.json (`replayed`) and the answer
 * cache (`cached`), the requests nothing answered (`missing`: no recording, no key), and what
 * the live answers cost (`costUsd`: null when one of them has no known price).
 */
export interface CallCount {
  live: number;
  replayed: number;
  cached: number;
  missing: number;
  costUsd: number | null;
}

export function emptyCallCount(): CallCount {
  return { live: 0, replayed: 0, cached: 0, missing: 0, costUsd: 0 };
}

/** Several sources' counts as one. */
export function sumCallCounts(counts: readonly CallCount[]): CallCount {
  const total = emptyCallCount();
  for (const count of counts) {
    total.live += count.live;
    total.replayed += count.replayed;
    total.cached += count.cached;
    total.missing += count.missing;
    total.costUsd = total.costUsd === null || count.costUsd === null ? null : roundUsd(total.costUsd + count.costUsd);
  }
  return total;
}
