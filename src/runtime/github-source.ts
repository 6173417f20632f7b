import { createHash } from 'node:crypto';
import type { FileSource } from '../load/files/file-source.js';

/*
 * Reading a commit's files through GitHub's git data API (commits, trees, blobs), for the
 * runtime's refresh: the same FileSource the loader reads local git through, so a refreshed
 * version is loaded and checked exactly as `promptgate bundle` loads it. Every tree and blob is
 * verified against the id it was asked for (git's own sha1 of its content), so what is served
 * is what the tag's commit holds, whatever the network in between did. Objects are cached by
 * id: a new version fetches only the files that changed.
 */

export interface GitHubTarget {
  /** `owner/name`. */
  repo: string;
  token?: string;
  /** Default https://api.github.com (GitHub Enterprise: https://HOST/api/v3). */
  apiUrl?: string;
}

export class GitHubRequestError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'GitHubRequestError';
  }
}

export interface GitHubResponse {
  status: number;
  etag: string | undefined;
  body: unknown;
}

/** One GET; `etag` makes it conditional (a 304 costs no rate limit). Never follows a failure silently. */
export async function gitHubGet(target: GitHubTarget, path: string, etag?: string): Promise<GitHubResponse> {
  const url = `${(target.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '')}/repos/${target.repo}/${path}`;
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'promptgate-runtime',
  };
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  if (etag) headers['if-none-match'] = etag;
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    throw new GitHubRequestError(`GitHub could not be reached (${cause})`);
  }
  if (response.status === 304) return { status: 304, etag, body: undefined };
  const text = await response.text();
  if (!response.ok && response.status !== 404) {
    throw new GitHubRequestError(`GitHub answered ${response.status} to GET ${path}: ${text.slice(0, 200)}`, response.status);
  }
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new GitHubRequestError(`GitHub answered GET ${path} with a body that is not JSON`, response.status);
  }
  return { status: response.status, etag: response.headers.get('etag') ?? undefined, body };
}

interface TreeEntry {
  path: string;
  mode: string;
  type: string;
  sha: string;
}

/** The commit's files as a FileSource, verified object by object. `cache` is shared across commits. */
export function gitHubCommitSource(target: GitHubTarget, commit: string, cache: Map<string, unknown>): FileSource {
  const get = async (path: string) => {
    const response = await gitHubGet(target, path);
    if (response.status !== 200) throw new GitHubRequestError(`GitHub has no ${path} (${response.status})`, response.status);
    return response.body as Record<string, unknown>;
  };
  const tree = async (sha: string): Promise<TreeEntry[]> => {
    const cached = cache.get(sha) as TreeEntry[] | undefined;
    if (cached) return cached;
    const body = await get(`git/trees/${sha}`);
    if (!Array.isArray(body.tree) || body.truncated === true) throw new GitHubRequestError(`tree ${sha} came back incomplete`);
    const entries = body.tree as TreeEntry[];
    verify(sha, 'tree', treeBytes(entries));
    cache.set(sha, entries);
    return entries;
  };
  const blob = async (sha: string): Promise<Buffer> => {
    const cached = cache.get(sha) as Buffer | undefined;
    if (cached) return cached;
    const body = await get(`git/blobs/${sha}`);
    if (body.encoding !== 'base64' || typeof body.content !== 'string')
      throw new GitHubRequestError(`blob ${sha} came back in an unknown encoding`);
    const bytes = Buffer.from(body.content, 'base64');
    verify(sha, 'blob', bytes);
    cache.set(sha, bytes);
    return bytes;
  };
  let root: Promise<string> | undefined;
  const rootTree = () =>
    (root ??= get(`git/commits/${commit}`).then((body) => {
      const sha = (body.tree as { sha?: unknown } | undefined)?.sha;
      if (body.sha !== commit || typeof sha !== 'string') throw new GitHubRequestError(`commit ${commit} came back without its tree`);
      return sha;
    }));
  /** The entry at a repository-relative path, walking down from the commit's tree. */
  const entryAt = async (path: string): Promise<TreeEntry | undefined> => {
    const parts = path.split('/').filter((part) => part !== '' && part !== '.');
    let entry: TreeEntry | undefined = { path: '', mode: '040000', type: 'tree', sha: await rootTree() };
    for (const part of parts) {
      if (entry?.type !== 'tree') return undefined;
      entry = (await tree(entry.sha)).find((child) => child.path === part);
    }
    return entry;
  };
  return {
    async read(path) {
      const entry = await entryAt(path);
      if (!entry || entry.type !== 'blob') return undefined;
      if (entry.mode === '120000') throw new GitHubRequestError(`${path} is a symlink; the refresh reads plain files only`);
      return blob(entry.sha);
    },
    async list(dir) {
      const start = await entryAt(dir);
      if (!start || start.type !== 'tree') return [];
      const prefix = dir === '.' || dir === '' ? '' : `${dir.replace(/\/+$/, '')}/`;
      const files: string[] = [];
      const walk = async (sha: string, at: string): Promise<void> => {
        for (const child of await tree(sha)) {
          if (child.type === 'blob') files.push(`${at}${child.path}`);
          else if (child.type === 'tree') await walk(child.sha, `${at}${child.path}/`);
        }
      };
      await walk(start.sha, prefix);
      return files;
    },
  };
}

/** A tree object's bytes from its entries (`<mode> <name>\0<20-byte id>`, git writes `40000` for folders). */
function treeBytes(entries: TreeEntry[]): Buffer {
  return Buffer.concat(
    entries.map((entry) =>
      Buffer.concat([Buffer.from(`${entry.mode.replace(/^0+/, '')} ${entry.path}\0`, 'utf8'), Buffer.from(entry.sha, 'hex')]),
    ),
  );
}

function verify(sha: string, type: 'tree' | 'blob', content: Buffer): void {
  const actual = createHash('sha1').update(`${type} ${content.length}\0`).update(content).digest('hex');
  if (actual !== sha) throw new GitHubRequestError(`${type} ${sha} does not match its content (it hashes to ${actual}); not served`);
}
