import { preview } from '../render/console.js';
import type { ResultsFile } from '../results/model.js';
import { cutAt, normaliseHead } from '../render/text.js';

/**
 * Error annotations: results in, annotations out (pure; main.ts hands them to core.error).
 * The annotation sink shows plain text, and @actions/core escapes `%`, CR and LF of the
 * message, so a message cannot end the command; escapeAnnotation bounds untrusted text and
 * strips what would still mislead a reader there: ANSI, control characters, bidi overrides.
 */

export interface Annotation {
  file: string;
  startLine?: number;
  title: string;
  message: string;
}

/** GitHub shows at most 10 error annotations per step; the rest would be dropped silently. */
export const MAX_ERROR_ANNOTATIONS = 10;

/** GitHub cuts annotation messages at 64 KB; a reviewer reads a few lines. */
const MAX_MESSAGE = 1_000;

/** The annotation sink's escaper: untrusted text, line breaks kept, bounded. */
export function escapeAnnotation(text: string, maxLength = MAX_MESSAGE): string {
  const plain = normaliseHead(text, maxLength).trim();
  return plain.length > maxLength ? `${cutAt(plain, maxLength - 1)}…` : plain;
}

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
      message: escapeAnnotation(diagnostic.field ? `${diagnostic.field}: ${diagnostic.message}` : diagnostic.message),
    });
  }
  for (const suite of results.suites) {
    for (const test of suite.tests) {
      if (test.status === 'passed') continue;
      const failed = test.checks.filter((check) => !check.passed);
      const detail =
        test.status === 'error'
          ? `error: ${preview(test.error ?? 'no answer', 400)}`
          : failed
              .map((check) => `${preview(check.name, 120)}: expected ${preview(check.expected, 80)}, got ${preview(check.actual, 80)}`)
              .join('; ');
      all.push({
        // A test read from a data file is annotated on its row there.
        file: test.dataRow?.file ?? suite.testsFile ?? `${suite.path}/tests.yaml`,
        ...(test.dataRow ? { startLine: test.dataRow.line } : test.line !== undefined ? { startLine: test.line } : {}),
        title: `promptgate: ${test.status === 'error' ? 'test errored' : 'test failed'}`,
        message: escapeAnnotation(`${preview(test.name, 200)}${test.flaky ? ' [flaky]' : ''} — ${detail}`, 600),
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
