import type { RecordedResponse } from './recordings-file.js';
import type { ModelResponse } from './types.js';

/**
 * The answer cache (src/cache/ keeps it on disk): every answer a run got, by the full digest of
 * its request and its run number, kept outside recordings.json and across runs (CI keeps it with
 * actions/cache). The answer source reads it after recordings.json and before a live call. An
 * entry that cannot be read, or that does not match its request exactly, is a miss (and a
 * warning), never a wrong answer.
 */
export interface AnswerCache {
  get(digest: string, repeatIndex: number): Promise<RecordedResponse | undefined>;
  put(digest: string, repeatIndex: number, response: RecordedResponse): Promise<void>;
}

/**
 * Live calls in flight, by request digest and run, kept with the cache they are about to fill:
 * the answer sources sharing a cache (a run's head and base) share them, so the same request
 * asked twice at once is called once, and the second is answered as the cache would have.
 * Without a cache (`--no-cache`) every request is its own call.
 */
const flights = new WeakMap<AnswerCache, Map<string, Promise<ModelResponse | undefined>>>();
export function callsInFlight(cache: AnswerCache): Map<string, Promise<ModelResponse | undefined>> {
  let map = flights.get(cache);
  if (!map) flights.set(cache, (map = new Map()));
  return map;
}
