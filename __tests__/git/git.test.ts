import { afterEach, describe, expect, it } from '@jest/globals';
import { rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGitSource, type GitFileSource } from '../../src/load/files/git-source.js';
import { changedPaths, GitError, headCommit, mergeBase, parseNameStatus, resolveRef, runGit } from '../../src/git/git.js';
import { listTags, writeAnnotatedTag } from '../../src/release/git-tags.js';
import { UnsafeFileError } from '../../src/load/files/file-source.js';
import { createTempDir, createTempRepo, gitIn, type TempRepo } from '../support/git-repo.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function repo(): Promise<TempRepo> {
  const created = await createTempRepo();
  cleanups.push(created.cleanup);
  return created;
}

function source(dir: string, ref: string): GitFileSource {
  const created = createGitSource(dir, ref);
  cleanups.push(async () => created.close());
  return created;
}

const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);

/** A base commit with two prompt folders. */
async function repoWithPrompts(): Promise<{ repo: TempRepo; base: string }> {
  const r = await repo();
  await r.writeFiles({
    'prompts/support/system.txt': 'You are a support agent.\n',
    'prompts/support/tests.yaml': 'tests:\n  - name: reset\n    input: I forgot my password\n',
    'prompts/billing/system.txt': 'You handle billing.\n',
    'prompts/billing/tests.yaml': 'tests:\n  - name: refund\n    input: refund please\n',
    'README.md': '# prompts\n',
  });
  return { repo: r, base: await r.commit('base') };
}

