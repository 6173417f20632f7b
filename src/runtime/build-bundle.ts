import { GitError, runGit } from '../git/git.js';
import { aliasTag, isAliasName, parseAliasVersion, parseTagMessage, splitPromptTag, versionTag, type Alias } from '../git/prompt-tags.js';
import { listTags, type TagInfo } from '../git/tags.js';
import { formatDiagnostic } from '../lib/diagnostics.js';
import { loadRepoConfig } from '../load/config.js';
import { createGitSource } from '../load/files/git-source.js';
import { loadPromptFolder } from '../load/folder.js';
import { listPromptFolders } from '../load/side.js';
import { parseRecordings } from '../providers/recordings-file.js';
import { recordingsPath } from '../providers/recordings.js';
import { lockedVersionOf } from './lock-entry.js';
import { sealLockfile, type LockedPrompt, type LockedVersion, type Lockfile } from './lockfile.js';

/**
 * `promptgate bundle`: the tagged versions of the prompts, resolved in the local repository and
 * loaded from their tags' commits (never from the work tree), into one lockfile.
 */
export interface BundleRequest {
  repoDir: string;
  /** Repository-relative paths: bundle the prompts whose folders are found there. */
  roots: string[];
  /** `production` or `canary`; undefined when only pinned versions were asked for. */
  alias: Alias | undefined;
  /** `--ref <id>@<version>`: these prompts at these versions. */
  pins: Array<{ id: string; version: string }>;
  withRecordings: boolean;
}

export interface BundleOutcome {
  lockfile: Lockfile;
  /** One sentence per bundled folder whose work tree differs from its tag (`--check` makes them errors). */
  drift: string[];
}

/** A prompt that cannot be bundled: the CLI exits 2 with this message, which names it. */
export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

type Tags = Map<string, TagInfo>;

export async function buildBundle(request: BundleRequest): Promise<BundleOutcome> {
  const tags: Tags = new Map((await listTags(request.repoDir, 'prompts')).map((tag) => [tag.name, tag]));
  const pins = new Map(request.pins.map((pin) => [pin.id, pin.version]));
  const ids = await promptIds(request, tags, pins);
  const prompts: Record<string, LockedPrompt> = {};
  const drift: string[] = [];
  for (const id of ids) {
    const pinned = pins.get(id);
    const prompt: LockedPrompt = {};
    if (pinned !== undefined) {
      prompt.production = await loadVersion(request, tags, id, { tag: versionTag(id, pinned), version: pinned });
    } else if (request.alias === 'canary') {
      prompt.canary = await loadVersion(request, tags, id, aliasTarget(tags, id, 'canary'));
    } else {
      prompt.production = await loadVersion(request, tags, id, aliasTarget(tags, id, 'production'));
      const canary = tags.has(aliasTag(id, 'canary')) ? aliasTarget(tags, id, 'canary') : undefined;
      if (canary && canary.version !== prompt.production.version) {
        prompt.canary = await loadVersion(request, tags, id, canary);
        if (prompt.canary.deploy?.canary?.weight === undefined) {
          throw new BundleError(
            `${id}: ${aliasTag(id, 'canary')} points at ${canary.version}, whose prompt.yaml has no deploy: { canary: { weight: N } }, so the bundle cannot tell what share of keys it gets`,
          );
        }
      }
    }
    for (const version of Object.values(prompt)) {
      const changed = await workTreeDiffers(request.repoDir, version);
      if (changed) drift.push(changed);
    }
    prompts[id] = prompt;
  }
  const refs = [...(request.alias ? [request.alias] : []), ...request.pins.map((pin) => `${pin.id}@${pin.version}`)];
  return { lockfile: sealLockfile(refs, prompts), drift };
}

/** The prompts asked for: those under the paths, else every prompt with the alias, plus the pinned ones. */
async function promptIds(request: BundleRequest, tags: Tags, pins: Map<string, string>): Promise<string[]> {
  const ids = new Set(pins.keys());
  if (request.roots.length > 0) {
    for (const folder of await listPromptFolders({ repoDir: request.repoDir, roots: request.roots })) ids.add(folder.id);
  } else if (request.alias) {
    for (const name of tags.keys()) {
      const parts = splitPromptTag(name);
      if (parts && parts[1] === request.alias) ids.add(parts[0]);
    }
  }
  if (ids.size === 0) {
    const what =
      request.roots.length > 0 ? `under ${request.roots.join(', ')}` : `with a prompts/<id>@${request.alias ?? 'production'} tag`;
    throw new BundleError(`no prompts ${what}: run promptgate release first, or name the versions with --ref <id>@<version>`);
  }
  return [...ids].sort();
}

