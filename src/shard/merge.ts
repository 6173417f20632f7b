import { readFile } from 'node:fs/promises';
import { concludeRun } from '../gate/conclude.js';
import type { ResultsFile, RunCalls, RunResult, SuiteResult, TestResult } from '../results/model.js';
import { sumCallCounts } from '../providers/call-count.js';
import { summarize } from '../results/summarize.js';
import { checkShardSet } from './check.js';
import { compareText } from '../lib/text-order.js';

/**
 * `promptgate merge`: the shards' results files back into the results of one unsharded run.
 * Suites are joined by path and their tests put back in tests.yaml order; everything derived
 * (summaries, comparison, notices, gate) is computed again from the joined tests by the
 * engine's own assembly step, never added up from the shards' figures.
 */

/** The set of files cannot be merged; the message lists every problem. Exit status 2. */
export class MergeError extends Error {}

export interface ShardFile {
  /** Where it was read from, for messages. */
  file: string;
  results: ResultsFile;
}

export async function readShardFiles(paths: readonly string[]): Promise<ShardFile[]> {
  return Promise.all(
    paths.map(async (file) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new MergeError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      try {
        const results = JSON.parse(text) as ResultsFile;
        if (typeof results !== 'object' || results === null || !Array.isArray(results.suites)) throw new Error('no suites');
        return { file, results };
      } catch {
        throw new MergeError(`${file} is not a promptgate results.json`);
      }
    }),
  );
}

/** Refuses a set that is not one run, else joins it. */
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
  if (problems.length > 0) throw new MergeError(`cannot merge the shards:\n${problems.map((problem) => `- ${problem}`).join('\n')}`);
  const ordered = [...files].sort((a, b) => a.results.shard!.index - b.results.shard!.index);
  const first = ordered[0]!.results;
  const run = first.shard!.run;
  const baseRuns = ordered.flatMap(({ results }) => (results.base ? [results.base] : []));
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
    head: joinRuns(ordered.map(({ results }) => results.suites)),
    base: first.base ? { commit: first.base.ref, run: joinRuns(baseRuns.map((base) => base.suites)) } : undefined,
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
function setupOf(results: ResultsFile): string {
  const { shard } = results;
  return JSON.stringify([results.tool.version, results.responses, results.threshold, shard?.run ?? null]);
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

/** tests.yaml order: line, then name (a folder that failed to load has no line). */
function inFileOrder(a: TestResult, b: TestResult): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
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
