/**
 * A small GitHub REST API of our own on 127.0.0.1, so the real Octokit client is exercised
 * over real HTTP (headers, pagination links, error bodies) without touching github.com.
 * Response bodies follow GitHub's documented shapes, typed with @octokit/openapi-types.
 *
 * Known simplifications: one flat store keyed by "owner/repo"; no commit graph, so a
 * non-forced ref update to a different sha is always "not a fast forward"; matching-refs is
 * not paginated (neither is GitHub's, in practice).
 */
import { emptyGitObjects, gitDataRoute, isFastForward, type GitObjects } from './github-git-writes.js';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { components } from '@octokit/openapi-types';
import { gitBlobBody, gitCommitBody, gitTreeBody, parseTagObject, readGitObjects, readTagRefs, type GitObject } from './github-git-data.js';
import { issuesRoute, type StoredIssue } from './github-issues.js';

type Schemas = components['schemas'];
type IssueComment = Schemas['issue-comment'];
type DiffEntry = Schemas['diff-entry'];
type GitTag = Schemas['git-tag'];
type GitRef = Schemas['git-ref'];
type Release = Schemas['release'];
type SimpleUser = Schemas['simple-user'];
type PrivateUser = Schemas['private-user'];
type BasicError = Schemas['basic-error'];

export const DEFAULT_REPO = 'octo/app';
const DOCS = 'https://docs.github.com/rest';
/** GitHub's limit on issue comment bodies. */
export const COMMENT_BODY_LIMIT = 65_536;

