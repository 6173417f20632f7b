import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { lstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { main, type CliIO } from '../../src/cli/main.js';
import type { ResultsFile } from '../../src/results/model.js';
import { supportFolder } from '../support/fixtures.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { emulator, useSupportEmulator } from '../support/support-emulator.js';

/** The CLI as a user runs it, in-process: real files, real git, real SDKs over loopback HTTP. */
useSupportEmulator();

const KEY = 'sk-test-secret-0123456789';

async function cli(repo: TempRepo, args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    cwd: repo.dir,
    env: { OPENAI_BASE_URL: emulator.openaiBaseURL, ...env },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

async function readResults(repo: TempRepo, path = '.promptgate/results.json'): Promise<ResultsFile> {
  return JSON.parse(await readFile(join(repo.dir, path), 'utf8')) as ResultsFile;
}

const validateResults = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(
  JSON.parse(await readFile(new URL('../../schemas/results.schema.json', import.meta.url), 'utf8')),
);

describe('promptgate test', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await createTempRepo();
    await repo.writeFiles(supportFolder('prompts/support/v1.0'));
    await repo.commit('support prompt');
  });
  afterAll(async () => repo.cleanup());

  it('records live answers, then replays them offline with the same figures', async () => {
    const recorded = await cli(repo, ['test', 'prompts', '--responses', 'record'], { OPENAI_API_KEY: KEY });
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toContain('3/3 passed · 100.0%');
    expect(recorded.stdout).toContain('recorded: prompts/support/v1.0/recordings.json');
    const recording = await readFile(join(repo.dir, 'prompts/support/v1.0/recordings.json'), 'utf8');
    expect(recording).not.toContain(KEY);

    const before = emulator.requests.length;
    const replayed = await cli(repo, ['test', 'prompts', '--responses', 'replay', '--junit', 'junit.xml']);
    expect(replayed.code).toBe(0);
    expect(emulator.requests.length).toBe(before); // offline: no call reached the provider
    const results = await readResults(repo);
    expect(validateResults(results)).toBe(true);
    expect(results.summary).toMatchObject({ total: 3, passed: 3, failed: 0, errors: 0, passRate: 1 });
    expect(results.suites[0]?.tests.every((test) => test.source === 'replay')).toBe(true);
    expect(results.summary.costUsd).toBeGreaterThan(0); // recorded tokens priced offline
    expect(await readFile(join(repo.dir, 'junit.xml'), 'utf8')).toContain('tests="3" failures="0" errors="0"');
    expect(await repo.git(['status', '--porcelain', '--', '.promptgate'])).toBe(''); // results ignore themselves
  });

  it('exits 1 below the threshold, naming the folder and the failing check', async () => {
    await repo.write('prompts/support/v1.0/system.txt', 'You are the support assistant for {company}.\nBREAK-BILLING\n');
    const run = await cli(repo, ['test', 'prompts', '--responses', 'live'], { OPENAI_API_KEY: KEY });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ Escalate billing disputes  (prompts/support/v1.0/tests.yaml:9)');
    expect(run.stdout).toContain('intent equals "billing_issue": expected billing_issue, got general_question');
    expect(run.stdout).toContain('prompts/support/v1.0: pass rate 66.7% (2/3 passed) is below the 95.0% threshold');
    await repo.git(['checkout', '--', 'prompts/support/v1.0/system.txt']);
  });

  it('reports a test without a recording as errored, with the command that records it', async () => {
    await repo.write(
      'prompts/support/v1.0/tests.yaml',
      `${supportFolder('x')['x/tests.yaml']}\n  - name: Brand new case\n    input: Where is my parcel?\n    expected_escalate: false\n`,
    );
    const run = await cli(repo, ['test', 'prompts', '--responses', 'replay']);
    expect(run.code).toBe(1);
    const results = await readResults(repo);
    const missing = results.suites[0]?.tests.find((test) => test.name === 'Brand new case');
    expect(missing).toMatchObject({ status: 'error', errorKind: 'missing-recording' });
    expect(missing?.error).toContain('promptgate test prompts/support/v1.0 --responses record');
    expect(results.notices).toContain('1 head test run(s) have no recorded response and were not run (replay mode).');
    await repo.git(['checkout', '--', 'prompts/support/v1.0/tests.yaml']);
  });

  it('keeps going when one folder is broken, and exits 2 only when nothing could be judged', async () => {
    await repo.writeFiles({
      'prompts/broken/v1/system.txt': 'Hello {name}\n',
      'prompts/broken/v1/tests.yaml': 'tests:\n  - name: first\n    input: hi\n  - input: no name here\n  - name: [unclosed\n',
    });
    const mixed = await cli(repo, ['test', 'prompts', '--responses', 'replay']);
    expect(mixed.code).toBe(1);
    const results = await readResults(repo);
    expect(results.suites.find((suite) => suite.path === 'prompts/support/v1.0')?.summary.passed).toBe(3);
    expect(mixed.stdout).toMatch(/prompts\/broken\/v1\/tests\.yaml:5: .*invalid YAML/);

    const onlyBroken = await cli(repo, ['test', 'prompts/broken', '--responses', 'replay']);
    expect(onlyBroken.code).toBe(2);
    await repo.remove('prompts/broken');
  });

  it('turns provider faults into errored tests and still writes results.json', async () => {
    emulator.setFaults([{ type: 'server', times: 100 }]);
    try {
      const run = await cli(repo, ['test', 'prompts', '--responses', 'live'], { OPENAI_API_KEY: KEY });
      expect(run.code).toBe(1);
      const results = await readResults(repo);
      expect(results.summary).toMatchObject({ total: 3, errors: 3, passed: 0 });
      expect(results.suites[0]?.tests[0]?.errorKind).toBe('server');
      expect(`${run.stdout}${run.stderr}`).not.toContain(KEY);
    } finally {
      emulator.setFaults([]);
    }
  });

  it('exits 2 when a path matches nothing, even next to a good one: a typo must not pass', async () => {
    const run = await cli(repo, ['test', 'prompts', 'prompst/typo', '--responses', 'replay']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('error: prompst/typo');
  });

  it('rejects bad usage with exit 2 and a one-line message', async () => {
    for (const args of [['test', '--threshold', '95'], ['test', '--responses', 'sometimes'], ['test', '--bogus'], ['deploy']]) {
      const run = await cli(repo, args);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });
});

describe('promptgate test --base', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await createTempRepo();
    await repo.writeFiles({ ...supportFolder('prompts/support/v1.0'), ...supportFolder('prompts/other/v1.0'), 'README.md': 'app\n' });
    expect((await cli(repo, ['test', 'prompts', '--responses', 'record'], { OPENAI_API_KEY: KEY })).code).toBe(0);
    await repo.commit('base');
    await repo.git(['checkout', '--quiet', '-b', 'feature']);
  });
  afterAll(async () => repo.cleanup());

  it('runs only what changed, compares with the base version and lists the flipped test', async () => {
    await repo.write('prompts/support/v1.0/system.txt', 'You are the support assistant for {company}.\nBREAK-BILLING\n');
    expect((await cli(repo, ['test', 'prompts/support', '--responses', 'record'], { OPENAI_API_KEY: KEY })).code).toBe(1);
    await repo.commit('edit the support prompt');

    const before = emulator.requests.length;
    const run = await cli(repo, ['test', '--base', 'main', '--responses', 'replay']);
    expect(emulator.requests.length).toBe(before); // base and head both replayed
    expect(run.code).toBe(1);
    const results = await readResults(repo);
    expect(validateResults(results)).toBe(true);
    expect(results.changedPrompts).toEqual(['prompts/support/v1.0']);
    expect(results.base?.summary.passRate).toBe(1);
    const suite = results.comparison?.suites[0];
    expect(suite).toMatchObject({ change: 'modified', path: 'prompts/support/v1.0' });
    expect(suite?.newlyFailing.map((test) => test.name)).toEqual(['Escalate billing disputes']);
    expect(suite?.delta.passRate).toBeCloseTo(-1 / 3, 10);
    expect(run.stdout).toContain('(base 100.0%, −33.3 pp)');
  });
});

