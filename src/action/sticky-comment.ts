/**
 * The pull request's one promptgate comment, edited in place on every run
 * (marocchino/sticky-pull-request-comment style): found by a hidden marker and by its author.
 */
import type { GitHubClient, Repo } from './github-client.js';
import { statusOf } from './github-errors.js';

/** The login comments made with the workflow's GITHUB_TOKEN are posted under. */
export const DEFAULT_COMMENT_AUTHOR = 'github-actions[bot]';

export interface StickyCommentTarget extends Repo {
  issueNumber: number;
  /** Hidden text that identifies our comment, e.g. `<!-- promptgate:pr-comment -->`. */
  marker: string;
  /** Login that must have written the comment; DEFAULT_COMMENT_AUTHOR unless a PAT or app is used. */
  author?: string;
}

export interface StickyComment {
  id: number;
  body: string;
  url: string;
}

/**
 * The first comment that carries the marker AND was written by the expected author, searched
 * through every page. The author check matters: anyone can paste the marker into a comment
 * (quoting ours, or on purpose), and we must never edit — or be steered by — their comment.
 */
export async function findStickyComment(client: GitHubClient, target: StickyCommentTarget): Promise<StickyComment | undefined> {
  assertMarker(target.marker);
  const author = (target.author ?? DEFAULT_COMMENT_AUTHOR).toLowerCase();
  const pages = client.paginate.iterator(client.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  for await (const page of pages) {
    for (const comment of page.data) {
      // Logins are case-insensitive on GitHub.
      if (comment.body?.includes(target.marker) && comment.user?.login.toLowerCase() === author) {
        return { id: Number(comment.id), body: comment.body, url: comment.html_url };
      }
    }
  }
  return undefined;
}

export interface UpsertResult {
  action: 'created' | 'updated';
  id: number;
  url: string;
}

/**
 * Updates our comment in place, or creates it when there is none, so a PR carries exactly one.
 * The marker is appended when the body lacks it, or the next run could not find the comment.
 * A comment deleted between the listing and the update (a 404) is written anew. Two runs racing
 * on the same PR could both create; workflows avoid that with `concurrency`.
 */
export async function upsertStickyComment(client: GitHubClient, target: StickyCommentTarget & { body: string }): Promise<UpsertResult> {
  const body = target.body.includes(target.marker) ? target.body : `${target.body}\n\n${target.marker}`;
  const existing = await findStickyComment(client, target);
  if (existing) {
    try {
      const { data } = await client.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: existing.id, body });
      return { action: 'updated', id: Number(data.id), url: data.html_url };
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }
  const { data } = await client.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    body,
  });
  return { action: 'created', id: Number(data.id), url: data.html_url };
}

function assertMarker(marker: string): void {
  // An empty marker would match every comment the bot ever wrote, including other tools'.
  if (marker.trim() === '') throw new Error('The sticky comment marker must not be empty');
}

/**
 * The login behind the token, so comments written with a personal access token can be found.
 * The workflow's GITHUB_TOKEN cannot call GET /user (403), which itself tells us the author is
 * DEFAULT_COMMENT_AUTHOR: undefined is returned then. Any other failure (a 5xx the client's
 * retries did not outlast) is thrown: guessing the author then would post a second comment.
 */
export async function getAuthenticatedLogin(client: GitHubClient): Promise<string | undefined> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    if (statusOf(error) === 403) return undefined;
    throw error;
  }
}
