import { join, resolve } from 'node:path';
import { RESPONSE_MODES, type EngineOptions, type ResponseMode } from '../engine.js';
import { VERSION } from '../version.js';
import { FAIL_ON_REGRESSION, type FailOnRegression } from '../settings.js';

export type ActionMode = 'pr' | 'all' | 'release';

/** Every input, read once, validated, typed. Nothing else in the action calls getInput. */
export interface ActionInputs {
  mode: ActionMode;
  prompts: string[];
  threshold: number;
  responses: ResponseMode;
  concurrency: number;
  /** Unset: promptgate.yaml, then the default (settings.ts). */
  repeat?: number;
  minPass?: number;
  failOnRegression?: FailOnRegression;
  maxCostIncrease?: number;
  comment: boolean;
  commentKey: string;
  /** Login our comments are written by, when the token's identity cannot be looked up. */
  commentAuthor: string;
  githubToken: string;
  resultsFile: string;
  junitFile: string;
  workingDirectory: string;
  productionAlias: boolean;
  createRelease: boolean;
  promote: string;
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

/** `get` is core.getInput in the action (trimmed, '' when unset) and a map in tests. */
export function parseInputs(get: (name: string) => string): ActionInputs {
  const or = (name: string, fallback: string) => get(name) || fallback;
  const maxCostIncrease = get('max-cost-increase');
  return {
    mode: oneOf('mode', or('mode', 'pr'), ['pr', 'all', 'release'] as const),
    prompts: get('prompts')
      .split(/[\n,]/)
      .map((entry) => entry.trim())
      .filter(Boolean),
    threshold: numberIn('threshold', or('threshold', '0.95'), 0, 1, false),
    responses: oneOf('responses', or('responses', 'auto'), RESPONSE_MODES),
    concurrency: numberIn('concurrency', or('concurrency', '8'), 1, 256, true),
    ...repeatInputs(get),
    ...(maxCostIncrease ? { maxCostIncrease: numberIn('max-cost-increase', maxCostIncrease, 0, 1_000_000, false) } : {}),
    comment: flag('comment', or('comment', 'true')),
    commentKey: get('comment-key').replace(/[^A-Za-z0-9_.-]/g, '-'),
    commentAuthor: get('comment-author'),
    githubToken: get('github-token'),
    resultsFile: get('results-file'),
    junitFile: get('junit-file'),
    workingDirectory: or('working-directory', '.'),
    productionAlias: flag('production-alias', or('production-alias', 'true')),
    createRelease: flag('create-release', or('create-release', 'false')),
    promote: get('promote'),
  };
}

/** `repeat`, `min-pass`, `fail-on-regression`: no defaults here, so promptgate.yaml is not shadowed. */
function repeatInputs(get: (name: string) => string): Pick<ActionInputs, 'repeat' | 'minPass' | 'failOnRegression'> {
  const repeat = get('repeat');
  const minPass = get('min-pass');
  const failOnRegression = get('fail-on-regression');
  return {
    ...(repeat ? { repeat: numberIn('repeat', repeat, 1, 100, true) } : {}),
    ...(minPass ? { minPass: numberIn('min-pass', minPass, 1, 100, true) } : {}),
    ...(failOnRegression ? { failOnRegression: oneOf('fail-on-regression', failOnRegression, FAIL_ON_REGRESSION) } : {}),
  };
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
    concurrency: inputs.concurrency,
    repeat: inputs.repeat,
    minPass: inputs.minPass,
    failOnRegression: inputs.failOnRegression,
    threshold: inputs.threshold,
    ...(inputs.maxCostIncrease !== undefined ? { maxCostIncreasePercent: inputs.maxCostIncrease } : {}),
    env,
    toolVersion: VERSION,
    onWarning,
  };
}

/** results.json goes where the input says, else under the runner's temp folder (not the checkout). */
export function resultsPathFor(inputs: ActionInputs, repoDir: string, env: Record<string, string | undefined>): string {
  return inputs.resultsFile ? resolve(repoDir, inputs.resultsFile) : join(env.RUNNER_TEMP ?? repoDir, 'promptgate', 'results.json');
}
