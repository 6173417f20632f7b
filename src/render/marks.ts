import { didNotRun } from '../results/not-run.js';
import type { SuiteComparison, SuiteVerdict, Summary } from '../results/model.js';

/** What a row needs to be marked: its change, its head figures and the gate's verdict. */
export interface Markable {
  change?: SuiteComparison['change'] | undefined;
  head?: Summary | undefined;
  verdict?: SuiteVerdict | undefined;
}

export type RowState = 'failing' | 'not-run' | 'noted' | 'removed' | 'passing' | 'unjudged';

/**
 * The row's mark, from the gate's verdict of its suite: blocking (❌, or ⏸️ when it is blocked
 * because nothing ran), failing without blocking (⚠️: a candidate model, or failures already
 * on the base under block-on: regressions), passed (✅). A results file written before verdicts
 * existed has none: its rows get no mark rather than one this renderer made up.
 */
export function stateOf(row: Markable): RowState {
  if (row.change === 'removed') return 'removed';
  const { verdict } = row;
  if (!verdict) return 'unjudged';
  if (verdict.reasons.length > 0) return didNotRun(row.head) ? 'not-run' : 'failing';
  return verdict.passed ? 'passing' : 'noted';
}

export const ICON: Record<RowState, string> = { failing: '❌', 'not-run': '⏸️', noted: '⚠️', removed: '🗑️', passing: '✅', unjudged: '·' };
