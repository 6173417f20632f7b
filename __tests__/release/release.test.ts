import { decideGate } from '../../src/gate/decide.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { main } from '../../src/cli/main.js';
import { planRelease, splitPromote } from '../../src/release/plan.js';
import { formatTagMessage, parseTagMessage } from '../../src/release/tag-message.js';
import { type listVersions } from '../../src/release/versions.js';
import { runAction } from '../support/action-runner.js';
import { supportFolder, supportModel } from '../support/fixtures.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { suiteResult, testResult } from '../support/results.js';

// The action tests run `node dist/index.js`, some twice, and the API writes are paced as GitHub
// asks (a second between writes): slow on a busy runner.
jest.setTimeout(120_000);

const KEY = 'sk-release-secret-0123456789';
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startProviderEmulator({ answer: supportModel });
});
afterAll(async () => emulator.close());

async function cli(repo: TempRepo, args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd: repo.dir,
    env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdoutIsTTY: false,
    stderrIsTTY: false,
  });
  return { code, stdout, stderr };
}

describe('tag records', () => {
  it('round-trip through the tag message', () => {
    const record = {
      id: 'support',
      version: 'v2.0',
      folder: 'prompts/support/v2.0',
      passRate: 0.9667,
      passed: 29,
      total: 30,
      costUsd: 0.0042,
      provider: 'openai',
      model: 'gpt-4o-mini',
      commit: 'a'.repeat(40),
    };
    const message = formatTagMessage(record);
    expect(message.split('\n')[0]).toBe('promptgate: support v2.0 passed 29/30 (96.7%) on openai gpt-4o-mini, $0.0042 per suite run');
    expect(parseTagMessage(message)).toEqual(record);
    expect(parseTagMessage('a tag somebody else wrote')).toBeUndefined();
  });

  it('reads promote targets with or without the prefix', () => {
    expect(splitPromote('customer-support@v1.0')).toEqual(['customer-support', 'v1.0']);
    expect(splitPromote('prompts/customer-support@v1.0')).toEqual(['customer-support', 'v1.0']);
    expect(() => splitPromote('v1.0')).toThrow('promote must look like <prompt id>@<version>');
  });
});

/** The plan of a run whose gate decided on these suites at this threshold, as the engine's would. */
const planWithGate = (input: Omit<Parameters<typeof planRelease>[0], 'gate'> & { threshold: number }) =>
  planRelease({ ...input, gate: decideGate({ suites: input.suites, threshold: input.threshold, nothingFound: false }) });

