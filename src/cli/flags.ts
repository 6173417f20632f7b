import { join, relative, resolve, sep } from 'node:path';
import { DEFAULT_CACHE_DIR, RESPONSE_MODES, type EngineOptions, type ResponseMode } from '../engine.js';
import { repositoryRoot } from '../git/repository-root.js';
import { VERSION } from '../lib/version.js';
import { BLOCK_ON, FAIL_ON_REGRESSION, type BlockOn, type FailOnRegression } from '../load/config.js';
import { UsageError, type CliIO } from './io.js';

/** The flags every running command (test, release, merge) shares. */
export const RUN_OPTIONS = {
  responses: { type: 'string' },
  concurrency: { type: 'string' },
  threshold: { type: 'string' },
  repeat: { type: 'string' },
  'min-pass': { type: 'string' },
  'fail-on-regression': { type: 'string' },
  'block-on': { type: 'string' },
  out: { type: 'string' },
  junit: { type: 'string' },
  markdown: { type: 'string' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  html: { type: 'string' },
  'no-color': { type: 'boolean' },
  quiet: { type: 'boolean' },
} as const;

export type RunFlags = { [K in keyof typeof RUN_OPTIONS]?: (typeof RUN_OPTIONS)[K]['type'] extends 'string' ? string : boolean };

function parseNumber(
  name: string,
  value: string | undefined,
  { min, max, integer }: { min: number; max: number; integer: boolean },
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || Number.isNaN(number) || number < min || number > max || (integer && !Number.isInteger(number))) {
    throw new UsageError(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${value}"`);
  }
  return number;
}

function toRepoPath(repoDir: string, cwd: string, path: string): string {
  const relativePath = relative(repoDir, resolve(cwd, path)).split(sep).join('/');
  if (relativePath.startsWith('..')) throw new UsageError(`${path} is outside the repository ${repoDir}`);
  return relativePath === '' ? '.' : relativePath;
}

/** The engine options of a running command, from its flags; `needsGit` names what needs a repository. */
export async function engineOptionsFrom(
  values: RunFlags,
  positionals: string[],
  io: CliIO,
  needsGit: string | undefined,
): Promise<EngineOptions> {
  const responses = values.responses as ResponseMode | undefined;
  if (responses !== undefined && !RESPONSE_MODES.includes(responses)) {
    throw new UsageError(`--responses must be one of ${RESPONSE_MODES.join(', ')}, got "${values.responses}"`);
  }
  const concurrency = parseNumber('concurrency', values.concurrency, { min: 1, max: 1000, integer: true });
  const threshold = parseNumber('threshold', values.threshold, { min: 0, max: 1, integer: false });
  const repeat = parseNumber('repeat', values.repeat, { min: 1, max: 100, integer: true });
  const minPass = parseNumber('min-pass', values['min-pass'], { min: 1, max: 100, integer: true });
  const failOnRegression = values['fail-on-regression'] as FailOnRegression | undefined;
  if (failOnRegression !== undefined && !FAIL_ON_REGRESSION.includes(failOnRegression)) {
    throw new UsageError(`--fail-on-regression must be one of ${FAIL_ON_REGRESSION.join(', ')}, got "${failOnRegression}"`);
  }
  const blockOn = values['block-on'] as BlockOn | undefined;
  if (blockOn !== undefined && !BLOCK_ON.includes(blockOn)) {
    throw new UsageError(`--block-on must be one of ${BLOCK_ON.join(', ')}, got "${blockOn}"`);
  }
  const gitRoot = await repositoryRoot(io.cwd, io.env);
  if (needsGit && !gitRoot) throw new UsageError(`${needsGit} needs a git repository`);
  const repoDir = gitRoot ?? io.cwd;
  return {
    repoDir,
    roots: positionals.map((path) => toRepoPath(repoDir, io.cwd, path)),
    // Flags not given stay undefined: resolveSettings falls back to promptgate.yaml, then the default.
    responses,
    concurrency,
    threshold,
    repeat,
    minPass,
    failOnRegression,
    blockOn,
    // The answer cache: on by default, in the repository's .promptgate/cache (which ignores itself).
    ...(values['no-cache'] ? {} : { cacheDir: resolve(io.cwd, values['cache-dir'] ?? join(repoDir, DEFAULT_CACHE_DIR)) }),
    env: io.env,
    signal: io.signal,
    toolVersion: VERSION,
    onWarning: (message) => io.stderr(`warning: ${message}\n`),
    // The user runs their own checkout: its checks.mjs runs (a base read from git, only as these bytes).
    customChecks: { trustedRoot: repoDir },
  };
}
