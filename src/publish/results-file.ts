import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writePiecesAtomically } from '../lib/atomic-write.js';
import { redactor } from '../lib/secrets.js';
import type { ResultsFile } from '../results/model.js';
import { resultsJsonPieces } from '../results/results-json.js';

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
