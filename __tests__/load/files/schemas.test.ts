import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResultsFile } from '../../../src/results/model.js';
import { runPromptgate, type CliProcessRun } from '../../support/cli-process.js';
import { createTempRepo, type TempRepo } from '../../support/git-repo.js';
import { startProviderEmulator, type RunningEmulator } from '../../support/provider-emulator.js';

/*
 * Nothing hangs (issue 19, item 7): a `pattern` in schema.json that backtracks catastrophically
 * on an answer gets the same sandboxed deadline as a `regex` check, and is reported as a failed
 * schema check. Before, the run hung with no time limit, deaf to SIGTERM, and wrote nothing.
 */

const KEY = 'sk-test-schema-pattern-0123456789';
const NAME_PATTERN = '^(\\w+\\s?)*$';
const KEY_PATTERN = '^(\\d+-?)*$';
const LONG_NAME = `${'a'.repeat(36)}!`;
const LONG_KEY = `${'1'.repeat(36)}x`;

const threeTests = (input: string) => `tests:\n${[1, 2, 3].map((i) => `  - name: ${input} ${i}\n    input: ${input} ${i}\n`).join('')}`;

let emulator: RunningEmulator;
let repo: TempRepo;
let run: CliProcessRun;
let results: ResultsFile;

beforeAll(async () => {
  emulator = await startProviderEmulator({
    answer: (request) =>
      request.lastUserMessage.startsWith('name') ? JSON.stringify({ name: LONG_NAME }) : JSON.stringify({ [LONG_KEY]: 'a tag' }),
  });
  repo = await createTempRepo();
  await repo.writeFiles({
    'prompts/profile/system.txt': 'Extract the name.\n',
    'prompts/profile/prompt.yaml': 'provider: openai\nmodel: gpt-4o-mini\n',
    'prompts/profile/schema.json': JSON.stringify({ type: 'object', properties: { name: { type: 'string', pattern: NAME_PATTERN } } }),
    'prompts/profile/tests.yaml': threeTests('name'),
    // A few-shot example the schema is checked against when the folder loads.
    'prompts/profile/examples.json': JSON.stringify([{ user: 'Who is it?', assistant: JSON.stringify({ name: LONG_NAME }) }]),
    'prompts/tags/system.txt': 'Extract the tags.\n',
    'prompts/tags/prompt.yaml': 'provider: openai\nmodel: gpt-4o-mini\n',
    'prompts/tags/schema.json': JSON.stringify({ type: 'object', patternProperties: { [KEY_PATTERN]: { type: 'string' } } }),
    'prompts/tags/tests.yaml': threeTests('tags'),
  });
  await repo.commit('schemas with catastrophic patterns');
  run = await runPromptgate(['test', '--responses', 'live', '--concurrency', '2'], {
    cwd: repo.dir,
    env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL },
    deadlineMs: 40_000,
  });
  results = JSON.parse(await readFile(join(repo.dir, '.promptgate/results.json'), 'utf8')) as ResultsFile;
}, 60_000);

afterAll(async () => {
  await emulator.close();
  await repo.cleanup();
});

describe('a catastrophic pattern in schema.json', () => {
  it('ends the run in seconds, with results written and the gate failed', () => {
    expect(run.timedOut).toBe(false);
    expect(run.ms).toBeLessThan(20_000);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(results.summary).toMatchObject({ total: 6, failed: 6, errors: 0 });
  });

  it('checking the few-shot examples against it is a warning when the folder loads, not a hang', () => {
    const suite = results.suites.find((candidate) => candidate.path === 'prompts/profile')!;
    expect(suite.diagnostics).toEqual([
      expect.objectContaining({
        file: 'prompts/profile/examples.json',
        message: expect.stringContaining(
          'the answer does not match prompts/profile/schema.json: it could not be checked: regex timed out after 1000 ms',
        ),
      }),
    ]);
  });

  it.each([
    ['pattern', 'prompts/profile', NAME_PATTERN],
    ['patternProperties', 'prompts/tags', KEY_PATTERN],
  ])('fails each answer through %s with a schema check naming the pattern', (_, path, pattern) => {
    const suite = results.suites.find((candidate) => candidate.path === path)!;
    expect(suite.tests).toHaveLength(3);
    for (const test of suite.tests) {
      expect(test.status).toBe('failed');
      const check = test.checks.find((candidate) => candidate.name === 'output matches schema.json')!;
      expect(check).toMatchObject({ passed: false, actual: 'not checked' });
      expect(check.message).toContain('schema.json could not be checked: regex timed out after 1000 ms');
      expect(check.message).toContain(`/${pattern}/u`);
    }
  });
});
