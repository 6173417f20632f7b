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
import type { ShardPiece } from './results/shard-record.js';
import type { SuiteResult } from './results/model.js';
import { shardRecord } from './shard/record-run.js';
import { baseShare, headShare, shardPieces } from './shard/share.js';
import { type RepoConfig } from './load/config.js';
import { touchedByConfig } from './select/config-change.js';
import { secretsIn } from './lib/secrets.js';
import { endpointSecretSources } from './providers/from-env.js';

export { RESPONSE_MODES, type ResponseMode } from './providers/answer-source.js';
export { listPromptFolders } from './load/side.js';
export type { EngineOptions, EngineOutcome } from './engine/options.js';

/** Where the answer cache lives when nothing says otherwise, relative to the repository. */
export const DEFAULT_CACHE_DIR = '.promptgate/cache';

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
  // Peak memory of a large replayed run is mostly V8 growing its young generation (lib/heap.ts).
  // Not with live calls: there the small young generation promotes the SDK's short-lived
  // objects, and a large recorded run saved memory at a much higher CPU cost (docs/speed.md).
  if (!runners.callsProviders) keepYoungGenerationSmall();
  const base = await openBase(options.repoDir, options.baseRef, options.headRef, options.changes);
  try {
    const scope = changeScope(options, base);
    const head = await loadHead(headSource, options, scope, runners);
    const baseLoaded = base ? await loadBase(base, options) : undefined;
    // A promptgate.yaml change selects the folders whose requests it changes, known only now.
    if (scope.configChanged) {
      scope.alsoSelect(touchedByConfig(head.loaded, baseLoaded?.loaded, { head: options.settings.config, base: baseLoaded?.config }));
    }
    startSelectedHead(head, options, scope);
    const baseSide = base && baseLoaded ? startBase(base, baseLoaded.loaded, head, scope, runners) : undefined;
    const blindSpots = [...head.unmatchedRoots, ...unreadableChanges(scope.changes ?? [])];
    const headResult = await head.run.result();
    const baseRun = await baseSide?.run.result();
    const baseResult = baseRun && baseSide ? measureBaseWithHeadMetrics(head.loaded, baseRun, baseSide.pairs) : undefined;
    // A test that could not load asked for nothing: its folder's answers are not stale.
    const unprunable = new Set(headResult.suites.filter(notFullyLoaded).map((suite) => suite.path));
    const staleRecordings = options.prune ? await runners.staleRecordings(unprunable) : undefined;
    const recordingsWritten = await runners.saveRecordings(unprunable);
    const secrets = secretsIn(options.env, endpointSecretSources(options.settings.config.endpoints));
    const calls = runners.calls();
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
      blockOn: options.settings.blockOn,
    };
    const assembly: AssemblyInput = {
      facts,
      head: headResult,
      base: base && baseResult ? { commit: base.commit, run: baseResult } : undefined,
      pairs: baseSide?.pairs,
      selectedPaths,
      diagnostics: [...diagnostics, ...blindSpots],
      blindSpots,
      notices: [...scope.notices, ...runners.notices()],
      calls,
    };
    if (!options.shard || !head.pieces)
      return { results: concludeRun(assembly), recordingsWritten, secrets, ...(staleRecordings ? { staleRecordings } : {}) };
    const record = await shardRecord(options, options.shard, { loaded: head.loaded, pieces: head.pieces }, assembly);
    return {
      results: { ...concludeRun({ ...assembly, pairs: record.ownPairs }, { share: true }), shard: record.record },
      recordingsWritten,
      secrets,
    };
  } finally {
    base?.source.close();
  }
}

/** A suite with a test that could not load or render: the run does not know every request it makes. */
function notFullyLoaded(suite: SuiteResult): boolean {
  return (suite.diagnostics?.length ?? 0) > 0 || suite.tests.some((test) => test.errorKind === 'invalid-input');
}

/** Step 0: settings resolved once (flag or input, promptgate.yaml, default); frozen from here on. */
async function resolveOptions(
  request: EngineOptions,
  headSource: FileSource,
): Promise<{ options: ResolvedOptions; diagnostics: Diagnostic[] }> {
  const { settings, diagnostics } = await loadSettings(headSource, request);
  request.onSettings?.(settings);
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
    cacheDir: request.cacheDir,
    prune: request.prune,
    customChecks: request.customChecks,
    settings,
  };
  return { options: Object.freeze(options), diagnostics };
}

/**
 * Step 1: discover and load the head, starting each selected folder the moment it loads. Two
 * runs start later instead: a shard first needs every selected folder's size to know its share,
 * and a promptgate.yaml change needs the base's folders to know which folders it touches.
 */
async function loadHead(source: FileSource, options: ResolvedOptions, scope: ChangeScope, runners: SideRunners) {
  const side = await discoverSide(source, options.settings.config, options.settings.roots);
  const run = new SideRun(runners.head);
  const deferred = options.shard !== undefined || scope.configChanged;
  const loaded = await loadSide(side, (folder) => {
    if (!deferred && scope.isSelected(folder)) run.start(folder);
  });
  const head: HeadSide = { loaded, run, deferred, unmatchedRoots: side.diagnostics };
  return head;
}

interface HeadSide {
  loaded: LoadedFolder[];
  run: SideRun;
  /** The selected folders were not started as they loaded (see loadHead). */
  deferred: boolean;
  pieces?: Map<string, ShardPiece[]>;
  unmatchedRoots: Diagnostic[];
}

/** Starts the selected head folders a deferred head held back: a shard's share, or all of them. */
function startSelectedHead(head: HeadSide, options: ResolvedOptions, scope: ChangeScope): void {
  if (!head.deferred) return;
  const selected = head.loaded.filter(scope.isSelected);
  if (!options.shard) {
    for (const folder of selected) head.run.start(folder);
    return;
  }
  head.pieces = shardPieces(selected, options.shard);
  for (const folder of selected) {
    const mine = head.pieces.get(pathOf(folder));
    if (mine) head.run.start(headShare(folder, mine));
  }
}

/**
 * Step 2: the base as the base branch had it, its own promptgate.yaml included (a pull request
 * that changes the default model is compared with the old default).
 */
async function loadBase(base: BaseRef, options: ResolvedOptions): Promise<{ loaded: LoadedFolder[]; config: RepoConfig }> {
  const { settings: baseSettings } = await loadSettings(base.source, {});
  const side = await discoverSide(base.source, baseSettings.config, options.settings.roots);
  return { loaded: await loadSide(side), config: baseSettings.config };
}

/** Step 3: the base paired with the head, run for the folders some head folder is compared with. */
function startBase(base: BaseRef, baseLoaded: LoadedFolder[], head: HeadSide, scope: ChangeScope, runners: SideRunners) {
  const pairing = pairWithBase(head.loaded, scope, baseLoaded, base.changes);
  const run = new SideRun(runners.baseFrom(base.source));
  const toRun = head.pieces ? baseShare(pairing.toRun, head.loaded, pairing.pairs, head.pieces) : pairing.toRun;
  for (const folder of toRun) run.start(folder);
  return { run, pairs: pairing.pairs };
}
