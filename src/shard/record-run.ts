import type { AssemblyInput } from '../results/assemble.js';
import { resolveRef } from '../git/git.js';
import type { SuitePair } from '../select/pairing.js';
import type { ShardPiece, ShardSpec, ShardRecord } from '../results/shard-record.js';

/**
 * The shard block of a shard's results.json, and the pairs its own (partial) comparison uses:
 * those of the folders it ran, so a shard's file does not list other shards' folders as empty.
 */
export async function shardRecord(
  options: { readonly repoDir: string; readonly headRef?: string | undefined },
  shard: ShardSpec,
  pieces: ReadonlyMap<string, ShardPiece[]>,
  assembly: AssemblyInput,
): Promise<{ record: ShardRecord; ownPairs: SuitePair[] }> {
  const commit = await checkedOutCommit(options.repoDir, options.headRef);
  const pairs = [...(assembly.pairs ?? [])];
  const baseRan = new Set(assembly.base?.run.suites.map((suite) => suite.path) ?? []);
  const ownPairs = pairs.filter((pair) => (pair.headPath && pieces.has(pair.headPath)) || (pair.basePath && baseRan.has(pair.basePath)));
  const record: ShardRecord = {
    index: shard.index,
    count: shard.count,
    ...(commit ? { commit } : {}),
    pieces: [...pieces.values()].flat(),
    run: {
      pairs,
      selectedPaths: [...assembly.selectedPaths],
      roots: [...assembly.facts.roots],
      changedOnly: assembly.facts.changedOnly,
      ...(assembly.facts.maxCostIncreasePercent !== undefined ? { maxCostIncreasePercent: assembly.facts.maxCostIncreasePercent } : {}),
      ...(assembly.facts.failOnRegression !== undefined ? { failOnRegression: assembly.facts.failOnRegression } : {}),
      ...(assembly.facts.blockOn !== undefined && assembly.facts.blockOn !== 'all' ? { blockOn: assembly.facts.blockOn } : {}),
      diagnostics: [...assembly.diagnostics],
      blindSpots: [...assembly.blindSpots],
      notices: [...assembly.notices],
    },
  };
  return { record, ownPairs };
}

/** The commit the shard ran, so the merge can refuse shards of different pushes; none outside git. */
async function checkedOutCommit(repoDir: string, headRef: string | undefined): Promise<string | undefined> {
  try {
    return await resolveRef(repoDir, headRef ?? 'HEAD');
  } catch {
    return undefined;
  }
}
