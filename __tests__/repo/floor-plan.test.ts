import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { createTempDir } from '../support/git-repo.js';

/**
 * The floor plan's rules (.dependency-cruiser.cjs, run by `npm run lint`) must catch what they
 * are for: an import that runs up a floor, a cycle, a folder with no floor. Each case is a tiny
 * src/ tree checked by the real dependency-cruiser with the project's own config.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');

async function cruise(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const dir = await createTempDir('promptgate-floors-');
  try {
    await copyFile(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    try {
      const { stdout } = await promisify(execFile)(DEPCRUISE, ['src', '--config', '.dependency-cruiser.cjs'], { cwd: dir });
      return { code: 0, output: stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string };
      return { code: failed.code, output: failed.stdout };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the floor plan rules', () => {
  it('pass a tree whose imports run down the floors', async () => {
    const result = await cruise({
      'src/lib/text.ts': 'export const a = 1;\n',
      'src/run/runner.ts': "import { a } from '../lib/text.js';\nexport const b = a;\n",
      'src/engine.ts': "import { b } from './run/runner.js';\nexport const c = b;\n",
    });
    expect(result.output).toContain('no dependency violations found');
    expect(result.code).toBe(0);
  });

  it('fail an import up a floor, a cycle (even within one folder) and a folder with no floor', async () => {
    // One tree with one of each, so dependency-cruiser starts once.
    const result = await cruise({
      'src/lib/text.ts': "import { b } from '../run/runner.js';\nexport const a = b;\n",
      'src/run/runner.ts': 'export const b = 1;\n',
      'src/json/x.ts': "import { y } from './y.js';\nexport const x = () => y;\n",
      'src/json/y.ts': "import { x } from './x.js';\nexport const y = () => x;\n",
      'src/misc/util.ts': "import { a } from '../lib/text.js';\nexport const u = a;\n",
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/floor-0-lib: src\/lib\/text\.ts → src\/run\/runner\.ts/);
    expect(result.output).toMatch(/no-circular: src\/json\/(x|y)\.ts → /);
    expect(result.output).toMatch(/no-unknown-folder: src\/misc\/util\.ts/);
  });
});
