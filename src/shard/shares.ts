import type { SuiteResult } from '../results/model.js';
import type { RecordedPiece, ShardFolder } from '../results/shard-record.js';
import type { SuitePair } from '../select/pairing.js';
import type { ShardFile } from './read.js';
import { testNamesDigest } from './record-run.js';

/*
 * Whether the shares of a set of shard files (one run: same count, commits and settings, which
 * check.ts has established) add up to that run exactly once:
 * - the pieces of all shards tile every selected head folder's tests [0, testCount) exactly
 *   once, and their test names add up to the folder's tests (shard.run.folders' digest);
 * - each shard's head suites hold exactly the tests its own pieces name, no test of a piece it
 *   does not hold, none missing;
 * - each shard's base suites hold only the base tests its pieces give it (those named like a
 *   test of its pieces, and the tests the head removed in the shard with the folder's first
 *   piece);
 * - after joining, no suite has a test name more often than its tests.yaml (head), or from
 *   more than one shard (base).
 * Every problem is returned, each naming the files and tests involved.
 */

/** A shard's file: one with a `shard` record (check.ts has refused any other). */
export type ShardedFile = ShardFile & { results: { shard: NonNullable<ShardFile['results']['shard']> } };
type Shard = ShardedFile;

/** Tests a folder's pieces cover, 1-based as a reader counts: "tests 1-6", "test 7". */
const span = (piece: { from: number; to: number }) =>
  piece.to - piece.from === 1 ? `test ${piece.to}` : piece.to === piece.from ? 'its load error' : `tests ${piece.from + 1}-${piece.to}`;
const key = (suite: SuiteResult) => JSON.stringify([suite.path, suite.provider, suite.model]);
const label = (suite: SuiteResult) => `${suite.path} (${suite.model})`;
const plural = (count: number) => (count === 1 ? 'once' : count === 2 ? 'twice' : `${count} times`);

/** A folder's tests as the pieces of all shards name them: by index, where each name first occurs, how often. */
interface FolderTests {
  names: (string | undefined)[];
  firstIndex: Map<string, number>;
  counts: Map<string, number>;
}
const NO_TESTS: FolderTests = { names: [], firstIndex: new Map(), counts: new Map() };

export function checkShares(shards: readonly Shard[]): string[] {
  const folders = new Map(shards[0]!.results.shard.run.folders.map((folder) => [folder.path, folder]));
  const problems = shards.flatMap((shard) => pieceProblems(shard, folders));
  const tests = new Map<string, FolderTests>();
  for (const folder of folders.values()) {
    const tiled = tiling(folder, shards);
    problems.push(...tiled.problems);
    const firstIndex = new Map<string, number>();
    const counts = new Map<string, number>();
    tiled.names.forEach((name, index) => {
      if (name === undefined) return;
      firstIndex.set(name, firstIndex.get(name) ?? index);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    });
    tests.set(folder.path, { names: tiled.names, firstIndex, counts });
  }
  // Every model's suite of a folder (a `models:` matrix runs one per model), from any shard.
  const models = new Map<string, Map<string, SuiteResult>>();
  for (const suite of shards.flatMap((shard) => shard.results.suites))
    models.set(suite.path, (models.get(suite.path) ?? new Map<string, SuiteResult>()).set(key(suite), suite));
  for (const shard of shards) problems.push(...headProblems(shard, tests, models), ...baseProblems(shard, tests));
  problems.push(...joinedDuplicates(shards, tests));
  return problems;
}

function pieceProblems(shard: Shard, folders: ReadonlyMap<string, ShardFolder>): string[] {
  return shard.results.shard.pieces.flatMap((piece) => {
    const folder = folders.get(piece.path);
    const where = `${shard.file} has a piece of ${piece.path} (from ${piece.from} to ${piece.to})`;
    if (!folder) return [`${where}, which is not a selected folder`];
    if (piece.from >= piece.to ? folder.testCount > 0 || piece.from !== 0 : piece.to > folder.testCount)
      return [`${where} outside its ${folder.testCount} tests`];
    if (piece.testNames.length !== piece.to - piece.from) return [`${where} that names ${piece.testNames.length} tests`];
    if (piece.first !== (piece.from === 0) || piece.whole !== (piece.from === 0 && piece.to === folder.testCount))
      return [`${where} marked ${piece.whole ? 'whole' : 'not whole'} and ${piece.first ? 'first' : 'not first'}, which it is not`];
    return [];
  });
}

