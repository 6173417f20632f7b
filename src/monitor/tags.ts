import { checkRef, GitError, runGit } from '../git/git.js';
import { isAliasName, parseAliasVersion, parseTagMessage, splitPromptTag, type Alias } from '../git/prompt-tags.js';
import { listTags } from '../git/tags.js';
import { compareVersions } from '../select/version-order.js';

/*
 * The release tags monitor reads and the aliases it moves: locally with git (the CLI), or
 * through the GitHub API (action/monitor-tag-store.ts). Every write is a compare-and-swap on the
 * alias as monitor read it: a release that moved the alias meanwhile wins, and monitor does
 * nothing (the next run judges the version the release put there).
 */

export interface TagEntry {
  /** `prompts/<id>@<version>` */
  name: string;
  /** The commit it marks (peeled). */
  commit: string;
  /** What the ref names: the annotated tag object (or the commit of a lightweight tag). */
  object: string;
  message: string;
}

/** An alias as read: the version its message names, and the object its ref pointed at. */
export interface AliasState {
  id: string;
  alias: Alias;
  tag: string;
  version: string;
  commit: string;
  object: string;
  message: string;
}

export type WriteOutcome = 'done' | 'raced';

export interface MonitorTagStore {
  /** Where the tags live, for messages: `the local repository`, `octo/app on GitHub`. */
  readonly where: string;
  /** Tags written here are local: each result carries the `git push` that publishes it. */
  readonly local?: boolean;
  list(): Promise<TagEntry[]>;
  /** Points `tag` at a new annotated tag object (commit, message), if it still names `expected`. */
  moveAlias(tag: string, expected: string, commit: string, message: string): Promise<WriteOutcome>;
  /** Deletes `tag`, if it still names `expected`. */
  dropAlias(tag: string, expected: string): Promise<WriteOutcome>;
}

/** The tags of each prompt: its versions (version → commit) and its aliases. */
export interface PromptTags {
  versions: Map<string, TagEntry>;
  production?: AliasState;
  canary?: AliasState;
}

export function indexTags(entries: readonly TagEntry[]): Map<string, PromptTags> {
  const prompts = new Map<string, PromptTags>();
  const of = (id: string) => {
    let entry = prompts.get(id);
    if (!entry) prompts.set(id, (entry = { versions: new Map() }));
    return entry;
  };
  const aliases: Array<[string, Alias, TagEntry]> = [];
  for (const entry of entries) {
    const parts = splitPromptTag(entry.name);
    if (!parts) continue;
    const [id, version] = parts;
    if (isAliasName(version)) {
      if (version === 'production' || version === 'canary') aliases.push([id, version, entry]);
      continue;
    }
    of(id).versions.set(version, entry);
  }
  for (const [id, alias, entry] of aliases) {
    const prompt = of(id);
    // The alias's message names its version; else the one version tag on its commit.
    const named = parseAliasVersion(entry.message);
    const version = named ?? [...prompt.versions].filter(([, tag]) => tag.commit === entry.commit).map(([name]) => name)[0] ?? undefined;
    if (version === undefined) continue;
    prompt[alias] = { id, alias, tag: entry.name, version, commit: entry.commit, object: entry.object, message: entry.message };
  }
  return prompts;
}

/** The folder a version tag's record names (release mode writes it). */
export function folderOf(entry: TagEntry): string | undefined {
  return parseTagMessage(entry.message)?.folder || undefined;
}

/**
 * The version production pointed at before the current one: the alias message's
 * `previous-version:` (release mode and monitor write it whenever they move the alias) when it
 * is older, else (an alias written before that, or moved back by hand) the newest tagged
 * version older than the current one.
 */
export function previousProduction(prompt: PromptTags): { version: string; entry: TagEntry; how: string } | undefined {
  const current = prompt.production;
  if (!current) return undefined;
  const recorded = /^previous-version: (.+)$/m.exec(current.message)?.[1]?.trim();
  // Only backwards: after a hand-made promote to an older version, its "previous" is the newer
  // version people just left, and monitor must not put that back.
  if (recorded && compareVersions(recorded, current.version) < 0) {
    const entry = prompt.versions.get(recorded);
    if (entry) return { version: recorded, entry, how: `the alias records it (previous-version: ${recorded})` };
  }
  const older = [...prompt.versions.keys()]
    .filter((version) => compareVersions(version, current.version) < 0)
    .sort((a, b) => compareVersions(b, a))[0];
  if (older === undefined) return undefined;
  return { version: older, entry: prompt.versions.get(older)!, how: `the newest tagged version older than ${current.version}` };
}

/** The version a rollback moved away from, when the alias is where a rollback put it. */
export function rolledBackFrom(alias: AliasState): string | undefined {
  return /^rolled-back-from: (.+)$/m.exec(alias.message)?.[1]?.trim();
}

/** Local tags, written with git plumbing so each write is an atomic compare-and-swap of the ref. */
export function gitMonitorTagStore(repoDir: string): MonitorTagStore {
  return {
    where: 'the local repository',
    local: true,
    async list() {
      const tags = await listTags(repoDir, 'prompts');
      return tags.map((tag) => ({ name: tag.name, commit: tag.commit, object: tag.object, message: tag.message }));
    },
    async moveAlias(tag, expected, commit, message) {
      checkRef(tag);
      const identity = (await runGit(repoDir, ['var', 'GIT_COMMITTER_IDENT']).catch(() => '')).trim();
      const tagger = identity || `promptgate <promptgate@users.noreply.github.com> ${Math.floor(Date.now() / 1000)} +0000`;
      const object = (
        await runGit(repoDir, ['mktag'], {
          input: `object ${commit}\ntype commit\ntag ${tag}\ntagger ${tagger}\n\n${message}`,
        })
      ).trim();
      return compareAndSwap(repoDir, ['update-ref', `refs/tags/${tag}`, object, expected]);
    },
    dropAlias(tag, expected) {
      checkRef(tag);
      return compareAndSwap(repoDir, ['update-ref', '-d', `refs/tags/${tag}`, expected]);
    },
  };
}

/** git update-ref with an old value fails (exit 128) when the ref moved: that is a race, not an error. */
async function compareAndSwap(repoDir: string, args: string[]): Promise<WriteOutcome> {
  try {
    await runGit(repoDir, args);
    return 'done';
  } catch (error) {
    if (
      error instanceof GitError &&
      /cannot lock ref|but expected|unable to resolve reference/i.test(`${error.stderr}\n${error.message}`)
    ) {
      return 'raced';
    }
    throw error;
  }
}
