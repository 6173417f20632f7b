import { runEngine, type EngineOptions, type EngineOutcome } from '../engine.js';
import { planRelease, type AliasMove, type ExistingTag, type ReleasePlan, type SkippedVersion, type TagToCreate } from './plan.js';

/** Where tags live: local git for the CLI, the GitHub API for the action. */
export interface TagStore {
  list(): Promise<ExistingTag[]>;
  create(tag: TagToCreate): Promise<void>;
  moveAlias(move: AliasMove): Promise<void>;
}

export interface ReleaseOptions {
  engine: EngineOptions;
  store: TagStore;
  /** The commit under test: new tags point here. */
  commit: string;
  productionAlias: boolean;
  /** `id@version`: only move the production alias there (a rollback); nothing is run or tagged. */
  promote?: string;
  promptChanged(tagCommit: string, folder: string): Promise<boolean>;
  /** Called after each tag is created (the action publishes a GitHub release there). */
  onTagCreated?(tag: TagToCreate): Promise<void>;
}

export interface ReleaseOutcome {
  /** Undefined for a promote, which runs no tests. */
  engine?: EngineOutcome;
  plan: ReleasePlan;
  created: string[];
  skipped: SkippedVersion[];
  /** One sentence per version that could not be tagged because its tag exists elsewhere. */
  errors: string[];
}

/**
 * Release mode: run every folder's suite, then tag each passing version that has no tag yet,
 * and move the production alias forward. A failing version is never tagged.
 */
export async function runRelease(options: ReleaseOptions): Promise<ReleaseOutcome> {
  const existingTags = await options.store.list();
  const engine = options.promote ? undefined : await runEngine({ ...options.engine, changedOnly: false });
  const plan = await planRelease({
    suites: engine?.results.suites ?? [],
    existingTags,
    commit: options.commit,
    threshold: engine?.results.threshold ?? 1,
    productionAlias: options.productionAlias,
    ...(options.promote ? { promote: options.promote } : {}),
    promptChanged: options.promptChanged,
  });
  const created: string[] = [];
  for (const tag of plan.create) {
    await options.store.create(tag);
    created.push(tag.tag);
    await options.onTagCreated?.(tag);
  }
  for (const move of plan.aliasMoves) await options.store.moveAlias(move);
  return {
    ...(engine ? { engine } : {}),
    plan,
    created,
    skipped: plan.skipped,
    errors: plan.conflicts.map((conflict) => conflict.reason),
  };
}