/** Who ran each test of the folder, with a problem per range run by no shard or by several; and the names the pieces give. */
function tiling(folder: ShardFolder, shards: readonly Shard[]): { problems: string[]; names: (string | undefined)[] } {
  const size = Math.max(1, folder.testCount);
  const runBy: string[][] = Array.from({ length: size }, () => []);
  const names: (string | undefined)[] = new Array<string | undefined>(folder.testCount).fill(undefined);
  for (const shard of shards) {
    for (const piece of shard.results.shard.pieces) {
      if (piece.path !== folder.path) continue;
      const to = folder.testCount === 0 ? 1 : Math.min(piece.to, folder.testCount);
      for (let index = piece.from; index < to; index += 1) {
        runBy[index]!.push(shard.file);
        names[index] ??= piece.testNames[index - piece.from];
      }
    }
  }
  const problems: string[] = [];
  // Ranges of tests run by no shard, by one, or by several.
  const kind = (index: number) => Math.min(2, runBy[index]!.length);
  for (let start = 0; start < size;) {
    const holders = runBy[start]!;
    let end = start + 1;
    while (end < size && kind(end) === kind(start)) end += 1;
    const tests = folder.testCount === 0 ? 'its load error' : span({ from: start, to: end });
    if (holders.length === 0) problems.push(`${folder.path} ${tests} ${end - start === 1 ? 'was' : 'were'} run by no shard`);
    if (holders.length > 1) {
      const files = [...new Set(runBy.slice(start, end).flat())];
      problems.push(`${folder.path} ${tests} ${end - start === 1 ? 'was' : 'were'} run by more than one shard: ${files.join(', ')}`);
    }
    start = end;
  }
  if (problems.length === 0 && testNamesDigest(names as string[]) !== folder.testNamesSha256)
    problems.push(`the pieces of ${folder.path} name other tests than its tests.yaml has (as every shard recorded it)`);
  return { problems, names };
}

/** The pieces a shard holds of each folder. */
function piecesByPath(shard: Shard): Map<string, RecordedPiece[]> {
  const byPath = new Map<string, RecordedPiece[]>();
  for (const piece of shard.results.shard.pieces) byPath.set(piece.path, [...(byPath.get(piece.path) ?? []), piece]);
  return byPath;
}

const within = (pieces: readonly RecordedPiece[], index: number) => pieces.some((piece) => index >= piece.from && index < piece.to);

function headProblems(
  shard: Shard,
  tests: ReadonlyMap<string, FolderTests>,
  models: ReadonlyMap<string, ReadonlyMap<string, SuiteResult>>,
): string[] {
  const problems: string[] = [];
  const own = piecesByPath(shard);
  const suites = new Map(shard.results.suites.map((suite) => [key(suite), suite]));
  for (const suite of shard.results.suites) {
    if (!own.has(suite.path)) problems.push(`${shard.file} has results of ${suite.path}, a folder none of its pieces covers`);
  }
  for (const [path, pieces] of own) {
    const spans = pieces.map(span).join(', ');
    const matrix = [...(models.get(path)?.values() ?? [])];
    const lacking = matrix.filter((suite) => !suites.has(key(suite)));
    if (matrix.length === 0 || lacking.length === matrix.length) {
      problems.push(
        `${shard.file} lacks every test of ${path} that its ${pieces.length === 1 ? 'piece' : 'pieces'} (${spans}) ${pieces.length === 1 ? 'promises' : 'promise'}`,
      );
      continue;
    }
    for (const suite of lacking)
      problems.push(`${shard.file} lacks every test of ${label(suite)} that its pieces of ${path} (${spans}) promise`);
    const all = tests.get(path) ?? NO_TESTS;
    // A folder that could not be loaded has no test names: its one errored test stands for it.
    if (all.names.length === 0) continue;
    for (const suite of matrix.flatMap((each) => suites.get(key(each)) ?? [])) {
      const where = matrix.length > 1 ? label(suite) : path;
      const promised = new Map<string, number>();
      for (const name of pieces.flatMap((piece) => piece.testNames)) promised.set(name, (promised.get(name) ?? 0) + 1);
      for (const test of suite.tests) {
        const left = promised.get(test.name) ?? 0;
        if (left > 0) {
          promised.set(test.name, left - 1);
          continue;
        }
        const index = all.names.findIndex((name, at) => name === test.name && !within(pieces, at));
        problems.push(
          index < 0
            ? `${shard.file}: test "${test.name}" of ${where} is not a test of ${path} (as its pieces name them)`
            : `${shard.file}: test "${test.name}" of ${where} (test ${index + 1}) is outside its pieces (${pieces.map((piece) => `${path} ${span(piece)}`).join(', ')})`,
        );
      }
      for (const [name, left] of promised) {
        if (left === 0) continue;
        const piece = pieces.find((each) => each.testNames.includes(name))!;
        problems.push(`${shard.file} lacks test "${name}" of ${where} that its piece (${span(piece)}) promises`);
      }
    }
  }
  return problems;
}