describe('runGit', () => {
  it('returns stdout and turns failures into a one-line GitError naming the subcommand', async () => {
    const r = await repo();
    expect(await runGit(r.dir, ['hash-object', '--stdin'], { input: 'hello\n' })).toBe('ce013625030ba8dba906f756967f9e9ca394464a\n');
    const error = await runGit(r.dir, ['-c', 'x.y=z', 'show', 'no-such-ref']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect((error as GitError).message).toMatch(/^git show failed: fatal: .*no-such-ref/);
    expect((error as GitError).message).not.toContain('\n');
    expect((error as GitError).exitCode).toBe(128);
  });
});

describe('parseNameStatus', () => {
  it('parses -z output with renames, copies and odd names', () => {
    const output = 'M\0a b.txt\0R087\0old/x\0new/x\0C100\0src\0copy\0D\0gone\0A\0ünï\tcode\0';
    expect(parseNameStatus(Buffer.from(output))).toEqual([
      { path: 'a b.txt', status: 'modified' },
      { path: 'new/x', status: 'renamed', previousPath: 'old/x' },
      { path: 'copy', status: 'added' },
      { path: 'gone', status: 'deleted' },
      { path: 'ünï\tcode', status: 'added' },
    ]);
    expect(parseNameStatus(Buffer.alloc(0))).toEqual([]);
  });
});

describe('parseNameStatus, bytes that are not UTF-8', () => {
  it('keeps the path (escaped for the message) and marks it unreadable instead of mangling it', () => {
    const output = Buffer.concat([Buffer.from('M\0caf'), Buffer.from([0xe9]), Buffer.from('\\x/system.txt\0A\0ok\0')]);
    expect(parseNameStatus(output)).toEqual([
      {
        path: 'caf\\xe9\\x5cx/system.txt',
        status: 'modified',
        unreadable: 'the path is not valid UTF-8, so promptgate cannot tell which prompt folder it belongs to',
      },
      { path: 'ok', status: 'added' },
    ]);
  });
});

describe('changedPaths', () => {
  it('reports an edited file', async () => {
    const { repo: r, base } = await repoWithPrompts();
    await r.write('prompts/support/system.txt', 'You are a friendly support agent.\n');
    const head = await r.commit('edit');
    expect(await changedPaths(r.dir, base, head)).toEqual([{ path: 'prompts/support/system.txt', status: 'modified' }]);
  });

  it('reports an added folder and a deleted folder file by file', async () => {
    const { repo: r, base } = await repoWithPrompts();
    await r.writeFiles({ 'prompts/sales/system.txt': 'Sell.\n', 'prompts/sales/tests.yaml': 'tests: []\n' });
    await r.remove('prompts/billing');
    const head = await r.commit('add sales, drop billing');
    expect((await changedPaths(r.dir, base, head)).sort(byPath)).toEqual([
      { path: 'prompts/billing/system.txt', status: 'deleted' },
      { path: 'prompts/billing/tests.yaml', status: 'deleted' },
      { path: 'prompts/sales/system.txt', status: 'added' },
      { path: 'prompts/sales/tests.yaml', status: 'added' },
    ]);
  });

  it('detects a renamed folder, with the previous path', async () => {
    const { repo: r, base } = await repoWithPrompts();
    await r.rename('prompts/support', 'prompts/customer-support/v2.0');
    const head = await r.commit('rename');
    expect((await changedPaths(r.dir, base, head)).sort(byPath)).toEqual([
      { path: 'prompts/customer-support/v2.0/system.txt', status: 'renamed', previousPath: 'prompts/support/system.txt' },
      { path: 'prompts/customer-support/v2.0/tests.yaml', status: 'renamed', previousPath: 'prompts/support/tests.yaml' },
    ]);
  });

  it('keeps spaces and unicode in paths intact', async () => {
    const { repo: r, base } = await repoWithPrompts();
    await r.write('prompts/café crème/système.txt', 'Bonjour {name}\n');
    await r.write('prompts/日本語/tests.yaml', 'tests: []\n');
    const head = await r.commit('unicode');
    expect((await changedPaths(r.dir, base, head)).sort(byPath)).toEqual([
      { path: 'prompts/café crème/système.txt', status: 'added' },
      { path: 'prompts/日本語/tests.yaml', status: 'added' },
    ]);
  });

  it('keeps a backslash, a newline and a tab in a path byte for byte, committed or untracked', async () => {
    const { repo: r, base } = await repoWithPrompts();
    await r.write('prompts/team\\support/system.txt', 'x\n');
    await r.write('prompts/line\nbreak/system.txt', 'x\n');
    const head = await r.commit('odd names');
    expect((await changedPaths(r.dir, base, head)).sort(byPath)).toEqual([
      { path: 'prompts/line\nbreak/system.txt', status: 'added' },
      { path: 'prompts/team\\support/system.txt', status: 'added' },
    ]);
    await r.write('prompts/tab\there/system.txt', 'untracked\n');
    await writeFile(Buffer.concat([Buffer.from(`${r.dir}/prompts/caf`), Buffer.from([0xe9])]), 'untracked\n');
    expect((await changedPaths(r.dir, head)).sort(byPath)).toEqual([
      expect.objectContaining({ path: 'prompts/caf\\xe9', status: 'added', unreadable: expect.any(String) }),
      { path: 'prompts/tab\there/system.txt', status: 'added' },
    ]);
  });

  it('compares with the work tree when no head ref is given, untracked files included', async () => {
    const { repo: r, base } = await repoWithPrompts();
    await r.write('prompts/billing/system.txt', 'changed, not committed\n');
    await r.write('prompts/new one/system.txt', 'untracked\n');
    await r.write('.gitignore', 'ignored/\n');
    await r.write('ignored/x.txt', 'ignored\n');
    expect((await changedPaths(r.dir, base)).sort(byPath)).toEqual([
      { path: '.gitignore', status: 'added' },
      { path: 'prompts/billing/system.txt', status: 'modified' },
      { path: 'prompts/new one/system.txt', status: 'added' },
    ]);
  });

  it('names the ref it cannot find', async () => {
    const { repo: r } = await repoWithPrompts();
    await expect(changedPaths(r.dir, 'origin/nope', 'HEAD')).rejects.toThrow(/cannot find commit "origin\/nope"/);
    await expect(resolveRef(r.dir, '--output=x')).rejects.toThrow(/invalid git ref/);
  });
});

describe('mergeBase', () => {
  it('finds where two diverged branches split', async () => {
    const { repo: r, base } = await repoWithPrompts();
    await r.git(['checkout', '--quiet', '-b', 'feature']);
    await r.write('prompts/support/system.txt', 'feature change\n');
    const feature = await r.commit('feature');
    await r.git(['checkout', '--quiet', 'main']);
    await r.write('README.md', 'main moved on\n');
    await r.commit('main');
    expect(await mergeBase(r.dir, 'main', 'feature')).toBe(base);
    expect(await mergeBase(r.dir, 'main', feature)).toBe(base);
  });
});

describe('createGitSource', () => {
  it('reads a file as it was at the base commit, not as the work tree has it', async () => {
    const { repo: r, base } = await repoWithPrompts();
    await r.write('prompts/support/system.txt', 'head version\n');
    await r.commit('head');
    await r.write('prompts/support/system.txt', 'uncommitted version\n');
    const files = source(r.dir, base);
    expect((await files.read('prompts/support/system.txt'))?.toString()).toBe('You are a support agent.\n');
    expect((await files.read('./prompts/support/system.txt'))?.toString()).toBe('You are a support agent.\n');
  });

  it('lists a folder recursively at a ref', async () => {
    const { repo: r } = await repoWithPrompts();
    await r.write('prompts/support/fixtures/deep one.json', '{}');
    await r.write('prompts/supportive/system.txt', 'a sibling whose name starts the same\n');
    const ref = await r.commit('more');
    await r.write('prompts/support/not-committed.txt', 'x');
    const files = source(r.dir, ref);
    expect((await files.list('prompts/support')).sort()).toEqual([
      'prompts/support/fixtures/deep one.json',
      'prompts/support/system.txt',
      'prompts/support/tests.yaml',
    ]);
    expect(await files.list('prompts/support/')).toHaveLength(3);
    expect(await files.list('.')).toHaveLength(7);
    expect(await files.list('prompts/missing')).toEqual([]);
  });

  it('resolves undefined for a missing path, a folder, or a file of a later commit', async () => {
    const { repo: r, base } = await repoWithPrompts();
    await r.write('prompts/support/schema.json', '{}');
    await r.commit('later');
    const files = source(r.dir, base);
    expect(await files.read('prompts/support/schema.json')).toBeUndefined();
    expect(await files.read('prompts/support')).toBeUndefined();
    expect(await files.read('no such file missing')).toBeUndefined();
    expect((await files.read('README.md'))?.toString()).toBe('# prompts\n');
  });

  it('reads binary content byte for byte', async () => {
    const r = await repo();
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31 + 7) % 256)); // NULs, newlines, > one pipe chunk
    await r.write('data/blob.bin', bytes);
    await r.write('data/empty', '');
    const ref = await r.commit('binary');
    const files = source(r.dir, ref);
    const [read, empty, after] = await Promise.all([files.read('data/blob.bin'), files.read('data/empty'), files.read('data/blob.bin')]);
    expect(Buffer.isBuffer(read)).toBe(true);
    expect(read!.equals(bytes)).toBe(true);
    expect(empty).toEqual(Buffer.alloc(0));
    expect(after!.equals(bytes)).toBe(true);
  });

  it('answers 200 concurrent reads through one cat-file process, each with its own file', async () => {
    const r = await repo();
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`prompts/p${i}/system.txt`] = `prompt number ${i}\n`.repeat(i % 7);
    await r.writeFiles(files);
    const ref = await r.commit('many');
    const gitSource = source(r.dir, ref);
    const paths = Object.keys(files);
    // Interleave hits and misses so answers of both kinds must stay in order.
    const reads = await Promise.all(paths.flatMap((path) => [gitSource.read(path), gitSource.read(`${path}.missing`)]));
    for (const [i, path] of paths.entries()) {
      expect(reads[2 * i]?.toString()).toBe(files[path]);
      expect(reads[2 * i + 1]).toBeUndefined();
    }
  });

  it('follows a symlink that stays in the tree and refuses one that leaves it (mode 120000 is never content)', async () => {
    const r = await repo();
    await r.writeFiles({ 'shared/system.txt': 'shared prompt\n', 'prompts/a/tests.yaml': 'tests: []\n' });
    await symlink('../../shared/system.txt', join(r.dir, 'prompts/a/system.txt'));
    await symlink('../../../etc/passwd', join(r.dir, 'prompts/a/schema.json'));
    await symlink('/etc/hostname', join(r.dir, 'prompts/a/examples.json'));
    await symlink('loop-b', join(r.dir, 'prompts/a/loop-a'));
    await symlink('loop-a', join(r.dir, 'prompts/a/loop-b'));
    await symlink('nowhere.txt', join(r.dir, 'prompts/a/dangling.txt'));
    const ref = await r.commit('links');
    expect(await r.git(['ls-tree', ref, 'prompts/a/schema.json'])).toMatch(/^120000 blob /);
    const files = source(r.dir, ref);
    expect((await files.read('prompts/a/system.txt'))?.toString()).toBe('shared prompt\n');
    for (const path of ['prompts/a/schema.json', 'prompts/a/examples.json']) {
      const error = await files.read(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsafeFileError);
      expect((error as UnsafeFileError).diagnostic).toEqual({
        file: path,
        message: 'is a symlink leaving the repository; promptgate reads only files inside it',
      });
    }
    await expect(files.read('prompts/a/loop-a')).rejects.toThrow('prompts/a/loop-a: is a symlink loop');
    expect(await files.read('prompts/a/dangling.txt')).toBeUndefined();
    // Listed like any file, so a folder whose file is refused fails loudly instead of vanishing.
    expect(await files.list('prompts/a')).toContain('prompts/a/schema.json');
    // Reads keep answering in order after the refusals.
    expect((await files.read('prompts/a/tests.yaml'))?.toString()).toBe('tests: []\n');
  });

  it('reads and misses paths holding a newline, through the NUL-separated batch protocol', async () => {
    const r = await repo();
    await r.writeFiles({ 'prompts/line\nbreak/system.txt': 'two\nlines\n', 'x missing': 'looks like an answer\n' });
    const ref = await r.commit('newline');
    const files = source(r.dir, ref);
    const [hit, miss, tricky, after] = await Promise.all([
      files.read('prompts/line\nbreak/system.txt'),
      files.read('prompts/line\nbreak/nope\nmissing'),
      files.read('x missing'),
      files.read('prompts/line\nbreak/system.txt'),
    ]);
    expect(hit?.toString()).toBe('two\nlines\n');
    expect(miss).toBeUndefined();
    expect(tricky?.toString()).toBe('looks like an answer\n');
    expect(after?.toString()).toBe('two\nlines\n');
    expect(await files.list('.')).toContain('prompts/line\nbreak/system.txt');
  });

  it('rejects reads after close, and reports an unknown ref on use', async () => {
    const { repo: r, base } = await repoWithPrompts();
    const files = createGitSource(r.dir, base);
    const pending = files.read('README.md');
    files.close();
    expect((await pending)?.toString()).toBe('# prompts\n');
    await expect(files.read('README.md')).rejects.toThrow(/closed/);
    const unknown = source(r.dir, 'nope');
    await expect(unknown.read('README.md')).rejects.toThrow(/cannot find commit "nope"/);
  });
});