export interface StoredComment {
  id: number;
  repo: string;
  issueNumber: number;
  body: string;
  login: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredFile {
  filename: string;
  status: DiffEntry['status'];
  previous_filename?: string;
}

export interface StoredTagObject {
  repo: string;
  sha: string;
  tag: string;
  message: string;
  objectSha: string;
  objectType: string;
}

export interface StoredRef {
  repo: string;
  /** Full name, `refs/tags/v1`. */
  ref: string;
  sha: string;
}

export interface StoredRelease {
  id: number;
  repo: string;
  tagName: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
}

export interface ServerState {
  /** Login of the token's owner; a `[bot]` login behaves like GITHUB_TOKEN (GET /user is 403). */
  actor: string;
  comments: StoredComment[];
  /** Keyed by `owner/repo#number`. */
  pullFiles: Map<string, StoredFile[]>;
  tagObjects: StoredTagObject[];
  refs: StoredRef[];
  releases: StoredRelease[];
  /** Blobs, trees and commits made through the Git Data API (github-git-writes.ts). */
  git: GitObjects;
  /** Git objects by id (importRepository): served as commits, trees and blobs. */
  gitObjects: Map<string, GitObject & { repo: string }>;
  /** Issues and pull requests (github-issues.ts), in one sequence of numbers per repository. */
  issues: StoredIssue[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The Authorization header as received, so tests can check the token was sent. */
  authorization: string | undefined;
  userAgent: string | undefined;
  body: unknown;
  /** The If-None-Match header, when the request was conditional. */
  ifNoneMatch?: string;
  /** The status answered (set once answered). */
  status?: number;
}

export interface FailRule {
  /** Any method when omitted. */
  method?: string;
  /** Exact pathname, or a pattern tested against it. */
  path: string | RegExp;
  /** Without a status the request is only delayed, then handled normally. */
  status?: number;
  message?: string;
  /** How many matching requests this rule answers; 1 by default. */
  times?: number;
  delayMs?: number;
  headers?: Record<string, string>;
  /**
   * Answer with this HTML page (content-type text/html) instead of GitHub's JSON error: what
   * GitHub's front door and proxies serve on a 502 or 504.
   */
  html?: string;
  /** Runs when the rule matches, before the request is handled (e.g. someone deletes a comment meanwhile). */
  effect?: () => void;
}

export interface GitHubServer {
  url: string;
  state: ServerState;
  requests: RecordedRequest[];
  fail(rule: FailRule): void;
  addComment(comment: { issueNumber: number; body: string; login: string; repo?: string }): StoredComment;
  /** `count` filler comments by other people, to push ours onto a later page. */
  addComments(count: number, options: { issueNumber: number; login?: string; repo?: string }): void;
  setPullRequestFiles(pullNumber: number, files: StoredFile[], repo?: string): void;
  /** A comment deleted by someone else, as DELETE /repos/{owner}/{repo}/issues/comments/{id} would. */
  deleteComment(id: number): void;
  /** Points a ref (`refs/heads/feature`) at a commit, as a push would. */
  setRef(ref: string, sha: string, repo?: string): void;
  /** A local repository's objects, tag refs and annotated tags, as if it were pushed (again). */
  importRepository(dir: string, repo?: string): Promise<void>;
  close(): Promise<void>;
}

interface StartOptions {
  /** When set, only this token is accepted; any Authorization header otherwise. */
  token?: string;
  actor?: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export async function startGitHubServer(options: StartOptions = {}): Promise<GitHubServer> {
  const state: ServerState = {
    actor: options.actor ?? 'github-actions[bot]',
    comments: [],
    pullFiles: new Map(),
    tagObjects: [],
    refs: [],
    releases: [],
    git: emptyGitObjects(),
    gitObjects: new Map(),
    issues: [],
  };
  const requests: RecordedRequest[] = [];
  const rules: (FailRule & { remaining: number })[] = [];
  let nextId = 1000;
  let clock = Date.parse('2025-01-01T00:00:00Z');
  const now = () => new Date((clock += 1000)).toISOString();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { message: `fake server bug: ${String(error)}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestUrl = new URL(req.url ?? '/', url);
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      return send(res, 400, { message: 'Problems parsing JSON', documentation_url: DOCS });
    }
    requests.push({
      method,
      path: requestUrl.pathname,
      query: Object.fromEntries(requestUrl.searchParams),
      authorization: req.headers.authorization,
      userAgent: req.headers['user-agent'],
      body,
      ...(typeof req.headers['if-none-match'] === 'string' ? { ifNoneMatch: req.headers['if-none-match'] } : {}),
    });
    const recorded = requests.at(-1)!;

    const rule = rules.find(
      (r) =>
        r.remaining > 0 &&
        (!r.method || r.method.toUpperCase() === method) &&
        (typeof r.path === 'string' ? r.path === requestUrl.pathname : r.path.test(requestUrl.pathname)),
    );
    if (rule) {
      rule.remaining -= 1;
      rule.effect?.();
      if (rule.delayMs) await new Promise((resolve) => setTimeout(resolve, rule.delayMs));
      if (res.destroyed) return;
      if (rule.status !== undefined && rule.html !== undefined) return sendHtml(res, rule.status, rule.html);
      if (rule.status !== undefined) {
        const error: BasicError = { message: rule.message ?? 'Injected failure', documentation_url: DOCS, status: String(rule.status) };
        return send(res, rule.status, error, rule.headers);
      }
    }

    const auth = req.headers.authorization;
    if (!auth) return send(res, 401, { message: 'Requires authentication', documentation_url: DOCS });
    if (options.token && auth.replace(/^(token|bearer)\s+/i, '') !== options.token) {
      return send(res, 401, { message: 'Bad credentials', documentation_url: DOCS });
    }

    try {
      const result = route(method, requestUrl, body);
      const status = result.status ?? 200;
      // GitHub's conditional requests: every GET carries an ETag; a matching If-None-Match gets
      // 304 and no body (and costs no rate limit on GitHub).
      if (method === 'GET' && status === 200) {
        const etag = `W/"${createHash('sha1').update(JSON.stringify(result.body)).digest('hex')}"`;
        recorded.status = req.headers['if-none-match'] === etag ? 304 : 200;
        if (recorded.status === 304) return send(res, 304, undefined, { etag });
        return send(res, 200, result.body, { ...result.headers, etag });
      }
      recorded.status = status;
      send(res, status, result.body, result.headers);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      recorded.status = error.status;
      send(res, error.status, { message: error.message, documentation_url: DOCS, ...error.extra });
    }
  }

  interface RouteResult {
    status?: number;
    body: unknown;
    headers?: Record<string, string>;
  }

  function route(method: string, requestUrl: URL, body: unknown): RouteResult {
    const path = requestUrl.pathname;
    if (method === 'GET' && path === '/user') return getUser();

    const repoMatch = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(path);
    if (!repoMatch) throw new HttpError(404, 'Not Found');
    const repo = `${decodeURIComponent(repoMatch[1]!)}/${decodeURIComponent(repoMatch[2]!)}`;
    const rest = repoMatch[3]!;
    const input = (body ?? {}) as Record<string, unknown>;
    let m: RegExpExecArray | null;

    if ((m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const issueNumber = Number(m[1]);
      if (method === 'GET') {
        const all = state.comments.filter((c) => c.repo === repo && c.issueNumber === issueNumber);
        return paginate(all.map(toIssueComment), requestUrl);
      }
      if (method === 'POST') return { status: 201, body: toIssueComment(createComment(repo, issueNumber, input.body)) };
    }
    if ((m = /^\/issues\/comments\/(\d+)$/.exec(rest))) {
      const comment = state.comments.find((c) => c.repo === repo && c.id === Number(m![1]));
      if (!comment) throw new HttpError(404, 'Not Found');
      if (method === 'GET') return { body: toIssueComment(comment) };
      if (method === 'PATCH') {
        // GitHub only lets the author (or a maintainer) edit; a bot token is never a maintainer here.
        if (comment.login !== state.actor) throw new HttpError(403, 'Resource not accessible by integration');
        comment.body = validCommentBody(input.body);
        comment.updatedAt = now();
        return { body: toIssueComment(comment) };
      }
    }
    if ((m = /^\/pulls\/(\d+)\/files$/.exec(rest)) && method === 'GET') {
      const files = state.pullFiles.get(`${repo}#${m[1]}`);
      if (!files) throw new HttpError(404, 'Not Found');
      return paginate(
        files.map((f) => toDiffEntry(repo, f)),
        requestUrl,
      );
    }
    if (rest === '/git/tags' && method === 'POST') return { status: 201, body: toGitTag(createTagObject(repo, input)) };
    if ((m = /^\/git\/tags\/([0-9a-f]{40})$/.exec(rest)) && method === 'GET') {
      const tag = state.tagObjects.find((t) => t.repo === repo && t.sha === m![1]);
      if (!tag) throw new HttpError(404, 'Not Found');
      return { body: toGitTag(tag) };
    }
    if ((m = /^\/git\/(commits|trees|blobs)\/([0-9a-f]{40})$/.exec(rest)) && method === 'GET' && !state.git.commits.has(m[2]!)) {
      const object = state.gitObjects.get(m[2]!);
      const type = { commits: 'commit', trees: 'tree', blobs: 'blob' }[m[1]!];
      if (!object || object.repo !== repo || object.type !== type) throw new HttpError(404, 'Not Found');
      if (type === 'commit') return { body: gitCommitBody(url, repo, m[2]!, object.content) };
      if (type === 'tree') return { body: gitTreeBody(url, repo, m[2]!, object.content, state.gitObjects) };
      return { body: gitBlobBody(url, repo, m[2]!, object.content) };
    }
    if (rest === '/git/refs' && method === 'POST') return { status: 201, body: toGitRef(createRef(repo, input)) };
    if ((m = /^\/git\/ref\/(.+)$/.exec(rest)) && method === 'GET') {
      const ref = findRef(repo, `refs/${decodeURIComponent(m[1]!)}`);
      if (!ref) throw new HttpError(404, 'Not Found');
      return { body: toGitRef(ref) };
    }
    if ((m = /^\/git\/refs\/(.+)$/.exec(rest)) && method === 'PATCH') {
      return { body: toGitRef(updateRef(repo, `refs/${decodeURIComponent(m[1]!)}`, input)) };
    }
    if ((m = /^\/git\/refs\/(.+)$/.exec(rest)) && method === 'DELETE') {
      const ref = `refs/${decodeURIComponent(m[1]!)}`;
      const index = state.refs.findIndex((r) => r.repo === repo && r.ref === ref);
      if (index < 0) throw new HttpError(422, 'Reference does not exist');
      state.refs.splice(index, 1);
      return { status: 204, body: undefined };
    }
    if ((m = /^\/git\/matching-refs\/(.*)$/.exec(rest)) && method === 'GET') {
      const prefix = `refs/${decodeURIComponent(m[1]!)}`;
      return { body: state.refs.filter((r) => r.repo === repo && r.ref.startsWith(prefix)).map(toGitRef) };
    }
    const gitData = gitDataRoute(
      state.git,
      url,
      repo,
      method,
      rest,
      input,
      (sha) => state.gitObjects.get(sha)?.type === 'commit',
      (status, message) => {
        throw new HttpError(status, message);
      },
    );
    if (gitData) return gitData;
    const issueOrPull = issuesRoute(
      {
        url,
        actor: () => state.actor,
        issues: state.issues,
        // Issues and pull requests share numbers; comments made on a number (addComment) count too.
        nextNumber: (name) =>
          1 +
          Math.max(
            0,
            ...state.issues.filter((i) => i.repo === name).map((i) => i.number),
            ...state.comments.filter((c) => c.repo === name).map((c) => c.issueNumber),
          ),
        now,
        user: toUser,
        branch: (name, branch) => findRef(name, `refs/heads/${branch}`)?.sha,
        fail: (status, message, extra) => {
          throw new HttpError(status, message, extra);
        },
        paginate,
      },
      repo,
      method,
      rest,
      input,
      requestUrl,
    );
    if (issueOrPull) return issueOrPull;
    if (rest === '/releases' && method === 'POST') return { status: 201, body: toRelease(createRelease(repo, input)) };
    if ((m = /^\/releases\/tags\/(.+)$/.exec(rest)) && method === 'GET') {
      const release = state.releases.find((r) => r.repo === repo && r.tagName === decodeURIComponent(m![1]!));
      if (!release) throw new HttpError(404, 'Not Found');
      return { body: toRelease(release) };
    }
    throw new HttpError(404, 'Not Found');
  }

