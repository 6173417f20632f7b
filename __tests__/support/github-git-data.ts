/**
 * GitHub's git data API over a real local repository's objects, for the fake GitHub server
 * (github-server.ts): commits, trees and blobs in GitHub's documented shapes, read with
 * `git cat-file`, and the repository's tag refs and annotated tag objects.
 */
import type { components } from '@octokit/openapi-types';
import { gitIn } from './git-repo.js';

type Schemas = components['schemas'];

export interface GitObject {
  type: string;
  content: Buffer;
}

/** Every object of the repository, by id. */
export async function readGitObjects(dir: string): Promise<Map<string, GitObject>> {
  const { execFile } = await import('node:child_process');
  const output = await new Promise<Buffer>((resolve, reject) =>
    execFile(
      'git',
      ['cat-file', '--batch-all-objects', '--batch'],
      { cwd: dir, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    ),
  );
  const objects = new Map<string, GitObject>();
  let at = 0;
  while (at < output.length) {
    const eol = output.indexOf(0x0a, at);
    const [sha, type, size] = output.toString('utf8', at, eol).split(' ');
    const start = eol + 1;
    objects.set(sha!, { type: type!, content: output.subarray(start, start + Number(size)) });
    at = start + Number(size) + 1;
  }
  return objects;
}

/** The tag refs (`refs/tags/...` → the object they name). */
export async function readTagRefs(dir: string): Promise<Array<{ ref: string; sha: string }>> {
  const listing = await gitIn(dir, ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags']);
  return listing
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [ref, sha] = line.split(' ');
      return { ref: ref!, sha: sha! };
    });
}

/** An annotated tag object's fields. */
export function parseTagObject(content: Buffer): { object: string; type: string; tag: string; message: string } {
  const text = content.toString('utf8');
  const split = text.indexOf('\n\n');
  const header = Object.fromEntries(
    text
      .slice(0, split)
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)]),
  );
  return { object: header.object!, type: header.type!, tag: header.tag!, message: text.slice(split + 2) };
}

function person(line: string | undefined): { name: string; email: string; date: string } {
  const match = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line ?? '');
  return {
    name: match?.[1] ?? '',
    email: match?.[2] ?? '',
    date: new Date(Number(match?.[3] ?? 0) * 1000).toISOString().replace('.000', ''),
  };
}

export function gitCommitBody(url: string, repo: string, sha: string, content: Buffer): Schemas['git-commit'] {
  const text = content.toString('utf8');
  const split = text.indexOf('\n\n');
  const lines = text.slice(0, split).split('\n');
  const field = (name: string) => lines.filter((line) => line.startsWith(`${name} `)).map((line) => line.slice(name.length + 1));
  return {
    sha,
    node_id: `C_${sha.slice(0, 8)}`,
    url: `${url}/repos/${repo}/git/commits/${sha}`,
    html_url: `https://github.com/${repo}/commit/${sha}`,
    author: person(field('author')[0]),
    committer: person(field('committer')[0]),
    message: text.slice(split + 2),
    tree: { sha: field('tree')[0]!, url: `${url}/repos/${repo}/git/trees/${field('tree')[0]}` },
    parents: field('parent').map((parent) => ({
      sha: parent,
      url: `${url}/repos/${repo}/git/commits/${parent}`,
      html_url: `https://github.com/${repo}/commit/${parent}`,
    })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

export function gitTreeBody(url: string, repo: string, sha: string, content: Buffer, objects: Map<string, GitObject>): Schemas['git-tree'] {
  const tree: Schemas['git-tree']['tree'] = [];
  let at = 0;
  while (at < content.length) {
    const space = content.indexOf(0x20, at);
    const nul = content.indexOf(0, space);
    const mode = content.toString('utf8', at, space);
    const path = content.toString('utf8', space + 1, nul);
    const id = content.subarray(nul + 1, nul + 21).toString('hex');
    const type = mode === '40000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
    tree.push({
      path,
      // GitHub writes a folder's mode with six digits.
      mode: mode.padStart(6, '0'),
      type,
      sha: id,
      ...(type === 'blob' ? { size: objects.get(id)?.content.length ?? 0 } : {}),
      url: `${url}/repos/${repo}/git/${type}s/${id}`,
    });
    at = nul + 21;
  }
  return { sha, url: `${url}/repos/${repo}/git/trees/${sha}`, tree, truncated: false };
}

export function gitBlobBody(url: string, repo: string, sha: string, content: Buffer): Schemas['blob'] {
  // GitHub wraps the base64 at 60 characters.
  const base64 = content.toString('base64').replace(/(.{60})/g, '$1\n');
  return {
    sha,
    node_id: `B_${sha.slice(0, 8)}`,
    size: content.length,
    url: `${url}/repos/${repo}/git/blobs/${sha}`,
    content: base64,
    encoding: 'base64',
  };
}
