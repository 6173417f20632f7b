import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { pullRequestEvent, runAction } from '../support/action-runner.js';
import { supportFolder } from '../support/fixtures.js';
import type { TempRepo } from '../support/git-repo.js';
import type { GitHubServer } from '../support/github-server.js';
import { createPullRequestFixture } from '../support/pull-request-fixture.js';

/**
 * The sharded workflow as GitHub runs it: `node dist/index.js` once per matrix job with
 * `shard: I/3`, then once with `mode: merge` over their results files; compared with the same
 * pull request run by one unsharded job. Real git, loopback GitHub API, loopback provider.
 */
const TOKEN = 'ghs_sharding000000000000000000000000000';
const KEY = 'sk-action-shard-abcdef0123456789';

let github: GitHubServer;
let repo: TempRepo;
let baseSha: string;
let headSha: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ github, repo, baseSha, headSha, close } = await createPullRequestFixture({
    token: TOKEN,
    key: KEY,
    base: {
      files: { ...supportFolder('prompts/support/v1.0'), ...supportFolder('prompts/faq/v1.0'), ...supportFolder('prompts/orders/v1.0') },
      record: 'prompts',
      message: 'prompts with recordings',
    },
    head: {
      files: {
        'prompts/support/v1.0/system.txt': 'You are the support assistant for {company}.\nBREAK-BILLING\n',
        'prompts/faq/v1.0/system.txt': 'You are the FAQ assistant for {company}. Answer as JSON.\n',
        'prompts/orders/v1.0/system.txt': 'You are the orders assistant for {company}. Answer as JSON.\n',
      },
      record: 'prompts',
      message: 'three prompts edited',
    },
  }));
});
afterAll(() => close());

const action = (number: number, inputs: Record<string, string>) =>
  runAction({
    workspace: repo.dir,
    event: pullRequestEvent({ number, baseSha, headSha }),
    inputs: { 'github-token': TOKEN, responses: 'replay', ...inputs },
    apiUrl: github.url,
    sha: headSha,
  });
const commentsOn = (pr: number) => github.state.comments.filter((comment) => comment.issueNumber === pr);
const exists = (path: string) =>
  access(path, constants.F_OK).then(
    () => true,
    () => false,
  );
const SHARDS = ['artifacts/shard-1/results.json', 'artifacts/shard-2/results.json', 'artifacts/shard-3/results.json'];

// Every step spawns the built CLI or action, several per test, on a shared 2-core machine.
jest.setTimeout(180_000);

