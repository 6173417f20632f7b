import { type ChangedPath, mergeBase, changedPaths } from '../git/git.js';
import type { GitFileSource } from '../load/files/git-source.js';

/** The base side: the merge-base commit, its files from git objects, and the change since. */
export interface BaseRef {
  commit: string;
  source: GitFileSource;
  changes: ChangedPath[];
}

export async function openBase(
  repoDir: string,
  baseRef: string | undefined,
  headRef: string | undefined,
  knownChanges: ChangedPath[] | undefined,
): Promise<BaseRef | undefined> {
  if (!baseRef) return undefined;
  const commit = await mergeBase(repoDir, baseRef, headRef ?? 'HEAD');
  const changes = knownChanges ?? (await changedPaths(repoDir, commit, headRef));
  // The git object reader (and node:child_process) load only for a run with a base side.
  const { createGitSource } = await import('../load/files/git-source.js');
  return { commit, source: createGitSource(repoDir, commit), changes };
}