  function addComment({ issueNumber, body, login, repo = DEFAULT_REPO }: Parameters<GitHubServer['addComment']>[0]): StoredComment {
    const at = now();
    const comment: StoredComment = { id: nextId++, repo, issueNumber, body, login, createdAt: at, updatedAt: at };
    state.comments.push(comment);
    return comment;
  }

  // --- handlers ---------------------------------------------------------------------------

  function getUser(): RouteResult {
    // Installation tokens (GITHUB_TOKEN) are not users.
    if (state.actor.endsWith('[bot]')) throw new HttpError(403, 'Resource not accessible by integration');
    const user: PrivateUser = {
      ...toUser(state.actor),
      name: null,
      company: null,
      blog: null,
      location: null,
      email: null,
      hireable: null,
      bio: null,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: '2020-01-01T00:00:00Z',
      updated_at: '2020-01-01T00:00:00Z',
      private_gists: 0,
      total_private_repos: 0,
      owned_private_repos: 0,
      disk_usage: 0,
      collaborators: 0,
      two_factor_authentication: true,
    };
    return { body: user };
  }

  function createComment(repo: string, issueNumber: number, body: unknown): StoredComment {
    const at = now();
    const comment: StoredComment = {
      id: nextId++,
      repo,
      issueNumber,
      body: validCommentBody(body),
      login: state.actor,
      createdAt: at,
      updatedAt: at,
    };
    state.comments.push(comment);
    return comment;
  }

