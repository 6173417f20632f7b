import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// The package as npm publishes it: `npm pack`, then installed from that tarball into an empty
// app, which runs execute offline. Installing uses npm's cache (`npm ci` filled it) and falls
// back to the registry for what the cache lacks (the package documents, on a fresh cache).
jest.setTimeout(120_000);

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
let dir: string;
let tarball: string;
let files: string[];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'promptgate-pack-'));
  const { stdout } = await run('npm', ['pack', '--pack-destination', dir, '--json', '--ignore-scripts'], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(dir, packed!.filename);
  files = packed!.files.map((file) => file.path);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('holds the runtime with its declarations, and no tests, scripts, sources or development files', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/runtime/index.js',
        'dist/runtime/index.d.ts',
        'dist/runtime/chunks/index.js',
        'package.json',
        'bin/promptgate.js',
      ]),
    );
    const unwanted = files.filter((path) =>
      /^(__tests__|scripts|src|examples|prompts-example|\.github|\.ci|node_modules)\/|\.test\.|^(tsconfig|jest\.config|rollup\.config|eslint\.config)|^\.|\.ts$/.test(
        path,
      ),
    );
    expect(unwanted.filter((path) => !path.endsWith('.d.ts'))).toEqual([]);
  });

  it('installs into an app that runs execute offline', async () => {
    const app = join(dir, 'app');
    await cp(join(root, 'examples', 'app', 'index.mjs'), join(app, 'index.mjs'));
    await cp(join(root, 'examples', 'app', 'prompts.lock.json'), join(app, 'prompts.lock.json'));
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'packed-app', private: true, type: 'module' }));
    const install = (mode: string) =>
      run('npm', ['install', mode, '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: app, maxBuffer: 16 * 1024 * 1024 });
    await install('--offline').catch(() => install('--prefer-offline'));
    const { stdout } = await run(process.execPath, ['index.mjs'], { cwd: app, env: { PATH: process.env.PATH ?? '' } });
    expect(stdout).toContain('customer-support v2.0 (production, from the bundle): account_access -> password_reset');
    // The types resolve through the package export, from the installed package.
    const { stdout: resolved } = await run(
      process.execPath,
      ['--input-type=module', '-e', "console.log(import.meta.resolve('promptgate/runtime'))"],
      { cwd: app },
    );
    expect(resolved.trim()).toBe(`file://${join(app, 'node_modules', 'promptgate', 'dist', 'runtime', 'index.js')}`);
  });
});