describe('which folders a change selects (real git, promptgate test --base)', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await createTempRepo();
    const shared = supportFolder('prompts/shared-user/v1');
    shared['prompts/shared-user/v1/prompt.yaml'] += 'schema: ../../schemas/support.schema.json\n';
    delete shared['prompts/shared-user/v1/schema.json'];
    // Each prompt says something of its own, as real prompts do; schema.json and prompt.yaml
    // are the same in all of them, which git's file-by-file rename detection must survive.
    await repo.writeFiles({
      ...supportFolder('prompts/edited/v1', { systemNote: 'Edited prompt.' }),
      ...supportFolder('prompts/old-name/v1', { systemNote: 'Renamed prompt.' }),
      ...supportFolder('prompts/doomed/v1', { systemNote: 'Deleted prompt.' }),
      ...supportFolder('prompts/untouched/v1', { systemNote: 'Untouched prompt.' }),
      ...shared,
      'prompts/schemas/support.schema.json': supportFolder('x')['x/schema.json']!,
    });
    expect((await cli(repo, ['test', 'prompts', '--responses', 'record'], { OPENAI_API_KEY: KEY })).code).toBe(0);
    await repo.commit('base');
    await repo.git(['checkout', '--quiet', '-b', 'feature']);

    await repo.write('prompts/edited/v1/system.txt', 'You are the support assistant for {company}. Edited prompt, now brief.\n');
    await repo.write('prompts/schemas/support.schema.json', supportFolder('x')['x/schema.json']!.replace('"minimum": 0', '"minimum": 0.1'));
    await repo.rename('prompts/old-name', 'prompts/new-name');
    await repo.remove('prompts/doomed');
    // (Different content: identical files would be, to git, a rename of the deleted folder.)
    await repo.writeFiles({
      ...supportFolder('prompts/brand-new/v1', {
        systemNote: 'You triage messages for the night shift of the warehouse team, nothing else.',
        tests:
          'tests:\n  - name: Night shift password help\n    input: Forgot the password of the scanner account\n    expected_intent: account_access\n',
      }),
      'prompts/brand-new/v1/schema.json': '{"type": "object", "required": ["intent"]}\n',
      'prompts/brand-new/v1/system.txt':
        'Night shift triage for {company} warehouses.\nSort each scanner or badge problem into a ticket class.\nReply with JSON only.\n',
    });
    // The shared schema is part of every request of the folder that uses it: re-recorded too.
    expect(
      (
        await cli(repo, ['test', 'prompts/edited', 'prompts/brand-new', 'prompts/shared-user', '--responses', 'record'], {
          OPENAI_API_KEY: KEY,
        })
      ).code,
    ).toBe(0);
    await repo.commit('many kinds of change');
  });
  afterAll(async () => repo.cleanup());

  it('selects edited, shared-schema, renamed and new folders, reports the deleted one, and skips the rest', async () => {
    const run = await cli(repo, ['test', '--base', 'main', '--responses', 'replay']);
    expect(run.code).toBe(0);
    const results = await readResults(repo);
    expect(results.changedPrompts).toEqual(['prompts/brand-new/v1', 'prompts/edited/v1', 'prompts/new-name/v1', 'prompts/shared-user/v1']);
    const changes = Object.fromEntries(results.comparison!.suites.map((suite) => [suite.path, [suite.change, suite.basePath ?? null]]));
    expect(changes).toEqual({
      'prompts/brand-new/v1': ['added', null],
      'prompts/edited/v1': ['modified', null],
      'prompts/new-name/v1': ['renamed', 'prompts/old-name/v1'],
      'prompts/shared-user/v1': ['modified', null],
      'prompts/doomed/v1': ['removed', null],
    });
    // The renamed folder's recordings moved with it, so it replays against its old self.
    expect(results.comparison!.suites.find((suite) => suite.path === 'prompts/new-name/v1')?.delta.passRate).toBe(0);
  });

  it('replays --repeat 3 on one recorded run as not run, saying so: it never passes on reused answers', async () => {
    const before = emulator.requests.length;
    const run = await cli(repo, ['test', 'prompts/edited', '--responses', 'replay', '--repeat', '3']);
    expect(emulator.requests.length).toBe(before);
    expect(run.code).toBe(1);
    const results = await readResults(repo);
    const billing = results.suites[0]!.tests.find((test) => test.name === 'Escalate billing disputes')!;
    expect(billing.status).toBe('error');
    expect(billing.runs?.map((entry) => entry.status)).toEqual(['passed', 'error', 'error']);
    expect(billing.runs?.[1]?.error).toMatch(/holds 1 recorded run of this request, not run 2; record the others with: .* --repeat 2/);
    expect(results.calls?.head).toMatchObject({ live: 0, replayed: 3, missing: 6 });
  });

  it('auto calls live for the runs the recordings lack, records them, and then replays every run', async () => {
    const before = emulator.requests.length;
    const auto = await cli(repo, ['test', 'prompts/edited', '--responses', 'auto', '--repeat', '3'], { OPENAI_API_KEY: KEY });
    expect(auto.code).toBe(0);
    // 3 tests × 2 missing runs, each called once, and counted as the emulator saw them.
    expect(emulator.requests.length - before).toBe(6);
    expect((await readResults(repo)).calls?.head).toMatchObject({ live: 6, replayed: 3, missing: 0 });
    const replay = await cli(repo, ['test', 'prompts/edited', '--responses', 'replay', '--repeat', '3']);
    expect(replay.code).toBe(0);
    expect(emulator.requests.length - before).toBe(6);
    const tests = (await readResults(repo)).suites[0]!.tests;
    const billing = tests.find((test) => test.name === 'Escalate billing disputes')!;
    expect(billing.runs?.map((entry) => [entry.run, entry.source])).toEqual([
      [1, 'replay'],
      [2, 'replay'],
      [3, 'replay'],
    ]);
    expect(billing.flaky).toBe(false);
  });
});

