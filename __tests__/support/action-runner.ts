import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ACTION = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

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
}): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'promptgate-action-'));
  try {
    const eventPath = join(dir, 'event.json');
    const summaryPath = join(dir, 'summary.md');
    const outputPath = join(dir, 'output.txt');
    await writeFile(eventPath, JSON.stringify(options.event));
    await writeFile(summaryPath, '');
    await writeFile(outputPath, '');
    const inputs = Object.fromEntries(Object.entries(options.inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: options.apiUrl,
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_SHA: options.sha,
      GITHUB_RUN_ID: '4242',
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_OUTPUT: outputPath,
      RUNNER_TEMP: dir,
      ...inputs,
      ...options.env,
    };
    const child = spawn(process.execPath, [ACTION], { cwd: options.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
