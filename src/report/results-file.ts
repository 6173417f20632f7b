import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { redact } from '../secrets.js';
import type { ShardRecord } from '../shard/record.js';
import type { Comparison } from './compare.js';
import type { GateResult } from './gate.js';
import type { RunResult } from './types.js';

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

/** Written with every known secret redacted: error texts may quote what a server echoed. */
export async function writeResultsFile(path: string, results: ResultsFile, secrets: readonly string[]): Promise<void> {
  await writeTextFile(path, redact(`${JSON.stringify(results, null, 2)}\n`, secrets));
}