describe('planRelease', () => {
  const passing = suiteResult('prompts/support/v2.0', [testResult('a', 'passed'), testResult('b', 'passed')]);
  const failing = suiteResult('prompts/review/v1.0', [testResult('a', 'passed'), testResult('b', 'failed')]);
  const base = { commit: 'c2', threshold: 0.95, productionAlias: true, promptChanged: async () => false };

  it('tags passing versions only, and says why the others were not', async () => {
    const plan = await planWithGate({ ...base, suites: [passing, failing], existingTags: [] });
    expect(plan.create.map((tag) => tag.tag)).toEqual(['prompts/support@v2.0']);
    expect(plan.skipped).toEqual([
      { folder: 'prompts/review/v1.0', tag: 'prompts/review@v1.0', reason: 'pass rate 50.0% (1/2 passed) is below the 95.0% threshold' },
    ]);
    expect(plan.aliasMoves).toMatchObject([{ tag: 'prompts/support@production', version: 'v2.0', commit: 'c2' }]);
  });

  it('tags a models: matrix version once, and only when every model holds', async () => {
    const onModel = (suite: typeof passing, provider: string, model: string) => ({ ...suite, provider, model });
    const allHold = await planWithGate({
      ...base,
      suites: [onModel(passing, 'openai', 'gpt-4o'), onModel(passing, 'anthropic', 'claude-opus-4-5')],
      existingTags: [],
    });
    expect(allHold.create.map((tag) => tag.tag)).toEqual(['prompts/support@v2.0']);
    const claudeFails = {
      ...onModel(failing, 'anthropic', 'claude-opus-4-5'),
      path: passing.path,
      id: passing.id,
      version: passing.version,
    };
    const oneFails = await planWithGate({ ...base, suites: [onModel(passing, 'openai', 'gpt-4o'), claudeFails], existingTags: [] });
    expect(oneFails.create).toEqual([]);
    expect(oneFails.skipped).toEqual([
      {
        folder: 'prompts/support/v2.0',
        tag: 'prompts/support@v2.0',
        reason: 'anthropic:claude-opus-4-5: pass rate 50.0% (1/2 passed) is below the 95.0% threshold',
      },
    ]);
  });

  it('skips a version whose id or version cannot be a git tag, instead of failing the release half way', async () => {
    const odd = suiteResult('prompts/odd/v1', [testResult('a', 'passed')], { id: 'my prompt' });
    const injected = suiteResult('prompts/odd2/v1', [testResult('a', 'passed')], { id: 'x\n::error::y' });
    const plan = await planWithGate({ ...base, suites: [odd, injected, passing], existingTags: [] });
    expect(plan.skipped.map((skip) => [skip.tag, skip.reason.split(':')[0]])).toEqual([
      ['prompts/my prompt@v1', 'not a valid git tag name'],
      ['prompts/x\n::error::y@v1', 'not a valid git tag name'],
    ]);
    expect(plan.create.map((tag) => tag.tag)).toEqual(['prompts/support@v2.0']);
  });

  it('refuses a version named like the production alias, in any case', async () => {
    for (const version of ['production', 'Production']) {
      const named = suiteResult(`prompts/support/${version}`, [testResult('a', 'passed')], { id: 'support', version });
      const plan = await planWithGate({ ...base, suites: [named], existingTags: [] });
      expect(plan.create).toEqual([]);
      expect(plan.aliasMoves).toEqual([]);
      expect(plan.skipped).toEqual([
        {
          folder: `prompts/support/${version}`,
          tag: `prompts/support@${version}`,
          reason: `the version is named "${version}", like the moving alias prompts/support@production: give it another version in prompt.yaml`,
        },
      ]);
    }
  });

  it('treats an existing tag on another commit as the same version only when the prompt is unchanged', async () => {
    const existingTags = [{ name: 'prompts/support@v2.0', commit: 'c1', message: 'x' }];
    const same = await planWithGate({ ...base, suites: [passing], existingTags });
    expect(same.create).toEqual([]);
    expect(same.skipped[0]?.reason).toBe('already tagged at c1 with the same prompt');
    const changed = await planWithGate({ ...base, suites: [passing], existingTags, promptChanged: async () => true });
    expect(changed.conflicts[0]?.reason).toBe(
      'prompts/support@v2.0 already marks commit c1, and the prompt differs at c2: versions are immutable, so give the changed prompt a new version',
    );
  });
});

