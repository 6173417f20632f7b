import { compareVersions } from '../select/version-order.js';
import { verdictOf } from '../gate/decide.js';
import { suitesByPath } from '../results/model-pairs.js';
import type { GateResult, SuiteResult } from '../results/model.js';
import { isAliasName } from '../git/prompt-tags.js';
import {
  formatAliasMessage,
  formatTagMessage,
  parseAliasVersion,
  parseTagMessage,
  type ModelRecord,
  productionTag,
  tagNameProblem,
  versionTag,
} from './tag-message.js';

export interface ExistingTag {
  name: string;
  /** The commit the tag points at (peeled). */
  commit: string;
  message: string;
}

export interface TagToCreate {
  tag: string;
  folder: string;
  commit: string;
  message: string;
  suite: SuiteResult;
}

export interface SkippedVersion {
  folder: string;
  tag: string;
  reason: string;
}

export interface AliasMove {
  tag: string;
  id: string;
  version: string;
  commit: string;
  message: string;
  /** The version it pointed at before, if any. */
  from?: string;
}

export interface ReleasePlan {
  create: TagToCreate[];
  skipped: SkippedVersion[];
  /** Versions whose tag exists on another commit with different content: versions are immutable. */
  conflicts: SkippedVersion[];
  aliasMoves: AliasMove[];
}

export interface ReleaseInput {
  suites: SuiteResult[];
  existingTags: ExistingTag[];
  /** The commit under test, where new tags go. */
  commit: string;
  /** The run's verdict: a version is tagged exactly when the gate passed each of its (gated) models. */
  gate: GateResult | undefined;
  productionAlias: boolean;
  /** `id@version` to point the alias at explicitly (a rollback), even backwards. */
  promote?: string;
  /**
   * Whether a folder's prompt changed between an existing tag's commit and the commit under
   * test. An unchanged prompt on a later commit is the same version: nothing to do.
   */
  promptChanged(tagCommit: string, folder: string): Promise<boolean>;
}

/**
 * Decides, without touching anything, which tags to create and which aliases to move.
 * Idempotent by construction: a second run on the same commit finds every tag in place.
 */
export async function planRelease(input: ReleaseInput): Promise<ReleasePlan> {
  const tags = new Map(input.existingTags.map((tag) => [tag.name, tag]));
  const plan: ReleasePlan = { create: [], skipped: [], conflicts: [], aliasMoves: [] };

  const folders = suitesByPath(input.suites);
  for (const suite of input.suites) {
    // A `models:` matrix runs one folder as one suite per model: its version is one tag, made
    // once, and only when every model holds.
    const models = folders.get(suite.path) ?? [suite];
    if (models[0] !== suite) continue;
    const tag = versionTag(suite.id, suite.version);
    const { summary } = suite;
    const nameProblem = tagNameProblem(suite.id, suite.version);
    if (nameProblem) {
      plan.skipped.push({ folder: suite.path, tag, reason: nameProblem });
      continue;
    }
    // Input problems (a promptgate.yaml error, say) make the whole verdict untrustworthy.
    if (input.gate?.exitCode === 2) {
      plan.skipped.push({
        folder: suite.path,
        tag,
        reason: 'the run could not be judged (see the input problems above), so nothing is tagged',
      });
      continue;
    }
    if (suite.tests.some((test) => test.errorKind === 'invalid-input')) {
      plan.skipped.push({ folder: suite.path, tag, reason: 'the prompt folder has input problems' });
      continue;
    }
    // The gate's own verdict of each model: a version is tagged exactly when none of its gated
    // models is blocked (a candidate model, gate: false, never holds a release back).
    const gateFailure = models
      .flatMap((model) => {
        const verdict = input.gate ? verdictOf(input.gate, model) : undefined;
        const reasons = verdict ? verdict.reasons : ['the run has no verdict for it'];
        return reasons.map((reason) => (models.length > 1 ? `${model.provider}:${model.model}: ${reason}` : reason));
      })
      .join('; ');
    if (gateFailure !== '' || summary.passRate === null) {
      plan.skipped.push({ folder: suite.path, tag, reason: gateFailure || 'not run' });
      continue;
    }
    const existing = tags.get(tag);
    if (existing) {
      if (existing.commit === input.commit) {
        plan.skipped.push({ folder: suite.path, tag, reason: 'already tagged at this commit' });
      } else if (await input.promptChanged(existing.commit, suite.path)) {
        plan.conflicts.push({
          folder: suite.path,
          tag,
          reason: `${tag} already marks commit ${existing.commit.slice(0, 12)}, and the prompt differs at ${input.commit.slice(0, 12)}: versions are immutable, so give the changed prompt a new version`,
        });
      } else {
        plan.skipped.push({ folder: suite.path, tag, reason: `already tagged at ${existing.commit.slice(0, 12)} with the same prompt` });
      }
      continue;
    }
    plan.create.push({
      tag,
      folder: suite.path,
      commit: input.commit,
      suite,
      message: formatTagMessage({
        id: suite.id,
        version: suite.version,
        folder: suite.path,
        passRate: summary.passRate,
        passed: summary.passed,
        total: summary.total,
        costUsd: summary.costUsd,
        provider: suite.provider,
        model: suite.model,
        commit: input.commit,
        ...(models.length > 1 ? { models: models.map(modelRecord) } : {}),
      }),
    });
  }

  // An unjudgeable run moves no alias either; an explicit promote needs no verdict.
  const judged = input.gate?.exitCode !== 2;
  if (input.promote || (input.productionAlias && judged)) plan.aliasMoves = aliasMoves(input, tags, plan.create);
  return plan;
}

