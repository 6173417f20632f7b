import { join, resolve } from 'node:path';
import { DEFAULT_CACHE_DIR, RESPONSE_MODES, type EngineOptions, type ResponseMode } from '../engine.js';
import { parseShard } from '../shard/plan.js';
import { VERSION } from '../lib/version.js';
import type { ShardSpec } from '../results/shard-record.js';
import { BLOCK_ON, FAIL_ON_REGRESSION, splitPathList, type BlockOn, type FailOnRegression } from '../load/config.js';

export type ActionMode = 'pr' | 'all' | 'release' | 'merge';

/** Every input, read once, validated, typed. Nothing else in the action calls getInput. */
export interface ActionInputs {
  mode: ActionMode;
  prompts: string[];
  /** Undefined when the input is empty: promptgate.yaml, then the engine's one default, apply. */
  threshold?: number;
  responses: ResponseMode;
  concurrency?: number;
  /** Unset: promptgate.yaml, then the default (load/settings.ts). */
  repeat?: number;
  minPass?: number;
  failOnRegression?: FailOnRegression;
  blockOn?: BlockOn;
  maxCostIncrease?: number;
  comment: boolean;
  commentKey: string;
  /** Login our comments are written by, when the token's identity cannot be looked up. */
  commentAuthor: string;
  githubToken: string;
  resultsFile: string;
  /** The answer cache: on unless `cache: false`, in `cache-dir` (default .promptgate/cache). */
  cache: boolean;
  cacheDir: string;
  /** Commit the recordings a run wrote to the pull request's branch (never for forks). */
  commitRecordings: boolean;
  junitFile: string;
  /** `html-report`: where the HTML report goes (upload it with actions/upload-artifact); '' for none. */
  htmlReport: string;
  workingDirectory: string;
  productionAlias: boolean;
  createRelease: boolean;
  promote: string;
  /** Release mode: `id@version` to point `prompts/<id>@canary` at (release/canary.ts). */
  canary: string;
  /** Sharding (input `shard`, `I/N`): this job runs one share, never comments, merge gates. */
  shard?: ShardSpec;
  /** Merge mode (input `results-files`): paths or globs of the shards' results files. */
  resultsFiles: string[];
}

/** An input with a bad value: the message names the input and the accepted values. */
export class InputValueError extends Error {}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputValueError(`input "${name}" must be one of ${allowed.join(', ')}, got "${value}"`);
}

function numberIn(name: string, value: string, min: number, max: number, integer: boolean): number {
  const number = Number(value);
  if (value.trim() === '' || Number.isNaN(number) || number < min || number > max || (integer && !Number.isInteger(number))) {
    throw new InputValueError(`input "${name}" must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${value}"`);
  }
  return number;
}

function flag(name: string, value: string): boolean {
  const normalized = value.trim().toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(normalized)) return true;
  if (['false', 'no', '0', 'off', ''].includes(normalized)) return false;
  throw new InputValueError(`input "${name}" must be true or false, got "${value}"`);
}

/**
 * `get` is core.getInput in the action (trimmed, '' when unset) and a map in tests.
 * Settings promptgate.yaml can hold stay undefined when the input is empty, so the engine
 * resolves them once: input, then promptgate.yaml, then its default (action.yml sets none).
 */
