import type { Summary, TestResult } from './model.js';

/**
 * The one decision of "not run": an error that means the test was never put to a model, rather
 * than run and broken: no recording to replay, no key to call live, or the job was cancelled
 * first. A side whose tests were all not run has no pass rate at all (null), never 0%. The
 * summary's counts, the gate's reasons and every renderer read this, and nothing else.
 */
export const NOT_RUN_KINDS: readonly string[] = ['missing-recording', 'no-credentials', 'cancelled'];

export function isNotRun(test: Pick<TestResult, 'status' | 'errorKind'> | undefined): boolean {
  return test !== undefined && test.status === 'error' && test.errorKind !== undefined && NOT_RUN_KINDS.includes(test.errorKind);
}

/** A test the cancellation cut short (one kind of not run). */
export function isCancelled(test: Pick<TestResult, 'status' | 'errorKind'>): boolean {
  return test.status === 'error' && test.errorKind === 'cancelled';
}

/** A side that has tests none of which ran: shown as "not run", never as 0%. */
export function didNotRun(summary: Pick<Summary, 'total' | 'passRate'> | undefined): boolean {
  return summary !== undefined && summary.total > 0 && summary.passRate === null;
}
