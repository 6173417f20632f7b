import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
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
  /** Folder paths selected because the change touched them (or every folder). */
  changedPrompts: string[];
  base?: RunResult & { ref: string };
  comparison?: Comparison;
  diagnostics: Diagnostic[];
  notices: string[];
}

export async function writeTextFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

export async function writeResultsFile(path: string, results: ResultsFile): Promise<void> {
  await writeTextFile(path, `${JSON.stringify(results, null, 2)}\n`);
}
