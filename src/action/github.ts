/**
 * Every GitHub API call promptgate makes, one small function each, taking the Octokit client
 * first (the marocchino/sticky-pull-request-comment style): callers compose them, tests run
 * them through a real Octokit against a loopback server, and nothing here reads inputs or env.
 */
import { Octokit } from '@octokit/rest';
import type { ChangedPath } from '../suite/select.js';

/** The login comments made with the workflow's GITHUB_TOKEN are posted under. */
export const DEFAULT_COMMENT_AUTHOR = 'github-actions[bot]';

/** GitHub's pull request files endpoint stops listing after this many files. */
export const PULL_REQUEST_FILES_CAP = 3000;

export interface ClientOptions {
  token: string;
  /** GitHub Enterprise Server or a test server; defaults to https://api.github.com. */
  baseUrl?: string;
  userAgent?: string;
  /** Per request, headers and body; a hung connection must not hold the job until its own timeout. */
  timeoutMs?: number;
}

/**
 * @octokit/rest has no retry or throttling plugin, so a failed call fails once and fast: the
 * action's calls are few, and a re-run is the right answer to an outage.
 */
export function createClient({ token, baseUrl, userAgent, timeoutMs = 30_000 }: ClientOptions): Octokit {
  return new Octokit({
    auth: token,
    baseUrl: baseUrl ?? 'https://api.github.com',
    userAgent: userAgent ?? 'promptgate',
    request: { fetch: fetchWithTimeout(timeoutMs) },
    // Octokit logs every failed request with console.error, including the 404s we expect
    // (a tag that does not exist yet); callers report failures through describeGitHubError.
    log: { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} },
  });
}

function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(input, { ...init, signal });
  };
}

interface Repo {
  owner: string;
  repo: string;
}

