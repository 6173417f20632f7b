import type { Diagnostic } from '../lib/diagnostics.js';
import type { ResponseMode } from '../providers/answer-source.js';
import { loadRepoConfig, type BlockOn, type FailOnRegression, type RepoConfig } from './config.js';
import type { FileSource } from './files/file-source.js';

/**
 * Run settings, resolved once, in one order: the action input or CLI flag, then
 * promptgate.yaml, then the one default below. Nothing downstream falls back on its own, so
 * the CLI and the action give the same verdict on the same repository.
 */

/** The only defaults. action.yml declares none that would shadow promptgate.yaml. */
export const DEFAULT_SETTINGS = Object.freeze({
  threshold: 0.95,
  concurrency: 8,
  repeat: 1,
  /** Runs of a test that must pass: undefined means all of its runs (K = N). */
  minPass: undefined as number | undefined,
  /** `significant` also fails a folder significantly worse than its base; off by default. */
  failOnRegression: 'off' as FailOnRegression,
  /** Every failure blocks the merge, unless `regressions` is asked for. */
  blockOn: 'all' as BlockOn,
  responses: 'auto' as ResponseMode,
  /** Where prompt folders are searched when neither a path nor promptgate.yaml `prompts` says. */
  roots: Object.freeze(['.']) as readonly string[],
});

/** What the caller asked for (an input or a flag); undefined means "not given". */
export interface RequestedSettings {
  threshold?: number | undefined;
  concurrency?: number | undefined;
  repeat?: number | undefined;
  minPass?: number | undefined;
  failOnRegression?: FailOnRegression | undefined;
  blockOn?: BlockOn | undefined;
  responses?: ResponseMode | undefined;
  maxCostIncreasePercent?: number | undefined;
  /** Paths or globs; empty or undefined means promptgate.yaml `prompts`, else the whole repo. */
  roots?: readonly string[] | undefined;
}

export interface Settings {
  readonly threshold: number;
  readonly concurrency: number;
  readonly repeat: number;
  /** K of k-of-n; undefined: every run must pass. Per test `min_pass` wins (resolveRepeatPolicy). */
  readonly minPass?: number;
  readonly failOnRegression: FailOnRegression;
  readonly blockOn: BlockOn;
  readonly responses: ResponseMode;
  readonly maxCostIncreasePercent?: number;
  readonly roots: readonly string[];
  /** The head's promptgate.yaml: model defaults and prices for both sides. */
  readonly config: Readonly<RepoConfig>;
}

/** Input or flag, then promptgate.yaml, then the default. Pure: the config is already read. */
export function resolveSettings(requested: RequestedSettings, config: RepoConfig): Readonly<Settings> {
  const maxCostIncreasePercent = requested.maxCostIncreasePercent ?? config.maxCostIncrease;
  const minPass = requested.minPass ?? config.minPass ?? DEFAULT_SETTINGS.minPass;
  const roots = requested.roots?.length ? requested.roots : config.prompts?.length ? config.prompts : DEFAULT_SETTINGS.roots;
  return Object.freeze({
    threshold: requested.threshold ?? config.threshold ?? DEFAULT_SETTINGS.threshold,
    concurrency: requested.concurrency ?? config.concurrency ?? DEFAULT_SETTINGS.concurrency,
    repeat: requested.repeat ?? config.repeat ?? DEFAULT_SETTINGS.repeat,
    ...(minPass !== undefined ? { minPass } : {}),
    failOnRegression: requested.failOnRegression ?? config.failOnRegression ?? DEFAULT_SETTINGS.failOnRegression,
    blockOn: requested.blockOn ?? config.blockOn ?? DEFAULT_SETTINGS.blockOn,
    responses: requested.responses ?? DEFAULT_SETTINGS.responses,
    ...(maxCostIncreasePercent !== undefined ? { maxCostIncreasePercent } : {}),
    roots: Object.freeze([...roots]),
    config: Object.freeze({ ...config }),
  });
}

/** Reads the repository's promptgate.yaml from `source` and resolves the settings against it. */
export async function loadSettings(
  source: FileSource,
  requested: RequestedSettings,
): Promise<{ settings: Readonly<Settings>; diagnostics: Diagnostic[] }> {
  const { config, diagnostics } = await loadRepoConfig(source);
  return { settings: resolveSettings(requested, config), diagnostics };
}
