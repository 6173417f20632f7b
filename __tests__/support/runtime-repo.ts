/**
 * A real repository with released prompt versions, for the runtime's tests: folders written,
 * answers recorded through the official SDKs against the emulator, committed, and tagged by
 * `promptgate release` itself (no hand-made tags).
 */
import { main } from '../../src/cli/main.js';
import { supportFolder } from './fixtures.js';
import { createTempRepo, type TempRepo } from './git-repo.js';
import type { RunningEmulator } from './provider-emulator.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RuntimeRepo {
  repo: TempRepo;
  cli(args: string[]): Promise<CliRun>;
  /** Writes, records, commits and releases (`release` flags after the defaults). */
  release(files: Record<string, string>, ...flags: string[]): Promise<string>;
  cleanup(): Promise<void>;
}

export const RUNTIME_KEY = 'sk-runtime-secret-0123456789abcdef';

/** The support fixture with success metrics (their fields become span attributes) and, when given, a deploy block. */
export function supportVersion(path: string, options: { systemNote?: string; deploy?: string } = {}): Record<string, string> {
  const files = supportFolder(path, options.systemNote ? { systemNote: options.systemNote } : {});
  files[`${path}/prompt.yaml`] +=
    'metrics:\n  escalation_rate: { rate_of: escalate, max: 1 }\n  avg_confidence: { mean_of: confidence, min: 0.5 }\n' +
    (options.deploy ?? '');
  return files;
}

/** Both providers' keys and the emulator's endpoints, as an app's environment would hold them. */
export function runtimeEnv(emulator: RunningEmulator): Record<string, string> {
  return {
    OPENAI_API_KEY: RUNTIME_KEY,
    OPENAI_BASE_URL: emulator.openaiBaseURL,
    ANTHROPIC_API_KEY: RUNTIME_KEY,
    ANTHROPIC_BASE_URL: emulator.anthropicBaseURL,
  };
}

export async function createRuntimeRepo(emulator: RunningEmulator): Promise<RuntimeRepo> {
  const repo = await createTempRepo();
  const cli = async (args: string[]): Promise<CliRun> => {
    let stdout = '';
    let stderr = '';
    const code = await main(args, {
      cwd: repo.dir,
      env: runtimeEnv(emulator),
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      stdoutIsTTY: false,
      stderrIsTTY: false,
    });
    return { code, stdout, stderr };
  };
  return {
    repo,
    cli,
    async release(files, ...flags) {
      await repo.writeFiles(files);
      const folders = [...new Set(Object.keys(files).map((path) => path.slice(0, path.lastIndexOf('/'))))];
      const recorded = await cli(['test', ...folders, '--responses', 'record']);
      if (recorded.code !== 0) throw new Error(`recording failed: ${recorded.stdout}${recorded.stderr}`);
      const commit = await repo.commit(`release ${folders.join(', ')}`);
      const released = await cli(['release', '--responses', 'replay', ...flags]);
      if (released.code !== 0) throw new Error(`release failed: ${released.stdout}${released.stderr}`);
      return commit;
    },
    cleanup: () => repo.cleanup(),
  };
}
