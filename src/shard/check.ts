import type { ShardSpec } from '../results/shard-record.js';

/** What the merge needs to know about each shard's results file before trusting it. */
export interface ShardedResults {
  /** Where the file came from, for messages (an artifact path). */
  file: string;
  shard?: ShardSpec;
  /** The head commit the shard ran. */
  ref?: string;
  base?: { ref: string };
  /** What must be the same in every shard of one run, each by what a message calls it. */
  setup?: SetupPart[];
}

/** One part of a shard's setup: `value` compares; `shown` (when short enough to read) is what a message shows. */
export interface SetupPart {
  /** In words, plural: "repeat / min-pass", "prompt folders or tests". */
  what: string;
  value: string;
  shown?: string;
}

/**
 * Refuses a set of shard results that would not add up to one run: a file that is not a
 * shard's, shards of different counts, a shard missing or given twice, shards that ran
 * different commits (a re-run of one job after a push), or with different settings (repeat and
 * min-pass among them) or selections. Returns every problem at once, each naming the files
 * involved, so a broken matrix is fixed in one go.
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
  const whats = [...new Set(sharded.flatMap((file) => (file.setup ?? []).map((part) => part.what)))];
  for (const what of whats) {
    const parts = sharded.map((file) => ({ file: file.file, part: file.setup?.find((each) => each.what === what) }));
    if (new Set(parts.map(({ part }) => part?.value)).size <= 1) continue;
    const shown = parts.every(({ part }) => part?.shown !== undefined)
      ? parts.map(({ file, part }) => `${file}: ${part!.shown!}`).join('; ')
      : parts.map(({ file }) => file).join(', ');
    problems.push(`the shards ran with different ${what}, so they are not one run: ${shown}`);
  }
  return problems;
}
