import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { repositoryRoot } from '../../src/git/repository-root.js';
import { createTempDir, createTempRepo, gitIn, type TempRepo } from '../support/git-repo.js';

/** What the fs walk replaced: git's own answer, undefined where git says "not a repository". */
async function gitToplevel(cwd: string): Promise<string | undefined> {
  return gitIn(cwd, ['rev-parse', '--show-toplevel']).catch(() => undefined);
}

describe('repositoryRoot', () => {
  let repo: TempRepo;
  let outside: string;
  beforeAll(async () => {
    repo = await createTempRepo();
    await repo.writeFiles({ 'prompts/a/system.txt': 'Hi', 'prompts/a/tests.yaml': 'tests: []\n' });
    await repo.commit('base');
    // A linked worktree has a `.git` file, not a folder.
    await gitIn(repo.dir, ['worktree', 'add', '-q', join(repo.dir, 'linked'), '-b', 'linked']);
    outside = await createTempDir('promptgate-not-a-repo-');
    await mkdir(join(outside, 'deeper'));
  });
  afterAll(async () => {
    await repo.cleanup();
    await rm(outside, { recursive: true, force: true });
  });

  it('answers what git rev-parse --show-toplevel answers, without starting git', async () => {
    const env = { PATH: '/nonexistent' }; // git cannot be started: the answer comes from the files
    for (const cwd of [
      repo.dir,
      join(repo.dir, 'prompts', 'a'),
      join(repo.dir, 'linked'),
      join(repo.dir, 'linked', 'prompts'),
      outside,
      join(outside, 'deeper'),
    ]) {
      expect({ cwd, root: await repositoryRoot(cwd, env) }).toEqual({ cwd, root: await gitToplevel(cwd) });
    }
  });

  it('asks git when its environment could make its answer differ', async () => {
    const cwd = join(repo.dir, 'prompts');
    // GIT_DIR points elsewhere: git decides, and with no work tree there is no top level.
    expect(await repositoryRoot(cwd, { ...process.env, GIT_DIR: join(outside, 'nothing') })).toBeUndefined();
    // The repository's top is a ceiling: git does not look there, so this is no repository.
    expect(await repositoryRoot(cwd, { ...process.env, GIT_CEILING_DIRECTORIES: repo.dir })).toBeUndefined();
    expect(await repositoryRoot(cwd, { ...process.env, GIT_CEILING_DIRECTORIES: outside })).toBe(repo.dir);
  });
});
