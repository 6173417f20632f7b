import { listPromptFolders, runEngine, type EngineOptions, type EngineOutcome } from '../engine.js';
import { tagNameProblem, versionTag } from './tag-message.js';
import { canaryMove } from './canary.js';
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
  /** `id@version`: only point `prompts/<id>@canary` at that tagged version; nothing is run or tagged. */
  canary?: string;
  promptChanged(tagCommit: string, folder: string): Promise<boolean>;
  /** Called after each tag is created (the action publishes a GitHub release there). */
  onTagCreated?(tag: TagToCreate): Promise<void>;
}

/** A tag (a version or an alias) this release meant to write and could not. */
export interface FailedTag {
  tag: string;
  /** The prompt folder, when the tag is a version's. */
  folder?: string;
  /** One sentence naming the tag or the call, e.g. "Could not create tag …: the tag already exists". */
  reason: string;
}

export interface ReleaseOutcome {
  /** Undefined for a promote, or when every version was already tagged: nothing ran. */
  engine?: EngineOutcome;
  plan: ReleasePlan;
  /** Version tags created by this run. */
  created: string[];
  /** Alias moves carried out (the plan's, minus those that failed or were held back). */
  moved: AliasMove[];
  skipped: SkippedVersion[];
  /**
   * Tags that could not be written: a released version edited in place, or a failed call. A
   * version whose GitHub release could not be published is listed here and in `created`.
   */
  failed: FailedTag[];
  /** The run was cancelled (SIGINT / SIGTERM): no tag was written after the signal. */
  cancelled: boolean;
}

/** Why a planned tag or alias move was not written: the signal came first. */
export const CANCELLED_RELEASE = 'the release was cancelled: no tag is created or moved after a cancel';

/**
 * Release mode: run the suite of every version that has no tag yet (or whose prompt changed
 * since its tag), then tag each passing one and move the production alias forward. A tagged
 * version whose prompt is unchanged is immutable and its record is in its tag: it is not run
 * again. A failing version is never tagged. Every tag is attempted on its own: one failed call
 * (a tag created meanwhile, a token without `contents: write`) does not stop the others.
 *
 * A cancel (the engine's signal: SIGINT / SIGTERM) stops it like a test run: no provider call
 * starts, and from then on no tag is created and no alias moved, whatever the partial results
 * say. The tags the plan wanted are listed as skipped, so the report says what was left undone.
 */
export async function runRelease(options: ReleaseOptions): Promise<ReleaseOutcome> {
  const signal = options.engine.signal;
  const existingTags = await options.store.list();
  let engine: EngineOutcome | undefined;
  const notRun: SkippedVersion[] = [];
  if (!options.promote && !options.canary) {
    const selection = await selectVersionsToRun(options, existingTags);
    notRun.push(...selection.notRun);
    if (selection.toRun.length > 0) engine = await runEngine({ ...options.engine, roots: selection.toRun, changedOnly: false });
  }
  const plan: ReleasePlan = options.canary
    ? {
        create: [],
        skipped: [],
        conflicts: [],
        aliasMoves: canaryMove(options.canary, new Map(existingTags.map((tag) => [tag.name, tag]))),
      }
    : await planRelease({
        suites: engine?.results.suites ?? [],
        existingTags,
        commit: options.commit,
        gate: engine?.results.gate,
        productionAlias: options.productionAlias,
        ...(options.promote ? { promote: options.promote } : {}),
        promptChanged: options.promptChanged,
      });
  plan.skipped.unshift(...notRun);

  const created: string[] = [];
  const skipped = [...plan.skipped];
  const failed: FailedTag[] = plan.conflicts.map(({ tag, folder, reason }) => ({ tag, folder, reason }));
  for (const tag of plan.create) {
    // Checked before every write: a signal that lands between two tags stops the rest.
    if (signal?.aborted) {
      skipped.push({ folder: tag.folder, tag: tag.tag, reason: CANCELLED_RELEASE });
      continue;
    }
    try {
      await options.store.create(tag);
    } catch (error) {
      failed.push({ tag: tag.tag, folder: tag.folder, reason: failureSentence(error, `create tag ${tag.tag}`, tag.tag) });
      continue;
    }
    created.push(tag.tag);
    try {
      await options.onTagCreated?.(tag);
    } catch (error) {
      failed.push({ tag: tag.tag, folder: tag.folder, reason: failureSentence(error, `publish the release for ${tag.tag}`, tag.tag) });
    }
  }

  const moved: AliasMove[] = [];
  for (const move of plan.aliasMoves) {
    // An alias must never point at a version whose own tag is missing.
    const versionTagName = versionTag(move.id, move.version);
    const planned = plan.create.find((tag) => tag.tag === versionTagName);
    if (signal?.aborted) {
      // A promote has no folder that ran: the alias alone names what was left undone.
      const folder = planned?.folder ?? engine?.results.suites.find((suite) => suite.id === move.id)?.path ?? '';
      skipped.push({ folder, tag: move.tag, reason: CANCELLED_RELEASE });
      continue;
    }
    if (planned && !created.includes(versionTagName)) {
      skipped.push({
        folder: planned.folder,
        tag: move.tag,
        reason: `not moved to ${move.version}: tagging ${versionTagName} failed, and an alias never points at an untagged version`,
      });
      continue;
    }
    try {
      await options.store.moveAlias(move);
      moved.push(move);
    } catch (error) {
      failed.push({ tag: move.tag, reason: failureSentence(error, `move ${move.tag} to ${move.version}`, move.tag) });
    }
  }
  return { ...(engine ? { engine } : {}), plan, created, moved, skipped, failed, cancelled: signal?.aborted === true };
}

/**
 * Versions already tagged (at this commit, or with the same prompt) and versions that can
 * never be tagged are not run: their tests would cost provider calls for nothing.
 */
async function selectVersionsToRun(
  options: ReleaseOptions,
  existingTags: ExistingTag[],
): Promise<{ toRun: string[]; notRun: SkippedVersion[] }> {
  const tags = new Map(existingTags.map((tag) => [tag.name, tag]));
  const toRun: string[] = [];
  const notRun: SkippedVersion[] = [];
  for (const folder of await listPromptFolders(options.engine)) {
    const tag = versionTag(folder.id, folder.version);
    const nameProblem = tagNameProblem(folder.id, folder.version);
    const existing = tags.get(tag);
    if (nameProblem) {
      notRun.push({ folder: folder.path, tag, reason: nameProblem });
    } else if (existing && existing.commit === options.commit) {
      notRun.push({ folder: folder.path, tag, reason: 'already tagged at this commit' });
    } else if (existing && !(await options.promptChanged(existing.commit, folder.path))) {
      notRun.push({ folder: folder.path, tag, reason: `already tagged at ${existing.commit.slice(0, 12)} with the same prompt` });
    } else {
      toRun.push(folder.path);
    }
  }
  return { toRun, notRun };
}

/** The error's own sentence when it names the tag (the GitHub calls' do), else one that does. */
function failureSentence(error: unknown, whatWeTried: string, tag: string): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  return message.includes(tag) ? message : `Could not ${whatWeTried}: ${message}`;
}
