import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { actionOutputs } from '../../src/action/outputs.js';
import { main, type CliIO } from '../../src/cli/main.js';
import { runEngine, type EngineOptions } from '../../src/engine.js';
import { renderComment } from '../../src/render/comment.js';
import type { ResultsFile } from '../../src/results/model.js';
import { supportFolder } from '../support/fixtures.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { emulator, useSupportEmulator } from '../support/support-emulator.js';

/** The engine through its real seams: real git repositories, real SDKs over loopback HTTP. */
useSupportEmulator();

const KEY = 'sk-test-secret-0123456789';

const validateResults = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(
  JSON.parse(await readFile(new URL('../../schemas/results.schema.json', import.meta.url), 'utf8')),
);

async function cli(repo: TempRepo, args: string[], env: Record<string, string>) {
  let stdout = '';
  const io: CliIO = {
    cwd: repo.dir,
    env,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stdout += text),
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  const code = await main(args, io);
  const results = JSON.parse(await readFile(join(repo.dir, '.promptgate/results.json'), 'utf8')) as ResultsFile;
  return { code, stdout, results };
}

describe('a side that did not run (a fork pull request: no key, no recordings on the base)', () => {
  let repo: TempRepo;
  let run: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    repo = await createTempRepo();
    // The base has the folder but never recorded its answers.
    await repo.writeFiles(supportFolder('prompts/support/v1.0'));
    await repo.commit('base without recordings');
    await repo.git(['checkout', '--quiet', '-b', 'fork-change']);
    // The pull request edits the prompt, records it, and adds a folder of its own.
    await repo.write('prompts/support/v1.0/system.txt', 'You are the support assistant for {company}.\nBe brief.\n');
    await repo.writeFiles(supportFolder('prompts/faq/v1'));
    const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL };
    expect((await cli(repo, ['test', 'prompts', '--responses', 'record'], env)).code).toBe(0);
    await repo.commit('edit support, add faq, with recordings');
    // A fork gets no secrets: no key and no endpoint, and its job starts with no answer cache
    // (faq's requests are support's on the base, word for word: a cache would answer them).
    run = await cli(repo, ['test', '--base', 'main', '--no-cache'], {});
  });
  afterAll(async () => repo.cleanup());

  it('passes the head from its recordings', () => {
    expect(run.code).toBe(0);
    expect(run.results.gate).toMatchObject({ passed: true, exitCode: 0 });
    expect(run.results.summary).toMatchObject({ total: 6, passed: 6, passRate: 1 });
  });

  it('reports the base as not run: no pass rate, not comparable, no delta and no flips', () => {
    const base = run.results.base?.suites.find((suite) => suite.path === 'prompts/support/v1.0');
    expect(base?.summary).toMatchObject({ total: 3, notRun: 3, passRate: null });
    const compared = run.results.comparison?.suites.find((suite) => suite.path === 'prompts/support/v1.0');
    expect(compared).toMatchObject({ verdict: 'not-comparable', newlyPassing: [], newlyFailing: [], stillFailing: [] });
    expect(compared?.delta.passRate).toBeNull();
    expect(run.results.comparison?.delta.passRate).toBeNull();
    expect(actionOutputs(run.results, 'results.json')['base-pass-rate']).toBe('');
    expect(run.results.notices).toContain('3 base test run(s) need a live call but no API key is set, so they were not run.');
    expect(validateResults(run.results)).toBe(true); // the schema allows a null pass rate
  });

  it('shows the folder the pull request adds as new, never as still failing on the base', () => {
    const added = run.results.comparison?.suites.find((suite) => suite.path === 'prompts/faq/v1');
    expect(added).toMatchObject({ change: 'added', stillFailing: [] });
    expect(added?.addedTests).toHaveLength(3);
  });

  it('never renders the not-run base as 0% or a +100 pp gain', () => {
    // (No-break spaces hold a figure pair together in its cell.)
    const comment = renderComment(run.results).replace(/\u00a0/g, ' ');
    expect(comment).not.toContain('+100');
    expect(comment).not.toContain('0.0% →');
    expect(comment).not.toContain('error → passed');
    expect(comment).toContain('_not run_ → 100.0%');
  });

  it('fails the gate when the head itself could not run, saying why', async () => {
    await repo.write('prompts/support/v1.0/system.txt', 'You are the support assistant for {company}.\nChanged again.\n');
    const unrecorded = await cli(repo, ['test', '--base', 'main'], {});
    expect(unrecorded.code).toBe(1);
    expect(unrecorded.results.gate.reasons).toContain(
      'prompts/support/v1.0: not run (no API key to call the provider), so it is untested and cannot pass',
    );
    await repo.git(['checkout', '--', 'prompts/support/v1.0/system.txt']);
  });
});