  function validCommentBody(body: unknown): string {
    if (typeof body !== 'string') throw validationFailed('IssueComment', 'missing_field', 'body', 'body is missing');
    if (body.length > COMMENT_BODY_LIMIT) {
      throw validationFailed('IssueComment', 'custom', 'body', `body is too long (maximum is ${COMMENT_BODY_LIMIT} characters)`);
    }
    return body;
  }

  function createTagObject(repo: string, input: Record<string, unknown>): StoredTagObject {
    const { tag, message, object, type } = input;
    if (typeof tag !== 'string' || typeof message !== 'string' || typeof object !== 'string' || typeof type !== 'string') {
      throw validationFailed('Tag', 'missing_field', 'tag', 'tag, message, object and type are required');
    }
    if (!/^[0-9a-f]{40}$/.test(object)) throw new HttpError(422, 'Object does not exist');
    const sha = createHash('sha1').update(`${repo}\0${tag}\0${message}\0${object}\0${nextId++}`).digest('hex');
    const stored: StoredTagObject = { repo, sha, tag, message, objectSha: object, objectType: type };
    state.tagObjects.push(stored);
    return stored;
  }

  function findRef(repo: string, ref: string): StoredRef | undefined {
    return state.refs.find((r) => r.repo === repo && r.ref === ref);
  }

