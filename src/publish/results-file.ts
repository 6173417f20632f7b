import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writePiecesAtomically } from '../lib/atomic-write.js';
import type { Diagnostic } from '../lib/diagnostics.js';
import { redactor } from '../lib/secrets.js';
import type { ShardRecord } from '../shard/record.js';
import type { Comparison } from '../results/compare.js';
import type { GateResult } from '../gate/decide.js';
import { resultsJsonPieces } from '../results/results-json.js';
import type { RunResult } from '../results/model.js';

/** results.json: documented by schemas/results.schema.json; other tools read these names. */
export interface ResultsFile extends RunResult {
  /** Bumped only on a breaking change to this shape. */
  schemaVersion: 1;
  tool: { name: 'promptgate'; version: string };
  generatedAt: string;
  /** Commit (or ref) the head results come from, when known. */
  ref?: string;
  responses: string;
  threshold: number;
  gate: GateResult;
  /** The job was cancelled: unfinished tests are errored with errorKind "cancelled". */
  cancelled?: boolean;
  /** Folder paths selected because the change touched them (or every folder). */
  changedPrompts: string[];
  base?: RunResult & { ref: string };
  comparison?: Comparison;
  diagnostics: Diagnostic[];
  notices: string[];
  /** Set by `test --shard I/N`: this file holds one share; `promptgate merge` joins them. */
  shard?: ShardRecord;
}

export async function writeTextFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/**
 * Written with every known secret redacted (error texts may quote what a server echoed), one
 * test per line (see results-json.ts), and streamed: each piece is redacted and written as it
 * is serialized. It goes to a temporary file renamed over the target, so a run killed while
 * writing (a second signal after a cancel) leaves the old file or the new one, never half.
 */
export async function writeResultsFile(path: string, results: ResultsFile, secrets: readonly string[]): Promise<void> {
  const redact = redactor(secrets);
  await writePiecesAtomically(path, redactedPieces(resultsJsonPieces(results), redact));
}

function* redactedPieces(pieces: Iterable<string>, redact: (text: string) => string): Generator<string, void, undefined> {
  for (const piece of pieces) yield redact(piece);
}
