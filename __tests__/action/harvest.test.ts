import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction } from '../support/action-runner.js';
import { supportFolder, supportModel } from '../support/fixtures.js';
import { renderGfm, tableRows, visibleText } from '../support/gfm.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { serveTraffic } from '../support/monitor-traffic.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { createRuntimeRepo, supportVersion, type RuntimeRepo } from '../support/runtime-repo.js';

// `mode: harvest` as GitHub runs it, weekly: the cases are committed through the Git Data API to
// promptgate/harvest/<id>, and one draft pull request shows them; the next run updates it.
jest.setTimeout(120_000);

const TOKEN = 'ghs_harvesttoken00000000000000000000000';
const BRANCH = 'promptgate/harvest/support';

let emulator: RunningEmulator;
let repo: RuntimeRepo;
let github: GitHubServer;
let logs: string;
let main: string;
beforeAll(async () => {
  emulator = await startProviderEmulator({ answer: supportModel });
  repo = await createRuntimeRepo(emulator);
  github = await startGitHubServer({ token: TOKEN });
  logs = await mkdtemp(join(tmpdir(), 'promptgate-action-harvest-'));
  await repo.release(supportVersion('prompts/support/v1.0'));
  await repo.repo.writeFiles(supportFolder('prompts/support/v1.1'));
  main = await repo.repo.commit('next version');
  await github.importRepository(repo.repo.dir);
  github.setRef('refs/heads/main', main);
});
afterAll(async () => {
  await repo.cleanup();
  await emulator.close();
  await github.close();
  await rm(logs, { recursive: true, force: true });
});

async function harvest(file: string) {
  // Each run starts from a fresh checkout, as on GitHub.
  await repo.repo.git(['checkout', '--', '.']);
  await repo.repo.git(['clean', '-fdq', 'prompts']);
  return runAction({
    workspace: repo.repo.dir,
    eventName: 'schedule',
    event: { schedule: '0 6 * * 1', repository: { full_name: 'octo/app', default_branch: 'main' } },
    inputs: { mode: 'harvest', 'prompt-id': 'support', where: 'confidence < 0.8', logs: file, since: '1h', 'github-token': TOKEN },
    env: { GITHUB_REF: 'refs/heads/main' },
    apiUrl: github.url,
    sha: main,
  });
}

const branchHead = () => github.state.refs.find((ref) => ref.ref === `refs/heads/${BRANCH}`)?.sha;
const pulls = () => github.state.issues.filter((issue) => issue.pull);

describe('mode: harvest', () => {
  it('commits the cases to its branch and opens one draft pull request, updated by the next run, never over a person’s commit', async () => {
    const first = join(logs, 'week1.jsonl');
    await serveTraffic(repo, emulator, { file: first, calls: 4, input: (call) => `Where is order ${call}?`, record: { content: true } });
    const run = await harvest(first);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs.harvested).toBe('4');
    expect(pulls()).toHaveLength(1);
    const [pull] = pulls();
    expect(pull).toMatchObject({
      title: 'promptgate harvest: 4 production cases of support',
      state: 'open',
      pull: { head: BRANCH, base: 'main', draft: true },
    });
    expect(run.outputs['pull-request-url']).toBe(`https://github.com/octo/app/pull/${pull!.number}`);
    // The commit: on top of the commit that ran, with the folder's tests.yaml and recordings.json.
    const commit = github.state.git.commits.get(branchHead()!)!;
    expect(commit.parents).toEqual([main]);
    expect(commit.message).toMatch(/^promptgate harvest: 4 production cases of support/);
    const tree = github.state.git.trees.get(commit.tree)!;
    expect(tree.entries.map((entry) => entry.path)).toEqual(['prompts/support/v1.1/tests.yaml', 'prompts/support/v1.1/recordings.json']);
    const tests = github.state.git.blobs.get(tree.entries[0]!.sha)!.content.toString('utf8');
    expect(tests.match(/needs_expected: true/g)).toHaveLength(4);
    // The pull request's table, as GitHub renders it.
    const html = renderGfm(pull!.body!);
    const rows = tableRows(html).map((row) => row.map((cell) => visibleText(cell)));
    expect(rows).toHaveLength(4);
    expect(rows.map((row) => row[1]).sort()).toEqual(['Where is order 0?', 'Where is order 1?', 'Where is order 2?', 'Where is order 3?']);
    expect(rows[0]![2]).toContain('"intent":"general_question"');
    expect(rows[0]![3]).toBe('v1.0');
    expect(html).toContain('and remove <code>needs_expected: true</code>');

    // The next week: more cases. The same pull request is updated; its branch is rebuilt.
    const second = join(logs, 'week2.jsonl');
    await serveTraffic(repo, emulator, { file: second, calls: 6, input: (call) => `Where is order ${call}?`, record: { content: true } });
    const before = branchHead();
    const next = await harvest(second);
    expect(next.code).toBe(0);
    expect(next.outputs.harvested).toBe('6');
    expect(pulls()).toHaveLength(1);
    expect(pulls()[0]!.title).toBe('promptgate harvest: 6 production cases of support');
    expect(branchHead()).not.toBe(before);

    // A person commits expectations to the branch: the next run leaves it alone.
    const theirs = await fetch(`${github.url}/repos/octo/app/git/commits`, {
      method: 'POST',
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        message: 'Fill in the expectations',
        tree: github.state.git.commits.get(branchHead()!)!.tree,
        parents: [branchHead()],
      }),
    }).then((response) => response.json() as Promise<{ sha: string }>);
    github.setRef(`refs/heads/${BRANCH}`, theirs.sha);
    const third = await harvest(second);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain(`::warning::${BRANCH} has commits that are not promptgate's`);
    expect(branchHead()).toBe(theirs.sha);
  });
});