describe('promptgate release and versions (local git)', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await createTempRepo();
    await repo.writeFiles(supportFolder('prompts/support/v1.0'));
    await repo.writeFiles(supportFolder('prompts/broken/v1.0', { systemNote: 'BREAK-BILLING' }));
    await cli(repo, ['test', 'prompts', '--responses', 'record']);
    await repo.commit('first prompts');
  });
  afterAll(async () => repo.cleanup());

  it('tags the passing version and moves production to it; the failing one is not tagged', async () => {
    const run = await cli(repo, ['release', '--responses', 'replay']);
    expect(run.code).toBe(0);
    const head = await repo.git(['rev-parse', 'HEAD']);
    expect(run.stdout).toContain(`tagged prompts/support@v1.0 at ${head.slice(0, 12)}`);
    expect(run.stdout).toContain('not tagged prompts/broken@v1.0: pass rate 66.7% (2/3 passed) is below the 95.0% threshold');
    expect(run.stdout).toContain('moved prompts/support@production to v1.0');
    // Version tags are pushed without force (never replace a released version); only the alias moves.
    expect(run.stdout).toContain('push them with: git push origin refs/tags/prompts/support@v1.0 +refs/tags/prompts/support@production');
    expect(await repo.git(['tag', '--list', 'prompts/*'])).toBe('prompts/support@production\nprompts/support@v1.0');
    expect(await repo.git(['rev-list', '-n', '1', 'prompts/support@production'])).toBe(head);
  });

  it('refuses to tag while a prompt folder exists only in the work tree', async () => {
    await repo.writeFiles(supportFolder('prompts/uncommitted/v1.0'));
    const run = await cli(repo, ['release', '--responses', 'replay']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('uncommitted or untracked changes');
    await repo.remove('prompts/uncommitted');
  });

  it('is a no-op the second time', async () => {
    const tagsBefore = await repo.git(['show-ref', '--tags']);
    const run = await cli(repo, ['release', '--responses', 'replay']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('not tagged prompts/support@v1.0: already tagged at this commit');
    expect(run.stdout).not.toContain('moved ');
    expect(await repo.git(['show-ref', '--tags'])).toBe(tagsBefore);
  });

  it('tags a new version, moves production forward, and can roll back with promote', async () => {
    await repo.writeFiles(supportFolder('prompts/support/v2.0', { systemNote: 'Be brief.' }));
    await cli(repo, ['test', 'prompts/support/v2.0', '--responses', 'record']);
    const v2 = await repo.commit('support v2.0');
    const release = await cli(repo, ['release', '--responses', 'replay']);
    expect(release.stdout).toContain('tagged prompts/support@v2.0');
    expect(release.stdout).toContain('moved prompts/support@production to v2.0 (was v1.0)');
    expect(await repo.git(['rev-list', '-n', '1', 'prompts/support@production'])).toBe(v2);

    const rollback = await cli(repo, ['release', '--promote', 'support@v1.0']);
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain('moved prompts/support@production to v1.0 (was v2.0)');
    expect(await repo.git(['rev-list', '-n', '1', 'prompts/support@production'])).toBe(
      await repo.git(['rev-list', '-n', '1', 'prompts/support@v1.0']),
    );
    // A later release does not undo the rollback by moving production forward again.
    const again = await cli(repo, ['release', '--responses', 'replay']);
    expect(again.stdout).not.toContain('moved ');

    const versions = await cli(repo, ['versions', '--json']);
    const listed = JSON.parse(versions.stdout) as ReturnType<typeof listVersions>;
    expect(listed).toMatchObject([
      {
        id: 'support',
        production: 'v1.0',
        versions: [
          { version: 'v1.0', passRate: 1, production: true },
          { version: 'v2.0', passRate: 1, production: false },
        ],
      },
    ]);
    expect((await cli(repo, ['versions'])).stdout).toMatch(/support {2}\(production: v1.0\)\n {2}\* v1.0 /);
  });

  it('does not run again a tagged version whose prompt is unchanged on a later commit', async () => {
    await repo.write('README.md', 'unrelated change\n');
    const later = await repo.commit('docs only');
    const run = await cli(repo, ['release', '--responses', 'replay']);
    expect(run.code).toBe(0);
    const v1 = await repo.git(['rev-list', '-n', '1', 'prompts/support@v1.0']);
    expect(run.stdout).toContain(`not tagged prompts/support@v1.0: already tagged at ${v1.slice(0, 12)} with the same prompt`);
    expect(run.stdout).not.toContain('prompts/support/v1.0 · openai'); // its suite did not run
    expect(run.stdout).toContain('prompts/broken/v1.0 · openai'); // the untagged (failing) one did
    expect(later).not.toBe(v1);
  });

  it('refuses to retag a released version whose prompt was edited in place, naming both commits', async () => {
    const tagged = await repo.git(['rev-list', '-n', '1', 'prompts/support@v2.0']);
    await repo.write('prompts/support/v2.0/system.txt', 'You are the support assistant for {company}. Edited in place.\n');
    await cli(repo, ['test', 'prompts/support/v2.0', '--responses', 'record']);
    const edited = await repo.commit('edit v2.0 in place');
    const run = await cli(repo, ['release', '--responses', 'replay']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `error: prompts/support@v2.0 already marks commit ${tagged.slice(0, 12)}, and the prompt differs at ${edited.slice(0, 12)}`,
    );
    expect(await repo.git(['rev-list', '-n', '1', 'prompts/support@v2.0'])).toBe(tagged);
  });
});

