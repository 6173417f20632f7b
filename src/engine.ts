import { keepYoungGenerationSmall } from './lib/heap.js';
import { startRegexRun } from './lib/regex-sandbox.js';
import { loadSettings } from './load/settings.js';
import { createWorkTreeSource, type FileSource } from './load/files/file-source.js';
import { unreadableChanges } from './select/changed.js';
import type { LoadedFolder } from './load/types.js';
import type { Diagnostic } from './lib/diagnostics.js';
import { type AssemblyInput, type RunFacts } from './results/assemble.js';
import { discoverSide, loadSide, pathOf } from './load/side.js';
import { concludeRun } from './gate/conclude.js';
import { openBase, type BaseRef } from './select/base.js';
import type { EngineOptions, EngineOutcome, ResolvedOptions } from './engine/options.js';
import { createSideRunners, SideRun, type SideRunners } from './run/sides.js';
import { changeScope, pairWithBase, type ChangeScope } from './select/scope.js';
import { measureBaseWithHeadMetrics } from './results/base-metrics.js';
import type { ShardPiece } from './results/model.js';
import { shardRecord } from './shard/record-run.js';
import { baseShare, headShare, shardPieces } from './shard/share.js';

export { RESPONSE_MODES, type ResponseMode } from './providers/answer-source.js';
export { listPromptFolders } from './load/side.js';
export type { EngineOptions, EngineOutcome } from './engine/options.js';

/**
 * The whole engine, shared by the CLI and the action. It reads as DESIGN's data flow:
 * settings → load the head (running each selected folder as it loads) → load the base, pair
 * and run it → results → compare → gate. I/O stays at the edges it is handed (repoDir, env).
 */
export async function runEngine(request: EngineOptions): Promise<EngineOutcome> {
  // The regex budget is the run's (lib/regex-sandbox.ts): a pattern that timed out before does not fail this run.
  startRegexRun();
  const headSource = createWorkTreeSource(request.repoDir);
  const { options, diagnostics } = await resolveOptions(request, headSource);
  const runners = createSideRunners(options, headSource);
  // Peak memory at 20,000 replayed tests is mostly V8 growing its young generation (lib/heap.ts).
  // Not with live calls: there the small young generation promotes the SDK's short-lived
  // objects, and 20,000 recorded calls took 19 → 26 s of CPU for 527 → 401 MB.
  if (!runners.callsProviders) keepYoungGenerationSmall();
  const base = await openBase(options.repoDir, options.baseRef, options.headRef, options.changes);
  try {
    const scope = changeScope(options, base);
    const head = await startHead(headSource, options, scope, runners);
    const baseSide = base ? await startBase(base, options, head, scope, runners) : undefined;
    const blindSpots = [...head.unmatchedRoots, ...unreadableChanges(scope.changes ?? [])];
    const headResult = await head.run.result();
    const baseRun = await baseSide?.run.result();
    const baseResult = baseRun && baseSide ? measureBaseWithHeadMetrics(head.loaded, baseRun, baseSide.pairs) : undefined;
    const recordingsWritten = await runners.saveRecordings();
    const selectedPaths = head.loaded.filter(scope.isSelected).map(pathOf);
    const facts: RunFacts = {
      toolVersion: options.toolVersion,
      headRef: options.headRef,
      responses: options.settings.responses,
      threshold: options.settings.threshold,
      roots: options.settings.roots,
      changedOnly: options.changedOnly === true,
      cancelled: options.signal?.aborted === true,
      maxCostIncreasePercent: options.settings.maxCostIncreasePercent,
      failOnRegression: options.settings.failOnRegression,
    };
    const assembly: AssemblyInput = {
      facts,
      head: headResult,
      base: base && baseResult ? { commit: base.commit, run: baseResult } : undefined,
      pairs: baseSide?.pairs,
      selectedPaths,
      diagnostics: [...diagnostics, ...blindSpots],
      blindSpots,
      notices: scope.notices,
    };
    if (!options.shard || !head.pieces) return { results: concludeRun(assembly), recordingsWritten };
    const record = await shardRecord(options, options.shard, head.pieces, assembly);
    return {
      results: { ...concludeRun({ ...assembly, pairs: record.ownPairs }, { share: true }), shard: record.record },
      recordingsWritten,
    };
  } finally {
    base?.source.close();
  }
}

/** Step 0: settings resolved once (flag or input, promptgate.yaml, default); frozen from here on. */
async function resolveOptions(
  request: EngineOptions,
  headSource: FileSource,
): Promise<{ options: ResolvedOptions; diagnostics: Diagnostic[] }> {
  const { settings, diagnostics } = await loadSettings(headSource, request);
  // The requested settings stay behind: from here on only `settings` says what they are.
  const options: ResolvedOptions = {
    repoDir: request.repoDir,
    baseRef: request.baseRef,
    headRef: request.headRef,
    changedOnly: request.changedOnly,
    changes: request.changes,
    env: request.env,
    toolVersion: request.toolVersion,
    signal: request.signal,
    onTestDone: request.onTestDone,
    onWarning: request.onWarning,
    shard: request.shard,
    settings,
  };
  return { options: Object.freeze(options), diagnostics };
}

/**
 * Step 1: discover and load the head, starting each selected folder the moment it loads. A
 * shard first needs every selected folder's size to know its share, so it starts after loading.
 */
async function startHead(source: FileSource, options: ResolvedOptions, scope: ChangeScope, runners: SideRunners) {
  const side = await discoverSide(source, options.settings.config, options.settings.roots);
  const run = new SideRun(runners.head);
  const loaded = await loadSide(side, (folder) => {
    if (scope.isSelected(folder) && !options.shard) run.start(folder);
  });
  let pieces: Map<string, ShardPiece[]> | undefined;
  if (options.shard) {
    const selected = loaded.filter(scope.isSelected);
    pieces = shardPieces(selected, options.shard);
    for (const folder of selected) {
      const mine = pieces.get(pathOf(folder));
      if (mine) run.start(headShare(folder, mine));
    }
  }
  return { loaded, run, pieces, unmatchedRoots: side.diagnostics };
}

/**
 * Step 2: the base as the base branch had it, its own promptgate.yaml included (a pull request
 * that changes the default model is compared with the old default), paired with the head and
 * run for the folders some head folder is compared with.
 */
async function startBase(
  base: BaseRef,
  options: ResolvedOptions,
  head: { loaded: LoadedFolder[]; pieces?: Map<string, ShardPiece[]> | undefined },
  scope: ChangeScope,
  runners: SideRunners,
) {
  const { settings: baseSettings } = await loadSettings(base.source, {});
  const side = await discoverSide(base.source, baseSettings.config, options.settings.roots);
  const pairing = pairWithBase(head.loaded, scope, await loadSide(side), base.changes);
  const run = new SideRun(runners.baseFrom(base.source));
  const toRun = head.pieces ? baseShare(pairing.toRun, head.loaded, pairing.pairs, head.pieces) : pairing.toRun;
  for (const folder of toRun) run.start(folder);
  return { run, pairs: pairing.pairs };
}
