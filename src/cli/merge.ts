import { parseArgs } from 'node:util';
import { RUN_OPTIONS } from './flags.js';
import { UsageError, type CliIO } from './io.js';
import { report } from './report.js';

/**
 * `promptgate merge FILE...`: joins the shards' results files; reports and exits as the unsharded
 * run would. A set that is not one run exits 2 with every problem named, and writes nothing. On
 * SIGINT / SIGTERM before the merge is done it stops, writes nothing, and runCli exits 130 / 143.
 */
export async function mergeCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: RUN_OPTIONS });
  if (positionals.length === 0) throw new UsageError('merge needs the results files of every shard');
  if (!values.out) throw new UsageError('merge needs --out FILE for the merged results.json');
  const { MergeCancelled, mergeShards, readShardFiles } = await import('../shard/merge.js');
  const results = mergeShards(await readShardFiles(positionals, { cwd: io.cwd, signal: io.signal }));
  if (io.signal?.aborted) throw new MergeCancelled(io.signal);
  await report({ results, recordingsWritten: [] }, values, io);
  return results.gate.exitCode;
}
