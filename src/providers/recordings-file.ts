import { InputError } from '../lib/diagnostics.js';
import { isRecord } from './payload.js';
import type { ProviderName, ToolCall, Usage } from './types.js';

/**
 * The recordings.json format, and reading it: every way a file can be broken is an InputError
 * naming the file and the line or field.
 */

export const RECORDINGS_FORMAT = 'promptgate-recordings/1';

export interface RecordedResponse {
  text: string;
  model: string;
  usage: Usage;
  latencyMs: number;
  /** Stop | length | refusal | tool_calls | content_filter | other (older files: the provider's word). */
  finishReason?: string;
  toolCalls?: ToolCall[];
  /** An embedding request's vectors (the `similar` check), one per text. */
  embeddings?: number[][];
}

export interface RecordingEntry {
  /** The test that made the request (informative: the key is the request itself). */
  test: string;
  provider: ProviderName;
  model: string;
  /** The last user message, so a reviewer can see what was asked. */
  input: string;
  /** Index n answers run n of the test (repeat n); a replay asking for a run not recorded is told to record it, never given another run's answer. */
  responses: RecordedResponse[];
}

export interface RecordingsFile {
  format: typeof RECORDINGS_FORMAT;
  recordings: Record<string, RecordingEntry>;
}

export function parseRecordings(path: string, text: string): Map<string, RecordingEntry> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError({ file: path, line: lineOfJsonError(reason, text), message: `not valid JSON: ${reason}` });
  }
  const fail = (message: string, field?: string): never => {
    throw new InputError({ file: path, ...(field ? { field } : {}), message });
  };
  if (!isRecord(data)) return fail('expected an object with "format" and "recordings"');
  if (data.format !== RECORDINGS_FORMAT) {
    return fail(`unsupported format ${JSON.stringify(data.format)}, expected "${RECORDINGS_FORMAT}"`, 'format');
  }
  if (!isRecord(data.recordings)) return fail('"recordings" must be an object', 'recordings');
  const entries = new Map<string, RecordingEntry>();
  // Plain loops: a replay checks every recorded answer of every folder before its first test.
  const recordings = data.recordings;
  for (const key of Object.keys(recordings)) {
    const entry = recordings[key];
    if (!isRecord(entry) || !Array.isArray(entry.responses)) return fail('expected an entry with "responses"', `recordings.${key}`);
    const responses: unknown[] = entry.responses;
    for (let index = 0; index < responses.length; index += 1) {
      if (!isRecordedResponse(responses[index])) {
        fail(
          'expected { text, model, usage: { inputTokens, outputTokens, cachedInputTokens, cacheWriteTokens }, latencyMs }',
          `recordings.${key}.responses[${index}]`,
        );
      }
    }
    entries.set(key, entry as unknown as RecordingEntry);
  }
  return entries;
}

function isRecordedResponse(value: unknown): value is RecordedResponse {
  if (!isRecord(value) || typeof value.text !== 'string' || typeof value.model !== 'string') return false;
  if (typeof value.latencyMs !== 'number') return false;
  if (value.embeddings !== undefined && !(Array.isArray(value.embeddings) && value.embeddings.every((vector) => Array.isArray(vector))))
    return false;
  const usage = value.usage;
  return (
    isRecord(usage) &&
    typeof usage.inputTokens === 'number' &&
    typeof usage.outputTokens === 'number' &&
    typeof usage.cachedInputTokens === 'number' &&
    typeof usage.cacheWriteTokens === 'number'
  );
}

/** JSON.parse says `... (line 3 column 5)` or `... at position 42`; either gives a line. */
function lineOfJsonError(message: string, text: string): number | undefined {
  const line = /line (\d+)/.exec(message);
  if (line?.[1]) return Number(line[1]);
  const position = /position (\d+)/.exec(message);
  if (position?.[1]) return text.slice(0, Number(position[1])).split('\n').length;
  return undefined;
}
