import { concludeRun } from '../gate/conclude.js';
import type { LoadedFolder, PromptFolder } from '../load/types.js';
import { measureBaseWithHeadMetrics } from '../results/base-metrics.js';
import { computeMetrics, metricSamples } from '../results/metrics.js';
import type { ResultsFile, RunCalls, RunResult, SuiteResult, TestResult } from '../results/model.js';
import type { ShardFolder } from '../results/shard-record.js';
import { sumCallCounts } from '../providers/call-count.js';
import { summarize } from '../results/summarize.js';
import { checkShardSet, type SetupPart } from './check.js';
import { mergeError, type ShardFile } from './read.js';
import { checkShares, type ShardedFile } from './shares.js';
import { statusContradiction } from './status.js';
import { compareText } from '../lib/text-order.js';

export { MergeCancelled, MergeError, readShardFiles, type ShardFile } from './read.js';

/**
 * `promptgate merge`: the shards' results files back into the results of one unsharded run.
 * Suites are joined by path and their tests put back in tests.yaml order; everything derived
 * (summaries, metrics, comparison, notices, gate) is computed again from the joined tests by
 * the engine's own steps, never taken or added up from the shards' figures.
 *
 * Nothing is joined that is not one run: read.ts has checked each file is a results.json;
 * check.ts that the files are every shard of one run (same commits, settings, selection);
 * shares.ts that their tests are exactly the tests each shard owns; status.ts that every
 * test's status agrees with its checks. Every problem is named; exit status 2.
 */
export function mergeShards(files: readonly ShardFile[]): ResultsFile {
  const problems = checkShardSet(
    files.map(({ file, results }) => ({
      file,
      ...(results.shard ? { shard: { index: results.shard.index, count: results.shard.count } } : {}),
      ...((results.shard?.commit ?? results.ref) ? { ref: results.shard?.commit ?? results.ref } : {}),
      ...(results.base ? { base: { ref: results.base.ref } } : {}),
      setup: setupOf(results),
    })),
  );
  const ordered = [...files].sort((a, b) => (a.results.shard?.index ?? 0) - (b.results.shard?.index ?? 0));
  // The shares are compared only within one run: across runs every test would be "outside".
  if (problems.length === 0) problems.push(...checkShares(ordered as ShardedFile[]));
  problems.push(...files.flatMap(statusProblems));
  if (problems.length > 0) throw mergeError(problems);

  const first = ordered[0]!.results;
  const run = first.shard!.run;
  const baseRuns = ordered.flatMap(({ results }) => (results.base ? [results.base] : []));
  const base = first.base ? joinRuns(baseRuns.map((side) => side.suites)) : undefined;
  return concludeRun({
    facts: {
      toolVersion: first.tool.version,
      headRef: first.ref,
      responses: first.responses,
      threshold: first.threshold,
      roots: run.roots,
      changedOnly: run.changedOnly,
      cancelled: ordered.some(({ results }) => results.cancelled === true),
      maxCostIncreasePercent: run.maxCostIncreasePercent,
      failOnRegression: run.failOnRegression,
      blockOn: run.blockOn,
    },
    head: measureHead(joinRuns(ordered.map(({ results }) => results.suites)), run.folders),
    // As one run measures the base: with the head's metrics (results/base-metrics.ts).
    base:
      first.base && base
        ? { commit: first.base.ref, run: measureBaseWithHeadMetrics(metricFolders(run.folders), base, run.pairs) }
        : undefined,
    pairs: run.pairs,
    selectedPaths: run.selectedPaths,
    diagnostics: run.diagnostics,
    blindSpots: run.blindSpots,
    notices: run.notices,
    calls: mergedCalls(ordered.map(({ results }) => results.calls)),
  });
}

/**
 * What must be the same in every shard for them to be one run, beyond the commits: the
 * settings and the selection (a shard started with other inputs ran another run).
 */