describe('a change to promptgate.yaml', () => {
  it('selects every folder and runs the base with the base branch’s own settings', async () => {
    const repo = await createTempRepo();
    try {
      await repo.writeFiles({
        ...supportFolder('prompts/support/v1'),
        'prompts/support/v1/prompt.yaml': 'provider: openai\nvariables:\n  company: Acme\n',
        'promptgate.yaml': 'model: gpt-4o-mini\n',
      });
      expect((await cli(repo, ['test', 'prompts', '--responses', 'record'], { OPENAI_API_KEY: KEY })).code).toBe(0);
      await repo.commit('base on gpt-4o-mini');
      await repo.git(['checkout', '--quiet', '-b', 'bigger-model']);
      await repo.write('promptgate.yaml', 'model: gpt-4o\n');
      expect((await cli(repo, ['test', 'prompts', '--responses', 'record'], { OPENAI_API_KEY: KEY })).code).toBe(0);
      await repo.commit('switch the default model');

      const run = await cli(repo, ['test', '--base', 'main', '--responses', 'replay']);
      expect(run.code).toBe(0);
      const results = await readResults(repo);
      expect(results.changedPrompts).toEqual(['prompts/support/v1']);
      expect(results.suites[0]?.model).toBe('gpt-4o');
      expect(results.base?.suites[0]?.model).toBe('gpt-4o-mini');
      expect(results.comparison?.suites[0]?.delta.costPer1kRuns).toBeGreaterThan(0); // gpt-4o costs more
    } finally {
      await repo.cleanup();
    }
  });
});

