import type { FailOnRegression } from '../load/settings.js';
import type { Diagnostic } from '../lib/diagnostics.js';
import type { SuitePair } from '../results/compare.js';
import type { ShardPiece } from './plan.js';

/**
 * What a shard's results.json records beyond its own share: which share it ran, and the facts
 * of the whole run (the same in every shard of one run) that `promptgate merge` needs to build
 * the unsharded results again through the engine's own assembly step.
 */
export interface ShardRecord {
  /** 1-based, as in `--shard 2/3`. */
  index: number;
  count: number;
  /** The commit checked out when the shard ran; shards of different commits are not merged. */
  commit?: string;
  /** The pieces of head folders this shard ran: tests [from, to) in tests.yaml order. */
  pieces: ShardPiece[];
  run: ShardRunFacts;
}

export interface ShardRunFacts {
  /** Every selected head folder's pairing with the base (not only this shard's). */
  pairs: SuitePair[];
  selectedPaths: string[];
  roots: string[];
  changedOnly: boolean;
  maxCostIncreasePercent?: number;
  failOnRegression?: FailOnRegression;
  /** Run-level problems, before assembly adds its own. */
  diagnostics: Diagnostic[];
  blindSpots: Diagnostic[];
  /** Run-level notices, before the not-run ones (those are counted again from the merged tests). */
  notices: string[];
}
