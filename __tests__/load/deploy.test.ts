import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createWorkTreeSource } from '../../src/load/files/file-source.js';
import { loadPromptFolder } from '../../src/load/folder.js';

// prompt.yaml `deploy:`: read into the folder, checked like every other key (file, line, field).
const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

const DIR = 'prompts/support/v2.1';
async function load(promptYaml: string) {
  const root = await mkdtemp(join(tmpdir(), 'promptgate-deploy-'));
  roots.push(root);
  const files = {
    [`${DIR}/system.txt`]: 'You help customers of {company}.\n',
    [`${DIR}/prompt.yaml`]: promptYaml,
    [`${DIR}/tests.yaml`]: 'tests:\n  - name: a\n    input: hi\n',
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return loadPromptFolder(createWorkTreeSource(root), DIR, {});
}

describe('prompt.yaml deploy', () => {
  it('is read into the folder', async () => {
    const loaded = await load('variables: { company: Acme }\ndeploy:\n  canary: { weight: 10 }\n');
    expect(loaded.ok && loaded.folder.deploy).toEqual({ canary: { weight: 10 } });
    const without = await load('variables: { company: Acme }\n');
    expect(without.ok && without.folder.deploy).toBeUndefined();
  });

  it('reports a weight out of range, a missing weight and an unknown key on their lines', async () => {
    const loaded = await load('variables: { company: Acme }\ndeploy:\n  canary:\n    weight: 150\n  rollout: fast\n');
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors).toEqual([
      expect.objectContaining({
        file: `${DIR}/prompt.yaml`,
        line: 5,
        field: 'deploy.rollout',
        message: expect.stringContaining('unknown key "rollout"'),
      }),
      { file: `${DIR}/prompt.yaml`, line: 4, field: 'deploy.canary.weight', message: 'must be <= 100 (got 150)' },
    ]);
    const missing = await load('variables: { company: Acme }\ndeploy:\n  canary: {}\n');
    expect(!missing.ok && missing.errors).toEqual([
      { file: `${DIR}/prompt.yaml`, line: 3, field: 'deploy.canary.weight', message: 'is required' },
    ]);
  });
});