describe('the promptgate process, interrupted', () => {
  const BIN = fileURLToPath(new URL('../../bin/promptgate.js', import.meta.url));
  const tests = Array.from(
    { length: 6 },
    (_, i) => `  - name: case ${i + 1}\n    input: I forgot my password (${i + 1})\n    expected_intent: account_access\n`,
  );

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'on %s writes results.json and JUnit with the unfinished tests cancelled, and exits %i',
    async (signal, status) => {
      const repo = await createTempRepo();
      let served = 0;
      // One answer comes at once; every later call hangs far longer than the test waits.
      emulator.setLatency(() => (++served <= 1 ? 0 : 60_000));
      try {
        await repo.writeFiles(supportFolder('prompts/support/v1.0', { tests: `tests:\n${tests.join('')}` }));
        await repo.commit('six tests');
        const child = spawn(process.execPath, [BIN, 'test', '--responses', 'record', '--concurrency', '2', '--junit', 'junit.xml'], {
          cwd: repo.dir,
          env: { PATH: process.env.PATH, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        // Wait until the answered call is in and the next ones hang.
        while (served < 3) await new Promise((resolve) => setTimeout(resolve, 50));
        const signalled = Date.now();
        child.kill(signal);
        expect(await exited).toBe(status);
        expect(Date.now() - signalled).toBeLessThan(8_000);

        const results = await readResults(repo);
        expect(validateResults(results)).toBe(true);
        expect(results.cancelled).toBe(true);
        expect(results.gate.passed).toBe(false);
        const kinds = results.suites[0]!.tests.map((test) => test.errorKind ?? test.status);
        expect(kinds.filter((kind) => kind === 'passed')).toHaveLength(1);
        expect(kinds.filter((kind) => kind === 'cancelled')).toHaveLength(5);
        expect(await readFile(join(repo.dir, 'junit.xml'), 'utf8')).toContain('tests="6"');
        // The answer received before the signal is recorded, in a file that parses.
        const recordings = JSON.parse(await readFile(join(repo.dir, 'prompts/support/v1.0/recordings.json'), 'utf8')) as {
          recordings: object;
        };
        expect(Object.keys(recordings.recordings)).toHaveLength(1);
        expect(output).not.toContain(KEY);
      } finally {
        emulator.setLatency(undefined);
        await repo.cleanup();
      }
    },
    30_000,
  );
});

describe('promptgate test --out /dev/stdout', () => {
  const BIN = fileURLToPath(new URL('../../bin/promptgate.js', import.meta.url));

  it.each([
    ['a pipe (`| cat`)', true],
    ['a socket (a Node parent)', false],
  ])(
    'writes the whole of results.json to stdout when it is %s, and leaves /dev/stdout alone',
    async (_kind, throughPipe) => {
      const repo = await createTempRepo();
      try {
        // Enough tests that results.json spans several 64 KB chunks, each written in full.
        const tests = Array.from(
          { length: 400 },
          (_, i) => `  - name: case ${i + 1}\n    input: I forgot my password (${i + 1})\n    expected_intent: account_access\n`,
        );
        await repo.writeFiles(supportFolder('prompts/support/v1.0', { tests: `tests:\n${tests.join('')}` }));
        const recorded = await cli(repo, ['test', '--responses', 'record', '--concurrency', '16'], { OPENAI_API_KEY: KEY });
        expect({ code: recorded.code, stderr: recorded.stderr }).toEqual({ code: 0, stderr: '' });
        const command = [process.execPath, BIN, 'test', '--responses', 'replay', '--out', '/dev/stdout'];
        const quoted = command.map((word) => `'${word.replace(/'/g, "'\\''")}'`).join(' ');
        const child = spawn(throughPipe ? 'sh' : command[0]!, throughPipe ? ['-c', `${quoted} | cat`] : command.slice(1), {
          cwd: repo.dir,
          env: { PATH: process.env.PATH, NO_COLOR: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
        const start = stdout.indexOf('{\n  "schemaVersion"');
        const end = stdout.indexOf('\n}\n', start);
        expect(start).toBeGreaterThanOrEqual(0);
        expect(end - start).toBeGreaterThan(128 * 1024);
        const results = JSON.parse(stdout.slice(start, end + 2)) as ResultsFile;
        expect(validateResults(results)).toBe(true);
        expect(results.suites[0]!.tests).toHaveLength(400);
        // It was written through, not replaced: renaming a file over /dev/stdout broke the machine.
        expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
      } finally {
        await repo.cleanup();
      }
    },
    60_000,
  );
});
