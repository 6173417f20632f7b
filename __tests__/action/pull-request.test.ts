import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commentMarker } from '../../src/render/comment.js';
import { pullRequestEvent, runAction } from '../support/action-runner.js';
import { supportFolder, supportModel } from '../support/fixtures.js';
import { createTempDir, gitIn, type TempRepo } from '../support/git-repo.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { createPullRequestFixture, type FixtureSide, type PullRequestFixture } from '../support/pull-request-fixture.js';

/**
 * The action end to end, as GitHub runs it: `node dist/index.js` (Node 24) with INPUT_*,
 * GITHUB_EVENT_PATH, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT, against a real git checkout,
 * the loopback GitHub API and the loopback provider emulator.
 */
const TOKEN = 'ghs_testtoken000000000000000000000000';
const KEY = 'sk-action-secret-abcdef0123456789';
const MARKER = commentMarker('');

let emulator: RunningEmulator;
let github: GitHubServer;
beforeAll(async () => {
  emulator = await startProviderEmulator({ answer: supportModel });
  github = await startGitHubServer({ token: TOKEN });
});
afterAll(async () => {
  await emulator.close();
  await github.close();
});
afterEach(() => emulator.setAnswer(supportModel));

/** main: two prompt folders with recordings; the caller then edits on branch `feature` (checked out), or passes the `head`. */
const baseRepository = (head?: FixtureSide) =>
  createPullRequestFixture({
    key: KEY,
    emulator,
    base: {
      files: { ...supportFolder('prompts/support/v1.0'), ...supportFolder('prompts/faq/v1.0'), 'src/app.ts': 'export {};\n' },
      record: 'prompts',
      message: 'prompts with recordings',
    },
    head,
  });

const inputs = (extra: Record<string, string> = {}) => ({ 'github-token': TOKEN, ...extra });
const commentsOn = (pr: number) => github.state.comments.filter((comment) => comment.issueNumber === pr);

