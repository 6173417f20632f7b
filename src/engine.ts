import pLimit from 'p-limit';
import type { Diagnostic } from './diagnostics.js';
import { changedFiles, createGitSource, mergeBase } from './git.js';
import { costOf, findPrice } from './providers/pricing.js';
import { createProvidersFromEnv, createResponder } from './providers/responder.js';
import type { Usage } from './providers/types.js';
import { compareRuns, pairSuites, type Comparison, type SuitePair } from './report/compare.js';
import { evaluateGate } from './report/gate.js';
import type { ResultsFile } from './report/results-file.js';
import type { RunResult, TestResult } from './report/types.js';
import { runSuites } from './run/runner.js';
import { loadRepoConfig, type RepoConfig } from './suite/config.js';
import { discoverPromptFolders } from './suite/discover.js';
import { createWorkTreeSource } from './suite/file-source.js';
import { loadPromptFolder } from './suite/load.js';
import { selectChangedFolders, type ChangedPath } from './suite/select.js';
import type { FileSource, LoadedFolder, PromptFolder } from './suite/types.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export type ResponseMode = 'replay' | 'record' | 'live' | 'auto';

export interface EngineOptions {
  /** Repository root: prompt paths, recordings and results are relative to it. */
  repoDir: string;
  /** Paths or globs to search for prompt folders; empty means promptgate.yaml `prompts`, else the whole repo. */
  roots: string[];
  responses: ResponseMode;
  concurrency?: number;
  repeat?: number;
  threshold?: number;
  maxCostIncreasePercent?: number;
  /** Compare with the version at the merge base of this ref and head. */
  baseRef?: string;
  /** The head commit for change detection; undefined means the work tree. */
  headRef?: string;
  /** Run only the folders the change between base and head touches. */
  changedOnly?: boolean;
  /** The change, when the caller knows it better than git (the pull request files API). */
  changes?: ChangedPath[];
  env: Record<string, string | undefined>;
  toolVersion: string;
  onTestDone?(folder: PromptFolder, result: TestResult): void;
  onWarning?(message: string): void;
}

export interface EngineOutcome {
  results: ResultsFile;
  /** 0 gate passed, 1 below threshold, 2 nothing could be judged (bad input or usage). */
  exitCode: 0 | 1 | 2;
  /** Recording files written (record / auto modes). */
  recordingsWritten: string[];
}

const DEFAULT_THRESHOLD = 0.95;
const DEFAULT_CONCURRENCY = 8;

async function loadAll(source: FileSource, roots: string[], config: RepoConfig) {
  const { folders, diagnostics } = await discoverPromptFolders(source, roots);
  const loaded = await Promise.all(folders.map((path) => loadPromptFolder(source, path, config)));
  return { loaded, diagnostics };
}

function pathOf(loaded: LoadedFolder): string {
  return loaded.ok ? loaded.folder.path : loaded.path;
}

function identityOf(loaded: LoadedFolder) {
  return loaded.ok
    ? { path: loaded.folder.path, id: loaded.folder.id, version: loaded.folder.version }
    : { path: loaded.path, id: loaded.id, version: loaded.version };
}

/** The secrets that must never reach a recording, a log or a comment. */
export function secretsIn(env: Record<string, string | undefined>): string[] {
  return [env.OPENAI_API_KEY, env.ANTHROPIC_API_KEY].filter((value): value is string => !!value && value.length >= 4);
}

/**
 * The whole engine, shared by the CLI and the action: discover → load → select → run head and
 * base → compare → gate. I/O stays at the edges it is handed (repoDir, env).
 */
