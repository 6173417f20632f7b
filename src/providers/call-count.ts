import { roundUsd } from '../lib/usd.js';

/**
 * How a side's requests were answered: the requests the provider received (`live`, every
 * attempt, retries included), the answers from recordings.json (`replayed`) and the answer
 * cache (`cached`), the requests nothing answered (`missing`: no recording, no key), what the
 * live answers cost (`costUsd`) and what the recorded and cached ones would have cost had they
 * been called (`savedUsd`), each null when one of its answers has no known price.
 */
export interface CallCount {
  live: number;
  replayed: number;
  cached: number;
  missing: number;
  costUsd: number | null;
  savedUsd: number | null;
}

export function emptyCallCount(): CallCount {
  return { live: 0, replayed: 0, cached: 0, missing: 0, costUsd: 0, savedUsd: 0 };
}

/** A dollar figure plus one more answer's cost: unknown (null) as soon as one is unknown. */
export function addUsd(total: number | null, cost: number | null): number | null {
  return total === null || cost === null ? null : roundUsd(total + cost);
}

/** Several sources' counts as one. */
export function sumCallCounts(counts: readonly CallCount[]): CallCount {
  const total = emptyCallCount();
  for (const count of counts) {
    total.live += count.live;
    total.replayed += count.replayed;
    total.cached += count.cached;
    total.missing += count.missing;
    total.costUsd = addUsd(total.costUsd, count.costUsd);
    // Counts written before savedUsd existed (a shard of an older run) saved nothing known.
    total.savedUsd = addUsd(total.savedUsd, count.savedUsd ?? null);
  }
  return total;
}
