import { createAnnotatedTag, GitError, listTags, moveTag, runGit } from '../git.js';
import type { TagStore } from './run-release.js';

/** Tags in the local repository (the CLI); pushing them is left to the user, who is told how. */
export function gitTagStore(repoDir: string): TagStore {
  return {
    async list() {
      // A pattern without a glob matches by prefix up to a slash, so ids with `/` are listed too.
      const tags = await listTags(repoDir, 'prompts');
      return tags.map((tag) => ({ name: tag.name, commit: tag.commit, message: tag.message }));
    },
    async create(tag) {
      await createAnnotatedTag(repoDir, tag.tag, tag.commit, tag.message);
    },
    async moveAlias(move) {
      await moveTag(repoDir, move.tag, move.commit, move.message);
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
