#!/usr/bin/env node
// What a pull request pays, push by push (issue 21): live calls and dollars for four kinds of
// change to a 50-test prompt folder, run as the action runs them (`promptgate test --base main
// --responses auto`, a fresh checkout per job, an API key set), against the loopback emulator.
//   npm run bench:spend         (builds dist/ first if it is stale)
// Each change is run under three set-ups:
//   none     no answer cache kept between jobs, recordings.json not committed (a job throws its answers away)
//   cache    the answer cache kept between the pull request's jobs (actions/cache, scoped to the pull request)
//   cache+main  the same, and the push to main after the merge runs the folder (release mode) and
//            saves the cache on main, which the next pull request reads as its base branch's
//   commit   the cache, and commit-recordings: true (the run's new answers are committed to the pull request)
// and three moments: the first push, a second push that changes nothing in the folder (a README
// fix, a rebase), and the next pull request after the merge, which changes one test's input.
// A script, not a timed test: nothing in CI depends on these numbers.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProviderEmulator } from '../__tests__/support/provider-emulator.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin/promptgate.js');
const TESTS = 50;
const FOLDER = 'prompts/support/v1.0';

/** The four kinds of pull request: what each changes in the folder. */
const CHANGES = {
  'one test input': (dir) => edit(join(dir, FOLDER, 'tests.yaml'), 'message number 7 ', 'message number 7, rephrased, '),
  'an assertion and a rename': (dir) =>
    edit(
      join(dir, FOLDER, 'tests.yaml'),
      '  - name: case 3\n    input: "customer message number 3 "\n    expected_intent: general',
      '  - name: case three\n    input: "customer message number 3 "\n    expected_intent: general\n    assert:\n      - type: contains\n        value: general',
    ),
  'system.txt': (dir) => edit(join(dir, FOLDER, 'system.txt'), 'Classify the message.', 'Classify the message carefully.'),
  'a variable default': (dir) => edit(join(dir, FOLDER, 'prompt.yaml'), 'company: Acme', 'company: Acme Corp'),
};
const SETUPS = ['none', 'cache', 'cache+main', 'commit'];

