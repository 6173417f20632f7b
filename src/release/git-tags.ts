/**
 * The CLI's release mode on the local repository: listing, creating and moving annotated tags
 * with git. (The action's release mode tags through the GitHub API instead.)
 */
import { checkRef, GitError, runGit } from '../git/git.js';
import { listTags } from '../git/tags.js';
import type { TagStore } from './run-release.js';

export { listTags, type TagInfo } from '../git/tags.js';

/** Tags in the local repository (the CLI); pushing them is left to the user, who is told how. */
export function gitTagStore(repoDir: string): TagStore {
  return {
    async list() {
      // A pattern without a glob matches by prefix up to a slash, so ids with `/` are listed too.
      const tags = await listTags(repoDir, 'prompts');
      return tags.map((tag) => ({ name: tag.name, commit: tag.commit, message: tag.message }));
    },
    async create(tag) {
      await writeAnnotatedTag(repoDir, tag.tag, tag.commit, tag.message);
    },
    async moveAlias(move) {
      await writeAnnotatedTag(repoDir, move.tag, move.commit, move.message, { move: true });
    },
  };
}

/**
 * Whether the prompt itself (everything in the folder but its tests and recordings) differs
 * between two commits. Adding tests or re-recording answers does not make a new version.
 */
export async function promptChangedInGit(repoDir: string, fromCommit: string, toCommit: string, folder: string): Promise<boolean> {
  try {
    await runGit(repoDir, [
      'diff',
      '--quiet',
      fromCommit,
      toCommit,
      '--',
      folder,
      `:(exclude)${folder}/tests.yaml`,
      `:(exclude)${folder}/recordings.json`,
    ]);
    return false;
  } catch (error) {
    if (error instanceof GitError && error.exitCode === 1) return true;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Tag plumbing

export interface TagOptions {
  /** Who the tag names as tagger, when git's user.name / user.email are not configured (CI). */
  tagger?: { name: string; email: string };
  /**
   * Move the tag if it exists: only for a moving alias such as `production`. Without it an
   * existing tag fails the call, because a version tag is immutable.
   */
  move?: boolean;
}

/** Creates an annotated tag at `commit` (or, with `move`, points an alias there). */
export async function writeAnnotatedTag(
  repoDir: string,
  name: string,
  commit: string,
  message: string,
  options: TagOptions = {},
): Promise<void> {
  checkRef(name);
  checkRef(commit);
  const identity = options.tagger ? ['-c', `user.name=${options.tagger.name}`, '-c', `user.email=${options.tagger.email}`] : [];
  // --cleanup=whitespace keeps lines starting with `#` (Markdown headings) that the default would strip.
  const args = [
    ...identity,
    'tag',
    '--annotate',
    ...(options.move ? ['--force'] : []),
    '--cleanup=whitespace',
    '--file=-',
    name,
    `${commit}^{commit}`,
  ];
  await runGit(repoDir, args, { input: message });
}