describe('pull request gate', () => {
  let repo: TempRepo;
  let baseSha: string;
  let headSha: string;
  let record: PullRequestFixture['record'];
  beforeAll(async () => {
    ({ repo, baseSha, headSha, record } = await baseRepository({
      files: { 'prompts/support/v1.0/system.txt': 'You are the support assistant for {company}.\nBREAK-BILLING\n' },
      record: 'prompts/support',
      message: 'shorter support prompt',
    }));
    // Someone quoted our marker in a comment of their own: it must never be the one we edit.
    github.addComment({ issueNumber: 7, login: 'reviewer', body: `I saw this in the bot comment: ${MARKER}` });
  });
  afterAll(async () => repo.cleanup());

  it('blocks the merge, comments once with base → head figures, annotates the test line and sets outputs', async () => {
    const run = await runAction({
      workspace: repo.dir,
      event: pullRequestEvent({ number: 7, baseSha, headSha }),
      inputs: inputs(),
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL },
      apiUrl: github.url,
      sha: headSha,
    });
    expect(run.code).toBe(1);
    // (The runner's command encoding: % → %25, newline → %0A, and : → %3A in properties.)
    expect(run.stdout).toContain(
      '::error::promptgate blocked the merge:%0A- prompts/support/v1.0: pass rate 66.7%25 (2/3 passed) is below the 95.0%25 threshold',
    );
    expect(run.stdout).toMatch(
      /::error title=promptgate%3A test failed,file=prompts\/support\/v1.0\/tests.yaml,line=9::Escalate billing disputes — intent equals/,
    );

    const ours = commentsOn(7).filter((comment) => comment.login === 'github-actions[bot]');
    expect(ours).toHaveLength(1);
    const body = ours[0]!.body;
    expect(body.startsWith(`${MARKER}\n\n### ❌ promptgate: merge blocked`)).toBe(true);
    expect(body.replace(/\u00a0/g, ' ')).toContain('| 100.0% → **66.7%**<br><sub>−33.3 pp</sub> |');
    expect(body).toContain('#### Newly failing (1 test)');
    expect(body.replace(/\u00a0/g, ' ')).toContain(
      `[\`Escalate billing disputes\`](https://github.com/octo/app/blob/${headSha}/prompts/support/v1.0/tests.yaml#L9): intent: expected`,
    );
    expect(body).toMatch(/No API calls · 6 answers from recordings \\\(saving \\\$0\.000\d+\\\)\./);
    expect(body).not.toContain('faq'); // unchanged folders are not run
    expect(run.summary).toContain('### ❌ promptgate: merge blocked');

    expect(run.outputs).toMatchObject({
      gate: 'failed',
      'pass-rate': '0.6667',
      total: '3',
      passed: '2',
      failed: '1',
      errors: '0',
      'base-pass-rate': '1.0000',
      'changed-prompts': '["prompts/support/v1.0"]',
      'comment-url': ours[0]!.id ? expect.stringContaining(`#issuecomment-${ours[0]!.id}`) : '',
    });
    // The key reaches the log only in the runner's own mask command, nowhere else.
    expect(run.stdout.split('\n').filter((line) => line.includes(KEY))).toEqual([`::add-mask::${KEY}`]);
    expect(run.summary + body + JSON.stringify(run.outputs)).not.toContain(KEY);
    expect(run.stdout.split('\n').filter((line) => line.includes(TOKEN))).toEqual([`::add-mask::${TOKEN}`]);
    expect(run.summary + body).not.toContain(TOKEN);
  });

  it('updates the same comment on the next push instead of adding one', async () => {
    const before = commentsOn(7).length;
    await repo.write('prompts/support/v1.0/system.txt', 'You are the support assistant for {company}.\n');
    await record('prompts/support');
    const fixedSha = await repo.commit('fix the billing regression');
    const run = await runAction({
      workspace: repo.dir,
      event: pullRequestEvent({ number: 7, baseSha, headSha: fixedSha }),
      inputs: inputs({ 'html-report': 'out/promptgate-report.html' }),
      apiUrl: github.url,
      sha: fixedSha,
    });
    expect(run.code).toBe(0);
    expect(commentsOn(7)).toHaveLength(before);
    // html-report: the page is written where the input says, and the comment and the summary link to the run's artifacts.
    const report = await readFile(join(repo.dir, 'out/promptgate-report.html'), 'utf8');
    expect(report).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\';');
    expect(report).toContain('Escalate billing disputes');
    const artifacts = 'https://github.com/octo/app/actions/runs/4242#artifacts';
    expect(commentsOn(7).find((comment) => comment.login === 'github-actions[bot]')!.body).toContain(`[HTML report](${artifacts})`);
    expect(run.summary).toContain(`[HTML report](${artifacts})`);
    const ours = commentsOn(7).find((comment) => comment.login === 'github-actions[bot]')!;
    expect(ours.body).toContain('### ✅ promptgate: gate passed');
    expect(ours.body.replace(/\u00a0/g, ' ')).toContain('| 100.0% → 100.0%<br><sub>±0 pp</sub> |');
    expect(run.outputs.gate).toBe('passed');
  });
});

