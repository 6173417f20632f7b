import { compareRuns, type Comparison } from './report/compare.js';
import { decideGate } from './report/gate.js';
import { loadSettings } from './settings.js';
import { createWorkTreeSource } from './suite/file-source.js';
import { unreadableChanges } from './suite/select.js';
import type { FileSource, LoadedFolder } from './suite/types.js';
import type { Diagnostic } from './diagnostics.js';
import { assembleResults } from './engine/assemble.js';
import { discoverSide, loadSide, openBase, pathOf, type BaseRef } from './engine/load-side.js';
import type { EngineOptions, EngineOutcome, ResolvedOptions } from './engine/options.js';
import { createSideRunners, SideRun, type SideRunners } from './engine/run-sides.js';
import { changeScope, pairWithBase, type ChangeScope } from './engine/select.js';
import { measureBaseWithHeadMetrics } from './engine/base-metrics.js';

export { RESPONSE_MODES, type ResponseMode } from './providers/answer-source.js';
export { listPromptFolders } from './engine/load-side.js';
export type { EngineOptions, EngineOutcome } from './engine/options.js';

/**
 * The whole engine, shared by the CLI and the action. It reads as DESIGN's data flow:
 * settings → load the head (running each selected folder as it loads) → load the base, pair
 * and run it → results → compare → gate. I/O stays at the edges it is handed (repoDir, env).
 */
export async function runEngine(request: EngineOptions): Promise<EngineOutcome> {
  const headSource = createWorkTreeSource(request.repoDir);
  const { options, diagnostics } = await resolveOptions(request, headSource);
  const runners = createSideRunners(options, headSource);
  const base = await openBase(options.repoDir, options.baseRef, options.headRef, options.changes);
  try {
    const scope = changeScope(options, base);
    const head = await startHead(headSource, options, scope, runners);
    const baseSide = base ? await startBase(base, options, head.loaded, scope, runners) : undefined;
    const blindSpots = [...head.unmatchedRoots, ...unreadableChanges(scope.changes ?? [])];
    const headResult = await head.run.result();
    const baseRun = await baseSide?.run.result();
    const baseResult = baseRun && baseSide ? measureBaseWithHeadMetrics(head.loaded, baseRun, baseSide.pairs) : undefined;
    const recordingsWritten = await runners.saveRecordings();
    const comparison: Comparison | undefined =
      baseSide && baseResult ? compareRuns(headResult, baseResult, baseSide.pairs) : undefined;
    const draft = assembleResults({
      options,
      head: headResult,
      base: base && baseResult ? { commit: base.commit, run: baseResult } : undefined,
      comparison,
      selectedPaths: head.loaded.filter(scope.isSelected).map(pathOf),
      diagnostics: [...diagnostics, ...blindSpots],
      notices: scope.notices,
    });
    const gate = decideGate({
      suites: draft.suites,
      threshold: options.settings.threshold,
      comparison,
      maxCostIncreasePercent: options.settings.maxCostIncreasePercent,
      failOnRegression: options.settings.failOnRegression,
      blindSpots,
      changedOnly: options.changedOnly === true,
      cancelled: draft.cancelled === true,
    });
    return { results: { ...draft, gate }, recordingsWritten };
  } finally {
    base?.source.close();
  }
}

/** Step 0: settings resolved once (flag or input, promptgate.yaml, default); frozen from here on. */
async function resolveOptions(request: EngineOptions, headSource: FileSource): Promise<{ options: ResolvedOptions; diagnostics: Diagnostic[] }> {
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
    settings,
  };
  return { options: Object.freeze(options), diagnostics };
}

/** Step 1: discover and load the head, starting each selected folder the moment it loads. */
async function startHead(source: FileSource, options: ResolvedOptions, scope: ChangeScope, runners: SideRunners) {
  const side = await discoverSide(source, options.settings.config, options.settings.roots);
  const run = new SideRun(runners.head);
  const loaded = await loadSide(side, (folder) => {
    if (scope.isSelected(folder)) run.start(folder);
  });
  return { loaded, run, unmatchedRoots: side.diagnostics };
}

/**
 * Step 2: the base as the base branch had it, its own promptgate.yaml included (a pull request
 * that changes the default model is compared with the old default), paired with the head and
 * run for the folders some head folder is compared with.
 */
async function startBase(base: BaseRef, options: ResolvedOptions, head: LoadedFolder[], scope: ChangeScope, runners: SideRunners) {
  const { settings: baseSettings } = await loadSettings(base.source, {});
  const side = await discoverSide(base.source, baseSettings.config, options.settings.roots);
  const pairing = pairWithBase(head, scope, await loadSide(side), base.changes);
  const run = new SideRun(runners.baseFrom(base.source));
  for (const folder of pairing.toRun) run.start(folder);
  return { run, pairs: pairing.pairs };
}