export function parseInputs(get: (name: string) => string): ActionInputs {
  const or = (name: string, fallback: string) => get(name) || fallback;
  const optionalNumber = <K extends string>(key: K, name: string, min: number, max: number, integer: boolean) => {
    const value = get(name);
    return (value ? { [key]: numberIn(name, value, min, max, integer) } : {}) as Partial<Record<K, number>>;
  };
  return {
    mode: oneOf('mode', or('mode', 'pr'), ['pr', 'all', 'release', 'merge'] as const),
    prompts: splitPathList(get('prompts')),
    ...optionalNumber('threshold', 'threshold', 0, 1, false),
    responses: oneOf('responses', or('responses', 'auto'), RESPONSE_MODES),
    ...optionalNumber('concurrency', 'concurrency', 1, 256, true),
    ...optionalNumber('repeat', 'repeat', 1, 100, true),
    ...optionalNumber('minPass', 'min-pass', 1, 100, true),
    ...(get('fail-on-regression') ? { failOnRegression: oneOf('fail-on-regression', get('fail-on-regression'), FAIL_ON_REGRESSION) } : {}),
    ...(get('block-on') ? { blockOn: oneOf('block-on', get('block-on'), BLOCK_ON) } : {}),
    ...optionalNumber('maxCostIncrease', 'max-cost-increase', 0, 1_000_000, false),
    comment: flag('comment', or('comment', 'true')),
    commentKey: get('comment-key').replace(/[^A-Za-z0-9_.-]/g, '-'),
    commentAuthor: get('comment-author'),
    githubToken: get('github-token'),
    resultsFile: get('results-file'),
    cache: flag('cache', or('cache', 'true')),
    cacheDir: get('cache-dir'),
    commitRecordings: flag('commit-recordings', or('commit-recordings', 'false')),
    junitFile: get('junit-file'),
    htmlReport: get('html-report'),
    workingDirectory: or('working-directory', '.'),
    productionAlias: flag('production-alias', or('production-alias', 'true')),
    createRelease: flag('create-release', or('create-release', 'false')),
    promote: get('promote'),
    canary: canaryInput(get),
    ...shardInputs(get),
  };
}

/** `canary` moves one alias as `promote` moves another: one of them per step. */
function canaryInput(get: (name: string) => string): string {
  const canary = get('canary');
  if (canary && get('promote')) throw new InputValueError('inputs "promote" and "canary" each move one alias: give one of them');
  return canary;
}

/** The sharding inputs: `shard` for a matrix job, `results-files` for the merge job. */
function shardInputs(get: (name: string) => string): Pick<ActionInputs, 'shard' | 'resultsFiles'> {
  const shard = get('shard');
  let spec: ShardSpec | undefined;
  try {
    spec = shard ? parseShard(shard) : undefined;
  } catch (error) {
    throw new InputValueError(`input "shard": ${(error as Error).message}`);
  }
  const resultsFiles = get('results-files')
    .split(/\n/)
    .map((entry) => entry.trim())
    .filter(Boolean);
  return { ...(spec ? { shard: spec } : {}), resultsFiles };
}

/** The repository the action works on. */
export function repositoryDir(inputs: ActionInputs, workspace: string): string {
  return resolve(workspace, inputs.workingDirectory);
}

/** Engine options every mode shares, from the inputs. */
export function engineOptionsFor(
  inputs: ActionInputs,
  repoDir: string,
  env: Record<string, string | undefined>,
  onWarning: (message: string) => void,
): EngineOptions {
  return {
    repoDir,
    roots: inputs.prompts,
    responses: inputs.responses,
    ...(inputs.concurrency !== undefined ? { concurrency: inputs.concurrency } : {}),
    ...(inputs.repeat !== undefined ? { repeat: inputs.repeat } : {}),
    ...(inputs.minPass !== undefined ? { minPass: inputs.minPass } : {}),
    ...(inputs.failOnRegression !== undefined ? { failOnRegression: inputs.failOnRegression } : {}),
    ...(inputs.blockOn !== undefined ? { blockOn: inputs.blockOn } : {}),
    ...(inputs.threshold !== undefined ? { threshold: inputs.threshold } : {}),
    ...(inputs.maxCostIncrease !== undefined ? { maxCostIncreasePercent: inputs.maxCostIncrease } : {}),
    env,
    toolVersion: VERSION,
    onWarning,
    ...(inputs.shard ? { shard: inputs.shard } : {}),
    ...(inputs.cache ? { cacheDir: resolve(repoDir, inputs.cacheDir || DEFAULT_CACHE_DIR) } : {}),
  };
}

/** results.json goes where the input says, else under the runner's temp folder (not the checkout). */
export function resultsPathFor(inputs: ActionInputs, repoDir: string, env: Record<string, string | undefined>): string {
  return inputs.resultsFile ? resolve(repoDir, inputs.resultsFile) : join(env.RUNNER_TEMP ?? repoDir, 'promptgate', 'results.json');
}
