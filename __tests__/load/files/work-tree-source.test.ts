import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkTreeSource, UnsafeFileError } from '../../../src/load/files/file-source.js';

/*
 * What the work tree gives for every kind of path a pull request can put in a prompt folder.
 * Reading takes a fast path for a plain file in a folder already seen and a full check for
 * everything else; each case here is asked twice, in a fresh source and in one that has
 * already read a plain file of the same folder, so both paths must give the same answer.
 */

let base: string;
let repo: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'promptgate-worktree-'));
  repo = join(base, 'repo');
  const outside = join(base, 'outside');
  mkdirSync(join(outside, 'folder'), { recursive: true });
  writeFileSync(join(outside, 'secret.txt'), 'OUTSIDE SECRET');
  writeFileSync(join(outside, 'folder', 'system.txt'), 'OUTSIDE FOLDER');
  mkdirSync(join(repo, '.git'), { recursive: true });
  writeFileSync(join(repo, '.git', 'config'), 'token = GIT SECRET');
  const p = join(repo, 'p');
  mkdirSync(join(p, 'sub'), { recursive: true });
  writeFileSync(join(p, 'plain.txt'), 'plain');
  writeFileSync(join(p, 'sub', 'inner.txt'), 'inner');
  symlinkSync('plain.txt', join(p, 'link-inside.txt'));
  symlinkSync(join(outside, 'secret.txt'), join(p, 'link-outside.txt'));
  symlinkSync('../.git/config', join(p, 'link-git.txt'));
  symlinkSync('missing.txt', join(p, 'dangling.txt'));
  symlinkSync('loop-b.txt', join(p, 'loop-a.txt'));
  symlinkSync('loop-a.txt', join(p, 'loop-b.txt'));
  symlinkSync(join(outside, 'folder'), join(p, 'folder-outside'));
  symlinkSync('sub', join(p, 'folder-inside'));
  symlinkSync('../.git', join(p, 'folder-git'));
  execFileSync('mkfifo', [join(p, 'fifo')]);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

/** What reading `path` gives: the text, 'missing', or the refusal's message. */
async function outcome(path: string, warm: boolean): Promise<string> {
  const source = createWorkTreeSource(repo);
  // A source that has read a plain file of the folder knows the folder's real path already.
  if (warm) await source.read('p/plain.txt');
  try {
    const bytes = await source.read(path);
    return bytes === undefined ? 'missing' : bytes.toString('utf8');
  } catch (error) {
    if (error instanceof UnsafeFileError) return `refused: ${error.message}`;
    throw error;
  }
}

const CASES: Array<[path: string, expected: string]> = [
  ['p/plain.txt', 'plain'],
  ['p/sub/inner.txt', 'inner'],
  ['p/missing.txt', 'missing'],
  ['p/no-folder/system.txt', 'missing'],
  ['p/plain.txt/below', 'missing'],
  ['p/sub', 'missing'],
  ['../outside/secret.txt', 'missing'],
  ['p/link-inside.txt', 'plain'],
  ['p/folder-inside/inner.txt', 'inner'],
  ['p/dangling.txt', 'missing'],
  ['p/link-outside.txt', 'refused: p/link-outside.txt: is a symlink leaving the repository; promptgate reads only files inside it'],
  [
    'p/folder-outside/system.txt',
    'refused: p/folder-outside/system.txt: is a symlink leaving the repository; promptgate reads only files inside it',
  ],
  ['p/link-git.txt', "refused: p/link-git.txt: leads into the repository's .git folder, which promptgate never reads"],
  ['p/folder-git/config', "refused: p/folder-git/config: leads into the repository's .git folder, which promptgate never reads"],
  ['.git/config', "refused: .git/config: leads into the repository's .git folder, which promptgate never reads"],
  ['p/loop-a.txt', 'refused: p/loop-a.txt: is a symlink loop'],
  ['p/fifo', 'refused: p/fifo: is not a regular file (a device, a pipe or a socket)'],
];

describe('the work tree as a file source', () => {
  it.each(CASES)('%s → %s', async (path, expected) => {
    expect(await outcome(path, false)).toBe(expected);
    expect(await outcome(path, true)).toBe(expected);
  });

  it('never returns a secret from outside the repository or from .git, whatever the order of reads', async () => {
    const source = createWorkTreeSource(repo);
    for (const [path] of [...CASES, ...CASES.slice().reverse()]) {
      const bytes = await source.read(path).catch(() => undefined);
      expect(bytes?.toString('utf8') ?? '').not.toMatch(/SECRET|OUTSIDE/);
    }
  });
});
