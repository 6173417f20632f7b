/**
 * Which share of the selected tests one shard job runs (`--shard I/N`, action input `shard`).
 *
 * The plan depends only on the head's selection (folder paths and their tests, in order), which
 * every shard job of one workflow run computes identically from the same commit, so the N shares
 * are disjoint and together cover every test exactly once without the jobs talking to each other.
 *
 * Folders stay whole where they can (a folder's tests share a system prompt and recordings file,
 * and a reviewer reads a folder as one thing); a folder bigger than one share is cut into chunks
 * of at most one share. Pieces are then dealt largest first to the least loaded shard, ties to the
 * lower shard number, which keeps shares within one piece of each other and is deterministic.
 */

import type { ShardSpec, ShardPiece } from '../results/shard-record.js';

/** A selected head folder: its path and how many tests it has (0 for a folder that failed to load). */
export interface ShardUnit {
  path: string;
  testCount: number;
}

/** The largest shard count accepted: far beyond any matrix GitHub runs (256 jobs). */
const MAX_SHARDS = 256;

/** Parses `I/N` with 1 ≤ I ≤ N; the message says what was wrong, for a CLI flag or an input. */
export function parseShard(text: string): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new Error(`shard must look like I/N (e.g. 2/4), got "${text}"`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) throw new Error(`shard count must be from 1 to ${MAX_SHARDS}, got ${count}`);
  if (index < 1 || index > count) throw new Error(`shard index must be from 1 to ${count}, got ${index}`);
  return { index, count };
}

/** Every shard's pieces, in folder order within each shard. `plan[i]` is shard i + 1. */
export function planShards(units: readonly ShardUnit[], count: number): ShardPiece[][] {
  const total = units.reduce((sum, unit) => sum + Math.max(1, unit.testCount), 0);
  const share = Math.max(1, Math.ceil(total / count));
  const pieces: ShardPiece[] = [];
  const sorted = [...units].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const unit of sorted) {
    // A folder with no runnable test (one that failed to load) still needs a home: its error
    // is reported by exactly one shard.
    const size = Math.max(1, unit.testCount);
    if (size <= share) {
      pieces.push({ path: unit.path, from: 0, to: unit.testCount, whole: true, first: true });
      continue;
    }
    for (let from = 0; from < size; from += share) {
      pieces.push({ path: unit.path, from, to: Math.min(size, from + share), whole: false, first: from === 0 });
    }
  }
  const load = new Array<number>(count).fill(0);
  const shards: ShardPiece[][] = Array.from({ length: count }, () => []);
  const bySize = pieces
    .map((piece, order) => ({ piece, order, size: Math.max(1, piece.to - piece.from) }))
    .sort((a, b) => b.size - a.size || a.order - b.order);
  for (const { piece, size } of bySize) {
    let target = 0;
    for (let shard = 1; shard < count; shard += 1) if (load[shard]! < load[target]!) target = shard;
    shards[target]!.push(piece);
    load[target]! += size;
  }
  const order = new Map(pieces.map((piece, index) => [piece, index]));
  return shards.map((list) => list.sort((a, b) => order.get(a)! - order.get(b)!));
}

/** The pieces of one shard. */
export function planShard(units: readonly ShardUnit[], shard: ShardSpec): ShardPiece[] {
  return planShards(units, shard.count)[shard.index - 1]!;
}
