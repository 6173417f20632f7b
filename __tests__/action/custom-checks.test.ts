import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { customCheckPolicy } from '../../src/action/custom-checks.js';
import type { ActionContext } from '../../src/action/context.js';
import type { ResultsFile } from '../../src/results/model.js';
import { main } from '../../src/cli/main.js';
import { runAction, pullRequestEvent, type ActionRun } from '../support/action-runner.js';
import { silentCli } from '../support/cli-io.js';
import { supportFolder } from '../support/fixtures.js';
import { createPullRequestFixture, type PullRequestFixture } from '../support/pull-request-fixture.js';

/*
 * Where a folder's checks.mjs runs (issue 20, item 7): only where the checked-out code is the
 * repository's own, and a base read from git objects only as the checkout's identical bytes. The
 * action is run as GitHub runs it, on the events that decide it.
 */

const E2E_TIMEOUT_MS = 120_000;
const KEY = 'sk-custom-checks-0123456789';
const DIR = 'prompts/support/v1.0';
const CHECKS =
  'export function resetsPassword(output, test) {\n  return { pass: test.json?.action === "password_reset", reason: "action " + test.json?.action };\n}\n';
const TESTS = `tests:
  - name: Handle password reset request
    input: I forgot my password
    assert:
      - { type: js, value: resetsPassword }
`;

const context = (eventName: string, fromFork?: boolean): ActionContext => ({
  eventName,
  owner: 'octo',
  repo: 'app',
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  sha: 'abc',
  workspace: '/w',
  ...(fromFork === undefined
    ? {}
    : { pullRequest: { number: 1, baseSha: 'b', headSha: 'h', baseRef: 'main', headRef: 'feature', fromFork } }),
});

describe('customCheckPolicy: whose code the checkout is, by event', () => {
  it.each([
    ['push', undefined],
    ['release', undefined],
    ['workflow_dispatch', undefined],
    ['schedule', undefined],
    ['merge_group', undefined],
    ['pull_request', false],
    ['pull_request_target', false],
  ])('%s (from a fork: %s): runs them from the checkout', (event, fork) => {
    expect(customCheckPolicy(context(event, fork), '/w')).toEqual({ trustedRoot: '/w' });
  });

  it.each([
    ['pull_request', true, 'the pull request comes from a fork; promptgate runs no code from a fork'],
    [
      'pull_request_target',
      true,
      'under pull_request_target the checked-out head comes from a fork while the workflow holds secrets; promptgate runs no code from it',
    ],
    ['pull_request', undefined, 'the pull_request event names no pull request, so whose code is checked out is unknown'],
    ['issue_comment', undefined, 'on a issue_comment event promptgate cannot tell whose code is checked out, so it runs none of it'],
  ])('%s (from a fork: %s): never, saying why', (event, fork, reason) => {
    expect(customCheckPolicy(context(event, fork), '/w')).toEqual({ reason });
  });
});

describe('the bundled action', () => {
  let fixture: PullRequestFixture;
  beforeAll(async () => {
    fixture = await createPullRequestFixture({
      key: KEY,
      base: { files: { ...supportFolder(DIR, { tests: TESTS }), [`${DIR}/checks.mjs`]: CHECKS }, record: 'prompts/support' },
      // The pull request changes the check itself.
      head: { files: { [`${DIR}/checks.mjs`]: `// stricter soon\n${CHECKS}` }, record: 'prompts/support' },
    });
  }, E2E_TIMEOUT_MS);
  afterAll(() => fixture.close());

  async function runOn(eventName: string, fork: boolean): Promise<{ run: ActionRun; results: ResultsFile }> {
    const { repo, baseSha, headSha } = fixture;
    await repo.git(['checkout', '--quiet', '--detach', headSha]);
    const event = pullRequestEvent({ number: 7, baseSha, headSha, fork });
    const run = await runAction({
      workspace: repo.dir,
      event,
      eventName,
      inputs: { 'github-token': '', 'results-file': 'out/results.json' },
      apiUrl: 'http://127.0.0.1:9',
      sha: headSha,
    });
    return { run, results: JSON.parse(await readFile(join(repo.dir, 'out/results.json'), 'utf8')) as ResultsFile };
  }

  const headTest = (results: ResultsFile) => results.suites[0]!.tests[0]!;
  const baseTest = (results: ResultsFile) => results.base!.suites[0]!.tests[0]!;

  it(
    'pull_request from the repository: the head’s checks.mjs runs; the base’s, read from git and not the checkout’s bytes, does not',
    async () => {
      const { run, results } = await runOn('pull_request', false);
      expect(headTest(results).status).toBe('passed');
      expect(headTest(results).checks).toContainEqual({
        name: 'checks.mjs resetsPassword passes',
        passed: true,
        expected: 'pass',
        actual: 'action password_reset',
      });
      expect(baseTest(results)).toMatchObject({
        status: 'error',
        errorKind: 'custom-check',
        error: `a custom check could not run: not run: this side's ${DIR}/checks.mjs (read from git objects) differs from the checked-out one, and promptgate runs only checked-out code`,
      });
      expect(run.outputs.gate).toBe('passed');
    },
    E2E_TIMEOUT_MS,
  );

  it.each([
    ['pull_request', 'the pull request comes from a fork; promptgate runs no code from a fork'],
    [
      'pull_request_target',
      'under pull_request_target the checked-out head comes from a fork while the workflow holds secrets; promptgate runs no code from it',
    ],
  ])(
    '%s from a fork: no checks.mjs runs; each js check errors with the reason, and the gate does not pass',
    async (event, reason) => {
      const { run, results } = await runOn(event, true);
      expect(headTest(results)).toMatchObject({ status: 'error', error: `a custom check could not run: not run: ${reason}` });
      expect(run.outputs.gate).toBe('failed');
      expect(run.code).toBe(1);
    },
    E2E_TIMEOUT_MS,
  );
});

describe('the CLI', () => {
  it(
    'runs the checkout’s checks.mjs, and a base’s when the base has the same bytes',
    async () => {
      const fixture = await createPullRequestFixture({
        key: KEY,
        base: { files: { ...supportFolder(DIR, { tests: TESTS }), [`${DIR}/checks.mjs`]: CHECKS }, record: 'prompts/support' },
        head: { files: { [`${DIR}/system.txt`]: 'You are the support assistant for {company}. Be brief.\n' }, record: 'prompts/support' },
      });
      try {
        const code = await main(
          ['test', '--base', 'main', '--responses', 'replay', '--out', 'results.json'],
          silentCli(fixture.repo.dir, {}),
        );
        const results = JSON.parse(await readFile(join(fixture.repo.dir, 'results.json'), 'utf8')) as ResultsFile;
        expect(results.suites[0]!.tests[0]).toMatchObject({ status: 'passed' });
        const base = results.base!.suites[0]!.tests[0]!;
        expect(base.status).toBe('passed');
        expect(base.checks).toContainEqual({
          name: 'checks.mjs resetsPassword passes',
          passed: true,
          expected: 'pass',
          actual: 'action password_reset',
        });
        expect(code).toBe(0);
      } finally {
        await fixture.close();
      }
    },
    E2E_TIMEOUT_MS,
  );
});
