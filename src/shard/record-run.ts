import { createHash } from 'node:crypto';
import type { AssemblyInput } from '../results/assemble.js';
import { resolveRef } from '../git/git.js';
import type { LoadedFolder } from '../load/types.js';
import type { SuitePair } from '../select/pairing.js';
import type { RecordedPiece, ShardFolder, ShardPiece, ShardSpec, ShardRecord } from '../results/shard-record.js';

/** What a shard run knows that its record needs: where it ran, and its run-wide k-of-n. */
export interface ShardRunOptions {
  readonly repoDir: string;
  readonly headRef?: string | undefined;
  readonly settings: { readonly repeat: number; readonly minPass?: number | undefined };
}

/**
 * The shard block of a shard's results.json, and the pairs its own (partial) comparison uses:
 * those of the folders it ran, so a shard's file does not list other shards' folders as empty.
 *
 * Beyond its share, every shard records the same facts of the whole run: each selected head
 * folder's test count, a digest of its test names and its metrics, and the run-wide k-of-n. The
 * merge checks the shares against them (every test run exactly once, by the shard owning it)
 * and measures the joined tests with those metrics, as one unsharded run does.
 */
export async function shardRecord(
  options: ShardRunOptions,
  shard: ShardSpec,
  head: { readonly loaded: readonly LoadedFolder[]; readonly pieces: ReadonlyMap<string, ShardPiece[]> },
  assembly: AssemblyInput,
): Promise<{ record: ShardRecord; ownPairs: SuitePair[] }> {
  const commit = await checkedOutCommit(options.repoDir, options.headRef);
  const pairs = [...(assembly.pairs ?? [])];
  const baseRan = new Set(assembly.base?.run.suites.map((suite) => suite.path) ?? []);
  const ownPairs = pairs.filter(
    (pair) => (pair.headPath && head.pieces.has(pair.headPath)) || (pair.basePath && baseRan.has(pair.basePath)),
  );
  const selected = new Set(assembly.selectedPaths);
  const folders = head.loaded.filter((loaded) => selected.has(pathOf(loaded)));
  const testNames = new Map(folders.map((loaded) => [pathOf(loaded), loaded.ok ? loaded.folder.tests.map((test) => test.name) : []]));
  const record: ShardRecord = {
    index: shard.index,
    count: shard.count,
    ...(commit ? { commit } : {}),
    pieces: [...head.pieces.values()]
      .flat()
      .map((piece): RecordedPiece => ({ ...piece, testNames: (testNames.get(piece.path) ?? []).slice(piece.from, piece.to) })),
    run: {
      pairs,
      selectedPaths: [...assembly.selectedPaths],
      folders: folders.map((loaded) => shardFolder(loaded, testNames.get(pathOf(loaded))!)).sort(byPath),
      roots: [...assembly.facts.roots],
      changedOnly: assembly.facts.changedOnly,
      repeat: options.settings.repeat,
      // K defaults to N: recorded as it applies, so `--min-pass N` and no min-pass are one setting.
      minPass: options.settings.minPass ?? options.settings.repeat,
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

/** SHA-256 (hex) of a folder's test names in tests.yaml order, as results.json `shard.run.folders[].testNamesSha256`. */
export function testNamesDigest(names: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(names)).digest('hex');
}

const pathOf = (loaded: LoadedFolder) => (loaded.ok ? loaded.folder.path : loaded.path);
const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

function shardFolder(loaded: LoadedFolder, names: readonly string[]): ShardFolder {
  const metrics = loaded.ok ? loaded.folder.metrics : undefined;
  return {
    path: pathOf(loaded),
    testCount: names.length,
    testNamesSha256: testNamesDigest(names),
    ...(metrics ? { metrics: metrics.map((definition) => ({ ...definition })) } : {}),
  };
}

/** The commit the shard ran, so the merge can refuse shards of different pushes; none outside git. */
async function checkedOutCommit(repoDir: string, headRef: string | undefined): Promise<string | undefined> {
  try {
    return await resolveRef(repoDir, headRef ?? 'HEAD');
  } catch {
    return undefined;
  }
}
