import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compileGlob, discoverPromptFolders } from '../../src/load/discover.js';
import {
  createWorkTreeSource,
  firstInvalidUtf8Byte,
  normalizeRepoPath,
  UnsafeFileError,
  writeRepoFile,
  type FileSource,
} from '../../src/load/files/file-source.js';
import { loadPromptFolder } from '../../src/load/folder.js';

let root: string;
let source: FileSource;

const FOLDER = { 'system.txt': 'You are helpful.', 'tests.yaml': 'tests:\n  - name: a\n    input: b\n' };

function folderFiles(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(FOLDER).map(([name, content]) => [`${dir}/${name}`, content]));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'promptgate-discover-'));
  const files: Record<string, string> = {
    ...folderFiles('prompts/customer-support/v1.0'),
    ...folderFiles('prompts/customer-support/v2.0'),
    ...folderFiles('prompts/code-review'),
    'prompts/code-review/fixtures/sample.diff': '+x',
    'prompts/customer-support/v2.0/schema.json': '{}',
    'prompts/half/tests.yaml': 'tests: []', // no system.txt: not a prompt folder
    'prompts/shared/support.schema.json': '{}',
    'README.md': '# repo',
    ...folderFiles('node_modules/some-lib/prompt'),
    ...folderFiles('.git/prompt'),
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  source = createWorkTreeSource(root);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const ALL = ['prompts/code-review', 'prompts/customer-support/v1.0', 'prompts/customer-support/v2.0'];

describe('discoverPromptFolders', () => {
  it('finds every folder holding tests.yaml and system.txt, sorted, skipping node_modules and .git', async () => {
    expect(await discoverPromptFolders(source, ['.'])).toEqual({ folders: ALL, diagnostics: [] });
    expect(await discoverPromptFolders(source, [''])).toEqual({ folders: ALL, diagnostics: [] });
  });

  it('accepts a prompt folder itself, or a file or subfolder inside one', async () => {
    const result = await discoverPromptFolders(source, [
      'prompts/customer-support/v2.0/',
      'prompts/code-review/fixtures/sample.diff',
      './prompts/customer-support/v2.0/schema.json',
    ]);
    expect(result).toEqual({ folders: ['prompts/code-review', 'prompts/customer-support/v2.0'], diagnostics: [] });
    expect((await discoverPromptFolders(source, ['prompts/code-review/fixtures'])).folders).toEqual(['prompts/code-review']);
  });

  it('reports roots that do not exist or are outside the repository, and keeps going', async () => {
    const result = await discoverPromptFolders(source, ['prompts/nope', 'prompts/code-review', '../elsewhere']);
    expect(result).toEqual({
      folders: ['prompts/code-review'],
      diagnostics: [
        { file: 'prompts/nope', message: 'does not exist or holds no files' },
        { file: '../elsewhere', message: 'is outside the repository; give a path relative to the repository root' },
      ],
    });
  });

  it('reports a file that is not inside a prompt folder', async () => {
    expect(await discoverPromptFolders(source, ['prompts/shared/support.schema.json'])).toEqual({
      folders: [],
      diagnostics: [
        {
          file: 'prompts/shared/support.schema.json',
          message: 'is not inside a prompt folder (a folder holding tests.yaml and system.txt)',
        },
      ],
    });
  });

  it('supports globs: **, * and ?', async () => {
    expect((await discoverPromptFolders(source, ['prompts/**'])).folders).toEqual(ALL);
    expect((await discoverPromptFolders(source, ['prompts/*/v2.0'])).folders).toEqual(['prompts/customer-support/v2.0']);
    expect((await discoverPromptFolders(source, ['prompts/customer-support/v?.0'])).folders).toEqual([
      'prompts/customer-support/v1.0',
      'prompts/customer-support/v2.0',
    ]);
    expect((await discoverPromptFolders(source, ['**/fixtures/*.diff'])).folders).toEqual(['prompts/code-review']);
    expect((await discoverPromptFolders(source, ['prompts/*'])).folders).toEqual(ALL);
  });

  it('supports braces and brackets: {a,b} and [ab]', async () => {
    expect((await discoverPromptFolders(source, ['prompts/{code-review,customer-support/v1.0}'])).folders).toEqual([
      'prompts/code-review',
      'prompts/customer-support/v1.0',
    ]);
    expect((await discoverPromptFolders(source, ['prompts/customer-support/v[2-9].0'])).folders).toEqual(['prompts/customer-support/v2.0']);
    expect((await discoverPromptFolders(source, ['prompts/customer-support/v[12].0'])).folders).toEqual([
      'prompts/customer-support/v1.0',
      'prompts/customer-support/v2.0',
    ]);
    expect((await discoverPromptFolders(source, ['prompts/{nope,none}'])).diagnostics).toEqual([
      { file: 'prompts/{nope,none}', message: 'matches no files' },
    ]);
  });

  it('reports a glob that matches nothing', async () => {
    expect(await discoverPromptFolders(source, ['prompts/*/v9.*'])).toEqual({
      folders: [],
      diagnostics: [{ file: 'prompts/*/v9.*', message: 'matches no files' }],
    });
  });

  it('lists each folder once when roots overlap', async () => {
    expect((await discoverPromptFolders(source, ['prompts', 'prompts/code-review', 'prompts/**'])).folders).toEqual(ALL);
  });
});

describe('compileGlob', () => {
  it('matches segments the way a shell does', async () => {
    const cases: Array<[string, string, boolean]> = [
      ['prompts/**', 'prompts', true],
      ['prompts/**', 'prompts/a/b/c.txt', true],
      ['prompts/**', 'promptsx/a', false],
      ['prompts/**/v2.0', 'prompts/v2.0', true],
      ['prompts/**/v2.0', 'prompts/a/b/v2.0', true],
      ['prompts/**/v2.0', 'prompts/a/v2x0', false],
      ['prompts/*/v2.0', 'prompts/a/b/v2.0', false],
      ['**/tests.yaml', 'tests.yaml', true],
      ['**/tests.yaml', 'a/b/tests.yaml', true],
      ['a/**/**/b', 'a/b', true],
      ['p?', 'p1', true],
      ['p?', 'p/', false],
      ['a+b/(c)', 'a+b/(c)', true],
      ['p/{a,b}/x', 'p/b/x', true],
      ['p/{a,b}/x', 'p/c/x', false],
      ['p/[ab]', 'p/a', true],
      ['p/[ab]', 'p/c', false],
      ['p/[^ab]', 'p/c', true],
      ['p/*', 'p/.hidden', true],
    ];
    for (const [pattern, path, expected] of cases) {
      expect([pattern, path, (await compileGlob(pattern))(path)]).toEqual([pattern, path, expected]);
    }
  });

  it('takes a path that exists as written, even with glob characters in it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'promptgate-literal-'));
    try {
      for (const [name, content] of Object.entries(FOLDER)) {
        await mkdir(join(dir, 'prompts/support (copy)'), { recursive: true });
        await writeFile(join(dir, 'prompts/support (copy)', name), content);
      }
      expect(await discoverPromptFolders(createWorkTreeSource(dir), ['prompts/support (copy)'])).toEqual({
        folders: ['prompts/support (copy)'],
        diagnostics: [],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('createWorkTreeSource', () => {
  it('lists recursively with repository-relative POSIX paths, skipping node_modules and .git', async () => {
    const listed = await source.list('prompts/customer-support');
    expect(listed).toEqual([
      'prompts/customer-support/v1.0/system.txt',
      'prompts/customer-support/v1.0/tests.yaml',
      'prompts/customer-support/v2.0/schema.json',
      'prompts/customer-support/v2.0/system.txt',
      'prompts/customer-support/v2.0/tests.yaml',
    ]);
    const everything = await source.list('.');
    expect(everything).toContain('README.md');
    expect(everything.some((path) => path.startsWith('node_modules/') || path.startsWith('.git/'))).toBe(false);
  });

  it('reads files, returns undefined for missing ones and folders, and never leaves the root', async () => {
    expect((await source.read('README.md'))?.toString()).toBe('# repo');
    expect(await source.read('missing.txt')).toBeUndefined();
    expect(await source.read('prompts')).toBeUndefined();
    expect(await source.read('../outside.txt')).toBeUndefined();
    expect(await source.list('../')).toEqual([]);
    expect(await source.list('nope')).toEqual([]);
  });

  it('follows links to files but not to folders', async () => {
    const linkRoot = await mkdtemp(join(tmpdir(), 'promptgate-links-'));
    try {
      await mkdir(join(linkRoot, 'real'));
      await writeFile(join(linkRoot, 'real/a.txt'), 'a');
      await symlink(join(linkRoot, 'real/a.txt'), join(linkRoot, 'link.txt'));
      await symlink(join(linkRoot, 'real'), join(linkRoot, 'loop'));
      expect(await createWorkTreeSource(linkRoot).list('.')).toEqual(['link.txt', 'real/a.txt']);
    } finally {
      await rm(linkRoot, { recursive: true, force: true });
    }
  });
});

describe('createWorkTreeSource on hostile links', () => {
  let repoRoot: string;
  let outsideDir: string;
  let links: FileSource;
  beforeAll(async () => {
    repoRoot = await mkdtemp(join(tmpdir(), 'promptgate-hostile-'));
    outsideDir = await mkdtemp(join(tmpdir(), 'promptgate-outside-'));
    await writeFile(join(outsideDir, 'secret.txt'), 'TOKEN=ghp_outside');
    await mkdir(join(repoRoot, 'prompts/a'), { recursive: true });
    await mkdir(join(repoRoot, '.git'), { recursive: true });
    await writeFile(join(repoRoot, '.git/config'), '[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0');
    await writeFile(join(repoRoot, 'shared.txt'), 'shared');
    await symlink(join(outsideDir, 'secret.txt'), join(repoRoot, 'prompts/a/absolute.txt'));
    await symlink('../../../' + outsideDir.split('/').pop() + '/secret.txt', join(repoRoot, 'prompts/a/relative.txt'));
    await symlink(outsideDir, join(repoRoot, 'prompts/a/outside-dir'));
    await symlink('../../.git/config', join(repoRoot, 'prompts/a/git-config.txt'));
    await symlink('../../shared.txt', join(repoRoot, 'prompts/a/inside.txt'));
    await symlink('loop-b', join(repoRoot, 'prompts/a/loop-a'));
    await symlink('loop-a', join(repoRoot, 'prompts/a/loop-b'));
    execFileSync('mkfifo', [join(repoRoot, 'prompts/a/pipe.txt')]); // reading it would hang
    links = createWorkTreeSource(repoRoot);
  });
  afterAll(async () => {
    await rm(repoRoot, { recursive: true, force: true });
    await rm(outsideDir, { recursive: true, force: true });
  });

  const refusal = async (path: string) => {
    const error = await links.read(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsafeFileError);
    return (error as UnsafeFileError).diagnostic;
  };

  it('refuses a link out of the repository, naming the file and never its target', async () => {
    for (const path of ['prompts/a/absolute.txt', 'prompts/a/relative.txt', 'prompts/a/outside-dir/secret.txt']) {
      expect(await refusal(path)).toEqual({
        file: path,
        message: 'is a symlink leaving the repository; promptgate reads only files inside it',
      });
    }
  });

  it("refuses the repository's .git folder, through a link or a path", async () => {
    expect((await refusal('prompts/a/git-config.txt')).message).toBe(
      "leads into the repository's .git folder, which promptgate never reads",
    );
    expect((await refusal('.git/config')).message).toBe("leads into the repository's .git folder, which promptgate never reads");
  });

  it('refuses loops and devices, and follows a link to a file inside the repository', async () => {
    expect((await refusal('prompts/a/loop-a')).message).toBe('is a symlink loop');
    expect((await refusal('prompts/a/pipe.txt')).message).toBe('is not a regular file (a device, a pipe or a socket)');
    expect((await links.read('prompts/a/inside.txt'))?.toString()).toBe('shared');
  });

  it('lists every linked file (so a refused one fails loudly) but no linked folder', async () => {
    expect(await links.list('prompts/a')).toEqual([
      'prompts/a/absolute.txt',
      'prompts/a/git-config.txt',
      'prompts/a/inside.txt',
      'prompts/a/loop-a',
      'prompts/a/loop-b',
      'prompts/a/relative.txt',
    ]);
  });

  it('writeRepoFile writes inside the repository only, atomically, through an inside link to its file', async () => {
    await writeRepoFile(repoRoot, 'prompts/a/inside.txt', 'rewritten');
    expect(await readFile(join(repoRoot, 'shared.txt'), 'utf8')).toBe('rewritten');
    expect((await lstat(join(repoRoot, 'prompts/a/inside.txt'))).isSymbolicLink()).toBe(true);
    await writeRepoFile(repoRoot, 'prompts/new/recordings.json', '{}');
    expect(await readFile(join(repoRoot, 'prompts/new/recordings.json'), 'utf8')).toBe('{}');
    await symlink(join(outsideDir, 'planted.json'), join(repoRoot, 'prompts/a/dangling.json'));
    const refusals = await Promise.all(
      ['prompts/a/absolute.txt', 'prompts/a/git-config.txt', 'prompts/a/dangling.json', 'prompts/a/outside-dir/new.json'].map((path) =>
        writeRepoFile(repoRoot, path, 'overwritten').then(
          () => 'written',
          (error: unknown) => (error as Error).message,
        ),
      ),
    );
    expect(refusals).toEqual([
      'prompts/a/absolute.txt: is a symlink leaving the repository; promptgate reads only files inside it',
      "prompts/a/git-config.txt: leads into the repository's .git folder, which promptgate never reads",
      'prompts/a/dangling.json: is a symlink to a file that does not exist; promptgate does not write through it',
      'prompts/a/outside-dir/new.json: is a symlink leaving the repository; promptgate reads only files inside it',
    ]);
    expect(await readFile(join(outsideDir, 'secret.txt'), 'utf8')).toBe('TOKEN=ghp_outside');
    expect(await readdir(outsideDir)).toEqual(['secret.txt']);
    expect((await readdir(join(repoRoot, 'prompts/new'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await rm(join(repoRoot, 'prompts/a/dangling.json'));
  });

  it('a prompt folder whose system.txt is refused is still discovered, and loading it names the file', async () => {
    await writeFile(join(repoRoot, 'prompts/a/tests.yaml'), FOLDER['tests.yaml']);
    await symlink('absolute.txt', join(repoRoot, 'prompts/a/system.txt'));
    expect(await discoverPromptFolders(links, ['prompts'])).toEqual({ folders: ['prompts/a'], diagnostics: [] });
    const loaded = await loadPromptFolder(links, 'prompts/a', {});
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.errors).toEqual([
      { file: 'prompts/a/system.txt', message: 'is a symlink leaving the repository; promptgate reads only files inside it' },
    ]);
  });
});

describe('path helpers', () => {
  it('normalizeRepoPath gives one spelling, and keeps a backslash: it is part of a git file name', () => {
    expect(['', '.', './', './a/b/', 'a//b', 'a\\b'].map(normalizeRepoPath)).toEqual(['', '', '', 'a/b', 'a/b', 'a\\b']);
  });

  it('firstInvalidUtf8Byte finds the first bad byte', () => {
    expect(firstInvalidUtf8Byte(Buffer.from('héllo ✓ 😀'))).toBe(Buffer.from('héllo ✓ 😀').length);
    expect(firstInvalidUtf8Byte(Buffer.from([0x61, 0xc3]))).toBe(1); // truncated sequence
    expect(firstInvalidUtf8Byte(Buffer.from([0x61, 0x62, 0xff]))).toBe(2);
    expect(firstInvalidUtf8Byte(Buffer.from([0xc0, 0x80]))).toBe(0); // overlong
    expect(firstInvalidUtf8Byte(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
  });
});
