import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** PROMPTGATE_TEST_ACTION points the tests at another build (to show a test fails on older code). */
const ACTION = process.env.PROMPTGATE_TEST_ACTION ?? fileURLToPath(new URL('../../dist/index.js', import.meta.url));
export const ACTION_YML = fileURLToPath(new URL('../../action.yml', import.meta.url));

/** The token the runner puts where action.yml says `${{ github.token }}`, unless a test gives its own. */
export const RUNNER_TOKEN = 'ghs_runnerjobtoken00000000000000000000';

interface ActionMetadata {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  runs: { using: string; main: string };
}

/** action.yml parsed as strictly as a YAML parser can: duplicate keys and bad syntax throw. */
export function readActionMetadata(): ActionMetadata {
  return parse(readFileSync(ACTION_YML, 'utf8'), { strict: true, uniqueKeys: true, prettyErrors: true }) as ActionMetadata;
}

/** The variable the runner sets for an input: INPUT_ + name, upper-cased, spaces to underscores (hyphens stay). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * The INPUT_* variables the runner derives from action.yml for a step: every declared default
 * (with `${{ github.token }}` evaluated), then the step's `with:` values on top. A default that
 * is missing or wrong in action.yml therefore reaches the action exactly as it would on GitHub.
 */
export function inputVariablesFor(given: Record<string, string>, githubToken = RUNNER_TOKEN): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const [name, input] of Object.entries(readActionMetadata().inputs)) {
    if (input.default === undefined) continue;
    const value = String(input.default).replace(/\$\{\{\s*github\.token\s*\}\}/g, githubToken);
    if (value.includes('${{')) throw new Error(`action.yml input "${name}": the harness cannot evaluate the default ${input.default}`);
    variables[inputVariable(name)] = value;
  }
  for (const [name, value] of Object.entries(given)) variables[inputVariable(name)] = value;
  return variables;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** A pull_request event payload in the shape GitHub sends (the fields promptgate reads, and their neighbours). */
export function pullRequestEvent(options: { number: number; baseSha: string; headSha: string; fork?: boolean; repo?: string }) {
  const repo = options.repo ?? 'octo/app';
  const [owner] = repo.split('/');
  const repository = { full_name: repo, name: repo.split('/')[1], owner: { login: owner }, default_branch: 'main' };
  return {
    action: 'synchronize',
    number: options.number,
    pull_request: {
      number: options.number,
      state: 'open',
      title: 'Improve the support prompt',
      user: { login: 'contributor' },
      base: { ref: 'main', sha: options.baseSha, repo: repository },
      head: {
        ref: 'feature',
        sha: options.headSha,
        repo: options.fork ? { ...repository, full_name: `contributor/${repository.name}`, owner: { login: 'contributor' } } : repository,
      },
    },
    repository,
    sender: { login: 'contributor' },
  };
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` blocks (and plain `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const value: string[] = [];
      for (i += 1; i < lines.length && lines[i] !== heredoc[2]; i += 1) value.push(lines[i]!);
      outputs[heredoc[1]!] = value.join('\n');
    } else if (lines[i]!.includes('=')) {
      const [name, ...rest] = lines[i]!.split('=');
      outputs[name!] = rest.join('=');
    }
  }
  return outputs;
}

/**
 * Runs the bundled action exactly as the runner does: `node dist/index.js` with INPUT_*
 * variables, the event payload file, and the summary and output files.
 */
export async function runAction(options: {
  workspace: string;
  event: unknown;
  inputs: Record<string, string>;
  env?: Record<string, string>;
  apiUrl: string;
  sha: string;
  eventName?: string;
  /** GITHUB_REPOSITORY; default octo/app, the loopback GitHub's repository. */
  repository?: string;
  /** The job's token, which the runner substitutes for `${{ github.token }}`. */
  githubToken?: string;
  /** Called with the child once it runs (to send it signals), and the dir of its files. */
  onSpawn?(child: ChildProcess, files: { summaryPath: string; outputPath: string; dir: string }): void;
}): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'promptgate-action-'));
  try {
    const eventPath = join(dir, 'event.json');
    const summaryPath = join(dir, 'summary.md');
    const outputPath = join(dir, 'output.txt');
    await writeFile(eventPath, JSON.stringify(options.event));
    await writeFile(summaryPath, '');
    await writeFile(outputPath, '');
    // Each job starts with an empty answer cache, as on GitHub unless actions/cache restores one:
    // a test that runs the action twice in one workspace must not get the first run's answers
    // for free (tests of the cache give their own cache-dir).
    const inputs = inputVariablesFor({ 'cache-dir': join(dir, 'answer-cache'), ...options.inputs }, options.githubToken);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: options.repository ?? 'octo/app',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: options.apiUrl,
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_SHA: options.sha,
      GITHUB_RUN_ID: '4242',
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_OUTPUT: outputPath,
      RUNNER_TEMP: dir,
      // The loopback API answers at once: no one-write-a-second pacing, and a second of GitHub's
      // back-off lasts a millisecond (a test that checks the pacing sets its own values).
      PROMPTGATE_GITHUB_PACING: 'off',
      PROMPTGATE_GITHUB_BACKOFF_MS: '1',
      ...inputs,
      ...options.env,
    };
    const child = spawn(process.execPath, [ACTION], { cwd: options.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    options.onSpawn?.(child, { summaryPath, outputPath, dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputFile(await readFile(outputPath, 'utf8')),
      summary: await readFile(summaryPath, 'utf8'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
