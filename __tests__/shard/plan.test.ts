import { describe, expect, it } from '@jest/globals';
import { parseShard, planShard, planShards, type ShardUnit } from '../../src/shard/plan.js';

const units: ShardUnit[] = [
  { path: 'prompts/b', testCount: 3 },
  { path: 'prompts/a', testCount: 5 },
  { path: 'prompts/huge', testCount: 40 },
  { path: 'prompts/broken', testCount: 0 },
  { path: 'prompts/c', testCount: 2 },
];

/** Every (folder, test index) a plan runs, as strings, so overlaps and gaps are visible. */
function covered(plan: ReturnType<typeof planShards>): string[] {
  return plan
    .flat()
    .flatMap((piece) =>
      piece.to === piece.from
        ? [`${piece.path}#load`]
        : Array.from({ length: piece.to - piece.from }, (_, i) => `${piece.path}#${piece.from + i}`),
    );
}

describe('shard plan', () => {
  it('covers every test exactly once for any shard count', () => {
    const expected = units.flatMap((unit) =>
      unit.testCount === 0 ? [`${unit.path}#load`] : Array.from({ length: unit.testCount }, (_, i) => `${unit.path}#${i}`),
    );
    for (const count of [1, 2, 3, 4, 7, 60]) {
      const all = covered(planShards(units, count));
      expect([...all].sort()).toEqual([...expected].sort());
    }
  });

  it('keeps small folders whole and cuts a folder bigger than one share', () => {
    const plan = planShards(units, 4);
    const pieces = plan.flat();
    for (const path of ['prompts/a', 'prompts/b', 'prompts/c', 'prompts/broken']) {
      const own = pieces.filter((piece) => piece.path === path);
      expect(own).toHaveLength(1);
      expect(own[0]!.whole).toBe(true);
    }
    const huge = pieces.filter((piece) => piece.path === 'prompts/huge');
    expect(huge.length).toBeGreaterThan(1);
    expect(huge.filter((piece) => piece.first)).toHaveLength(1);
    expect(huge.every((piece) => !piece.whole)).toBe(true);
  });

  it('balances the shares within one piece of each other', () => {
    const loads = planShards(units, 4).map((pieces) => pieces.reduce((sum, piece) => sum + Math.max(1, piece.to - piece.from), 0));
    // 51 units in 4 shares of at most 13: the largest piece is 13, so no share exceeds 13 + 13.
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(13);
    expect(loads.reduce((a, b) => a + b, 0)).toBe(51);
  });

  it('gives the same plan whatever order the folders were listed in', () => {
    const shuffled = [units[3]!, units[0]!, units[4]!, units[2]!, units[1]!];
    expect(planShards(shuffled, 3)).toEqual(planShards(units, 3));
    expect(planShard(units, { index: 2, count: 3 })).toEqual(planShards(units, 3)[1]);
  });

  it('leaves a shard empty when there are fewer tests than shards', () => {
    const plan = planShards([{ path: 'p', testCount: 1 }], 3);
    expect(plan.map((pieces) => pieces.length)).toEqual([1, 0, 0]);
  });

  it('parses I/N and refuses what is not a share', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    expect(() => parseShard('0/4')).toThrow('shard index must be from 1 to 4, got 0');
    expect(() => parseShard('5/4')).toThrow('shard index must be from 1 to 4, got 5');
    expect(() => parseShard('2')).toThrow('shard must look like I/N');
    expect(() => parseShard('1/0')).toThrow('shard count must be from 1 to 256');
  });
});