/** The head folder whose pieces split a base folder: the first paired with it (as share.ts baseShare). */
function ownerOf(pairs: readonly SuitePair[], basePath: string): string | undefined {
  return pairs.find((pair) => pair.headPath && pair.basePath === basePath)?.headPath;
}

function baseProblems(shard: Shard, tests: ReadonlyMap<string, FolderTests>): string[] {
  const own = piecesByPath(shard);
  const pairs = shard.results.shard.run.pairs;
  return (shard.results.base?.suites ?? []).flatMap((suite) => {
    const owner = ownerOf(pairs, suite.path);
    const pieces = owner === undefined ? undefined : own.get(owner);
    if (owner === undefined || !pieces)
      return [`${shard.file} has base results of ${suite.path}, which none of its pieces is compared with`];
    const firstIndex = (tests.get(owner) ?? NO_TESTS).firstIndex;
    const holdsFirst = pieces.some((piece) => piece.first);
    return suite.tests.flatMap((test) => {
      // As share.ts baseShare: a base test runs where the head's test of its name first occurs; a removed one with the first piece.
      const index = firstIndex.get(test.name);
      const mine = index === undefined ? holdsFirst : within(pieces, index);
      return mine
        ? []
        : [
            `${shard.file}: base test "${test.name}" of ${suite.path} is outside its pieces (${pieces.map((piece) => `${owner} ${span(piece)}`).join(', ')})`,
          ];
    });
  });
}

function joinedDuplicates(shards: readonly Shard[], tests: ReadonlyMap<string, FolderTests>): string[] {
  const problems: string[] = [];
  const head = new Map<string, { suite: SuiteResult; counts: Map<string, number> }>();
  const base = new Map<string, { suite: SuiteResult; from: Map<string, Set<string>> }>();
  for (const shard of shards) {
    for (const suite of shard.results.suites) {
      const joined = head.get(key(suite)) ?? { suite, counts: new Map<string, number>() };
      for (const test of suite.tests) joined.counts.set(test.name, (joined.counts.get(test.name) ?? 0) + 1);
      head.set(key(suite), joined);
    }
    for (const suite of shard.results.base?.suites ?? []) {
      const joined = base.get(key(suite)) ?? { suite, from: new Map<string, Set<string>>() };
      for (const test of suite.tests) joined.from.set(test.name, (joined.from.get(test.name) ?? new Set()).add(shard.file));
      base.set(key(suite), joined);
    }
  }
  for (const { suite, counts } of head.values()) {
    const all = tests.get(suite.path) ?? NO_TESTS;
    for (const [name, count] of counts) {
      const expected = all.counts.get(name) ?? 0;
      if (count > Math.max(1, expected))
        problems.push(
          `${label(suite)} has test "${name}" ${count} times after the merge; ${expected === 0 ? 'its tests.yaml does not have it' : `its tests.yaml has it ${plural(expected)}`}`,
        );
    }
  }
  for (const { suite, from } of base.values()) {
    for (const [name, files] of from) {
      if (files.size > 1) problems.push(`base ${label(suite)} has test "${name}" from more than one shard: ${[...files].join(', ')}`);
    }
  }
  return problems;
}
