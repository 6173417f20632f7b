import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFileAtomically } from '../../src/lib/atomic-write.js';

const MODULE = resolve('src/lib/atomic-write.ts');

/**
 * A child process saving a large recordings.json over and over, killed by a signal while a
 * save is under way. Node runs the module's TypeScript directly (type stripping), so this is
 * the real function, in a real process, really interrupted.
 */
/** The new recordings.json the child saves: big enough that one write takes a while. */
function freshContent(size: number): string {
  return JSON.stringify({ format: 'promptgate-recordings/1', recordings: { k: { text: 'x'.repeat(size) } } });
}

function startSaving(target: string, size: number) {
  const script = `
    const { writeFileAtomically } = await import(${JSON.stringify(MODULE)});
    const content = (${freshContent.toString()})(${size});
    process.stdout.write('ready\\n');
    for (;;) {
      await writeFileAtomically(${JSON.stringify(target)}, content);
      await new Promise((r) => setTimeout(r, 1));
    }
  `;
  return spawn(process.execPath, ['--input-type=module', '--disable-warning=ExperimentalWarning', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

describe('writeFileAtomically', () => {
  it('writes the content and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'promptgate-atomic-'));
    try {
      const target = join(dir, 'sub', 'recordings.json');
      await writeFileAtomically(target, 'first');
      await writeFileAtomically(target, 'second');
      expect(await readFile(target, 'utf8')).toBe('second');
      expect(await readdir(join(dir, 'sub'))).toEqual(['recordings.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves the old file whole when a signal stops a save half way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'promptgate-atomic-'));
    const target = join(dir, 'recordings.json');
    const old = JSON.stringify({ format: 'promptgate-recordings/1', recordings: {} });
    const size = 1_000_000;
    const fresh = freshContent(size);
    let child: ReturnType<typeof startSaving> | undefined;
    try {
      await writeFile(target, old);
      child = startSaving(target, size);
      const saving = child;
      await new Promise<void>((resolveReady) => saving.stdout.once('data', () => resolveReady()));
      // While saves run back to back, every read sees a whole file; then a signal stops one.
      const lengths = new Set<number>();
      for (let reads = 0; reads < 40; reads += 1) {
        lengths.add((await readFile(target, 'utf8')).length);
        await new Promise((r) => setTimeout(r, 2));
      }
      expect([...lengths].every((length) => length === old.length || length === fresh.length)).toBe(true);
      const running = child;
      const exited = new Promise((r) => running.once('exit', r));
      running.kill('SIGKILL');
      await exited;
      const content = await readFile(target, 'utf8');
      // Either the old file or the complete new one, never a truncated mix.
      expect([old.length, fresh.length]).toContain(content.length);
      expect(() => JSON.parse(content)).not.toThrow();
    } finally {
      // A failed expectation must not leave the saving process running.
      child?.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
