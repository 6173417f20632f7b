import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RUN_OPTIONS } from './flags.js';
import { UsageError, type CliIO } from './io.js';
import { report } from './report.js';

/** `promptgate merge FILE...`: joins the shards' results files; reports and exits as the unsharded run would. */
export async function mergeCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: RUN_OPTIONS });
  if (positionals.length === 0) throw new UsageError('merge needs the results files of every shard');
  if (!values.out) throw new UsageError('merge needs --out FILE for the merged results.json');
  const { mergeShards, readShardFiles } = await import('../shard/merge.js');
  const results = mergeShards(await readShardFiles(positionals.map((path) => resolve(io.cwd, path))));
  await report({ results, recordingsWritten: [] }, values, io);
  return results.gate.exitCode;
}