function setupOf(results: ResultsFile): SetupPart[] {
  if (!results.shard) return [];
  const { repeat, minPass, selectedPaths, folders, ...rest } = results.shard.run;
  const tests = folders.reduce((sum, folder) => sum + folder.testCount, 0);
  return [
    { what: 'promptgate versions', value: results.tool.version, shown: results.tool.version },
    { what: 'response modes', value: results.responses, shown: results.responses },
    { what: 'thresholds', value: String(results.threshold), shown: String(results.threshold) },
    { what: 'repeat / min-pass', value: `${repeat}/${minPass}`, shown: `repeat ${repeat}, min-pass ${minPass}` },
    {
      what: 'prompt folders or tests',
      value: JSON.stringify([selectedPaths, folders]),
      shown: `${folders.length} ${folders.length === 1 ? 'folder' : 'folders'}, ${tests} ${tests === 1 ? 'test' : 'tests'}`,
    },
    { what: 'settings', value: JSON.stringify(rest) },
  ];
}

/** `file: base? path (model) test "name" is …` for each test whose status contradicts its checks. */
function statusProblems({ file, results }: ShardFile): string[] {
  const sides: [string, readonly SuiteResult[]][] = [
    ['', results.suites],
    ['base ', results.base?.suites ?? []],
  ];
  return sides.flatMap(([side, suites]) =>
    suites.flatMap((suite) =>
      suite.tests.flatMap((test) => {
        const problem = statusContradiction(test);
        return problem === undefined ? [] : [`${file}: ${side}${suite.path} (${suite.model}) test "${test.name}" ${problem}`];
      }),
    ),
  );
}

/** The head's metrics measured over the joined tests, with the definitions every shard recorded. */
function measureHead(head: RunResult, folders: readonly ShardFolder[]): RunResult {
  const definitions = new Map(folders.flatMap((folder) => (folder.metrics ? [[folder.path, folder.metrics] as const] : [])));
  const suites = head.suites.map((suite) => {
    const { metrics: _shards, ...rest } = suite;
    const metrics = definitions.get(suite.path);
    // Spread over the suite, a shard's metrics key keeps its place in results.json.
    return metrics ? { ...suite, metrics: computeMetrics(metrics, metricSamples(suite.tests)) } : rest;
  });
  return { ...head, suites };
}

/**
 * The recorded folders as base-metrics.ts reads head folders: their path and metrics, which is
 * all it reads (so the base is measured by the very code one run uses).
 */
function metricFolders(folders: readonly ShardFolder[]): LoadedFolder[] {
  return folders.flatMap((folder) =>
    folder.metrics ? [{ ok: true, folder: { path: folder.path, metrics: folder.metrics } as PromptFolder, warnings: [] }] : [],
  );
}

/**
 * One side's suites from every shard, joined by folder and model (a `models:` matrix runs one
 * suite per model), in the order one run reports them.
 */
function joinRuns(shards: readonly SuiteResult[][]): RunResult {
  const bySuite = new Map<string, SuiteResult[]>();
  for (const suite of shards.flat()) {
    const key = JSON.stringify([suite.path, suite.provider, suite.model]);
    bySuite.set(key, [...(bySuite.get(key) ?? []), suite]);
  }
  const suites = [...bySuite.values()].map(joinSuite);
  // As SideRun reports them: folder order.
  suites.sort((a, b) => compareText(a.path, b.path));
  return { summary: summarize(suites.flatMap((suite) => suite.tests)), suites };
}

function joinSuite(pieces: SuiteResult[]): SuiteResult {
  const tests = pieces.flatMap((piece) => piece.tests).sort(inFileOrder);
  // Folder-level fields (ids, model, load warnings) are the same in every piece of a folder;
  // spreading the first keeps results.json's key order.
  return { ...pieces[0]!, summary: summarize(tests), tests };
}

/** tests.yaml order: line, then a data file's rows in order, then name (a folder that failed to load has no line). */
function inFileOrder(a: TestResult, b: TestResult): number {
  return (
    (a.line ?? 0) - (b.line ?? 0) || (a.dataRow?.line ?? 0) - (b.dataRow?.line ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

/** Every shard's requests, added up: each shard made its own calls (none made them twice). */
function mergedCalls(shards: readonly (RunCalls | undefined)[]): RunCalls | undefined {
  const present = shards.filter((calls): calls is RunCalls => calls !== undefined);
  if (present.length === 0) return undefined;
  return {
    head: sumCallCounts(present.map((calls) => calls.head)),
    base: sumCallCounts(present.map((calls) => calls.base)),
    judge: sumCallCounts(present.map((calls) => calls.judge)),
  };
}
