import type { ResultsFile } from '../results/model.js';
import type { Summary, TestResult } from '../results/model.js';

/**
 * The renderers' reading of fields that other parts of the results model add: the engine's
 * "not run" (Summary.notRun, passRate null, results.cancelled) and the providers' per-test
 * finishReason, servedModel and toolCalls. Read here, in one place, as optional, so the
 * renderers work with results files written before and after those fields exist.
 */

/** A summary as the renderers read it: passRate is null when tests exist but none ran. */
export type SummaryView = Omit<Summary, 'passRate'> & { passRate: number | null; notRun?: number };

export interface ToolCallView {
  name: string;
  arguments: unknown;
}

export type TestView = TestResult & {
  finishReason?: string;
  servedModel?: string;
  toolCalls?: ToolCallView[];
};

/** The pass rate, or null when the side did not run (no recording, no key, or cancelled). */
export function passRateOf(summary: Summary | SummaryView | undefined): number | null {
  if (!summary) return null;
  const view = summary as SummaryView;
  if (view.passRate === null || view.passRate === undefined) return null;
  // Written before `passRate: null` existed: every test counted as not run is still not run.
  if (view.total > 0 && (view.notRun ?? 0) >= view.total) return null;
  return view.passRate;
}

export function notRunOf(summary: Summary | SummaryView | undefined): number {
  return (summary as SummaryView | undefined)?.notRun ?? 0;
}

/** A side that exists but did not run: shown as "not run", never as 0%. */
export function didNotRun(summary: Summary | SummaryView | undefined): boolean {
  return summary !== undefined && passRateOf(summary) === null && summary.total > 0;
}

export function wasCancelled(results: ResultsFile): boolean {
  return (results as ResultsFile & { cancelled?: boolean }).cancelled === true;
}

/** Tests the cancellation cut short: errored as "cancelled" by the engine. */
export function isCancelledTest(test: TestResult): boolean {
  return test.status === 'error' && (test.errorKind === 'cancelled' || /^cancell?ed\b/i.test(test.error ?? ''));
}

export function testView(test: TestResult): TestView {
  return test as TestView;
}

/** Error kinds that mean the test was never put to a model: nothing was judged. */
const NOT_RUN_KINDS = new Set(['missing-recording', 'no-credentials', 'cancelled', 'not-run']);

/** A test that did not run (no recording, no key, cancelled): not a result to compare with. */
export function isNotRunTest(test: TestResult | undefined): boolean {
  return test !== undefined && test.status === 'error' && (NOT_RUN_KINDS.has(test.errorKind ?? '') || isCancelledTest(test));
}
