import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writePiecesAtomically } from '../lib/atomic-write.js';
import type { ResultsFile } from '../results/model.js';
import { resultsJsonPieces } from '../results/results-json.js';

export async function writeTextFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/**
 * One test per line (see results-json.ts), streamed: each piece is written as it is serialized.
 * It goes to a temporary file renamed over the target, so a run killed while writing (a second
 * signal after a cancel) leaves the old file or the new one, never half. The results come
 * redacted from the sink (sinks.ts).
 */
export async function writeResultsFile(path: string, results: ResultsFile): Promise<void> {
  await writePiecesAtomically(path, resultsJsonPieces(results));
}