export async function runEngine(options: EngineOptions): Promise<EngineOutcome> {
  const headSource = createWorkTreeSource(options.repoDir);
  const { config, diagnostics: configDiagnostics } = await loadRepoConfig(headSource);
  const diagnostics: Diagnostic[] = [...configDiagnostics];
  const notices: string[] = [];
  const threshold = options.threshold ?? config.threshold ?? DEFAULT_THRESHOLD;
  const concurrency = options.concurrency ?? config.concurrency ?? DEFAULT_CONCURRENCY;
  const repeat = options.repeat ?? 1;
  const roots = options.roots.length > 0 ? options.roots : config.prompts?.length ? config.prompts : ['.'];

  const head = await loadAll(headSource, roots, config);
  diagnostics.push(...head.diagnostics);

  let baseCommit: string | undefined;
  let baseSource: (FileSource & { close(): void }) | undefined;
  let baseLoaded: LoadedFolder[] = [];
  let selected = head.loaded;
  let pairs: SuitePair[] | undefined;
  try {
    if (options.baseRef) {
      baseCommit = await mergeBase(options.repoDir, options.baseRef, options.headRef ?? 'HEAD');
      baseSource = createGitSource(options.repoDir, baseCommit);
      const base = await loadAll(baseSource, roots, config);
      baseLoaded = base.loaded;
      const changes = options.changes ?? (await changedFiles(options.repoDir, baseCommit, options.headRef));
      const selection = selectChangedFolders(head.loaded, baseLoaded.map(pathOf), changes);
      if (options.changedOnly) {
        const chosen = new Set(selection.selected);
        selected = head.loaded.filter((loaded) => chosen.has(pathOf(loaded)));
      }
      pairs = pairSuites(selected.map(identityOf), baseLoaded.map(identityOf), {
        renamedFrom: selection.renamedFrom,
        removedPaths: new Set(selection.removed),
        changedPaths: new Set(selection.selected),
      });
    } else if (options.changedOnly) {
      // No base commit to read (shallow checkout): the caller's change list still selects
      // the folders, and the comparison is skipped.
      if (!options.changes) throw new Error('a changed-only run needs a base ref or a list of changed files');
      const chosen = new Set(selectChangedFolders(head.loaded, [], options.changes).selected);
      selected = head.loaded.filter((loaded) => chosen.has(pathOf(loaded)));
      notices.push('The base commit is not available, so this run is not compared with the base branch.');
    }

    const providers = createProvidersFromEnv(options.env, { onWarning: options.onWarning });
    const secrets = secretsIn(options.env);
    const limiter = pLimit(Math.max(1, concurrency));
    const costOfCall = (model: string, usage: Usage): number | null => {
      const price = findPrice(model, config.pricing);
      return price ? costOf(usage, price) : null;
    };
    const headAnswers = createResponder({
      mode: options.responses,
      providers,
      readFile: (path) => headSource.read(path),
      writeFile: async (path, content) => {
        const target = join(options.repoDir, path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, content);
      },
      secrets,
    });
    const headRun = runSuites(selected, {
      concurrency,
      limiter,
      repeat,
      answers: headAnswers,
      costOf: costOfCall,
      onTestDone: options.onTestDone,
    });

    let baseRun: Promise<RunResult> | undefined;
    if (pairs && baseSource) {
      const wanted = new Set(pairs.filter((pair) => pair.headPath && pair.basePath).map((pair) => pair.basePath));
      const source = baseSource;
      // The base is never recorded: it replays what its own commit recorded, and calls live
      // only when the head does (and a key allows it).
      const baseAnswers = createResponder({
        mode: options.responses === 'replay' ? 'replay' : options.responses === 'live' ? 'live' : 'auto',
        providers,
        readFile: (path) => source.read(path),
        writeFile: async () => undefined,
        secrets,
      });
      baseRun = runSuites(
        baseLoaded.filter((loaded) => wanted.has(pathOf(loaded))),
        { concurrency, limiter, repeat, answers: baseAnswers, costOf: costOfCall },
      );
    }

    const [headResult, baseResult] = await Promise.all([headRun, baseRun]);
    const recordingsWritten = await headAnswers.save();
    const comparison: Comparison | undefined =
      pairs && baseResult ? compareRuns(headResult, baseResult, pairs) : undefined;
    const gate = evaluateGate(
      headResult,
      {
        threshold,
        ...(options.maxCostIncreasePercent !== undefined || config.maxCostIncrease !== undefined
          ? { maxCostIncreasePercent: options.maxCostIncreasePercent ?? config.maxCostIncrease }
          : {}),
      },
      comparison,
    );
    notices.push(...describeUnjudged(headResult, 'head'));
    if (baseResult) notices.push(...describeUnjudged(baseResult, 'base'));

    const results: ResultsFile = {
      schemaVersion: 1,
      tool: { name: 'promptgate', version: options.toolVersion },
      generatedAt: new Date().toISOString(),
      ...(options.headRef ? { ref: options.headRef } : {}),
      responses: options.responses,
      threshold,
      gate,
      changedPrompts: selected.map(pathOf),
      summary: headResult.summary,
      suites: headResult.suites,
      ...(baseResult && baseCommit ? { base: { ref: baseCommit, ...baseResult } } : {}),
      ...(comparison ? { comparison } : {}),
      diagnostics,
      notices,
    };
    const nothingJudged =
      headResult.suites.length > 0 ? headResult.suites.every((suite) => suite.tests.every((test) => test.errorKind === 'invalid-input'))
      : !options.changedOnly;
    if (headResult.suites.length === 0 && !options.changedOnly) {
      diagnostics.push({ file: roots.join(', '), message: 'no prompt folders found (a prompt folder holds tests.yaml and system.txt)' });
    }
    return { results, exitCode: nothingJudged ? 2 : gate.passed ? 0 : 1, recordingsWritten };
  } finally {
    baseSource?.close();
  }
}

/** Tests that were not run for want of a recording or a key deserve one plain sentence. */
function describeUnjudged(run: RunResult, side: 'head' | 'base'): string[] {
  const counts = new Map<string, number>();
  for (const test of run.suites.flatMap((suite) => suite.tests)) {
    if (test.errorKind === 'missing-recording' || test.errorKind === 'no-credentials') {
      counts.set(test.errorKind, (counts.get(test.errorKind) ?? 0) + 1);
    }
  }
  const notices: string[] = [];
  const missing = counts.get('missing-recording');
  if (missing) notices.push(`${missing} ${side} test run(s) have no recorded response and were not run (replay mode).`);
  const noKey = counts.get('no-credentials');
  if (noKey) notices.push(`${noKey} ${side} test run(s) need a live call but no API key is set, so they were not run.`);
  return notices;
}
