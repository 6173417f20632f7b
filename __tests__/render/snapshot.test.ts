import { describe, expect, it } from '@jest/globals';
import { renderComment, renderJobSummary } from '../../src/render/comment.js';
import { renderConsole } from '../../src/render/console.js';
import { renderJUnit } from '../../src/render/junit.js';
import { FIXTURE_CONTEXT, FIXTURE_MARKER, loadReportFixture } from '../support/report-fixture.js';

/**
 * Whole rendered reports from one fixture results file, in the style of dorny/test-reporter:
 * a reviewer of a renderer change sees the full before/after in the snapshot diff. The focused
 * assertions in comment.test.ts and renderers.test.ts say what each part must do; these say
 * nothing changed by accident. Update with `npm test -- -u` after reading the diff.
 */
describe('rendered reports of the fixture results file', () => {
  const results = loadReportFixture();

  it('PR comment', () => {
    expect(renderComment(results, { ...FIXTURE_CONTEXT, marker: FIXTURE_MARKER })).toMatchSnapshot();
  });

  it('job summary', () => {
    expect(renderJobSummary(results, FIXTURE_CONTEXT)).toMatchSnapshot();
  });

  it('console', () => {
    expect(renderConsole(results, { color: false })).toMatchSnapshot();
  });

  it('JUnit XML', () => {
    expect(renderJUnit(results)).toMatchSnapshot();
  });
});
