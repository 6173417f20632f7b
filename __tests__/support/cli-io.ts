import type { CliIO } from '../../src/cli/main.js';

/** The CLI's I/O for a test that only wants its files (recordings, results): output discarded. */
export function silentCli(cwd: string, env: Record<string, string | undefined>): CliIO {
  return { cwd, env, stdout: () => undefined, stderr: () => undefined, stdoutIsTTY: false, stderrIsTTY: false };
}
