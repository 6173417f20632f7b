import type { ShardSpec } from '../results/shard-record.js';

/** What the merge needs to know about each shard's results file before trusting it. */
export interface ShardedResults {
  /** Where the file came from, for messages (an artifact path). */
  file: string;
  shard?: ShardSpec;
  /** The head commit the shard ran. */
  ref?: string;
  base?: { ref: string };
  /** The settings and selection the shard ran with, as one comparable text. */
  setup?: string;
}

/**
 * Refuses a set of shard results that would not add up to one run: a file that is not a
 * shard's, shards of different counts, a shard missing or given twice, or shards that ran
 * different commits (a re-run of one job after a push). Returns every problem at once, each
 * naming the files involved, so a broken matrix is fixed in one go.
 */
export function checkShardSet(files: readonly ShardedResults[]): string[] {
  if (files.length === 0) return ['no results files to merge'];
  const problems: string[] = [];
  const unsharded = files.filter((file) => !file.shard);
  for (const file of unsharded) problems.push(`${file.file} is not a shard's results (it was not run with --shard I/N)`);
  const sharded = files.filter((file): file is ShardedResults & { shard: ShardSpec } => !!file.shard);
  if (sharded.length === 0) return problems;

  const counts = [...new Set(sharded.map((file) => file.shard.count))];
  if (counts.length > 1) {
    problems.push(
      `the shards were split different ways: ${sharded.map((file) => `${file.file} is ${file.shard.index}/${file.shard.count}`).join(', ')}`,
    );
    return problems;
  }
  const count = counts[0]!;
  for (let index = 1; index <= count; index += 1) {
    const same = sharded.filter((file) => file.shard.index === index);
    if (same.length === 0) problems.push(`shard ${index}/${count} is missing: every shard's results file is needed`);
    if (same.length > 1) problems.push(`shard ${index}/${count} was given twice: ${same.map((file) => file.file).join(', ')}`);
  }
  for (const [what, of] of [
    ['head commit', (file: ShardedResults) => file.ref ?? '(none)'],
    ['base commit', (file: ShardedResults) => file.base?.ref ?? '(none)'],
  ] as const) {
    const values = [...new Set(sharded.map(of))];
    if (values.length > 1) {
      problems.push(
        `the shards ran different ${what}s, so they are not one run: ${sharded.map((file) => `${file.file} ran ${of(file).slice(0, 12)}`).join(', ')}`,
      );
    }
  }
  if (problems.length === 0 && new Set(sharded.map((file) => file.setup)).size > 1) {
    problems.push(
      `the shards ran with different settings or prompt selections, so they are not one run: ${sharded.map((file) => file.file).join(', ')}`,
    );
  }
  return problems;
}
