import { createHash, hash } from 'node:crypto';
import { posix } from 'node:path';
import { redactDeep } from '../lib/redact-deep.js';
import { redactor } from '../lib/secrets.js';
import { parseRecordings, RECORDINGS_FORMAT, type RecordedResponse, type RecordingEntry } from './recordings-file.js';
import { finishReasonOf } from './finish-reason.js';
import { compareText } from '../lib/text-order.js';
import type { ModelRequest, ModelResponse } from './types.js';
import { canonicalJson } from './request-key.js';

export { RECORDINGS_FORMAT, type RecordedResponse, type RecordingEntry, type RecordingsFile } from './recordings-file.js';

/**
 * Recorded responses, one file per prompt folder (`<folder>/recordings.json`), committed next
 * to the prompt so CI can replay without keys. The file is written for reviewers and for git:
 * sorted keys, no timestamps, no headers, secrets blanked, and unchanged answers keep their
 * bytes so re-recording produces no diff.
 */

export const RECORDINGS_FILE = 'recordings.json';

export type ReadFile = (path: string) => Promise<Buffer | undefined>;
/** Writes a file from its text in pieces (recordings.json is written without holding it whole). */
export type WriteFile = (path: string, pieces: Iterable<string>) => Promise<void>;

export function recordingsPath(folderPath: string): string {
  return posix.join(folderPath, RECORDINGS_FILE);
}

/** Equal answers: same text, calls, stop reason, tokens and model. Latency differs on every call and does not count. */
function sameAnswer(a: RecordedResponse, b: RecordedResponse): boolean {
  return (
    a.text === b.text &&
    a.model === b.model &&
    finishReasonOf(a.finishReason) === finishReasonOf(b.finishReason) &&
    canonicalJson(a.toolCalls ?? []) === canonicalJson(b.toolCalls ?? []) &&
    canonicalJson(a.usage) === canonicalJson(b.usage) &&
    canonicalJson(a.embeddings ?? []) === canonicalJson(b.embeddings ?? [])
  );
}

export class RecordingStore {
  readonly path: string;
  /**
   * A digest of the file's text as read, to write only on change. Not the text itself: for a
   * large folder that is megabytes held for the whole run (docs/speed.md), and a replay never
   * writes.
   * Undefined when there was no file; null when the store was loaded read-only.
   */
  private readonly original: string | null | undefined;
  private readonly entries: Map<string, RecordingEntry>;
  /** Keys this run asked for (replayed, recorded, or missing), with how many runs of each: the rest are stale. */
  private readonly used = new Map<string, number>();
  /** Responses recorded in this run, by key and repeat index. */
  private readonly fresh = new Map<string, { meta: Omit<RecordingEntry, 'responses'>; byRepeat: Map<number, RecordedResponse> }>();

  private constructor(path: string, original: string | null | undefined, entries: Map<string, RecordingEntry>) {
    this.path = path;
    this.original = original;
    this.entries = entries;
  }

  static empty(folderPath: string): RecordingStore {
    return new RecordingStore(recordingsPath(folderPath), undefined, new Map());
  }

