import { listPromptFolders, runEngine, type EngineOptions, type EngineOutcome } from '../engine.js';
import { versionTag } from './tag-message.js';
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
 * Release mode: run the suite of every version that has no tag yet (or whose prompt changed
 * since its tag), then tag each passing one and move the production alias forward. A tagged
 * version whose prompt is unchanged is immutable and its record is in its tag: it is not run
 * again. A failing version is never tagged.
 */
export async function runRelease(options: ReleaseOptions): Promise<ReleaseOutcome> {
  const existingTags = await options.store.list();
  let engine: EngineOutcome | undefined;
  const alreadyTagged: SkippedVersion[] = [];
  if (!options.promote) {
    const tags = new Map(existingTags.map((tag) => [tag.name, tag]));
    const toRun: string[] = [];
    for (const folder of await listPromptFolders(options.engine)) {
      const tag = versionTag(folder.id, folder.version);
      const existing = tags.get(tag);
      if (existing && existing.commit === options.commit) {
        alreadyTagged.push({ folder: folder.path, tag, reason: 'already tagged at this commit' });
      } else if (existing && !(await options.promptChanged(existing.commit, folder.path))) {
        alreadyTagged.push({ folder: folder.path, tag, reason: `already tagged at ${existing.commit.slice(0, 12)} with the same prompt` });
      } else {
        toRun.push(folder.path);
      }
    }
    if (toRun.length > 0) engine = await runEngine({ ...options.engine, roots: toRun, changedOnly: false });
  }
  const plan = await planRelease({
    suites: engine?.results.suites ?? [],
    existingTags,
    commit: options.commit,
    threshold: engine?.results.threshold ?? 1,
    productionAlias: options.productionAlias,
    ...(options.promote ? { promote: options.promote } : {}),
    promptChanged: options.promptChanged,
  });
  plan.skipped.unshift(...alreadyTagged);
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
