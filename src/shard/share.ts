import type { LoadedFolder } from '../load/types.js';
import { planShard } from './plan.js';
import type { SuitePair } from '../select/pairing.js';
import type { ShardPiece, ShardSpec } from '../results/shard-record.js';

/**
 * Turns a shard's plan into the folders it runs: the head folders cut to its pieces, and the
 * base folders cut to the matching tests, so that over all shards every head test and every
 * base test runs exactly once (and the merge can rebuild one run from them).
 */

const pathOf = (loaded: LoadedFolder) => (loaded.ok ? loaded.folder.path : loaded.path);

/** This shard's pieces of the selected head folders, grouped by folder. */
export function shardPieces(selected: readonly LoadedFolder[], shard: ShardSpec): Map<string, ShardPiece[]> {
  const units = selected.map((loaded) => ({ path: pathOf(loaded), testCount: loaded.ok ? loaded.folder.tests.length : 0 }));
  const byPath = new Map<string, ShardPiece[]>();
  for (const piece of planShard(units, shard)) byPath.set(piece.path, [...(byPath.get(piece.path) ?? []), piece]);
  return byPath;
}

/** A head folder with only the tests of its pieces (a folder that failed to load runs whole). */
export function headShare(loaded: LoadedFolder, pieces: readonly ShardPiece[]): LoadedFolder {
  if (!loaded.ok) return loaded;
  const tests = loaded.folder.tests.filter((_, index) => pieces.some((piece) => index >= piece.from && index < piece.to));
  return { ...loaded, folder: { ...loaded.folder, tests } };
}

/**
 * The base folders this shard runs, each cut to the tests matching its head pieces.
 *
 * A base folder is owned by the first head folder paired with it (a base folder can be the
 * comparison of two head folders: the same path and a new version beside it), so it is split
 * once. It runs the base tests named like a test of the owner's pieces here, plus, in the
 * shard holding the owner's first piece, the tests the head no longer has (removed tests). A
 * name the head has twice (the second is an errored duplicate) counts where it first occurs,
 * so its base test still runs once.
 */
export function baseShare(
  base: readonly LoadedFolder[],
  head: readonly LoadedFolder[],
  pairs: readonly SuitePair[],
  pieces: ReadonlyMap<string, readonly ShardPiece[]>,
): LoadedFolder[] {
  const headByPath = new Map(head.map((loaded) => [pathOf(loaded), loaded]));
  const shares: LoadedFolder[] = [];
  for (const loaded of base) {
    const owner = pairs.find((pair) => pair.headPath && pair.basePath === pathOf(loaded))?.headPath;
    const mine = owner ? pieces.get(owner) : undefined;
    if (!owner || !mine || mine.length === 0) continue;
    const holdsFirst = mine.some((piece) => piece.first);
    const headFolder = headByPath.get(owner);
    if (!loaded.ok) {
      if (holdsFirst) shares.push(loaded);
      continue;
    }
    const headTests = headFolder?.ok ? headFolder.folder.tests : [];
    const firstIndex = new Map<string, number>();
    headTests.forEach((test, index) => firstIndex.set(test.name, firstIndex.get(test.name) ?? index));
    const tests = loaded.folder.tests.filter((test) => {
      const index = firstIndex.get(test.name);
      return index === undefined ? holdsFirst : mine.some((piece) => index >= piece.from && index < piece.to);
    });
    shares.push({ ...loaded, folder: { ...loaded.folder, tests } });
  }
  return shares;
}
