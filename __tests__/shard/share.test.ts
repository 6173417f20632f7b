import { describe, expect, it } from '@jest/globals';
import { pairSuites } from '../../src/select/pairing.js';
import { planShards } from '../../src/shard/plan.js';
import { baseShare, headShare, shardPieces } from '../../src/shard/share.js';
import type { LoadedFolder, PromptFolder } from '../../src/load/types.js';

/** A loaded folder with just what sharding reads: path, id, version and test names in order. */
function folder(path: string, names: string[], version = 'v1'): LoadedFolder {
  const tests = names.map((name, index) => ({ name, input: name, vars: {}, assert: [], line: 2 + index * 3 }));
  return { ok: true, folder: { path, id: path.split('/')[1]!, version, tests } as unknown as PromptFolder, warnings: [] };
}
const names = (loaded: LoadedFolder) => (loaded.ok ? loaded.folder.tests.map((test) => test.name) : ['(failed to load)']);
const range = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);

describe('shard shares of head and base folders', () => {
  // Head: big has t1..t12 and a new test; the base had t1..t12 and two tests removed since.
  // v2 of the same prompt is new and compared with base big as well (a new version beside it).
  const head = [
    folder('prompts/big/v1', [...range('t', 12), 'added']),
    folder('prompts/big/v2', ['t1', 'only-in-v2'], 'v2'),
    folder('prompts/small/v1', ['s1']),
  ];
  const base = [folder('prompts/big/v1', ['gone-a', ...range('t', 12), 'gone-b']), folder('prompts/small/v1', ['s1', 's-gone'])];
  const pairs = pairSuites(
    head
      .map((loaded) => ({ path: loaded.ok ? loaded.folder.path : '', id: 'big', version: loaded.ok ? loaded.folder.version : '' }))
      .map((identity, index) => (index === 2 ? { ...identity, id: 'small' } : identity)),
    base.map((loaded, index) => ({ path: loaded.ok ? loaded.folder.path : '', id: index === 0 ? 'big' : 'small', version: 'v1' })),
  );

  it('runs every head test and every base test in exactly one shard, for any count', () => {
    expect(pairs.map((pair) => [pair.headPath, pair.basePath, pair.change])).toEqual([
      ['prompts/big/v1', 'prompts/big/v1', 'modified'],
      ['prompts/big/v2', 'prompts/big/v1', 'new-version'],
      ['prompts/small/v1', 'prompts/small/v1', 'modified'],
    ]);
    for (const count of [1, 2, 3, 5, 16, 20]) {
      const headRuns: string[] = [];
      const baseRuns: string[] = [];
      for (let index = 1; index <= count; index += 1) {
        const pieces = shardPieces(head, { index, count });
        for (const loaded of head) {
          const mine = pieces.get(loaded.ok ? loaded.folder.path : '');
          if (mine) headRuns.push(...names(headShare(loaded, mine)).map((name) => `${loaded.ok ? loaded.folder.path : ''}:${name}`));
        }
        for (const share of baseShare(base, head, pairs, pieces))
          baseRuns.push(...names(share).map((name) => `${share.ok ? share.folder.path : ''}:${name}`));
      }
      const all = (folders: LoadedFolder[]) =>
        folders.flatMap((loaded) => names(loaded).map((name) => `${loaded.ok ? loaded.folder.path : ''}:${name}`)).sort();
      expect({ count, runs: headRuns.sort() }).toEqual({ count, runs: all(head) });
      // Base big is split once (by its first head folder), not again for the new version.
      expect({ count, runs: baseRuns.sort() }).toEqual({ count, runs: all(base) });
    }
  });

  it("gives the removed base tests to the shard holding the head folder's first piece", () => {
    const plan = planShards(
      [
        { path: 'prompts/big/v1', testCount: 13 },
        { path: 'prompts/big/v2', testCount: 2 },
        { path: 'prompts/small/v1', testCount: 1 },
      ],
      3,
    );
    const firstShard = plan.findIndex((pieces) => pieces.some((piece) => piece.path === 'prompts/big/v1' && piece.first)) + 1;
    const pieces = shardPieces(head, { index: firstShard, count: 3 });
    const big = baseShare(base, head, pairs, pieces).find((share) => share.ok && share.folder.path === 'prompts/big/v1')!;
    expect(names(big)).toEqual(expect.arrayContaining(['gone-a', 'gone-b']));
  });

  it('runs a base test once when the head has its name twice, in different shards', () => {
    // The head's second "dup" is an errored duplicate (tests.yaml names are unique); the base's "dup" runs once.
    const dupHead = [folder('prompts/dup/v1', ['dup', 'a', 'dup'])];
    const dupBase = [folder('prompts/dup/v1', ['dup', 'a'])];
    const dupPairs = pairSuites(
      [{ path: 'prompts/dup/v1', id: 'dup', version: 'v1' }],
      [{ path: 'prompts/dup/v1', id: 'dup', version: 'v1' }],
    );
    const runs = [1, 2, 3].flatMap((index) =>
      baseShare(dupBase, dupHead, dupPairs, shardPieces(dupHead, { index, count: 3 })).flatMap((share) => names(share)),
    );
    expect(runs.sort()).toEqual(['a', 'dup']);
  });
});