  function createRef(repo: string, input: Record<string, unknown>): StoredRef {
    const { ref, sha } = input;
    if (typeof ref !== 'string' || !/^refs\/[^/]+\/.+/.test(ref)) {
      throw new HttpError(422, "Reference name must start with 'refs/' and have at least two slashes.");
    }
    if (typeof sha !== 'string' || !/^[0-9a-f]{40}$/.test(sha)) throw new HttpError(422, 'Object does not exist');
    if (findRef(repo, ref)) throw new HttpError(422, 'Reference already exists');
    const stored: StoredRef = { repo, ref, sha };
    state.refs.push(stored);
    return stored;
  }

  function updateRef(repo: string, ref: string, input: Record<string, unknown>): StoredRef {
    const existing = findRef(repo, ref);
    if (!existing) throw new HttpError(422, 'Reference does not exist');
    const { sha, force } = input;
    if (typeof sha !== 'string' || !/^[0-9a-f]{40}$/.test(sha)) throw new HttpError(422, 'Object does not exist');
    if (sha !== existing.sha && force !== true && !isFastForward(state.git, existing.sha, sha))
      throw new HttpError(422, 'Update is not a fast forward');
    existing.sha = sha;
    return existing;
  }

  function createRelease(repo: string, input: Record<string, unknown>): StoredRelease {
    const tagName = input.tag_name;
    if (typeof tagName !== 'string') throw validationFailed('Release', 'missing_field', 'tag_name', 'tag_name is missing');
    if (state.releases.some((r) => r.repo === repo && r.tagName === tagName)) {
      throw validationFailed('Release', 'already_exists', 'tag_name');
    }
    const release: StoredRelease = {
      id: nextId++,
      repo,
      tagName,
      name: typeof input.name === 'string' ? input.name : null,
      body: typeof input.body === 'string' ? input.body : null,
      draft: input.draft === true,
      prerelease: input.prerelease === true,
    };
    state.releases.push(release);
    return release;
  }

  // --- GitHub's response shapes -----------------------------------------------------------

  function toUser(login: string): SimpleUser {
    const id = Number.parseInt(createHash('sha1').update(login).digest('hex').slice(0, 7), 16);
    const api = `${url}/users/${encodeURIComponent(login)}`;
    return {
      login,
      id,
      node_id: `U_${id}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${id}`,
      gravatar_id: '',
      url: api,
      html_url: `https://github.com/${login}`,
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type: login.endsWith('[bot]') ? 'Bot' : 'User',
      site_admin: false,
    };
  }

  function toIssueComment(c: StoredComment): IssueComment {
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${url}/repos/${c.repo}/issues/comments/${c.id}`,
      html_url: `https://github.com/${c.repo}/pull/${c.issueNumber}#issuecomment-${c.id}`,
      issue_url: `${url}/repos/${c.repo}/issues/${c.issueNumber}`,
      body: c.body,
      user: toUser(c.login),
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      author_association: c.login === state.actor ? 'NONE' : 'CONTRIBUTOR',
      performed_via_github_app: null,
    };
  }

  function toDiffEntry(repo: string, f: StoredFile): DiffEntry {
    const sha = createHash('sha1').update(f.filename).digest('hex');
    return {
      sha,
      filename: f.filename,
      status: f.status,
      additions: 1,
      deletions: 0,
      changes: 1,
      blob_url: `https://github.com/${repo}/blob/${sha}/${f.filename}`,
      raw_url: `https://github.com/${repo}/raw/${sha}/${f.filename}`,
      contents_url: `${url}/repos/${repo}/contents/${f.filename}?ref=${sha}`,
      ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
    };
  }

  function toGitTag(t: StoredTagObject): GitTag {
    return {
      node_id: `TAG_${t.sha.slice(0, 8)}`,
      tag: t.tag,
      sha: t.sha,
      url: `${url}/repos/${t.repo}/git/tags/${t.sha}`,
      message: t.message,
      tagger: { name: state.actor, email: 'actions@github.com', date: '2025-01-01T00:00:00Z' },
      object: { sha: t.objectSha, type: t.objectType, url: `${url}/repos/${t.repo}/git/commits/${t.objectSha}` },
      verification: { verified: false, reason: 'unsigned', payload: null, signature: null, verified_at: null },
    };
  }

  function toGitRef(r: StoredRef): GitRef {
    // A ref pointing at one of our tag objects is an annotated tag.
    const type = state.tagObjects.some((t) => t.repo === r.repo && t.sha === r.sha) ? 'tag' : 'commit';
    return {
      ref: r.ref,
      node_id: `REF_${r.ref}`,
      url: `${url}/repos/${r.repo}/git/${r.ref}`,
      object: { type, sha: r.sha, url: `${url}/repos/${r.repo}/git/${type}s/${r.sha}` },
    };
  }