describe('settings resolved once: flag, then promptgate.yaml, then the default', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await createTempRepo();
    await repo.writeFiles({ ...supportFolder('prompts/support/v1.0'), 'promptgate.yaml': 'threshold: 0.5\nconcurrency: 3\n' });
    await repo.write('prompts/support/v1.0/system.txt', 'You are the support assistant for {company}.\nBREAK-BILLING\n');
    await repo.commit('a prompt that passes 2 of 3');
  });
  afterAll(async () => repo.cleanup());
  const env = () => ({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL });

  it('takes the threshold from promptgate.yaml when no flag says otherwise, and the flag over it', async () => {
    const fromFile = await cli(repo, ['test', '--responses', 'live'], env());
    expect(fromFile.code).toBe(0);
    expect(fromFile.results).toMatchObject({ threshold: 0.5, gate: { passed: true } });
    const fromFlag = await cli(repo, ['test', '--responses', 'live', '--threshold', '0.9'], env());
    expect(fromFlag.code).toBe(1);
    expect(fromFlag.results.threshold).toBe(0.9);
  });

  it('gives the engine the same verdict as the CLI on the same repository', async () => {
    const outcome = await runEngine({ repoDir: repo.dir, roots: [], responses: 'live', env: env(), toolVersion: 'test' });
    expect(outcome.results.threshold).toBe(0.5);
    expect(outcome.results.gate).toMatchObject({ passed: true, exitCode: 0 });
  });
});

describe('cancelling a run', () => {
  let repo: TempRepo;
  const tests = Array.from(
    { length: 6 },
    (_, i) => `  - name: case ${i + 1}\n    input: I forgot my password (${i + 1})\n    expected_intent: account_access\n`,
  );
  beforeAll(async () => {
    repo = await createTempRepo();
    await repo.writeFiles(supportFolder('prompts/support/v1.0', { tests: `tests:\n${tests.join('')}` }));
    await repo.commit('six tests');
  });
  afterAll(async () => {
    emulator.setLatency(undefined);
    await repo.cleanup();
  });

  it('stops starting calls, keeps and records the answers received, and marks the rest cancelled', async () => {
    // The first two answers come at once; every later call hangs far past the grace period.
    let served = 0;
    emulator.setLatency(() => (++served <= 2 ? 0 : 60_000));
    emulator.reset();
    const controller = new AbortController();
    let done = 0;
    const options: EngineOptions = {
      repoDir: repo.dir,
      roots: [],
      responses: 'record',
      concurrency: 2,
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL },
      toolVersion: 'test',
      signal: controller.signal,
      onTestDone: () => {
        if (++done === 2) controller.abort();
      },
    };
    const started = Date.now();
    const outcome = await runEngine(options);
    const elapsed = Date.now() - started;

    expect(elapsed).toBeLessThan(10_000); // the 60 s calls were not waited for
    // Two answered, at most one started before the abort landed, and none after it.
    expect(emulator.requestCount('openai')).toBeLessThanOrEqual(3);
    const { results } = outcome;
    expect(results.cancelled).toBe(true);
    expect(results.gate).toMatchObject({ passed: false, exitCode: 1 });
    const statuses = results.suites[0]!.tests.map((test) => test.errorKind ?? test.status);
    expect(statuses.filter((status) => status === 'passed')).toHaveLength(2);
    expect(statuses.filter((status) => status === 'cancelled')).toHaveLength(4);
    expect(results.summary).toMatchObject({ total: 6, passed: 2, notRun: 4 });

    expect(outcome.recordingsWritten).toEqual(['prompts/support/v1.0/recordings.json']);
    const recordings = JSON.parse(await readFile(join(repo.dir, 'prompts/support/v1.0/recordings.json'), 'utf8')) as {
      recordings: Record<string, { test: string }>;
    };
    const answered = results.suites[0]!.tests.filter((test) => test.status === 'passed').map((test) => test.name);
    expect(
      Object.values(recordings.recordings)
        .map((entry) => entry.test)
        .sort(),
    ).toEqual(answered.sort());
    // Written through a temp file and a rename, which leaves nothing behind.
    expect(await readdir(join(repo.dir, 'prompts/support/v1.0'))).not.toContainEqual(expect.stringMatching(/\.tmp$/));
  });

  it('prunes nothing when re-recording is cancelled: what it did not reach is not stale', async () => {
    // More tests than a suite starts ahead of the limiter (64): the last ones never ask for an answer.
    const many = Array.from({ length: 70 }, (_, i) => `  - name: many ${i + 1}\n    input: I forgot my password (${i + 1})\n`);
    await repo.writeFiles(supportFolder('prompts/many/v1.0', { tests: `tests:\n${many.join('')}` }));
    const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL };
    emulator.setLatency(undefined);
    await runEngine({ repoDir: repo.dir, roots: ['prompts/many'], responses: 'record', env, toolVersion: 'test' });
    const entries = async () =>
      Object.keys(
        (JSON.parse(await readFile(join(repo.dir, 'prompts/many/v1.0/recordings.json'), 'utf8')) as { recordings: object }).recordings,
      );
    expect(await entries()).toHaveLength(70);

    let served = 0;
    emulator.setLatency(() => (++served <= 2 ? 0 : 60_000));
    const controller = new AbortController();
    let done = 0;
    const outcome = await runEngine({
      repoDir: repo.dir,
      roots: ['prompts/many'],
      responses: 'record',
      concurrency: 1,
      env,
      toolVersion: 'test',
      signal: controller.signal,
      onTestDone: () => {
        if (++done === 2) controller.abort();
      },
    });
    expect(outcome.results.cancelled).toBe(true);
    expect(await entries()).toHaveLength(70);
  });
});
