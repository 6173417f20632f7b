import { preview } from '../report/console.js';
import type { ResultsFile } from '../report/results-file.js';

export interface Annotation {
  file: string;
  startLine?: number;
  title: string;
  message: string;
}

/** GitHub shows at most 10 error annotations per step; the rest would be dropped silently. */
export const MAX_ERROR_ANNOTATIONS = 10;

/**
 * One error annotation per failing or errored test, on its tests.yaml line (paths relative to
 * the repository root, as GitHub expects), plus one per input problem. Beyond the limit a
 * last annotation says how many more there are.
 */
export function buildAnnotations(results: ResultsFile, limit = MAX_ERROR_ANNOTATIONS): Annotation[] {
  const all: Annotation[] = [];
  for (const diagnostic of results.diagnostics) {
    all.push({
      file: diagnostic.file,
      ...(diagnostic.line ? { startLine: diagnostic.line } : {}),
      title: 'promptgate: input problem',
      message: diagnostic.field ? `${diagnostic.field}: ${diagnostic.message}` : diagnostic.message,
    });
  }
  for (const suite of results.suites) {
    for (const test of suite.tests) {
      if (test.status === 'passed') continue;
      const failed = test.checks.filter((check) => !check.passed);
      const detail =
        test.status === 'error'
          ? `error: ${test.error ?? 'no answer'}`
          : failed.map((check) => `${check.name}: expected ${preview(check.expected, 80)}, got ${preview(check.actual, 80)}`).join('; ');
      all.push({
        file: suite.testsFile ?? `${suite.path}/tests.yaml`,
        ...(test.line !== undefined ? { startLine: test.line } : {}),
        title: `promptgate: ${test.status === 'error' ? 'test errored' : 'test failed'}`,
        message: preview(`${test.name}${test.flaky ? ' [flaky]' : ''} — ${detail}`, 600),
      });
    }
  }
  if (all.length <= limit) return all;
  const shown = all.slice(0, limit - 1);
  shown.push({
    file: shown[0]?.file ?? 'tests.yaml',
    title: 'promptgate: more problems',
    message: `${all.length - shown.length} more failing tests or input problems are listed in the job summary and results.json.`,
  });
  return shown;
}
