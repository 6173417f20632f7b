import { createHash } from 'node:crypto';

/**
 * The loopback GitHub's Git Data API writes (blobs, trees, commits), in the shapes GitHub documents
 * (REST "Git database": POST /repos/{owner}/{repo}/git/blobs → { sha, url }, POST .../git/trees →
 * { sha, url, tree: [...], truncated }, POST .../git/commits → a git-commit). Reading the
 * repository's own objects is github-git-data.ts (importRepository). A blob's id is what
 * `git hash-object` would say.
 */
export interface GitObjects {
  blobs: Map<string, { repo: string; content: Buffer }>;
  trees: Map<string, { repo: string; baseTree?: string; entries: Array<{ path: string; mode: string; type: string; sha: string }> }>;
  commits: Map<string, { repo: string; tree: string; parents: string[]; message: string }>;
}

export function emptyGitObjects(): GitObjects {
  return { blobs: new Map(), trees: new Map(), commits: new Map() };
}

type Fail = (status: number, message: string) => never;
type Result = { status?: number; body: unknown } | undefined;

const objectId = (type: string, content: Buffer | string) => {
  const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
  return createHash('sha1').update(`${type} ${body.length}\0`).update(body).digest('hex');
};

export function gitDataRoute(
  objects: GitObjects,
  base: string,
  repo: string,
  method: string,
  rest: string,
  input: Record<string, unknown>,
  isImportedCommit: (sha: string) => boolean,
  fail: Fail,
): Result {
  const url = (kind: string, sha: string) => `${base}/repos/${repo}/git/${kind}/${sha}`;
  const commitBody = (sha: string) => {
    const commit = objects.commits.get(sha)!;
    const person = { name: 'promptgate', email: 'promptgate@users.noreply.github.com', date: '2025-01-01T00:00:00Z' };
    return {
      sha,
      node_id: `C_${sha.slice(0, 12)}`,
      url: url('commits', sha),
      html_url: `https://github.com/${repo}/commit/${sha}`,
      author: person,
      committer: person,
      message: commit.message,
      tree: { sha: commit.tree, url: url('trees', commit.tree) },
      parents: commit.parents.map((parent) => ({
        sha: parent,
        url: url('commits', parent),
        html_url: `https://github.com/${repo}/commit/${parent}`,
      })),
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
    };
  };
  if (rest === '/git/blobs' && method === 'POST') {
    if (typeof input.content !== 'string') fail(422, 'Invalid request.\n\n"content" wasn\'t supplied.');
    const content =
      input.encoding === 'base64' ? Buffer.from(input.content as string, 'base64') : Buffer.from(input.content as string, 'utf8');
    const sha = objectId('blob', content);
    objects.blobs.set(sha, { repo, content });
    return { status: 201, body: { sha, url: url('blobs', sha) } };
  }
  if (rest === '/git/trees' && method === 'POST') {
    const entries = (input.tree as Array<{ path: string; mode: string; type: string; sha: string }> | undefined) ?? [];
    for (const entry of entries) if (!objects.blobs.has(entry.sha)) fail(422, 'Invalid tree info');
    const baseTree = typeof input.base_tree === 'string' ? input.base_tree : undefined;
    const sha = objectId('tree', JSON.stringify([baseTree, entries]));
    objects.trees.set(sha, { repo, ...(baseTree ? { baseTree } : {}), entries });
    const tree = entries.map((entry) => ({ ...entry, size: objects.blobs.get(entry.sha)!.content.length, url: url('blobs', entry.sha) }));
    return { status: 201, body: { sha, url: url('trees', sha), tree, truncated: false } };
  }
  const read = /^\/git\/commits\/([0-9a-f]{40})$/.exec(rest);
  if (read && method === 'GET' && objects.commits.get(read[1]!)?.repo === repo) return { body: commitBody(read[1]!) };
  if (rest === '/git/commits' && method === 'POST') {
    const parents = (input.parents as string[] | undefined) ?? [];
    if (typeof input.tree !== 'string' || !objects.trees.has(input.tree)) fail(422, 'Tree SHA does not exist');
    for (const parent of parents)
      if (!objects.commits.has(parent) && !isImportedCommit(parent)) fail(422, 'Parent SHA does not exist or is not a commit object');
    const message = String(input.message ?? '');
    const sha = objectId('commit', JSON.stringify([input.tree, parents, message]));
    objects.commits.set(sha, { repo, tree: input.tree as string, parents, message });
    return { status: 201, body: commitBody(sha) };
  }
  return undefined;
}

/** Whether moving a branch from `from` to `to` is a fast-forward: `to` descends from `from`. */
export function isFastForward(objects: GitObjects, from: string, to: string): boolean {
  const seen = new Set<string>();
  const queue = [to];
  while (queue.length > 0) {
    const sha = queue.shift()!;
    if (sha === from) return true;
    if (seen.has(sha)) continue;
    seen.add(sha);
    queue.push(...(objects.commits.get(sha)?.parents ?? []));
  }
  return false;
}
