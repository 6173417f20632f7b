import type { Diagnostic } from '../lib/diagnostics.js';
import type { BlockOn, FailOnRegression } from '../load/config.js';
import type { MetricDefinition } from '../load/metrics.js';
import type { SuitePair } from '../select/pairing.js';

/*
 * The `shard` block of results.json (part of the results model, model.ts): which share of a run
 * a file holds, what `promptgate merge` checks the shares against, and what it needs to build
 * the results of the unsharded run again. schemas/results.schema.json documents it.
 */

export interface ShardSpec {
  /** 1-based: shard 1 of 4 is `1/4`, as GitHub's matrix jobs are usually numbered. */
  index: number;
  count: number;
}

/** A share of one folder: tests [from, to) of the head folder, in tests.yaml order. */
export interface ShardPiece {
  path: string;
  from: number;
  to: number;
  /** The whole folder is in this shard. */
  whole: boolean;
  /** This piece starts at the folder's first test: it also runs what only the base has. */
  first: boolean;
}

/** A piece as a shard's results.json records it. */
export interface RecordedPiece extends ShardPiece {
  /** The names of tests [from, to), in tests.yaml order: the merge checks the shard ran exactly these. */
  testNames: string[];
}

/** A selected head folder as every shard of the run saw it. */
export interface ShardFolder {
  path: string;
  /** Its tests in tests.yaml; 0 when it could not be loaded (it then runs as one errored test). */
  testCount: number;
  /** SHA-256 (hex) of the JSON array of its test names in tests.yaml order: the pieces' names must add up to it. */
  testNamesSha256: string;
  /** Its success metrics: the merge measures the joined tests (and the base's, as one run does) with them. */
  metrics?: MetricDefinition[];
}

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
  pieces: RecordedPiece[];
  run: ShardRunFacts;
}

export interface ShardRunFacts {
  /** Every selected head folder's pairing with the base (not only this shard's). */
  pairs: SuitePair[];
  selectedPaths: string[];
  /** Every selected head folder, in path order (not only this shard's). */
  folders: ShardFolder[];
  roots: string[];
  changedOnly: boolean;
  /** Run-wide k-of-n: runs per test (N), and runs that must pass (K, which is N when not given). */
  repeat: number;
  minPass: number;
  maxCostIncreasePercent?: number;
  failOnRegression?: FailOnRegression;
  blockOn?: BlockOn;
  /** Run-level problems, before assembly adds its own. */
  diagnostics: Diagnostic[];
  blindSpots: Diagnostic[];
  /** Run-level notices, before the not-run ones (those are counted again from the merged tests). */
  notices: string[];
}