  /**
   * Reads `<folder>/recordings.json`; absent is empty, corrupt is an InputError naming the file.
   * A store that will never be saved (a replay) skips hashing the file: a tenth of reading it.
   */
  static async load(folderPath: string, readFile: ReadFile, options: { readOnly?: boolean } = {}): Promise<RecordingStore> {
    const path = recordingsPath(folderPath);
    const bytes = await readFile(path);
    if (bytes === undefined) return new RecordingStore(path, undefined, new Map());
    const text = bytes.toString('utf8');
    return new RecordingStore(path, options.readOnly ? null : digest(text), parseRecordings(path, text));
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The recorded answer of run `repeatIndex`, or undefined when that run was never recorded.
   * Never an earlier run's answer again: N copies of one answer would show N passing runs of a
   * test that is flaky live.
   */
  lookup(key: string, repeatIndex: number): RecordedResponse | undefined {
    this.markUsed(key, repeatIndex);
    const responses = this.entries.get(key)?.responses;
    if (!responses || responses.length === 0) return undefined;
    return responses[repeatIndex];
  }

  /** How many runs of this request are recorded. */
  recordedRuns(key: string): number {
    return this.entries.get(key)?.responses.length ?? 0;
  }

  /** The run asked for run `repeatIndex` of this request: it survives pruning even if the live call fails. */
  markUsed(key: string, repeatIndex = 0): void {
    this.used.set(key, Math.max(this.used.get(key) ?? 0, repeatIndex + 1));
  }

  /** What the file holds that this run did not ask for: whole entries (with their answers), and runs beyond those asked for. */
  staleness(): { requests: number; requestAnswers: number; extraRuns: number } {
    const stale = { requests: 0, requestAnswers: 0, extraRuns: 0 };
    for (const [key, entry] of this.entries) {
      const runs = this.used.get(key);
      if (runs === undefined) {
        stale.requests += 1;
        stale.requestAnswers += entry.responses.length;
      } else {
        stale.extraRuns += Math.max(0, entry.responses.length - runs);
      }
    }
    return stale;
  }

  /** Stores a live answer; an answer equal to the recorded one keeps the recorded bytes. */
  record(
    key: string,
    request: ModelRequest,
    testName: string,
    repeatIndex: number,
    response: ModelResponse,
    secrets: readonly string[],
  ): void {
    this.markUsed(key, repeatIndex);
    const answer = redactDeep(toRecorded(response), redactor(secrets));
    const meta = {
      test: testName,
      provider: request.provider,
      model: request.model,
      input: [...request.messages].reverse().find((message) => message.role === 'user')?.content ?? '',
    };
    const slot = this.fresh.get(key) ?? { meta, byRepeat: new Map<number, RecordedResponse>() };
    // Two tests may send the same request; the name kept must not depend on which finished first.
    if (meta.test < slot.meta.test) slot.meta = meta;
    const previous = this.entries.get(key)?.responses[repeatIndex];
    slot.byRepeat.set(repeatIndex, previous && sameAnswer(previous, answer) ? previous : answer);
    this.fresh.set(key, slot);
  }

  /** The entries of the file after this run, by key; `prune` drops entries the run did not use. */
  private entriesAfterRun(prune: boolean): Map<string, RecordingEntry> {
    const recordings = new Map<string, RecordingEntry>();
    const keys = new Set([...this.entries.keys(), ...this.fresh.keys()]);
    for (const key of keys) {
      const runs = this.used.get(key);
      if (prune && runs === undefined) continue;
      const existing = this.entries.get(key);
      const fresh = this.fresh.get(key);
      if (!fresh) {
        // Pruning also drops the runs no test asks for any more (a repeat count lowered).
        if (existing && prune && runs! < existing.responses.length)
          recordings.set(key, { ...existing, responses: existing.responses.slice(0, runs) });
        else if (existing) recordings.set(key, existing);
        continue;
      }
      const askedFor = Math.max(existing?.responses.length ?? 0, ...[...fresh.byRepeat.keys()].map((index) => index + 1));
      const length = prune ? Math.min(askedFor, runs!) : askedFor;
      const responses: RecordedResponse[] = [];
      for (let index = 0; index < length; index += 1) {
        const response = fresh.byRepeat.get(index) ?? existing?.responses[index];
        // A repeat that failed live leaves a hole; later answers move up rather than leave null.
        if (response) responses.push(response);
      }
      // An existing entry keeps its descriptive fields, so re-recording changes only answers.
      recordings.set(key, existing ? { ...existing, responses } : { ...fresh.meta, responses });
    }
    return recordings;
  }

  /**
   * The file's text after this run, entry by entry, with every secret blanked: exactly
   * `canonicalJson({ format, recordings }, 2)` and a newline, without building that string or
   * a copy of every entry (for a large folder, much of a recording run's peak; docs/speed.md).
   */
  private *pieces(recordings: Map<string, RecordingEntry>, secrets: readonly string[]): Generator<string> {
    const redact = redactor(secrets);
    const entries = [...recordings].map(([key, entry]): [string, RecordingEntry] => [redact(key), entry]);
    // canonicalJson's order: keys sorted after blanking, as sortKeys does.
    entries.sort(([a], [b]) => compareText(a, b));
    yield `{\n  "format": ${JSON.stringify(RECORDINGS_FORMAT)},\n  "recordings": {`;
    let first = true;
    for (const [key, entry] of entries) {
      // Nested two levels deep: every line of the entry after its first is indented by four.
      const text = canonicalJson(redactDeep(entry, redact), 2).replace(/\n/g, '\n    ');
      yield `${first ? '' : ','}\n    ${JSON.stringify(key)}: ${text}`;
      first = false;
    }
    yield first ? '}\n}\n' : '\n  }\n}\n';
  }

  /**
   * Writes the file when its content changed; returns whether it wrote. The text is hashed
   * first and written in a second pass, so it is never held whole.
   */
  async save(writeFile: WriteFile, options: { prune: boolean; secrets: readonly string[] }): Promise<boolean> {
    if (this.original === null) throw new Error(`${this.path} was loaded read-only and cannot be saved`);
    // Nothing recorded and nothing to prune: the file stays as it is, not even laid out anew
    // (an auto run that replayed everything writes nothing, and spends no time finding that out).
    if (!options.prune && this.fresh.size === 0) return false;
    // Nothing recorded and no file before: do not create an empty file.
    if (this.original === undefined && this.fresh.size === 0) return false;
    const recordings = this.entriesAfterRun(options.prune);
    const hash = createHash('sha256');
    for (const piece of this.pieces(recordings, options.secrets)) hash.update(piece);
    if (hash.digest('hex') === this.original) return false;
    await writeFile(this.path, this.pieces(recordings, options.secrets));
    return true;
  }
}

function digest(text: string): string {
  return hash('sha256', text, 'hex');
}

/** A response as recordings.json (and the answer cache) keep it. */
export function toRecorded(response: ModelResponse): RecordedResponse {
  return {
    text: response.text,
    model: response.model,
    usage: {
      inputTokens: response.usage.inputTokens,
      outputTokens: response.usage.outputTokens,
      cachedInputTokens: response.usage.cachedInputTokens,
      cacheWriteTokens: response.usage.cacheWriteTokens,
      ...(response.usage.cacheWrite1hTokens ? { cacheWrite1hTokens: response.usage.cacheWrite1hTokens } : {}),
      ...(response.usage.reasoningTokens ? { reasoningTokens: response.usage.reasoningTokens } : {}),
      ...(response.usage.unreported ? { unreported: true as const } : {}),
    },
    latencyMs: response.latencyMs,
    ...(response.finishReason !== undefined ? { finishReason: response.finishReason } : {}),
    ...(response.toolCalls?.length ? { toolCalls: response.toolCalls } : {}),
    ...(response.embeddings ? { embeddings: response.embeddings } : {}),
  };
}

/** A recorded answer as a response: a copy, with the stop reason in today's vocabulary. */
export function fromRecorded(recorded: RecordedResponse): ModelResponse {
  const finishReason = finishReasonOf(recorded.finishReason);
  return {
    text: recorded.text,
    model: recorded.model,
    usage: { ...recorded.usage },
    latencyMs: recorded.latencyMs,
    ...(finishReason ? { finishReason } : {}),
    ...(recorded.toolCalls?.length ? { toolCalls: recorded.toolCalls.map((call) => ({ ...call })) } : {}),
    ...(recorded.embeddings ? { embeddings: recorded.embeddings.map((vector) => [...vector]) } : {}),
  };
}