describe('shallow clones', () => {
  it('says to use fetch-depth: 0 when the history is missing', async () => {
    const { repo: r } = await repoWithPrompts();
    await r.git(['checkout', '--quiet', '-b', 'feature']);
    await r.write('prompts/support/system.txt', 'feature\n');
    await r.commit('feature');
    await r.git(['checkout', '--quiet', 'main']);
    await r.write('README.md', 'main\n');
    await r.commit('main');

    const clone = await createTempDir('promptgate-clone-');
    cleanups.push(() => rm(clone, { recursive: true, force: true }));
    await gitIn(clone, ['clone', '--quiet', '--depth', '1', '--no-single-branch', `file://${r.dir}`, '.']);

    await expect(resolveRef(clone, 'HEAD~1')).rejects.toThrow(/shallow clone.*fetch-depth: 0.*actions\/checkout/);
    await expect(mergeBase(clone, 'origin/main', 'origin/feature')).rejects.toThrow(/fetch-depth: 0/);
    await expect(changedPaths(clone, 'HEAD~1', 'HEAD')).rejects.toThrow(/fetch-depth: 0/);
    // What the clone does have still reads fine.
    expect(await mergeBase(clone, 'HEAD', 'origin/main')).toBe(await headCommit(clone));
  });
});

describe('tags', () => {
  it('creates annotated tags and lists them with message and peeled commit', async () => {
    const { repo: r, base } = await repoWithPrompts();
    const message = '# support v1\n\npass rate: 100% (12/12)\ncost: $0.0042\n';
    await writeAnnotatedTag(r.dir, 'support/v1', base, message);
    await r.git(['tag', 'light', base]);
    await r.git(['tag', '-a', '-m', 'other', 'billing/v1', base]);

    const tags = await listTags(r.dir, 'support/*');
    expect(tags).toHaveLength(1);
    expect(tags[0]).toMatchObject({ name: 'support/v1', commit: base, annotated: true, message: message.trimEnd() });
    // An annotated tag's ref names its tag object; a lightweight one's names the commit.
    expect(tags[0]!.object).toBe(await r.git(['rev-parse', 'refs/tags/support/v1']));
    expect(tags[0]!.object).not.toBe(base);
    expect(tags[0]!.taggerDate).toBeInstanceOf(Date);
    expect(Date.now() - tags[0]!.taggerDate!.getTime()).toBeLessThan(60_000);

    const all = await listTags(r.dir);
    expect(all.map((tag) => tag.name)).toEqual(['billing/v1', 'light', 'support/v1']);
    expect(all.find((tag) => tag.name === 'light')).toEqual({
      name: 'light',
      commit: base,
      object: base,
      annotated: false,
      message: '',
      taggerDate: undefined,
    });

    await expect(writeAnnotatedTag(r.dir, 'support/v1', base, 'again')).rejects.toThrow(/git tag failed: .*already exists/);
  });

  it('uses the given tagger identity when git has none configured', async () => {
    const { repo: r, base } = await repoWithPrompts();
    await r.git(['config', '--unset', 'user.name']);
    await r.git(['config', '--unset', 'user.email']);
    await writeAnnotatedTag(r.dir, 'v1', base, 'release', { tagger: { name: 'promptgate', email: 'bot@example.com' } });
    expect(await r.git(['for-each-ref', '--format=%(taggername) %(taggeremail)', 'refs/tags/v1'])).toBe('promptgate <bot@example.com>');
  });

  it('moves an alias forward', async () => {
    const { repo: r, base } = await repoWithPrompts();
    await writeAnnotatedTag(r.dir, 'support/prod', base, 'prod: base', { move: true });
    await r.write('prompts/support/system.txt', 'v2\n');
    const next = await r.commit('v2');
    expect(await headCommit(r.dir)).toBe(next);

    const [current] = await listTags(r.dir, 'support/prod');
    expect(current).toMatchObject({ commit: base, message: 'prod: base' });
    await writeAnnotatedTag(r.dir, 'support/prod', next, 'prod: v2', { move: true });
    const [moved] = await listTags(r.dir, 'support/prod');
    expect(moved).toMatchObject({ commit: next, message: 'prod: v2' });
  });
});
