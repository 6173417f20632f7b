import { readFileSync } from 'node:fs';
import { commentMarker } from '../../src/render/comment.js';
import type { ResultsFile } from '../../src/results/model.js';

/**
 * The saved results of issue 22's review scenario (review-scenario.ts builds them with the real
 * engine; review-scenario.test.ts checks the engine still does) and the context the action
 * renders its comment with, for the rendering tests and the browser checks.
 */
export const REVIEW_FIXTURE_PATH = new URL('../fixtures/review-results.json', import.meta.url);

export function loadReviewFixture(): ResultsFile {
  return JSON.parse(readFileSync(REVIEW_FIXTURE_PATH, 'utf8')) as ResultsFile;
}

export const REVIEW_CONTEXT = {
  marker: commentMarker(''),
  repositoryUrl: 'https://github.com/acme/support-bot',
  headSha: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
  runUrl: 'https://github.com/acme/support-bot/actions/runs/42',
  reportUrl: 'https://github.com/acme/support-bot/actions/runs/42#artifacts',
};

/** Latencies are the only figures that differ between two runs of the scenario: set to 0 to compare. */
export function withoutLatencies(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLatencies);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [
      key,
      /latency/i.test(key) ? JSON.parse(JSON.stringify(entry ?? null).replace(/-?\d+(\.\d+)?/g, '0')) : withoutLatencies(entry),
    ]),
  );
}
