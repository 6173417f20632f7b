import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The CLI as users run it: the committed bin, which runs the bundle in dist/. */
export const BIN = fileURLToPath(new URL('../../bin/promptgate.js', import.meta.url));

export interface CliProcessRun {
  code: number | null;
  /** The signal that ended it: SIGKILL when it outlived its deadline. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
  /** It was still running at the deadline and was killed. */
  timedOut: boolean;
}

/**
 * Runs `promptgate ARGS` as a process. A process still running at `deadlineMs` is killed, so a
 * run that hangs (the bug under test, on old code) fails its test instead of hanging Jest.
 */
export function runPromptgate(
  args: string[],
  options: {
    cwd: string;
    env?: Record<string, string | undefined>;
    deadlineMs: number;
    onSpawn?(child: ChildProcessByStdio<null, Readable, Readable>): void;
  },
): Promise<CliProcessRun> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.deadlineMs);
  options.onSpawn?.(child);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, timedOut });
    });
  });
}
