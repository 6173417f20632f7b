import { describe, expect, it } from '@jest/globals';
import { checkShardSet, type ShardedResults } from '../../src/shard/check.js';

const shard = (index: number, count: number, ref = 'aaaa', base = 'bbbb'): ShardedResults => ({
  file: `shard-${index}/results.json`,
  shard: { index, count },
  ref,
  base: { ref: base },
});

describe('checking a set of shard results', () => {
  it('accepts every shard of one run, in any order', () => {
    expect(checkShardSet([shard(2, 3), shard(3, 3), shard(1, 3)])).toEqual([]);
  });

  it('names a missing shard and a shard given twice', () => {
    expect(checkShardSet([shard(1, 3), shard(1, 3), shard(3, 3)])).toEqual([
      'shard 1/3 was given twice: shard-1/results.json, shard-1/results.json',
      "shard 2/3 is missing: every shard's results file is needed",
    ]);
  });

  it('refuses shards from different commits, naming each file and commit', () => {
    const problems = checkShardSet([shard(1, 2, 'aaaa'), shard(2, 2, 'cccc')]);
    expect(problems).toEqual([
      'the shards ran different head commits, so they are not one run: shard-1/results.json ran aaaa, shard-2/results.json ran cccc',
    ]);
    expect(checkShardSet([shard(1, 2, 'aaaa', 'b1'), shard(2, 2, 'aaaa', 'b2')])[0]).toContain('different base commits');
  });

  it('refuses shards split different ways and files that are not shards', () => {
    expect(checkShardSet([shard(1, 2), shard(2, 3)])[0]).toContain('split different ways');
    expect(checkShardSet([{ file: 'results.json', ref: 'aaaa' }])).toEqual([
      "results.json is not a shard's results (it was not run with --shard I/N)",
    ]);
    expect(checkShardSet([])).toEqual(['no results files to merge']);
  });

  it('names each setting the shards differ in, repeat / min-pass among them', () => {
    const setup = (repeat: number, minPass: number, selection = 'a') => [
      { what: 'repeat / min-pass', value: `${repeat}/${minPass}`, shown: `repeat ${repeat}, min-pass ${minPass}` },
      { what: 'prompt folders or tests', value: selection },
    ];
    expect(
      checkShardSet([
        { ...shard(1, 2), setup: setup(3, 2) },
        { ...shard(2, 2), setup: setup(3, 2) },
      ]),
    ).toEqual([]);
    expect(
      checkShardSet([
        { ...shard(1, 2), setup: setup(3, 2) },
        { ...shard(2, 2), setup: setup(3, 3, 'b') },
      ]),
    ).toEqual([
      'the shards ran with different repeat / min-pass, so they are not one run: shard-1/results.json: repeat 3, min-pass 2; shard-2/results.json: repeat 3, min-pass 3',
      'the shards ran with different prompt folders or tests, so they are not one run: shard-1/results.json, shard-2/results.json',
    ]);
  });
});