describe('action: shard jobs and mode: merge', () => {
  it('shards never comment or fail on the pass rate; the merge comments once, exactly as one unsharded job', async () => {
    const whole = await action(60, { 'results-file': 'whole.json' });
    expect(whole.code).toBe(1);

    for (const index of [1, 2, 3]) {
      const shard = await action(61, { shard: `${index}/3`, 'results-file': `artifacts/shard-${index}/results.json` });
      expect({ index, code: shard.code }).toEqual({ index, code: 0 });
      expect(shard.stdout).not.toContain('::error::promptgate blocked');
    }
    expect(commentsOn(61)).toHaveLength(0);

    const merged = await action(61, { mode: 'merge', 'results-files': 'artifacts/*/results.json', 'results-file': 'merged.json' });
    expect(merged.code).toBe(1);
    expect(merged.stdout).toContain('::error::promptgate blocked the merge');
    const [comment, ...more] = commentsOn(61);
    expect(more).toHaveLength(0);
    expect(comment!.login).toBe('github-actions[bot]');
    expect(comment!.body).toBe(commentsOn(60)[0]!.body);
    expect(merged.summary).toBe(whole.summary);
    const { 'results-file': _m, 'comment-url': _mc, ...mergedOutputs } = merged.outputs;
    const { 'results-file': _w, 'comment-url': _wc, ...wholeOutputs } = whole.outputs;
    expect(mergedOutputs).toEqual(wholeOutputs);
    expect(mergedOutputs.gate).toBe('failed');
  });

  it('fails the merge job with the missing shard named, and comments nothing', async () => {
    const merged = await action(62, { mode: 'merge', 'results-files': 'artifacts/shard-1/results.json\nartifacts/shard-3/results.json' });
    expect(merged.code).toBe(1);
    expect(merged.stdout).toContain('shard 2/3 is missing');
    expect(commentsOn(62)).toHaveLength(0);
  });

  it('refuses files that are not a results.json, or nested 5,000 deep: each named, nothing published', async () => {
    await repo.write('broken/results.json', '{ "suites": [] }\n');
    const nested = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const deep = (await readFile(join(repo.dir, SHARDS[1]!), 'utf8')).replace(/"actual": ?"[^"]*"/, `"actual": ${nested}`);
    expect(deep).toContain(nested);
    await repo.write('deep/results.json', deep);
    const merged = await action(63, {
      mode: 'merge',
      'results-files': `${SHARDS[0]}\n${SHARDS[2]}\nbroken/results.json\ndeep/results.json`,
      'results-file': 'refused-63.json',
    });
    expect(merged.code).toBe(1);
    expect(merged.stdout).toContain('broken/results.json is not a promptgate results.json: schemaVersion is missing');
    expect(merged.stdout).toContain('deep/results.json is nested more than 64 levels deep');
    expect(merged.stdout).not.toContain('Gate');
    expect(merged.outputs.gate).toBe('failed');
    expect(commentsOn(63)).toHaveLength(0);
    expect(await exists(join(repo.dir, 'refused-63.json'))).toBe(false);
  });

  it('refuses a shard whose status contradicts its checks: named, nothing published', async () => {
    const forged = JSON.parse(await readFile(join(repo.dir, SHARDS[1]!), 'utf8')) as {
      suites: { path: string; tests: { name: string; status: string; checks: { passed: boolean }[] }[] }[];
    };
    const test = forged.suites
      .flatMap((suite) => suite.tests.map((entry) => ({ suite, entry })))
      .find(({ entry }) => entry.status === 'passed')!;
    test.entry.status = 'failed';
    await repo.write('forged/results.json', JSON.stringify(forged, null, 2));
    const merged = await action(64, {
      mode: 'merge',
      'results-files': `${SHARDS[0]}\nforged/results.json\n${SHARDS[2]}`,
      'results-file': 'refused-64.json',
    });
    expect(merged.code).toBe(1);
    expect(merged.stdout).toContain(
      `forged/results.json: ${test.suite.path} (gpt-4o-mini) test "${test.entry.name}" is failed but every check passed and it has no error`,
    );
    expect(commentsOn(64)).toHaveLength(0);
    expect(await exists(join(repo.dir, 'refused-64.json'))).toBe(false);
  });

  it('stops on SIGINT while a results file is still arriving: fails as cancelled, publishes nothing', async () => {
    const fifo = join(repo.dir, 'arriving.json');
    await promisify(execFile)('mkfifo', [fifo]);
    let writer: FileHandle | undefined;
    const merged = await runAction({
      workspace: repo.dir,
      event: pullRequestEvent({ number: 65, baseSha, headSha }),
      inputs: {
        'github-token': TOKEN,
        mode: 'merge',
        'results-files': `${SHARDS[0]}\n${SHARDS[1]}\narriving.json`,
        'results-file': 'cancelled.json',
      },
      apiUrl: github.url,
      sha: headSha,
      onSpawn: (child) => {
        void (async () => {
          // Opening the writing end without blocking succeeds once the merge has the pipe open.
          while (!(writer = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined))) await sleep(20);
          child.kill('SIGINT');
          await sleep(300);
          // The last shard's file then arrives: a merge that ignored the signal would go on and comment.
          await writer.write(await readFile(join(repo.dir, SHARDS[2]!))).catch(() => undefined);
          await writer.close().catch(() => undefined);
        })();
      },
    });
    expect(merged.code).not.toBe(0);
    expect(merged.code).not.toBeNull();
    expect(merged.stdout).toContain('::error::promptgate merge was cancelled');
    expect(commentsOn(65)).toHaveLength(0);
    expect(await exists(join(repo.dir, 'cancelled.json'))).toBe(false);
  });
});
