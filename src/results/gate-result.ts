import type { BlockOn } from '../load/config.js';

/**
 * The one verdict of a run. Every surface (exit code, step outcome, comment heading, each row's
 * mark, release tags) reads it; none judges again.
 */
export interface GateResult {
  passed: boolean;
  threshold: number;
  /** One sentence per reason the gate failed (each blocks), naming the folder, model and figures. */
  reasons: string[];
  /** 0 passed, 1 blocked, 2 nothing could be judged (bad input or usage). */
  exitCode: 0 | 1 | 2;
  /** What blocks: every failure (`all`, the default), or only new ones (`regressions`). */
  blockOn?: BlockOn;
  /** Failures shown but not blocking: a candidate model's, or failures already on the base under `block-on: regressions`. */
  notes?: string[];
  /** The verdict of each head suite (folder × model), in the order of `suites`. */
  suites?: SuiteVerdict[];
}

export interface SuiteVerdict {
  path: string;
  provider: string;
  model: string;
  /** Every rule held. */
  passed: boolean;
  /** The suite's own blocking reasons (each also in GateResult.reasons). */
  reasons: string[];
  /** Its failures that do not block (each also in GateResult.notes). */
  notes?: string[];
  /** A candidate model (`gate: false`): shown and compared, never blocking. */
  candidate?: true;
}
