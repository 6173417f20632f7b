import { readFileSync } from 'node:fs';
import { commentMarker } from '../../src/render/comment.js';
import type { ResultsFile } from '../../src/results/model.js';

/**
 * A whole results file, as the engine writes it, for the renderers' snapshot and rendering
 * tests: a new prompt version that regresses (one answer cut off at max_tokens and served by
 * a dated model, one hostile answer that tries to ping, link, inject HTML, forge the marker,
 * break the table and run a workflow command), a folder that improves, a folder whose base
 * did not run (no recordings), a folder the PR adds, a tool-call answer, a removed folder.
 */
export const FIXTURE_PATH = new URL('../fixtures/report-results.json', import.meta.url);

export function loadReportFixture(): ResultsFile {
  return JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as ResultsFile;
}

export const FIXTURE_MARKER = commentMarker('');

export const FIXTURE_CONTEXT = {
  repositoryUrl: 'https://github.com/acme/support-bot',
  headSha: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
  runUrl: 'https://github.com/acme/support-bot/actions/runs/42',
};