describe('pull requests that touch no prompt, forks, and a comment the token may not write', () => {
  let repo: TempRepo;
  let baseSha: string;
  let record: PullRequestFixture['record'];
  beforeAll(async () => ({ repo, baseSha, record } = await baseRepository()));
  afterAll(async () => repo.cleanup());

  it('says so and passes when no prompt folder changed', async () => {
    await repo.write('src/app.ts', 'export const x = 1;\n');
    const headSha = await repo.commit('app change only');
    const run = await runAction({
      workspace: repo.dir,
      event: pullRequestEvent({ number: 11, baseSha, headSha }),
      inputs: inputs(),
      apiUrl: github.url,
      sha: headSha,
    });
    expect(run.code).toBe(0);
    expect(commentsOn(11)[0]?.body).toContain('### ✅ promptgate: no prompt changed');
    expect(run.outputs).toMatchObject({ gate: 'passed', 'changed-prompts': '[]', total: '0' });
  });

  it('fails, and says why, when the prompts input matches nothing', async () => {
    const headSha = await repo.git(['rev-parse', 'HEAD']);
    const run = await runAction({
      workspace: repo.dir,
      event: pullRequestEvent({ number: 14, baseSha, headSha }),
      inputs: inputs({ prompts: 'promts/**' }),
      apiUrl: github.url,
      sha: headSha,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::promptgate could not judge this change (see the annotations and the job summary):%0A- promts/**: matches no files',
    );
    expect(commentsOn(14)[0]?.body).toContain('### ❌ promptgate: merge blocked');
  });

  it('keeps the full report in the job summary and warns when the token cannot comment', async () => {
    await repo.write(
      'prompts/faq/v1.0/tests.yaml',
      `${supportFolder('x')['x/tests.yaml']}`.replace("What's the weather tomorrow?", 'Will it rain tomorrow? (weather)'),
    );
    const headSha = await repo.commit('reword a test input');
    github.fail({
      method: 'POST',
      path: '/repos/octo/app/issues/12/comments',
      status: 403,
      message: 'Resource not accessible by integration',
    });
    const run = await runAction({
      workspace: repo.dir,
      event: pullRequestEvent({ number: 12, baseSha, headSha, fork: true }),
      inputs: inputs(),
      apiUrl: github.url,
      sha: headSha,
    });
    expect(commentsOn(12)).toHaveLength(0);
    expect(run.stdout).toMatch(/::warning::Could not post the pull request comment: .*pull-requests: write/);
    expect(run.summary).toContain('promptgate');
    expect(run.summary).toContain('prompts/faq/v1.0');
    // The reworded test has no recording and a fork has no key: reported as not run, never guessed.
    expect(run.code).toBe(1);
    expect(run.summary).toContain('need a live call but no API key is set');
  });

  it('runs every folder on a push (no pull request), without a comment', async () => {
    const sha = await repo.git(['rev-parse', 'HEAD']);
    const before = github.state.comments.length;
    const run = await runAction({
      workspace: repo.dir,
      event: { ref: 'refs/heads/main', after: sha },
      eventName: 'push',
      inputs: inputs(),
      apiUrl: github.url,
      sha,
    });
    expect(run.outputs['changed-prompts']).toBe('["prompts/faq/v1.0","prompts/support/v1.0"]');
    expect(run.outputs['base-pass-rate']).toBe('');
    expect(github.state.comments.length).toBe(before);
    expect(run.summary).toContain('| Pass rate |'); // no base column on a push
  });

  it('falls back to the pull request file list when the checkout is too shallow to compare', async () => {
    await repo.write(
      'prompts/support/v1.0/prompt.yaml',
      'provider: openai\nmodel: gpt-4o-mini\ntemperature: 0\nvariables:\n  company: Acme Inc\n',
    );
    await record('prompts/support');
    const headSha = await repo.commit('rename the company');
    const shallow = await createTempDir('promptgate-shallow-');
    await gitIn(shallow, ['clone', '--quiet', '--depth', '1', '--branch', 'feature', `file://${repo.dir}`, '.']);
    github.setPullRequestFiles(13, [
      { filename: 'prompts/support/v1.0/prompt.yaml', status: 'modified' },
      { filename: 'prompts/support/v1.0/recordings.json', status: 'modified' },
    ]);
    const run = await runAction({
      workspace: shallow,
      event: pullRequestEvent({ number: 13, baseSha, headSha }),
      inputs: inputs(),
      apiUrl: github.url,
      sha: headSha,
    });
    expect(run.stdout).toMatch(/::warning::.*fetch-depth: 0.*Falling back to the pull request's file list/);
    expect(run.code).toBe(0);
    expect(run.outputs['changed-prompts']).toBe('["prompts/support/v1.0"]');
    expect(commentsOn(13)[0]?.body).toContain('not compared with the base branch');
  });
});

describe('untrusted model output', () => {
  it('cannot ping, link, inject HTML, forge the marker or run workflow commands', async () => {
    const { repo, baseSha } = await baseRepository();
    try {
      await repo.write('prompts/support/v1.0/system.txt', 'You are the support assistant for {company}. Be creative.\n');
      const headSha = await repo.commit('creative prompt');
      const hostile = [
        '@octocat @octo/security please approve. Fixes #1 and octo/app#2',
        `${MARKER} <img src=x onerror=alert(1)> </details> <script>alert(1)</script>`,
        '| a | b |',
        '::error file=x::pwned',
        '::set-env name=NODE_OPTIONS::--require /tmp/evil.js',
        '##[error]legacy pwned',
        'x'.repeat(100_000),
      ].join('\n');
      emulator.setAnswer(() => ({ text: hostile, usage: { inputTokens: 10, outputTokens: 10 } }));
      const run = await runAction({
        workspace: repo.dir,
        event: pullRequestEvent({ number: 21, baseSha, headSha }),
        inputs: inputs({ responses: 'live' }),
        env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL },
        apiUrl: github.url,
        sha: headSha,
      });
      expect(run.code).toBe(1);
      // No workflow command but our own: every `::` line is one promptgate wrote.
      const commands = run.stdout.split('\n').filter((line) => /^\s*::/.test(line) || line.includes('##['));
      for (const line of commands)
        expect(line).toMatch(/^::(add-mask|error title=promptgate|error::promptgate|warning|notice|debug|group|endgroup)/);
      expect(commands.length).toBeGreaterThan(0);
      const body = commentsOn(21)[0]!.body;
      expect(body.length).toBeLessThan(65_536);
      expect(body.split(MARKER)).toHaveLength(2);
      const outsideCode = body.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '').replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
      expect(outsideCode).not.toMatch(/@octocat|@octo\/security|#1\b|app#2|<img|<script/);
    } finally {
      await repo.cleanup();
    }
  });
});

describe('the checkout GitHub makes and the token it is given', () => {
  // Each test builds its own repository, records, and runs the bundled action (twice for the
  // personal token): on a busy machine that takes longer than the default 30 s.
  const SLOW_MS = 120_000;

  it(
    'compares the merge commit with the base it was built on, not with the fork point',
    async () => {
      const { repo, baseSha: forkPoint, record } = await baseRepository();
      try {
        // The pull request edits the prompt…
        await repo.write('prompts/support/v1.0/system.txt', 'You are the support assistant for {company}. Be brief.\n');
        await record('prompts/support');
        const headSha = await repo.commit('brief support prompt');
        // …while main gained a test of its own, which is not this pull request's doing.
        await repo.git(['checkout', '--quiet', 'main']);
        await repo.write(
          'prompts/support/v1.0/tests.yaml',
          `${supportFolder('x')['x/tests.yaml']}\n  - name: Added on main\n    input: I forgot my password again\n    expected_escalate: false\n`,
        );
        await record('prompts/support');
        const baseSha = await repo.commit('a test added on main');
        expect(baseSha).not.toBe(forkPoint);
        // actions/checkout on pull_request checks out refs/pull/N/merge: head merged into base.
        await repo.git(['checkout', '--quiet', '--detach', baseSha]);
        await repo.git(['merge', '--quiet', '--no-edit', '-X', 'theirs', headSha]);
        await record('prompts/support');
        await repo.git(['add', '--all']);
        await repo.git(['commit', '--quiet', '--amend', '--no-edit']);
        const mergeSha = await repo.git(['rev-parse', 'HEAD']);

        const run = await runAction({
          workspace: repo.dir,
          event: pullRequestEvent({ number: 31, baseSha, headSha }),
          inputs: inputs(),
          apiUrl: github.url,
          sha: mergeSha,
        });
        expect(run.code).toBe(0);
        const body = commentsOn(31)[0]!.body;
        expect(body).not.toContain('New tests'); // "Added on main" is on both sides, not this PR's
        expect(body).toContain('| 4 of 4 |');
      } finally {
        await repo.cleanup();
      }
    },
    SLOW_MS,
  );

  it(
    'finds its own earlier comment when it posts with a personal token',
    async () => {
      const personal = await startGitHubServer({ token: TOKEN, actor: 'release-manager' });
      const { repo, baseSha, record } = await baseRepository();
      try {
        await repo.write('prompts/faq/v1.0/system.txt', 'You are the support assistant for {company}. FAQ.\n');
        await record('prompts/faq');
        const headSha = await repo.commit('faq tweak');
        const event = pullRequestEvent({ number: 41, baseSha, headSha });
        for (let push = 0; push < 2; push += 1) {
          const run = await runAction({ workspace: repo.dir, event, inputs: inputs(), apiUrl: personal.url, sha: headSha });
          expect(run.code).toBe(0);
        }
        const comments = personal.state.comments.filter((comment) => comment.issueNumber === 41);
        expect(comments.map((comment) => comment.login)).toEqual(['release-manager']);
      } finally {
        await personal.close();
        await repo.cleanup();
      }
    },
    SLOW_MS,
  );
});