describe('release mode in the action (GitHub API)', () => {
  const TOKEN = 'ghs_releasetoken0000000000000000000000';
  let github: GitHubServer;
  let repo: TempRepo;
  let sha: string;
  beforeAll(async () => {
    github = await startGitHubServer({ token: TOKEN });
    repo = await createTempRepo();
    await repo.writeFiles(supportFolder('prompts/support/v1.0'));
    await cli(repo, ['test', 'prompts', '--responses', 'record']);
    sha = await repo.commit('prompts');
  });
  afterAll(async () => {
    await github.close();
    await repo.cleanup();
  });

  const release = (inputs: Record<string, string> = {}) =>
    runAction({
      workspace: repo.dir,
      event: { ref: 'refs/heads/main' },
      eventName: 'push',
      inputs: { mode: 'release', 'github-token': TOKEN, 'create-release': 'true', ...inputs },
      apiUrl: github.url,
      sha,
    });

  it('creates annotated tags and a release through the API, once', async () => {
    const first = await release();
    expect(first.code).toBe(0);
    expect(JSON.parse(first.outputs['tags-created']!)).toEqual(['prompts/support@v1.0']);
    expect(github.state.refs.map((ref) => ref.ref).sort()).toEqual([
      'refs/tags/prompts/support@production',
      'refs/tags/prompts/support@v1.0',
    ]);
    const tagObject = github.state.tagObjects.find((tag) => tag.tag === 'prompts/support@v1.0');
    expect(tagObject).toMatchObject({ objectSha: sha });
    expect(parseTagMessage(tagObject!.message)).toMatchObject({ id: 'support', version: 'v1.0', passRate: 1, commit: sha });
    expect(github.state.releases.map((r) => r.tagName)).toEqual(['prompts/support@v1.0']);
    expect(github.state.releases[0]?.body).toContain('| 100.0% | 3/3 |');

    const second = await release();
    expect(second.code).toBe(0);
    expect(JSON.parse(second.outputs['tags-created']!)).toEqual([]);
    expect(JSON.parse(second.outputs['tags-skipped']!)).toEqual([
      { folder: 'prompts/support/v1.0', tag: 'prompts/support@v1.0', reason: 'already tagged at this commit' },
    ]);
    expect(github.state.releases).toHaveLength(1);
  });

  it('says which permission is missing when the token cannot create tags, for every tag, and still reports', async () => {
    await repo.writeFiles(supportFolder('prompts/support/v2.0'));
    await repo.writeFiles(supportFolder('prompts/billing/v1.0'));
    await cli(repo, ['test', 'prompts/support/v2.0', 'prompts/billing/v1.0', '--responses', 'record']);
    sha = await repo.commit('v2.0 and billing');
    // A token without `contents: write`: every write is refused, reads work.
    github.fail({
      method: 'POST',
      path: /^\/repos\/octo\/app\/git\//,
      status: 403,
      message: 'Resource not accessible by integration',
      times: 10,
    });
    const run = await release();
    expect(run.code).toBe(1);
    expect(JSON.parse(run.outputs['tags-created']!)).toEqual([]);
    const failed = JSON.parse(run.outputs['tags-failed']!) as { tag: string; reason: string }[];
    expect(failed.map((f) => f.tag).sort()).toEqual(['prompts/billing@v1.0', 'prompts/support@v2.0']);
    for (const f of failed) {
      expect(f.reason).toMatch(new RegExp(`^Could not create the tag object for ${f.tag}: the token cannot write tags .*contents: write`));
    }
    expect(JSON.parse(run.outputs['tags-skipped']!)).toEqual(
      expect.arrayContaining([
        {
          folder: 'prompts/billing/v1.0',
          tag: 'prompts/billing@production',
          reason: 'not moved to v1.0: tagging prompts/billing@v1.0 failed, and an alias never points at an untagged version',
        },
      ]),
    );
    expect(run.stdout).toMatch(
      /::error::promptgate release: 2 tags failed:%0A- Could not create the tag object for prompts\/\w+@v\d.0: .*contents: write/,
    );
    expect(run.summary).toContain('0 created, 3 skipped, 2 failed');
    expect(run.summary).toMatch(
      /^- ❌ `prompts\/support@v2.0`: Could not create the tag object for prompts\/support@\u2060?v2.0: .*contents: write/m,
    );
  });
});