function edit(path, from, to) {
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${path} lacks ${JSON.stringify(from)}`);
  writeFileSync(path, text.replace(from, to));
}

function git(dir, ...args) {
  const run = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout.trim();
}

/** main: one folder of 50 tests, every answer recorded and committed. */
async function mainRepo(dir, env) {
  mkdirSync(join(dir, FOLDER), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'bench@example.com');
  git(dir, 'config', 'user.name', 'bench');
  writeFileSync(join(dir, FOLDER, 'system.txt'), 'You are the support assistant for {company}. Classify the message.\nAnswer as JSON.\n');
  writeFileSync(join(dir, FOLDER, 'prompt.yaml'), 'provider: openai\nmodel: gpt-4o\ntemperature: 0\nvariables:\n  company: Acme\n');
  const tests = Array.from(
    { length: TESTS },
    (_, t) => `  - name: case ${t}\n    input: "customer message number ${t} "\n    expected_intent: general\n`,
  );
  writeFileSync(join(dir, FOLDER, 'tests.yaml'), `tests:\n${tests.join('')}`);
  writeFileSync(join(dir, '.gitignore'), '.promptgate/\n');
  await promptgate(dir, ['test', 'prompts', '--responses', 'record', '--no-cache'], env);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'main: recorded');
}

/** The CLI in its own process: asynchronously, since the emulator answering it runs in this one. */
async function promptgate(dir, args, env) {
  const child = spawn(process.execPath, [cli, ...args, '--out', join(dir, '.promptgate', 'results.json')], {
    cwd: dir,
    env: { ...process.env, ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const [code] = await once(child, 'close');
  if (code !== 0 && code !== 1) throw new Error(`promptgate ${args.join(' ')} exited ${code}: ${output}`);
  return JSON.parse(readFileSync(join(dir, '.promptgate', 'results.json'), 'utf8'));
}

/**
 * One CI job on `branch`: a fresh checkout, the cache GitHub would restore (the pull request's
 * own, else main's: a pull request never reads another's), the run, then what the set-up keeps.
 */
async function job(dir, branch, setup, caches, env) {
  git(dir, 'checkout', '-qf', branch);
  git(dir, 'clean', '-fdxq');
  const cacheDir = join(dir, '.promptgate', 'cache');
  const restored = caches.get(branch) ?? caches.get('main');
  if (setup !== 'none' && restored) cpSync(restored, cacheDir, { recursive: true });
  const args = branch === 'main' ? ['test', 'prompts'] : ['test', '--base', 'main'];
  const results = await promptgate(dir, [...args, '--responses', 'auto', ...(setup === 'none' ? ['--no-cache'] : [])], env);
  if (setup !== 'none' && existsSync(cacheDir)) {
    const saved = join(caches.root, `${branch}-${caches.size}`);
    cpSync(cacheDir, saved, { recursive: true });
    caches.set(branch, saved);
  }
  if (setup === 'commit' && git(dir, 'status', '--porcelain', '--', 'prompts')) {
    git(dir, 'add', 'prompts');
    git(dir, 'commit', '-qm', 'promptgate: record answers');
  }
  const { head, base, judge } = results.calls;
  return { live: head.live + base.live + judge.live, usd: (head.costUsd ?? 0) + (base.costUsd ?? 0) + (judge.costUsd ?? 0) };
}

async function scenario(work, change, setup, env) {
  const dir = join(work, `${Object.keys(CHANGES).indexOf(change)}-${setup}`);
  cpSync(join(work, 'main'), dir, { recursive: true });
  const caches = Object.assign(new Map(), { root: join(work, `${dir}-caches`) });
  mkdirSync(caches.root, { recursive: true });
  git(dir, 'checkout', '-qb', 'pr-1');
  CHANGES[change](dir);
  git(dir, 'commit', '-qam', change);
  const first = await job(dir, 'pr-1', setup, caches, env);
  // A second push that does not touch the folder (a README fix).
  writeFileSync(join(dir, 'README.md'), 'a fix\n');
  git(dir, 'add', 'README.md');
  git(dir, 'commit', '-qm', 'readme');
  const second = await job(dir, 'pr-1', setup, caches, env);
  git(dir, 'checkout', '-q', 'main');
  git(dir, 'merge', '-q', '--no-ff', '-m', 'merge pr-1', 'pr-1');
  // The push to main runs the merged folder (as release mode does) and saves main's cache.
  const onMain = setup === 'cache+main' ? await job(dir, 'main', setup, caches, env) : undefined;
  git(dir, 'checkout', '-qb', 'pr-2');
  edit(join(dir, FOLDER, 'tests.yaml'), 'message number 11 ', 'message number 11, new wording, ');
  git(dir, 'commit', '-qam', 'next change');
  const next = await job(dir, 'pr-2', setup, caches, env);
  return { first, second, next, onMain };
}

const work = mkdtempSync(join(tmpdir(), 'promptgate-spend-'));
const emulator = await startProviderEmulator({
  answer: () => ({ text: '{"intent":"general"}', usage: { inputTokens: 800, outputTokens: 60 } }),
  latencyMs: 0,
});
const env = { OPENAI_API_KEY: 'sk-bench-spend', OPENAI_BASE_URL: emulator.openaiBaseURL, PROMPTGATE_GITHUB_PACING: 'off' };
try {
  await mainRepo(join(work, 'main'), env);
  const cell = ({ live, usd }) => `${String(live).padStart(3)} ($${usd.toFixed(3)})`;
  console.log(`A ${TESTS}-test folder on gpt-4o (800 in / 60 out tokens a call); live calls (and cost) per CI job, base side included\n`);
  console.log(
    `${'change'.padEnd(26)} ${'set-up'.padEnd(10)} ${'first push'.padEnd(13)} ${'second push'.padEnd(13)} ${'next PR'.padEnd(13)} push to main`,
  );
  for (const change of Object.keys(CHANGES)) {
    for (const setup of SETUPS) {
      const { first, second, next, onMain } = await scenario(work, change, setup, env);
      console.log(
        `${change.padEnd(26)} ${setup.padEnd(10)} ${cell(first).padEnd(13)} ${cell(second).padEnd(13)} ${cell(next).padEnd(13)} ${onMain ? cell(onMain) : ''}`,
      );
    }
  }
} finally {
  await emulator.close();
  rmSync(work, { recursive: true, force: true });
}