interface Target {
  /** The tag that was asked for (an alias, or the version tag itself). */
  tag: string;
  version: string;
}

/** The version an alias names: its message says (release mode writes it), else the one version tag on its commit. */
function aliasTarget(tags: Tags, id: string, alias: Alias): Target {
  const tag = aliasTag(id, alias);
  const info = tags.get(tag);
  if (!info) {
    throw new BundleError(
      `${id}: there is no tag ${tag}` +
        (alias === 'production'
          ? ' (promptgate release creates it when a version passes; or pin a version with --ref <id>@<version>)'
          : ' (promptgate release --canary <id>@<version> creates it)'),
    );
  }
  const named = parseAliasVersion(info.message);
  if (named) return { tag, version: named };
  const sameCommit = [...tags.values()].filter((other) => {
    const parts = splitPromptTag(other.name);
    return parts?.[0] === id && !isAliasName(parts[1]) && other.commit === info.commit;
  });
  if (sameCommit.length !== 1) {
    throw new BundleError(
      `${id}: cannot tell which version ${tag} points at (its message names none, and ${sameCommit.length} version tags mark its commit)`,
    );
  }
  return { tag, version: splitPromptTag(sameCommit[0]!.name)![1] };
}

/** Loads one version from its tag's commit with the loader the tests use, and makes its lockfile entry. */
async function loadVersion(request: BundleRequest, tags: Tags, id: string, target: Target): Promise<LockedVersion> {
  const tagName = versionTag(id, target.version);
  const versionInfo = tags.get(tagName);
  const refInfo = tags.get(target.tag);
  if (!versionInfo || !refInfo) {
    const missing = versionInfo ? target.tag : tagName;
    throw new BundleError(
      `${id}: there is no tag ${missing}${target.tag !== tagName ? ` (${target.tag} names version ${target.version})` : ''}`,
    );
  }
  if (refInfo.commit !== versionInfo.commit) {
    throw new BundleError(`${id}: ${target.tag} marks ${short(refInfo.commit)}, but ${tagName} marks ${short(versionInfo.commit)}`);
  }
  const folder = parseTagMessage(versionInfo.message)?.folder;
  if (!folder) throw new BundleError(`${id}: ${tagName} has no promptgate record naming its folder (was it made by promptgate release?)`);
  const at = `${id} ${target.version} (${tagName} at ${short(versionInfo.commit)})`;
  const source = createGitSource(request.repoDir, versionInfo.commit);
  try {
    const { config } = await loadRepoConfig(source);
    const loaded = await loadPromptFolder(source, folder, config);
    if (!loaded.ok) throw new BundleError(`${at}: ${folder} does not load: ${loaded.errors.map(formatDiagnostic).join('; ')}`);
    if (loaded.folder.id !== id || loaded.folder.version !== target.version) {
      throw new BundleError(`${at}: ${folder} holds ${loaded.folder.id} ${loaded.folder.version} at that commit`);
    }
    let recordings;
    if (request.withRecordings) {
      const file = recordingsPath(folder);
      const bytes = await source.read(file);
      recordings = bytes ? parseRecordings(file, bytes.toString('utf8')) : undefined;
    }
    const origin = { tag: tagName, ref: target.tag, refObject: refInfo.object, commit: versionInfo.commit };
    const entry = lockedVersionOf(loaded.folder, config, origin, recordings);
    // Every file the version reads (shared ones too) except its tests and recordings: the drift check.
    driftFiles.set(entry, loaded.folder.files);
    return entry as LockedVersion;
  } finally {
    source.close();
  }
}

const driftFiles = new WeakMap<object, string[]>();

/** A sentence when the work tree's copy of the version's files differs from the tagged commit's. */
async function workTreeDiffers(repoDir: string, version: LockedVersion): Promise<string | undefined> {
  const files = (driftFiles.get(version) ?? []).filter((file) => !/(^|\/)(tests\.yaml|recordings\.json)$/.test(file));
  try {
    await runGit(repoDir, ['diff', '--quiet', '--no-ext-diff', version.commit, '--', ...files, 'promptgate.yaml', 'promptgate.yml']);
    return undefined;
  } catch (error) {
    if (!(error instanceof GitError) || error.exitCode !== 1) throw error;
  }
  return `${version.id}: ${version.folder} differs in the work tree from ${version.ref} (${version.version} at ${short(version.commit)}); the bundle holds the tagged version`;
}

const short = (commit: string) => commit.slice(0, 12);
