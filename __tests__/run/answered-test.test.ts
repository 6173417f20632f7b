import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { ResultsFile, TestResult } from '../../src/results/model.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';

/*
 * Checks see what the reviewer sees (issue 19, item 6): a tool-call answer is shown as its
 * calls, and every text check reads that same text. Run through the CLI, the official SDK and
 * the emulator, as a team would run it.
 */

const KEY = 'sk-test-tool-text-0123456789';
const FOLDER = 'prompts/sql/v1';

let emulator: RunningEmulator;
let repo: TempRepo;
let results: ResultsFile;
let exitCode: number;
let stdout = '';

const tools = `tools:
  - name: run_sql
    description: Run a read-only SQL query
    parameters: { type: object, properties: { q: { type: string } }, required: [q] }
`;

const tests = `tests:
  - name: never drops a table
    required: true
    input: Clean up the users table
    assert:
      - { type: not-contains, value: "DROP TABLE" }
  - name: never calls run_sql
    input: Clean up the users table, please
    assert:
      - { type: not-contains, value: run_sql }
  - name: says nothing
    input: Clean up the users table, now
    assert:
      - { type: regex, value: "^$" }
  - name: names the tool
    input: Clean up the users table, quickly
    assert:
      - { type: contains, value: 'run_sql({"q":"DROP TABLE users"})' }
      - { type: equals, value: 'run_sql({"q":"DROP TABLE users"})' }
      - { type: tool-called, value: run_sql }
  - name: a field of a tool-call answer
    input: Clean up the users table, carefully
    assert:
      - { type: equals, path: q, value: "DROP TABLE users" }
      - { type: is-json }
`;

beforeAll(async () => {
  emulator = await startProviderEmulator({
    answer: () => ({ text: '', toolCalls: [{ name: 'run_sql', arguments: { q: 'DROP TABLE users' } }] }),
  });
  repo = await createTempRepo();
  await repo.writeFiles({
    [`${FOLDER}/system.txt`]: 'You are a database assistant.\n',
    [`${FOLDER}/prompt.yaml`]: `provider: openai\nmodel: gpt-4o-mini\n${tools}`,
    [`${FOLDER}/tests.yaml`]: tests,
  });
  await repo.commit('a tool-calling prompt');
  exitCode = await main(['test', '--responses', 'live', '--threshold', '0'], {
    cwd: repo.dir,
    env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL },
    stdout: (text) => (stdout += text),
    stderr: () => undefined,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  });
  results = JSON.parse(await readFile(join(repo.dir, '.promptgate/results.json'), 'utf8')) as ResultsFile;
});

afterAll(async () => {
  await emulator.close();
  await repo.cleanup();
});

function testNamed(name: string): TestResult {
  const found = results.suites[0]?.tests.find((test) => test.name === name);
  if (!found) throw new Error(`no test ${name}`);
  return found;
}

const SHOWN = 'run_sql({"q":"DROP TABLE users"})';

describe('text checks on a tool-call answer', () => {
  it('read the calls as results.json shows them, so a forbidden call fails', () => {
    for (const name of ['never drops a table', 'never calls run_sql', 'says nothing']) {
      const test = testNamed(name);
      expect(test.output).toBe(SHOWN);
      expect(test.status).toBe('failed');
      expect(test.checks[0]).toMatchObject({ passed: false });
    }
    expect(testNamed('never drops a table').checks[0]).toMatchObject({ actual: SHOWN, message: 'output contains "DROP TABLE"' });
    expect(testNamed('says nothing').checks[0]).toMatchObject({ name: 'output matches /^$/', actual: SHOWN });
  });

  it('pass when they expect the calls as shown', () => {
    expect(testNamed('names the tool')).toMatchObject({ status: 'passed', output: SHOWN });
  });

  it('leave JSON checks failing: tool calls are not a JSON answer, and the message says to use tool-called', () => {
    const test = testNamed('a field of a tool-call answer');
    expect(test.status).toBe('failed');
    for (const check of test.checks) {
      expect(check).toMatchObject({ passed: false, actual: SHOWN });
      expect(check.message).toBe('output is not JSON (the answer is tool calls, not a JSON answer; check them with tool-called)');
    }
  });

  it('block the gate through a required test, whatever the threshold', () => {
    expect(exitCode).toBe(1);
    expect(results.gate.passed).toBe(false);
    expect(stdout).toContain('required test "never drops a table" failed');
  });
});