describe('release faults in the action (GitHub API)', () => {
  const TOKEN = 'ghs_releasefaults000000000000000000000';
  let github: GitHubServer;
  let repo: TempRepo;
  beforeEach(async () => {
    github = await startGitHubServer({ token: TOKEN });
    repo = await createTempRepo();
  });
  afterEach(async () => {
    await github.close();
    await repo.cleanup();
  });

  const release = (sha: string) =>
    runAction({
      workspace: repo.dir,
      event: { ref: 'refs/heads/main' },
      eventName: 'push',
      inputs: { mode: 'release', 'github-token': TOKEN },
      apiUrl: github.url,
      sha,
    });

  it('attempts every tag on its own: a 422 "Reference already exists" fails one, the other is created', async () => {
    await repo.writeFiles({ ...supportFolder('prompts/support/v1.0'), ...supportFolder('prompts/billing/v1.0') });
    await cli(repo, ['test', 'prompts', '--responses', 'record']);
    const sha = await repo.commit('two prompts');
    // Another run creates the billing tag between our listing and our first write of a ref.
    const theirs = { repo: 'octo/app', ref: 'refs/tags/prompts/billing@v1.0', sha: 'f'.repeat(40) };
    github.fail({ method: 'POST', path: '/repos/octo/app/git/refs', effect: () => github.state.refs.push(theirs) });

    const run = await release(sha);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.outputs['tags-created']!)).toEqual(['prompts/support@v1.0']);
    expect(JSON.parse(run.outputs['tags-failed']!)).toEqual([
      {
        tag: 'prompts/billing@v1.0',
        folder: 'prompts/billing/v1.0',
        reason: 'Could not create tag prompts/billing@v1.0: the tag already exists',
      },
    ]);
    expect(JSON.parse(run.outputs['tags-skipped']!)).toEqual([
      {
        folder: 'prompts/billing/v1.0',
        tag: 'prompts/billing@production',
        reason: 'not moved to v1.0: tagging prompts/billing@v1.0 failed, and an alias never points at an untagged version',
      },
    ]);
    expect(github.state.refs.map((ref) => ref.ref).sort()).toEqual([
      'refs/tags/prompts/billing@v1.0',
      'refs/tags/prompts/support@production',
      'refs/tags/prompts/support@v1.0',
    ]);
    expect(github.state.refs.find((ref) => ref.ref === theirs.ref)?.sha).toBe(theirs.sha); // theirs is untouched
    expect(run.stdout).toContain('::error::promptgate release: Could not create tag prompts/billing@v1.0: the tag already exists');
    expect(run.summary).toContain('1 created, 1 skipped, 1 failed');
    expect(run.outputs['pass-rate']).toBe('1.0000');
  });

  it('reports a release that cannot list the tags, with the summary and empty outputs', async () => {
    await repo.writeFiles(supportFolder('prompts/support/v1.0'));
    const sha = await repo.commit('one prompt');
    github.fail({ method: 'GET', path: /\/git\/matching-refs\//, status: 403, message: 'Resource not accessible by integration' });
    const run = await release(sha);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error::promptgate release: Could not list the tags starting with prompts\/: the token cannot write tags or releases/,
    );
    expect(run.summary).toContain('The release stopped before tagging anything: Could not list the tags starting with prompts/');
    expect(run.outputs).toMatchObject({ 'tags-created': '[]', 'tags-skipped': '[]', 'tags-failed': '[]' });
  });

  it('keeps ids from the repository out of workflow commands, and refuses a version named "production"', async () => {
    const injected = supportFolder('prompts/support/v1.0');
    injected['prompts/support/v1.0/prompt.yaml'] += 'id: "support\\n::error::x"\n';
    const named = supportFolder('prompts/billing/v2');
    named['prompts/billing/v2/prompt.yaml'] += 'id: billing\nversion: production\n';
    await repo.writeFiles({ ...injected, ...named });
    const sha = await repo.commit('hostile names');

    const run = await release(sha);
    // The runner reads a workflow command from any stdout line that starts with `::`.
    expect(run.stdout).not.toMatch(/^\s*::error::x/m);
    expect(run.stdout).not.toMatch(/^::set-output/m);
    const skipped = JSON.parse(run.outputs['tags-skipped']!) as { tag: string; reason: string }[];
    expect(skipped).toEqual([
      {
        folder: 'prompts/billing/v2',
        tag: 'prompts/billing@production',
        reason:
          'the version is named "production", like the moving alias prompts/billing@production: give it another version in prompt.yaml',
      },
      {
        folder: 'prompts/support/v1.0',
        tag: 'prompts/support\n::error::x@v1.0',
        reason: expect.stringMatching(/^not a valid git tag name/),
      },
    ]);
    expect(run.stdout).toContain('Not tagged prompts/billing@production: the version is named "production"');
    expect(github.state.refs).toEqual([]);
    expect(run.code).toBe(0);
  });
});
