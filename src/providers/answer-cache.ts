import type { RecordedResponse } from './recordings-file.js';

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