/** One model's figures for the tag record of a `models:` matrix. */
function modelRecord(suite: SuiteResult): ModelRecord {
  return {
    provider: suite.provider,
    model: suite.model,
    passRate: suite.summary.passRate,
    passed: suite.summary.passed,
    total: suite.summary.total,
    costUsd: suite.summary.costUsd,
    ...(suite.candidate ? { candidate: true as const } : {}),
  };
}

interface TaggedVersion {
  version: string;
  commit: string;
}

function aliasMoves(input: ReleaseInput, tags: Map<string, ExistingTag>, created: TagToCreate[]): AliasMove[] {
  // Every tagged version per prompt id, existing and about to be created.
  const versions = new Map<string, TaggedVersion[]>();
  const add = (id: string, entry: TaggedVersion) => versions.set(id, [...(versions.get(id) ?? []), entry]);
  for (const tag of tags.values()) {
    const record = parseTagMessage(tag.message);
    const match = /^prompts\/(.+)@(.+)$/.exec(tag.name);
    if (!match || isAliasName(match[2]!)) continue;
    add(record?.id ?? match[1]!, { version: record?.version ?? match[2]!, commit: tag.commit });
  }
  for (const tag of created) add(tag.suite.id, { version: tag.suite.version, commit: tag.commit });

  const moves: AliasMove[] = [];
  const move = (id: string, target: TaggedVersion) => {
    const alias = productionTag(id);
    const current = tags.get(alias);
    const from = current ? parseAliasVersion(current.message) : undefined;
    if (current && from === target.version && current.commit === target.commit) return;
    moves.push({
      tag: alias,
      id,
      version: target.version,
      commit: target.commit,
      // The version it leaves is recorded: monitor rolls back to it when the new one breaches a guard.
      message: formatAliasMessage(id, target.version, target.commit, 'production', from ? { previous: from } : {}),
      ...(from ? { from } : {}),
    });
  };

  if (input.promote) {
    const [id, version] = splitPromote(input.promote);
    const target = versions.get(id)?.find((entry) => entry.version === version);
    if (!target) throw new Error(`cannot promote ${input.promote}: there is no tag ${versionTag(id, version)}`);
    move(id, target);
    return moves;
  }
  const justTagged = new Set(created.map((tag) => `${tag.suite.id}@${tag.suite.version}`));
  for (const [id, list] of versions) {
    const current = tags.get(productionTag(id));
    const currentVersion = current ? parseAliasVersion(current.message) : undefined;
    // With an alias in place, only a version tagged by this run moves it, and only forward:
    // a rollback (promote) sticks until a newer version is released. Going back is said
    // explicitly, with promote.
    const candidates = current ? list.filter((entry) => justTagged.has(`${id}@${entry.version}`)) : list;
    const newest = [...candidates].sort((a, b) => compareVersions(b.version, a.version))[0];
    if (!newest) continue;
    if (currentVersion && compareVersions(newest.version, currentVersion) <= 0) continue;
    move(id, newest);
  }
  return moves;
}

/** `customer-support@v1.0` (or `prompts/customer-support@v1.0`) → [id, version]. */
export function splitPromote(value: string): [string, string] {
  const match = /^(?:prompts\/)?(.+)@([^@]+)$/.exec(value.trim());
  if (!match) throw new Error(`promote must look like <prompt id>@<version>, e.g. customer-support@v1.0; got "${value}"`);
  return [match[1]!, match[2]!];
}
