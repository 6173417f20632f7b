import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { main } from '../../src/cli/main.js';
import type { ResultsFile, SuiteResult, TestResult } from '../../src/results/model.js';
import { silentCli } from '../support/cli-io.js';
import { supportFolder } from '../support/fixtures.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { emulator, useSupportEmulator } from '../support/support-emulator.js';

/**
 * What `promptgate merge` recomputes and what it refuses (issue 19, item 5), through the built
 * CLI on a real git repository with recorded answers. One sharded run (2 shards) is made once;
 * each refusal case merges altered copies of its files.
 *
 * The metric folder has 7 tests, split 6 + 1: 3 of its 7 head answers escalate (0.4286, above
 * the max of 0.4: the gate blocks), but only 2 of the first shard's 6 (0.3333). The base
 * (BREAK-BILLING: billing is not escalated) escalates 1 of 7, measured with the head's metrics.
 */
useSupportEmulator();

const BIN = fileURLToPath(new URL('../../bin/promptgate.js', import.meta.url));
const KEY = 'sk-test-merge-checks-0123456789';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function promptgate(repo: TempRepo, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: repo.dir, env: { PATH: process.env.PATH }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const METRIC_INPUTS = [
  'I forgot my password (1)',
  'You charged my card twice (2)',
  'I forgot my password (3)',
  "What's the weather tomorrow? (4)",
  'I forgot my password (5)',
  'I forgot my password (6)',
  'You charged me again (7)',
];
const metricTests = `tests:\n${METRIC_INPUTS.map((input, i) => `  - name: m${i + 1}\n    input: ${JSON.stringify(input)}\n${input.includes('password') ? '    expected_intent: account_access\n' : ''}`).join('')}`;
const otherTests = `tests:\n${[1, 2, 3, 4].map((i) => `  - name: o${i}\n    input: I forgot my password (o${i})\n    expected_intent: account_access\n`).join('')}`;
const METRICS = 'metrics:\n  escalation_rate: { rate_of: escalate, max: 0.4 }\n  confidence: { mean_of: confidence, min: 0.5 }\n';

const comparable = (text: string) => text.replace(/"generatedAt": "[^"]+"/, '"generatedAt": "-"');
const exists = (path: string) =>
  access(path, constants.F_OK).then(
    () => true,
    () => false,
  );

// Every step spawns the built CLI; several per test, on a shared 2-core machine.
jest.setTimeout(180_000);

describe('promptgate merge recomputes and refuses', () => {
  let repo: TempRepo;
  let shards: ResultsFile[];
  const write = (path: string, value: unknown) => repo.write(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  const clone = (index: number) => structuredClone(shards[index - 1]!);
  const suiteOf = (results: ResultsFile, path: string, side: 'head' | 'base' = 'head'): SuiteResult =>
    (side === 'head' ? results.suites : results.base!.suites).find((suite) => suite.path === path)!;
  const testOf = (suite: SuiteResult, name: string): TestResult => suite.tests.find((test) => test.name === name)!;

  /** Records live answers through the emulator (in-process); the recording run is gated too. */
  const record = async (paths: string[], gate: number) =>
    expect(
      await main(
        ['test', ...paths, '--responses', 'record'],
        silentCli(repo.dir, { OPENAI_BASE_URL: emulator.openaiBaseURL, OPENAI_API_KEY: KEY }),
      ),
    ).toBe(gate);

  beforeAll(async () => {
    repo = await createTempRepo();
    await repo.writeFiles({
      ...supportFolder('prompts/metric/v1', { tests: metricTests, systemNote: 'BREAK-BILLING' }),
      ...supportFolder('prompts/other/v1', { tests: otherTests }),
    });
    await record(['prompts'], 0);
    await repo.commit('base');
    await repo.git(['checkout', '--quiet', '-b', 'feature']);
    await repo.writeFiles(supportFolder('prompts/metric/v1', { tests: metricTests, systemNote: 'Escalate billing.' }));
    await repo.write(
      'prompts/metric/v1/prompt.yaml',
      `${await readFile(join(repo.dir, 'prompts/metric/v1/prompt.yaml'), 'utf8')}${METRICS}`,
    );
    await repo.writeFiles(supportFolder('prompts/other/v1', { tests: otherTests, systemNote: 'Be brief.' }));
    // The head's escalation rate is above the max: its recording run is blocked.
    await record(['prompts'], 1);
    await repo.commit('head');

    shards = [];
    for (const index of [1, 2]) {
      const shard = await promptgate(repo, [
        'test',
        '--base',
        'main',
        '--responses',
        'replay',
        '--shard',
        `${index}/2`,
        '--out',
        `s${index}.json`,
      ]);
      expect({ index, code: shard.code, stderr: shard.stderr }).toEqual({ index, code: 0, stderr: '' });
      shards.push(JSON.parse(await readFile(join(repo.dir, `s${index}.json`), 'utf8')) as ResultsFile);
    }
  });
  afterAll(async () => repo.cleanup());

  /** Merges the given files; a refusal must exit 2, name every problem, and write nothing. */
  async function refused(files: string[], out: string): Promise<Run> {
    const merged = await promptgate(repo, ['merge', ...files, '--out', out]);
    expect({ code: merged.code, stdout: merged.stdout }).toEqual({ code: 2, stdout: '' });
    expect(await exists(join(repo.dir, out))).toBe(false);
    return merged;
  }

  it("recomputes a split folder's metrics, head and base, from all its tests: the unsharded results exactly", async () => {
    const whole = await promptgate(repo, ['test', '--base', 'main', '--responses', 'replay', '--out', 'whole.json']);
    expect(whole.code).toBe(1);
    const expected = JSON.parse(await readFile(join(repo.dir, 'whole.json'), 'utf8')) as ResultsFile;
    expect(suiteOf(expected, 'prompts/metric/v1').metrics!.escalation_rate).toMatchObject({ value: 3 / 7, passed: false });
    expect(suiteOf(expected, 'prompts/metric/v1', 'base').metrics!.escalation_rate).toMatchObject({ value: 1 / 7 });
    expect(expected.gate.reasons).toEqual([expect.stringContaining('metric escalation_rate is 0.4286, above its max 0.4')]);
    // The folder really is split 6 + 1, and the first shard alone measures 2 of 6.
    expect(shards.map((results) => results.shard!.pieces.map((piece) => `${piece.path} ${piece.from}-${piece.to}`))).toEqual([
      ['prompts/metric/v1 0-6'],
      ['prompts/metric/v1 6-7', 'prompts/other/v1 0-4'],
    ]);
    expect(suiteOf(shards[0]!, 'prompts/metric/v1').metrics!.escalation_rate!.value).toBeCloseTo(2 / 6, 10);

    const merged = await promptgate(repo, ['merge', 's2.json', 's1.json', '--out', 'merged.json']);
    expect(merged.code).toBe(1);
    expect(comparable(await readFile(join(repo.dir, 'merged.json'), 'utf8'))).toBe(
      comparable(await readFile(join(repo.dir, 'whole.json'), 'utf8')),
    );
    expect(merged.stdout.replace(/results: \S+/, '')).toBe(whole.stdout.replace(/results: \S+/, ''));
  });

  it('refuses a shard with tests outside its pieces, or lacking tests its pieces promise (exit 2, each named)', async () => {
    // m7 (the 7th test, in shard 2's piece 6-7) moved into shard 1, and an `other` suite given to shard 1 as well.
    const one = clone(1);
    const two = clone(2);
    const m7 = testOf(suiteOf(two, 'prompts/metric/v1'), 'm7');
    suiteOf(one, 'prompts/metric/v1').tests.push(m7);
    suiteOf(two, 'prompts/metric/v1').tests = [];
    one.suites.push(structuredClone(suiteOf(two, 'prompts/other/v1')));
    two.suites = two.suites.filter((suite) => suite.path !== 'prompts/other/v1');
    await write('moved/1.json', one);
    await write('moved/2.json', two);
    const { stderr } = await refused(['moved/1.json', 'moved/2.json'], 'moved.json');
    expect(stderr).toContain('cannot merge the shards');
    expect(stderr).toContain('moved/1.json: test "m7" of prompts/metric/v1 (test 7) is outside its pieces (prompts/metric/v1 tests 1-6)');
    expect(stderr).toContain('moved/2.json lacks test "m7" of prompts/metric/v1 that its piece (test 7) promises');
    expect(stderr).toContain('moved/1.json has results of prompts/other/v1, a folder none of its pieces covers');
    expect(stderr).toContain('moved/2.json lacks every test of prompts/other/v1 that its piece (tests 1-4) promises');
  });

  it('refuses a piece run twice and a piece run by no shard', async () => {
    const one = clone(1);
    const two = clone(2);
    // Shard 2 claims (and has the results of) shard 1's piece too, and drops its own `other` piece.
    two.shard!.pieces = [...one.shard!.pieces, ...two.shard!.pieces.filter((piece) => piece.path !== 'prompts/other/v1')];
    suiteOf(two, 'prompts/metric/v1').tests.unshift(...suiteOf(one, 'prompts/metric/v1').tests);
    two.suites = two.suites.filter((suite) => suite.path !== 'prompts/other/v1');
    await write('pieces/1.json', one);
    await write('pieces/2.json', two);
    const { stderr } = await refused(['pieces/1.json', 'pieces/2.json'], 'pieces.json');
    expect(stderr).toContain('prompts/metric/v1 tests 1-6 were run by more than one shard: pieces/1.json, pieces/2.json');
    expect(stderr).toContain('prompts/other/v1 tests 1-4 were run by no shard');
  });

  it('refuses test names duplicated by the join, head and base', async () => {
    const one = clone(1);
    const two = clone(2);
    suiteOf(two, 'prompts/metric/v1').tests.push(testOf(suiteOf(one, 'prompts/metric/v1'), 'm2'));
    suiteOf(two, 'prompts/metric/v1', 'base').tests.push(testOf(suiteOf(one, 'prompts/metric/v1', 'base'), 'm3'));
    await write('dupes/1.json', one);
    await write('dupes/2.json', two);
    const { stderr } = await refused(['dupes/1.json', 'dupes/2.json'], 'dupes.json');
    expect(stderr).toContain('prompts/metric/v1 (gpt-4o-mini) has test "m2" 2 times after the merge; its tests.yaml has it once');
    expect(stderr).toContain('base prompts/metric/v1 (gpt-4o-mini) has test "m3" from more than one shard: dupes/1.json, dupes/2.json');
  });

  it('refuses a status that contradicts its checks', async () => {
    const one = clone(1);
    const metric = suiteOf(one, 'prompts/metric/v1');
    // A pass with a failed check; a failure with every check passing and no error; an error with no error.
    const m1 = testOf(metric, 'm1');
    m1.checks[0]!.passed = false;
    testOf(metric, 'm3').status = 'failed';
    Object.assign(testOf(metric, 'm4'), { status: 'error' });
    await write('status/1.json', one);
    const { stderr } = await refused(['status/1.json', 's2.json'], 'status.json');
    expect(stderr).toContain(
      `status/1.json: prompts/metric/v1 (gpt-4o-mini) test "m1" is passed but its check "${m1.checks[0]!.name}" failed`,
    );
    expect(stderr).toContain(
      'status/1.json: prompts/metric/v1 (gpt-4o-mini) test "m3" is failed but every check passed and it has no error',
    );
    expect(stderr).toContain('status/1.json: prompts/metric/v1 (gpt-4o-mini) test "m4" is error but has no error message');
  });

  it('refuses shards run with a different repeat / min-pass', async () => {
    const other = await promptgate(repo, [
      'test',
      '--base',
      'main',
      '--responses',
      'replay',
      '--shard',
      '2/2',
      '--repeat',
      '2',
      '--min-pass',
      '1',
      '--out',
      'repeat/2.json',
    ]);
    expect(other.code).toBe(0);
    const { stderr } = await refused(['s1.json', 'repeat/2.json'], 'repeat.json');
    expect(stderr).toContain(
      'the shards ran with different repeat / min-pass, so they are not one run: s1.json: repeat 1, min-pass 1; repeat/2.json: repeat 2, min-pass 1',
    );
  });

  it('refuses a file that is not a promptgate results.json, naming the file and the first wrong field', async () => {
    const two = clone(2);
    (suiteOf(two, 'prompts/other/v1').tests[1] as { status: string }).status = 'ok';
    await write('shape/2.json', two);
    await write('shape/other.json', '{ "suites": [] }\n');
    await write('shape/text.json', 'Shard 3 failed to upload\n');
    const { stderr } = await refused(['s1.json', 'shape/2.json', 'shape/other.json', 'shape/text.json'], 'shape.json');
    expect(stderr).toContain(
      'shape/2.json is not a promptgate results.json: suites[1].tests[1].status must be one of passed, failed, error (it is "ok")',
    );
    expect(stderr).toContain('shape/other.json is not a promptgate results.json: schemaVersion is missing');
    expect(stderr).toContain('shape/text.json is not JSON');
    expect(stderr).not.toContain('Cannot read properties');
  });

  it('refuses JSON nested 5,000 deep before processing it', async () => {
    const deep = clone(1);
    const nested = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const text = JSON.stringify(deep, null, 2).replace('"actual": "account_access"', `"actual": ${nested}`);
    expect(text).toContain(nested);
    await write('deep/1.json', text);
    const { stderr } = await refused(['deep/1.json', 's2.json'], 'deep.json');
    expect(stderr).toContain('deep/1.json is nested more than 64 levels deep (line ');
    expect(stderr).not.toMatch(/RangeError|Maximum call stack/);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('on %s stops the merge and writes nothing, exiting %i', async (signal, status) => {
    // A results file still arriving (a named pipe): the merge waits on it when the signal comes.
    const fifo = join(repo.dir, `arriving-${signal}.json`);
    await promisify(execFile)('mkfifo', [fifo]);
    const child = spawn(process.execPath, [BIN, 'merge', 's1.json', fifo, '--out', `cancelled-${signal}.json`], {
      cwd: repo.dir,
      env: { PATH: process.env.PATH },
      stdio: 'pipe',
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Opening the writing end without blocking succeeds once the merge has the pipe open for reading.
    let writer;
    for (;;) {
      writer = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
      if (writer) break;
      await sleep(20);
    }
    child.kill(signal);
    await sleep(300);
    // The shard's file then arrives in full: a merge that ignored the signal would go on and write.
    await writer.write(await readFile(join(repo.dir, 's2.json'))).catch(() => undefined);
    await writer.close().catch(() => undefined);
    expect(await exited).toBe(status);
    expect(await exists(join(repo.dir, `cancelled-${signal}.json`))).toBe(false);
    expect(output).not.toContain('Gate');
    expect(output).toContain('cancelled');
  });

  // Last: it commits, and the shards above ran the commit before.
  it('merges k-of-n repeats with not-run runs and judge errors exactly as one run, refusing nothing', async () => {
    // A rubric whose judge cannot be asked (no Anthropic key when recording, no recording in replay): an error of kind judge.
    await repo.writeFiles(
      supportFolder('prompts/judged/v1', {
        tests: `tests:\n${[1, 2, 3]
          .map(
            (i) =>
              `  - name: j${i}\n    input: I forgot my password (j${i})\n${i === 2 ? '    assert:\n      - { type: rubric, value: "Is polite", judge: "anthropic:claude-haiku-4-5" }\n' : ''}`,
          )
          .join('')}`,
      }),
    );
    await record(['prompts/judged'], 1);
    // A test added after recording: not run in replay (missing-recording), in every run.
    await repo.write(
      'prompts/judged/v1/tests.yaml',
      `${await readFile(join(repo.dir, 'prompts/judged/v1/tests.yaml'), 'utf8')}  - name: j4\n    input: Where is my parcel?\n`,
    );
    await repo.commit('a judged folder');
    // Two runs each, one of which must pass.
    const flags = ['--base', 'main', '--responses', 'replay', '--repeat', '2', '--min-pass', '1'];
    const whole = await promptgate(repo, ['test', ...flags, '--out', 'kofn/whole.json']);
    for (const index of [1, 2, 3]) {
      const shard = await promptgate(repo, ['test', ...flags, '--shard', `${index}/3`, '--out', `kofn/${index}.json`]);
      expect({ index, code: shard.code, stderr: shard.stderr }).toEqual({ index, code: 0, stderr: '' });
    }
    const results = JSON.parse(await readFile(join(repo.dir, 'kofn/whole.json'), 'utf8')) as ResultsFile;
    const judged = suiteOf(results, 'prompts/judged/v1');
    expect(testOf(judged, 'j1')).toMatchObject({ status: 'passed', runs: [{ status: 'passed' }, {}] });
    expect(testOf(judged, 'j2')).toMatchObject({ status: 'error', runs: [{ status: 'error', errorKind: 'judge' }, {}] });
    expect(testOf(judged, 'j4')).toMatchObject({
      status: 'error',
      runs: [
        { status: 'error', errorKind: 'missing-recording' },
        { status: 'error', errorKind: 'missing-recording' },
      ],
    });
    const merged = await promptgate(repo, ['merge', 'kofn/1.json', 'kofn/2.json', 'kofn/3.json', '--out', 'kofn/merged.json']);
    expect({ code: merged.code, stderr: merged.stderr }).toEqual({ code: whole.code, stderr: '' });
    expect(comparable(await readFile(join(repo.dir, 'kofn/merged.json'), 'utf8'))).toBe(
      comparable(await readFile(join(repo.dir, 'kofn/whole.json'), 'utf8')),
    );
  });
});
