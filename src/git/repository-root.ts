import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The top of the git work tree holding `cwd`, or undefined outside one: what
 * `git rev-parse --show-toplevel` answers, found by looking for `.git` upwards instead of
 * starting git (a process spawn was a sizeable share of a one-test run; docs/speed.md).
 * Whenever git's own discovery could answer differently (GIT_DIR, GIT_WORK_TREE, ceiling
 * directories, a cwd inside a `.git` folder), git is asked.
 */
export async function repositoryRoot(cwd: string, env: Record<string, string | undefined> = process.env): Promise<string | undefined> {
  const gitDecides = env.GIT_DIR || env.GIT_WORK_TREE || env.GIT_CEILING_DIRECTORIES || env.GIT_DISCOVERY_ACROSS_FILESYSTEM;
  if (gitDecides || cwd.split(/[\\/]/).includes('.git')) return askGit(cwd, env);
  for (let dir = cwd; ; dir = dirname(dir)) {
    // A `.git` folder (a clone) or file (a worktree or submodule: "gitdir: ...") marks the top.
    const marker = statSync(join(dir, '.git'), { throwIfNoEntry: false });
    if (marker?.isFile()) return dir;
    if (marker?.isDirectory()) return statSync(join(dir, '.git', 'HEAD'), { throwIfNoEntry: false }) ? dir : askGit(cwd, env);
    if (dirname(dir) === dir) return undefined;
  }
}

async function askGit(cwd: string, env: Record<string, string | undefined>): Promise<string | undefined> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', '--show-toplevel'], { cwd, env }, (error, stdout) =>
      resolve(error ? undefined : stdout.trim() || undefined),
    );
  });
}
