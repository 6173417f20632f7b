/**
 * Real, throwaway git repositories for tests (no mocked git). Typical use:
 *
 *   const repo = await createTempRepo();
 *   await repo.writeFiles({ 'prompts/a/system.txt': 'Hi', 'prompts/a/tests.yaml': 'tests: []' });
 *   const base = await repo.commit('base');
 *   await repo.rename('prompts/a', 'prompts/b');
 *   const head = await repo.commit('rename');
 *   ...
 *   await repo.cleanup();
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Runs git in `dir` and returns stdout without the trailing newline. */
export async function gitIn(dir: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, {
    cwd: dir,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.replace(/\n$/, '');
}

/** A fresh temporary directory (its real path, so comparisons with git's output hold on macOS). */
export async function createTempDir(prefix = 'promptgate-'): Promise<string> {
  return realpath(await mkdtemp(join(tmpdir(), prefix)));
}

export interface TempRepo {
  /** Absolute path of the work tree. */
  dir: string;
  /** Writes a file (creating its folders); path is repository-relative. */
  write(path: string, content: string | Buffer): Promise<void>;
  /** Writes several files at once. */
  writeFiles(files: Record<string, string | Buffer>): Promise<void>;
  /** Removes a file or a whole folder. */
  remove(path: string): Promise<void>;
  /** Moves a file or folder in the work tree (git detects the rename at commit). */
  rename(from: string, to: string): Promise<void>;
  /** Stages everything (additions, changes, removals) and commits; resolves with the commit id. */
  commit(message: string): Promise<string>;
  /** Runs git in the repository; stdout without the trailing newline. */
  git(args: string[]): Promise<string>;
  cleanup(): Promise<void>;
}

/** An empty repository on branch `main`, with a local identity so commits and tags work anywhere. */
export async function createTempRepo(): Promise<TempRepo> {
  const dir = await createTempDir('promptgate-repo-');
  const git = (args: string[]) => gitIn(dir, args);
  await git(['init', '--quiet', '--initial-branch=main']);
  await git(['config', 'user.name', 'Promptgate Test']);
  await git(['config', 'user.email', 'test@promptgate.invalid']);
  // The machine's settings must not sign, convert line endings or otherwise change what we test.
  await git(['config', 'commit.gpgSign', 'false']);
  await git(['config', 'tag.gpgSign', 'false']);
  await git(['config', 'core.autocrlf', 'false']);

  const write = async (path: string, content: string | Buffer) => {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  };

  return {
    dir,
    git,
    write,
    async writeFiles(files) {
      for (const [path, content] of Object.entries(files)) await write(path, content);
    },
    async remove(path) {
      await rm(join(dir, path), { recursive: true, force: true });
    },
    async rename(from, to) {
      await mkdir(dirname(join(dir, to)), { recursive: true });
      await rename(join(dir, from), join(dir, to));
    },
    async commit(message) {
      await git(['add', '--all']);
      await git(['commit', '--quiet', '--allow-empty', '-m', message]);
      return git(['rev-parse', 'HEAD']);
    },
    async cleanup() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
