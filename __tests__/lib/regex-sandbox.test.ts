import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REGEX_CONFIRM_TIMEOUT_MS, REGEX_RUN_BUDGET_MS, REGEX_TIMEOUT_MS, startRegexRun, testRegex } from '../../src/lib/regex-sandbox.js';
import type { ResultsFile } from '../../src/results/model.js';
import { runPromptgate } from '../support/cli-process.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';

/*
 * Nothing hangs (issue 19, item 7): regexes run with a deadline, and the run has a budget. One
 * catastrophic pattern shared by 4,000 tests cost 1.2 s an answer, ~80 minutes in all.
 */

const CATASTROPHIC = '(a+)+$';
const LONG = `${'a'.repeat(40)}!`;

describe('the run-wide regex budget', () => {
  beforeEach(() => startRegexRun());

  it('fails a pattern that timed out at once on every later subject, with the first timeout’s message', () => {
    const first = testRegex(CATASTROPHIC, '', LONG);
    expect(first).toEqual({
      error: `regex timed out after ${REGEX_CONFIRM_TIMEOUT_MS} ms (catastrophic backtracking?): /(a+)+$/`,
      timedOut: true,
    });
    const started = Date.now();
    // Even a subject it would match at once: the pattern is a broken check for the whole run.
    const later = testRegex(CATASTROPHIC, '', 'aaa');
    expect(Date.now() - started).toBeLessThan(50);
    expect(later).toEqual({
      error: `regex timed out after ${REGEX_CONFIRM_TIMEOUT_MS} ms (catastrophic backtracking?): /(a+)+$/, on an earlier answer of this run, so it is not run again`,
      timedOut: true,
    });
    // Other flags are another pattern; a new run starts afresh.
    expect(testRegex(CATASTROPHIC, 'i', 'aaa')).toEqual({ matched: true });
    startRegexRun();
    expect(testRegex(CATASTROPHIC, '', 'aaa')).toEqual({ matched: true });
  });

  it(`stops confirming timeouts once the run has waited ${REGEX_RUN_BUDGET_MS} ms on them`, () => {
    const confirmed = Math.ceil(REGEX_RUN_BUDGET_MS / REGEX_CONFIRM_TIMEOUT_MS);
    const started = Date.now();
    // Distinct catastrophic patterns: (a+)+$, (a+)+b$, …
    const outcomes = Array.from({ length: confirmed + 2 }, (_, i) => testRegex(`(a+)+${'b'.repeat(i)}$`, '', LONG));
    const elapsed = Date.now() - started;
    const messages = outcomes.map((outcome) => ('error' in outcome ? outcome.error : 'matched'));
    for (const message of messages.slice(0, confirmed)) expect(message).toMatch(/^regex timed out after 1000 ms /);
    for (const message of messages.slice(confirmed)) {
      expect(message).toMatch(new RegExp(`^regex timed out after ${REGEX_TIMEOUT_MS} ms .*not confirmed by a longer wait`));
    }
    expect(elapsed).toBeLessThan(confirmed * REGEX_CONFIRM_TIMEOUT_MS + 2 * REGEX_TIMEOUT_MS + 3000);
    // The sandbox is still there, and quick, for sane patterns.
    expect(testRegex('^a+!$', '', LONG)).toEqual({ matched: true });
  }, 30_000);

  it('reports an invalid pattern, in this thread, without running it', () => {
    expect(testRegex('(unclosed', '', 'x')).toEqual({ error: 'invalid regular expression /(unclosed/: Unterminated group' });
  });

  it('reports a match the engine gives up on, and keeps going', () => {
    expect(testRegex('^(a|b)*$', '', 'a'.repeat(10_000_000))).toEqual({
      error: 'regex /^(a|b)*$/ could not be run on this answer: Maximum call stack size exceeded',
    });
    expect(testRegex('^(a|b)*$', '', 'abba')).toEqual({ matched: true });
  });

  it('answers thousands of ordinary checks quickly', () => {
    const started = Date.now();
    for (let i = 0; i < 2000; i += 1) expect(testRegex('^[a-z_]+\\d+$', 'u', `account_access${i}`)).toEqual({ matched: true });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('many tests sharing one catastrophic regex, through the CLI', () => {
  const TESTS = 200;
  let emulator: RunningEmulator;
  let repo: TempRepo;
  beforeAll(async () => {
    emulator = await startProviderEmulator({ answer: () => LONG });
    repo = await createTempRepo();
    const tests = Array.from(
      { length: TESTS },
      (_, i) => `  - name: case ${i + 1}\n    input: say it ${i + 1}\n    assert:\n      - { type: regex, value: "${CATASTROPHIC}" }\n`,
    );
    await repo.writeFiles({
      'prompts/echo/system.txt': 'Say a long word.\n',
      'prompts/echo/prompt.yaml': 'provider: openai\nmodel: gpt-4o-mini\n',
      'prompts/echo/tests.yaml': `tests:\n${tests.join('')}`,
    });
    await repo.commit('one pattern, many tests');
  });
  afterAll(async () => {
    await emulator.close();
    await repo.cleanup();
  });

  it('finishes in seconds, each check failing with a message naming the pattern', async () => {
    const run = await runPromptgate(['test', '--responses', 'live', '--concurrency', '8'], {
      cwd: repo.dir,
      env: { OPENAI_API_KEY: 'sk-test-regex-budget-0123456789', OPENAI_BASE_URL: emulator.openaiBaseURL },
      deadlineMs: 45_000,
    });
    expect(run.timedOut).toBe(false);
    expect(run.ms).toBeLessThan(15_000);
    expect(run.code).toBe(1);
    const results = JSON.parse(await readFile(join(repo.dir, '.promptgate/results.json'), 'utf8')) as ResultsFile;
    const tests = results.suites[0]!.tests;
    expect(tests).toHaveLength(TESTS);
    for (const test of tests) {
      expect(test.status).toBe('failed');
      expect(test.checks[0]).toMatchObject({ name: 'output matches /(a+)+$/', passed: false });
      expect(test.checks[0]!.message).toMatch(/^regex timed out after 1000 ms \(catastrophic backtracking\?\): \/\(a\+\)\+\$\//);
    }
  }, 60_000);
});