  function toRelease(r: StoredRelease): Release {
    const api = `${url}/repos/${r.repo}/releases/${r.id}`;
    return {
      url: api,
      html_url: `https://github.com/${r.repo}/releases/tag/${r.tagName}`,
      assets_url: `${api}/assets`,
      upload_url: `https://uploads.github.com/repos/${r.repo}/releases/${r.id}/assets{?name,label}`,
      tarball_url: `${url}/repos/${r.repo}/tarball/${r.tagName}`,
      zipball_url: `${url}/repos/${r.repo}/zipball/${r.tagName}`,
      id: r.id,
      node_id: `RE_${r.id}`,
      tag_name: r.tagName,
      target_commitish: 'main',
      name: r.name,
      body: r.body,
      draft: r.draft,
      prerelease: r.prerelease,
      created_at: '2025-01-01T00:00:00Z',
      published_at: r.draft ? null : '2025-01-01T00:00:00Z',
      author: toUser(state.actor),
      assets: [],
    };
  }

  /** GitHub's page-number pagination: `per_page` (default 30, max 100), `page`, and a Link header. */
  function paginate<T>(items: T[], requestUrl: URL): RouteResult {
    const perPage = Math.min(Math.max(Number(requestUrl.searchParams.get('per_page') ?? 30) || 30, 1), 100);
    const page = Math.max(Number(requestUrl.searchParams.get('page') ?? 1) || 1, 1);
    const last = Math.max(Math.ceil(items.length / perPage), 1);
    const link = (n: number, rel: string) => {
      const target = new URL(requestUrl);
      target.searchParams.set('per_page', String(perPage));
      target.searchParams.set('page', String(n));
      return `<${target.href}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, 'prev'));
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'));
    return {
      body: items.slice((page - 1) * perPage, page * perPage),
      headers: links.length > 0 ? { link: links.join(', ') } : {},
    };
  }

  return {
    url,
    state,
    requests,
    fail(rule) {
      rules.push({ ...rule, remaining: rule.times ?? 1 });
    },
    addComment,
    addComments(count, { issueNumber, login = 'octocat', repo = DEFAULT_REPO }) {
      for (let i = 1; i <= count; i++) addComment({ issueNumber, repo, login, body: `Comment ${i} by ${login}` });
    },
    setPullRequestFiles(pullNumber, files, repo = DEFAULT_REPO) {
      state.pullFiles.set(`${repo}#${pullNumber}`, files);
    },
    setRef(ref, sha, repo = DEFAULT_REPO) {
      const existing = state.refs.find((stored) => stored.repo === repo && stored.ref === ref);
      if (existing) existing.sha = sha;
      else state.refs.push({ repo, ref, sha });
    },
    async importRepository(dir, repo = DEFAULT_REPO) {
      for (const [sha, object] of await readGitObjects(dir)) {
        state.gitObjects.set(sha, { ...object, repo });
        if (object.type === 'tag' && !state.tagObjects.some((tag) => tag.sha === sha)) {
          const tag = parseTagObject(object.content);
          state.tagObjects.push({ repo, sha, tag: tag.tag, message: tag.message, objectSha: tag.object, objectType: tag.type });
        }
      }
      for (const { ref, sha } of await readTagRefs(dir)) {
        const existing = findRef(repo, ref);
        if (existing) existing.sha = sha;
        else state.refs.push({ repo, ref, sha });
      }
    },
    deleteComment(id) {
      const index = state.comments.findIndex((comment) => comment.id === id);
      if (index >= 0) state.comments.splice(index, 1);
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
      });
    },
  };
}

function validationFailed(resource: string, code: string, field: string, message?: string): HttpError {
  return new HttpError(422, 'Validation Failed', { errors: [{ resource, code, field, ...(message ? { message } : {}) }] });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** An error page as GitHub's edge serves it: HTML, no JSON, no rate-limit headers. */
function sendHtml(res: ServerResponse, status: number, html: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = status === 204 || status === 304 ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'x-github-request-id': createHash('sha1').update(String(Math.random())).digest('hex').slice(0, 16).toUpperCase(),
    'x-ratelimit-remaining': '4999',
    ...headers,
  });
  res.end(text);
}
