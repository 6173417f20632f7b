import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { FolderFixture, resultSchemaErrors, testNamed } from '../support/suite-runner.js';

/*
 * `js` checks (issue 20, item 7): named exports of the folder's checks.mjs, run in a worker with
 * a time limit, only from the trusted checkout and only as its own bytes.
 */

const DIR = 'prompts/polite/v1';
const CHECKS = `
export function isPolite(output) {
  return /please|thank/i.test(output) ? { pass: true, reason: 'says please or thank you' } : { pass: false, reason: 'no please, no thanks' };
}
export async function hasIntent(output, test) {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return { pass: test.json?.intent === test.vars.intent, reason: 'intent ' + test.json?.intent };
}
export function seesTheTest(output, test) {
  return { pass: test.name === 'sees the test' && test.input === 'hello' && Array.isArray(test.toolCalls) };
}
export function seesNoSecrets() {
  return { pass: Object.keys(process.env).length === 0, reason: Object.keys(process.env).join(',') };
}
export function throws() { throw new Error('boom'); }
export function notAVerdict() { return 'yes'; }
export function hangs() { for (;;) {} }
export const notAFunction = 1;
`;

let emulator: RunningEmulator;
const fixtures: FolderFixture[] = [];
beforeAll(async () => {
  emulator = await startProviderEmulator({
    answer: (request) => (request.lastUserMessage === 'hello' ? 'Thank you for asking! {"intent": "greeting"}' : '{"intent": "other"}'),
  });
});
afterAll(async () => {
  await emulator.close();
  await Promise.all(fixtures.map((fixture) => fixture.close()));
});

async function folder(tests: string, checks = CHECKS): Promise<FolderFixture> {
  const fixture = await FolderFixture.create(DIR, {
    'system.txt': 'Be polite.\n',
    'prompt.yaml': 'provider: openai\nmodel: gpt-4o-mini\n',
    'tests.yaml': tests,
    'checks.mjs': checks,
  });
  fixtures.push(fixture);
  return fixture;
}

const one = (name: string, assert: string, extra = '') => `  - name: ${name}\n    input: hello\n${extra}    assert:\n      - ${assert}\n`;

describe('js checks from the trusted checkout', () => {
  it('pass and fail with the module’s reason; async exports; the test’s name, input, vars, JSON and calls', async () => {
    process.env.PROMPTGATE_TEST_SECRET = 'must-not-reach-checks';
    try {
      const tests =
        'tests:\n' +
        one('polite', '{ type: js, value: isPolite }') +
        one('rude', '{ type: js, value: isPolite }').replace('input: hello', 'input: rude') +
        one('negated', '{ type: not-js, value: isPolite }').replace('input: hello', 'input: rude') +
        one('intent', '{ type: js, value: hasIntent }', '    vars: { intent: greeting }\n') +
        one('sees the test', '{ type: js, value: seesTheTest }') +
        one('no secrets', '{ type: js, value: seesNoSecrets }');
      const { suite } = await (await folder(tests)).run(emulator);
      expect(testNamed(suite, 'polite').checks).toEqual([
        { name: 'checks.mjs isPolite passes', passed: true, expected: 'pass', actual: 'says please or thank you' },
      ]);
      expect(testNamed(suite, 'rude')).toMatchObject({
        status: 'failed',
        checks: [{ name: 'checks.mjs isPolite passes', passed: false, actual: 'no please, no thanks', message: 'no please, no thanks' }],
      });
      expect(testNamed(suite, 'negated').checks[0]).toMatchObject({ name: 'checks.mjs isPolite does not pass', passed: true });
      for (const name of ['intent', 'sees the test', 'no secrets']) expect([name, testNamed(suite, name).status]).toEqual([name, 'passed']);
      expect(resultSchemaErrors(testNamed(suite, 'polite'))).toEqual([]);
    } finally {
      delete process.env.PROMPTGATE_TEST_SECRET;
    }
  });

  it.each([
    ['throws', 'throws threw: boom'],
    ['notAVerdict', 'notAVerdict returned string, not { pass: true or false, reason }'],
    [
      'notAFunction',
      'checks.mjs has no exported function "notAFunction" (its functions: hangs, hasIntent, isPolite, notAVerdict, seesNoSecrets, seesTheTest, throws)',
    ],
    [
      'missing',
      'checks.mjs has no exported function "missing" (its functions: hangs, hasIntent, isPolite, notAVerdict, seesNoSecrets, seesTheTest, throws)',
    ],
  ])('a check that %s errors the test (no verdict), also when negated', async (name, reason) => {
    const tests = 'tests:\n' + one('plain', `{ type: js, value: ${name} }`) + one('negated', `{ type: not-js, value: ${name} }`);
    const { suite } = await (await folder(tests)).run(emulator);
    for (const test of suite.tests) {
      expect(test).toMatchObject({ status: 'error', errorKind: 'custom-check', error: `a custom check could not run: ${reason}` });
      expect(test.checks.at(-1)).toMatchObject({ passed: false });
    }
  });

  it('stops a check that hangs at the time limit, and the module’s next check still runs', async () => {
    const tests =
      'tests:\n' +
      one('hangs', '{ type: js, value: hangs }') +
      '  - name: after\n    input: hello\n    assert:\n      - { type: js, value: isPolite }\n';
    const started = Date.now();
    const { suite } = await (await folder(tests)).run(emulator, 'live', { jsTimeoutMs: 400 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(testNamed(suite, 'hangs')).toMatchObject({
      status: 'error',
      error: 'a custom check could not run: hangs did not finish within 0.4 s; it was stopped',
    });
    expect(testNamed(suite, 'after').status).toBe('passed');
  });
});

describe('where js checks do not run', () => {
  it('a run that does not trust the checkout errors each js check with the reason, never a pass', async () => {
    const tests = 'tests:\n' + one('polite', '{ type: js, value: isPolite }') + one('negated', '{ type: not-js, value: isPolite }');
    const { suite } = await (
      await folder(tests)
    ).run(emulator, 'live', { customChecks: { reason: 'the pull request comes from a fork; promptgate runs no code from a fork' } });
    for (const test of suite.tests) {
      expect(test).toMatchObject({
        status: 'error',
        errorKind: 'custom-check',
        error: 'a custom check could not run: not run: the pull request comes from a fork; promptgate runs no code from a fork',
      });
    }
  });

  it('a folder whose checks.mjs differs from the checked-out file (a base read from git objects) is not run', async () => {
    const tests = 'tests:\n' + one('polite', '{ type: js, value: isPolite }');
    const fixture = await folder(tests);
    const loaded = await fixture.load();
    // What the checkout holds now is not what this folder was read with.
    await fixture.write({ 'checks.mjs': CHECKS.replace('please|thank', 'nothing') });
    const { suite } = await fixture.run(emulator, 'live', { loaded });
    expect(testNamed(suite, 'polite')).toMatchObject({
      status: 'error',
      error: `a custom check could not run: not run: this side's ${DIR}/checks.mjs (read from git objects) differs from the checked-out one, and promptgate runs only checked-out code`,
    });
  });
});
