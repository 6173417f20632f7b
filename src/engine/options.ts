import type { ResultsFile, TestResult } from '../results/model.js';
import type { ShardSpec } from '../results/shard-record.js';
import type { RequestedSettings, Settings } from '../load/settings.js';
import type { ChangedPath } from '../git/git.js';
import type { PromptFolder } from '../load/types.js';
import type { StaleRecordings } from '../providers/types.js';
import type { CustomCheckPolicy } from '../run/js-checks.js';

/** What a caller (the CLI, the action, release mode) asks the engine to do. */
export interface EngineOptions extends RequestedSettings {
  /** Repository root: prompt paths, recordings and results are relative to it. */
  repoDir: string;
  /** Paths or globs to search for prompt folders; empty means promptgate.yaml `prompts`, else the whole repo. */
  roots: string[];
  /** Compare with the version at the merge base of this ref and head. */
  baseRef?: string | undefined;
  /** The head commit for change detection; undefined means the work tree. */
  headRef?: string | undefined;
  /** Run only the folders the change between base and head touches. */
  changedOnly?: boolean | undefined;
  /** The change, when the caller knows it better than git (the pull request files API). */
  changes?: ChangedPath[] | undefined;
  env: Record<string, string | undefined>;
  toolVersion: string;
  /** Aborting it cancels the run: no call starts, and the run ends with what it has. */
  signal?: AbortSignal | undefined;
  onTestDone?(folder: PromptFolder, result: TestResult): void;
  onWarning?(message: string): void;
  /** Told the run's settings once they are resolved, before any folder loads (the action's fork notice). */
  onSettings?(settings: Readonly<Settings>): void;
  /** The answer cache's folder (`--cache-dir`, action input `cache-dir`); undefined: no cache (`--no-cache`). */
  cacheDir?: string | undefined;
  /** Run only this share of the selected tests (`--shard I/N`); `promptgate merge` joins the shares. */
  shard?: ShardSpec | undefined;
  /**
   * `promptgate prune` (with responses: replay): `write` rewrites each recordings.json to what
   * the run asked for, `check` only reports it (EngineOutcome.staleRecordings).
   */
  prune?: 'write' | 'check' | undefined;
  /**
   * Whether the folders' checks.mjs (`js` checks) may run, and from which checkout; absent: they
   * do not, and each says why. The caller decides (the CLI: the user's checkout; the action: by event).
   */
  customChecks?: CustomCheckPolicy | undefined;
}

/** The options once settings are resolved: fixed for the whole run, read by every step. */
export type ResolvedOptions = Readonly<Omit<EngineOptions, keyof RequestedSettings | 'roots'>> & {
  readonly settings: Readonly<Settings>;
};

export interface EngineOutcome {
  /** Everything the run found; `results.gate` is the verdict (and its exit code). */
  results: ResultsFile;
  /** Recording files written (record / auto modes, prune). */
  recordingsWritten: string[];
  /** With `prune`: per recordings file read, what it held that the run did not ask for. */
  staleRecordings?: StaleRecordings[];
  /**
   * Every secret the run knew: the environment's, and the keys and URL credentials of
   * promptgate.yaml's endpoints, which only the run's settings name. Every sink redacts them.
   */
  secrets?: string[];
}
