import type { MetricDefinition } from '../load/metrics.js';

/*
 * The shard part of results.json (`shard`, model.ts ShardRecord): which share of a run a file
 * holds, and what `promptgate merge` checks the shares against. schemas/results.schema.json
 * documents it.
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
