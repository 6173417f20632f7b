import { describe, expect, it } from '@jest/globals';
import { renderComment, renderJobSummary } from '../../src/render/comment.js';
import { renderConsole } from '../../src/render/console.js';
import { renderJUnit } from '../../src/render/junit.js';
import { savedOutput } from '../support/outputs.js';
import { FIXTURE_CONTEXT, FIXTURE_MARKER, loadReportFixture } from '../support/report-fixture.js';

/**
 * Whole rendered reports from one fixture results file, in the style of dorny/test-reporter:
 * each is kept as the file it is (__outputs__/fixture-comment.md, …), so a reviewer of a renderer
 * change reads the before/after as a diff of the comment itself. The focused assertions in
 * comment.test.ts and renderers.test.ts say what each part must do; these say nothing changed
 * by accident. Update with `UPDATE_OUTPUTS=1 npm test` after reading the diff.
 */
describe('rendered reports of the fixture results file', () => {
  const results = loadReportFixture();
  const output = (name: string, text: string) => expect(text).toBe(savedOutput(new URL(`__outputs__/${name}`, import.meta.url), text));

  it('PR comment', () => output('fixture-comment.md', renderComment(results, { ...FIXTURE_CONTEXT, marker: FIXTURE_MARKER })));

  it('job summary', () => output('fixture-job-summary.md', renderJobSummary(results, FIXTURE_CONTEXT)));

  it('console', () => output('fixture-console.txt', renderConsole(results, { color: false })));

  it('JUnit XML', () => output('fixture-junit.xml', renderJUnit(results)));
});