// ---------------------------------------------------------------------------------------------
// Sticky pull request comment

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
export async function findStickyComment(client: Octokit, target: StickyCommentTarget): Promise<StickyComment | undefined> {
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
 * Two runs racing on the same PR could both create; workflows avoid that with `concurrency`.
 */
export async function upsertStickyComment(
  client: Octokit,
  target: StickyCommentTarget & { body: string },
): Promise<UpsertResult> {
  const body = target.body.includes(target.marker) ? target.body : `${target.body}\n\n${target.marker}`;
  const existing = await findStickyComment(client, target);
  if (existing) {
    const { data } = await client.rest.issues.updateComment({
      owner: target.owner,
      repo: target.repo,
      comment_id: existing.id,
      body,
    });
    return { action: 'updated', id: Number(data.id), url: data.html_url };
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
 * DEFAULT_COMMENT_AUTHOR: undefined is returned then.
 */
export async function getAuthenticatedLogin(client: Octokit): Promise<string | undefined> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    if (statusOf(error) === 403) return undefined;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Pull request files (change detection when git history is not available)

type GitHubFileStatus = 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';

// A copy is a new file at its path (its source is untouched, so no previousPath); "changed"
// is a mode change and "unchanged" a rename's twin — either way the file at `path` is there.
const STATUS: Record<GitHubFileStatus, ChangedPath['status']> = {
  added: 'added',
  copied: 'added',
  removed: 'deleted',
  modified: 'modified',
  changed: 'modified',
  unchanged: 'modified',
  renamed: 'renamed',
};

/** All pages; GitHub lists at most PULL_REQUEST_FILES_CAP files, so a result that long may be partial. */
export async function listPullRequestFiles(client: Octokit, target: Repo & { pullNumber: number }): Promise<ChangedPath[]> {
  const files = await client.paginate(client.rest.pulls.listFiles, {
    owner: target.owner,
    repo: target.repo,
    pull_number: target.pullNumber,
    per_page: 100,
  });
  return files.map((file) => {
    const status = STATUS[file.status] ?? 'modified';
    return status === 'renamed' && file.previous_filename
      ? { path: file.filename, status, previousPath: file.previous_filename }
      : { path: file.filename, status };
  });
}

// ---------------------------------------------------------------------------------------------
// Release mode: tags, moving aliases, releases

export interface TagRef {
  /** Full ref name, `refs/tags/<tag>`. */
  ref: string;
  /** The object the ref points at: the tag object for annotated tags, the commit otherwise. */
  sha: string;
  type: 'commit' | 'tag' | string;
}

/** The tag's ref, or undefined when there is no such tag. */
export async function getTagRef(client: Octokit, target: Repo & { tag: string }): Promise<TagRef | undefined> {
  try {
    const { data } = await client.rest.git.getRef({ owner: target.owner, repo: target.repo, ref: `tags/${target.tag}` });
    return { ref: data.ref, sha: data.object.sha, type: data.object.type };
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

export interface CreatedTag {
  ref: string;
  /** The annotated tag object. */
  tagSha: string;
}

/**
 * An annotated tag (the message records what passed) is two calls: the tag object, then the
 * ref that makes it visible. A "Reference already exists" 422 is left to the caller, which
 * decides whether an existing tag is fine; the orphaned tag object is garbage-collected.
 */
export async function createAnnotatedTag(
  client: Octokit,
  target: Repo & { tag: string; sha: string; message: string },
): Promise<CreatedTag> {
  const tagSha = await createTagObject(client, target);
  const { data: ref } = await client.rest.git.createRef({
    owner: target.owner,
    repo: target.repo,
    ref: `refs/tags/${target.tag}`,
    sha: tagSha,
  });
  return { ref: ref.ref, tagSha };
}

/** The message of an annotated tag; undefined when the tag does not exist or is lightweight. */
export async function getAnnotatedTagMessage(client: Octokit, target: Repo & { tag: string }): Promise<string | undefined> {
  const ref = await getTagRef(client, target);
  if (!ref || ref.type !== 'tag') return undefined;
  const { data } = await client.rest.git.getTag({ owner: target.owner, repo: target.repo, tag_sha: ref.sha });
  return data.message;
}

/**
 * Points a moving alias (e.g. `support-bot@production`) at `sha`, creating the tag the first
 * time. `force` allows a move that is not a fast-forward, which moving an alias usually is.
 */
export async function updateTagRef(
  client: Octokit,
  target: Repo & { tag: string; sha: string; force: boolean },
): Promise<{ action: 'created' | 'updated' | 'unchanged' }> {
  const current = await getTagRef(client, target);
  if (!current) {
    await client.rest.git.createRef({ owner: target.owner, repo: target.repo, ref: `refs/tags/${target.tag}`, sha: target.sha });
    return { action: 'created' };
  }
  if (current.sha === target.sha) return { action: 'unchanged' };
  await client.rest.git.updateRef({
    owner: target.owner,
    repo: target.repo,
    ref: `tags/${target.tag}`,
    sha: target.sha,
    force: target.force,
  });
  return { action: 'updated' };
}

/** A tag object alone (no ref): what a moving alias points its ref at. */
export async function createTagObject(
  client: Octokit,
  target: Repo & { tag: string; sha: string; message: string },
): Promise<string> {
  const { data } = await client.rest.git.createTag({
    owner: target.owner,
    repo: target.repo,
    tag: target.tag,
    message: target.message,
    object: target.sha,
    type: 'commit',
  });
  return data.sha;
}

/** An annotated tag object's target commit and message. */
export async function getTagObject(client: Octokit, target: Repo & { tagSha: string }): Promise<{ commit: string; message: string }> {
  const { data } = await client.rest.git.getTag({ owner: target.owner, repo: target.repo, tag_sha: target.tagSha });
  return { commit: data.object.sha, message: data.message };
}

export interface MatchingTag {
  /** Tag name without `refs/tags/`. */
  tag: string;
  sha: string;
  type: string;
}

/** Tags whose name starts with `prefix` (e.g. `support-bot@`), to find the versions already released. */
export async function listMatchingTagRefs(client: Octokit, target: Repo & { prefix: string }): Promise<MatchingTag[]> {
  const refs = await client.paginate(client.rest.git.listMatchingRefs, {
    owner: target.owner,
    repo: target.repo,
    ref: `tags/${target.prefix}`,
  });
  return refs.map((ref) => ({ tag: ref.ref.replace(/^refs\/tags\//, ''), sha: ref.object.sha, type: ref.object.type }));
}

/** A published release for an existing tag. GitHub caps the body at 125,000 characters. */
export async function createRelease(
  client: Octokit,
  target: Repo & { tag: string; name: string; body: string },
): Promise<{ id: number; url: string }> {
  const { data } = await client.rest.repos.createRelease({
    owner: target.owner,
    repo: target.repo,
    tag_name: target.tag,
    name: target.name,
    body: target.body,
  });
  return { id: data.id, url: data.html_url };
}

// ---------------------------------------------------------------------------------------------
// Errors

/** The shape of Octokit's RequestError, read structurally so nothing depends on its package. */
interface RequestErrorLike {
  status?: unknown;
  message?: unknown;
  name?: unknown;
  cause?: unknown;
  request?: { method?: string; url?: string };
  response?: { data?: unknown; headers?: Record<string, string | number | undefined> };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as RequestErrorLike | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

const PERMISSION_HINTS: { path: RegExp; hint: string }[] = [
  {
    path: /\/issues\/(\d+\/)?comments/,
    hint: 'the token cannot comment on this pull request (fork PRs get a read-only token; add `permissions: pull-requests: write`)',
  },
  { path: /\/pulls\/\d+\/files/, hint: 'the token cannot read this pull request (add `permissions: pull-requests: read`)' },
  {
    path: /\/git\/|\/releases/,
    hint: 'the token cannot write tags or releases (add `permissions: contents: write` to the release workflow)',
  },
];

/**
 * One line a user can act on, for a failed GitHub call: what we tried, what GitHub said, and
 * the fix when we know it. `whatWeTried` reads after "Could not", e.g. "update the PR comment".
 * The token never appears: we build the text from the status and GitHub's message, and
 * redact anything token-shaped regardless.
 */
export function describeGitHubError(error: unknown, whatWeTried: string): string {
  return redactTokens(`Could not ${whatWeTried}: ${explain(error)}`);
}

function explain(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as RequestErrorLike;
  const status = statusOf(error);
  const method = e.request?.method ?? '';
  const path = pathOf(e.request?.url);
  const said = githubMessage(e);

  if (isTimeout(e)) return 'GitHub did not answer in time; re-run the job';
  if (status === undefined) return typeof e.message === 'string' ? e.message : String(error);
  // Octokit reports a request that never got a response (DNS, refused connection) as a 500.
  if (!e.response) return `GitHub could not be reached (${String(e.message)}); check the network and the API URL`;
  if (status === 401) return 'the token was rejected (401 Bad credentials); check the `github-token` input';
  if (status === 403 && isRateLimited(e, said)) return `GitHub's API rate limit is exhausted${resetTime(e)}; re-run later`;
  if (status === 403 || status === 404) {
    const known = PERMISSION_HINTS.find((h) => h.path.test(path));
    // A 404 on a read is usually a wrong number or repository; on a write it is GitHub hiding
    // a repository the token may not write to.
    if (known && (status === 403 || method !== 'GET')) return `${known.hint} [HTTP ${status}: ${said}]`;
    if (status === 404) return `not found (HTTP 404 on ${method} ${path}); check the repository and number, and that the token can see them`;
    return `forbidden (HTTP 403: ${said})`;
  }
  if (status === 422) {
    if (/reference already exists/i.test(said)) return 'the tag already exists';
    if (/too long/i.test(said)) return `GitHub rejected the text as too long (${said})`;
    return `GitHub rejected the request (HTTP 422: ${said})`;
  }
  if (status >= 500) return `GitHub is unavailable (HTTP ${status}); re-run the job later`;
  return `HTTP ${status} on ${method} ${path}: ${said}`;
}

function githubMessage(e: RequestErrorLike): string {
  const data = e.response?.data;
  let text = '';
  if (typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string') {
    const body = data as { message: string; errors?: unknown[] };
    const details = (body.errors ?? [])
      .map((item) => (typeof item === 'string' ? item : (item as { message?: string; code?: string })?.message ?? (item as { code?: string })?.code))
      .filter((item): item is string => typeof item === 'string');
    text = details.length > 0 ? `${body.message}: ${details.join('; ')}` : body.message;
  } else if (typeof data === 'string') {
    text = data;
  }
  text = text.replace(/\s+/g, ' ').trim();
  // An HTML error page from a proxy is no use in a one-line message.
  if (text === '' || text.startsWith('<')) text = typeof e.message === 'string' && !e.message.startsWith('<') ? e.message : 'no details';
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function pathOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return url;
  }
}

function isTimeout(e: RequestErrorLike): boolean {
  const cause = e.cause as { name?: unknown } | undefined;
  return e.name === 'TimeoutError' || cause?.name === 'TimeoutError' || e.name === 'AbortError';
}

function isRateLimited(e: RequestErrorLike, said: string): boolean {
  return String(e.response?.headers?.['x-ratelimit-remaining']) === '0' || /rate limit/i.test(said);
}

function resetTime(e: RequestErrorLike): string {
  const reset = Number(e.response?.headers?.['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString().slice(11, 16)} UTC` : '';
}

/** GitHub token formats (classic, fine-grained, app) and Authorization header values. */
function redactTokens(text: string): string {
  return text
    .replace(/\b(gh[pousr]_[A-Za-z0-9_]{16,}|github_pat_[A-Za-z0-9_]{16,})/g, '***')
    .replace(/\b(token|bearer)\s+[A-Za-z0-9._-]{16,}/gi, '$1 ***');
}
