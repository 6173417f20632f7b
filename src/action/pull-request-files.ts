/** The files a pull request changes, from the API: change detection when git history is missing. */
import type { ChangedPath } from '../git/git.js';
import type { GitHubClient, Repo } from './github-client.js';
import { GitHubCallError } from './github-errors.js';

type GitHubFileStatus = 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';

// In git's words, so this list stands in for `git diff --name-status`. A copy is a new file at
// its path (its source is untouched, so no previousPath); "changed" is a mode change and
// "unchanged" a rename's twin — either way the file at `path` is there.
const STATUS: Record<GitHubFileStatus, ChangedPath['status']> = {
  added: 'added',
  copied: 'added',
  removed: 'deleted',
  modified: 'modified',
  changed: 'modified',
  unchanged: 'modified',
  renamed: 'renamed',
};

/**
 * All pages (GitHub lists at most 3000 files). A failure is thrown as a GitHubCallError whose
 * message names the call: GitHub's front door answers outages with an HTML page, which
 * Octokit would otherwise make the error message, page and all.
 */
export async function listPullRequestFiles(client: GitHubClient, target: Repo & { pullNumber: number }): Promise<ChangedPath[]> {
  let files;
  try {
    files = await client.paginate(client.rest.pulls.listFiles, {
      owner: target.owner,
      repo: target.repo,
      pull_number: target.pullNumber,
      per_page: 100,
    });
  } catch (error) {
    throw new GitHubCallError(error, `list the files of pull request #${target.pullNumber}`);
  }
  return files.map((file) => {
    const status = STATUS[file.status] ?? 'modified';
    return status === 'renamed' && file.previous_filename
      ? { path: file.filename, status, previousPath: file.previous_filename }
      : { path: file.filename, status };
  });
}
