import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInputs } from '../../src/action/inputs.js';
import { runAction } from '../support/action-runner.js';
import { renderGfm, tableRows, visibleText } from '../support/gfm.js';
import { supportModel } from '../support/fixtures.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { flakyModel, serveTraffic } from '../support/monitor-traffic.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { createRuntimeRepo, supportVersion, type RuntimeRepo } from '../support/runtime-repo.js';

// `mode: monitor` as GitHub runs it (node dist/index.js, INPUT_* from action.yml) on a schedule
// and on repository_dispatch, against the loopback GitHub: tags through the Git Data API, one
// sticky issue through the Issues API. The spans are the real runtime's.
jest.setTimeout(120_000);

const TOKEN = 'ghs_monitortoken000000000000000000000';
const GUARDS = 'deploy:\n  rollback_on:\n    error_rate: "> 5%"\n    latency_p95: "> 2000ms"\n  min_samples: 200\n';
const CANARY_GUARDS = `deploy:\n  canary: { weight: 50 }\n${GUARDS.slice('deploy:\n'.length)}`;

let emulator: RunningEmulator;
let repo: RuntimeRepo;
let github: GitHubServer;
let logs: string;
beforeAll(async () => {
  emulator = await startProviderEmulator({ answer: supportModel });
  repo = await createRuntimeRepo(emulator);
  github = await startGitHubServer({ token: TOKEN });
  logs = await mkdtemp(join(tmpdir(), 'promptgate-action-monitor-'));
});
afterAll(async () => {
  await repo.cleanup();
  await emulator.close();
  await github.close();
  await rm(logs, { recursive: true, force: true });
});

const ref = (tag: string) => github.state.refs.find((r) => r.ref === `refs/tags/${tag}`);
const tagMessage = (tag: string) => github.state.tagObjects.find((t) => t.sha === ref(tag)?.sha)?.message ?? '';

async function monitor(file: string, event: 'schedule' | 'repository_dispatch') {
  return runAction({
    workspace: repo.repo.dir,
    eventName: event,
    event:
      event === 'schedule'
        ? { schedule: '17 * * * *', repository: { full_name: 'octo/app' } }
        : { action: 'monitor', client_payload: { window: '1h' }, repository: { full_name: 'octo/app' } },
    inputs: { mode: 'monitor', logs: file, since: '1h', 'github-token': TOKEN },
    apiUrl: github.url,
    sha: await repo.repo.git(['rev-parse', 'HEAD']),
  });
}

describe('mode: monitor', () => {
  it('reads its inputs: logs one per line, since, and promote as a switch', () => {
    const inputs = parseInputs(
      (name) => ({ mode: 'monitor', logs: 'a.jsonl\n logs/*.jsonl \n', since: '6h', promote: 'true' })[name] ?? '',
    );
    expect(inputs.production).toMatchObject({ logs: ['a.jsonl', 'logs/*.jsonl'], since: '6h', promoteReady: true });
    expect(inputs.promote).toBe('');
    expect(() => parseInputs((name) => ({ mode: 'monitor', promote: 'support@v1' })[name] ?? '')).toThrow(
      'input "promote" must be true or false, got "support@v1"',
    );
  });

  it('rolls production back through the API and opens one issue; a second run does nothing; a dropped canary updates the same issue', async () => {
    await repo.release(supportVersion('prompts/support/v1.0', { deploy: GUARDS }));
    await repo.release(supportVersion('prompts/support/v2.0', { systemNote: 'Version two.', deploy: GUARDS }));
    await github.importRepository(repo.repo.dir);
    const v1 = await repo.repo.git(['rev-parse', 'prompts/support@v1.0^{commit}']);
    const v2 = await repo.repo.git(['rev-parse', 'prompts/support@v2.0^{commit}']);
    emulator.setAnswer(flakyModel('Version two.', 5));
    const file = join(logs, 'production.jsonl');
    await serveTraffic(repo, emulator, { file, calls: 300 });

    const first = await monitor(file, 'schedule');
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(
      '::error::promptgate monitor: a guard was breached: Moved prompts/support@production back from v2.0 to v1.0 (octo/app on GitHub)',
    );
    // The tag moved on GitHub itself: there is nothing to push, and the log says nothing of it.
    expect(first.stdout).not.toContain('git push');
    expect(github.state.tagObjects.find((t) => t.sha === ref('prompts/support@production')?.sha)).toMatchObject({ objectSha: v1 });
    expect(tagMessage('prompts/support@production')).toContain('rolled-back-from: v2.0');
    // The alias was read, then read again right before the write: a compare, then the swap.
    const aliasCalls = github.requests.filter((r) => decodeURIComponent(r.path).endsWith('/git/ref/tags/prompts/support@production'));
    expect(aliasCalls.length).toBeGreaterThanOrEqual(2);
    expect(github.state.issues).toHaveLength(1);
    const [issue] = github.state.issues;
    expect(issue!.title).toBe(
      'promptgate monitor: support rolled back from v2.0 to v1.0 (error_rate 20.0% (95% CI 15.9–24.9%) breached > 5%)',
    );
    expect(issue!.body).toContain('<!-- promptgate-monitor: support -->');
    // What a reader sees: both versions and commits, the window, the figures, the way back.
    const seen = renderGfm(issue!.body!);
    expect(seen).toContain(`production <code>v2.0</code> at <code>${v2.slice(0, 12)}</code>`);
    expect(seen).toContain(`rolled back to <code>v1.0</code> at <code>${v1.slice(0, 12)}</code>`);
    expect(visibleText(seen)).toMatch(/Window 1h: \S+ to \S+, 300 executions in 1 file\./);
    expect(visibleText(seen)).toContain('breached error_rate > 5%: 20.0% (95% CI 15.9–24.9%, n=300) lies wholly beyond the limit');
    expect(seen).toContain('To promote it again once it is fixed: <code>promptgate release --promote support@v2.0</code>');
    expect(first.outputs['issue-url']).toBe(`https://github.com/octo/app/issues/${issue!.number}`);
    expect(JSON.parse(first.outputs['monitor-actions']!)).toEqual([
      {
        prompt: 'support',
        action: 'rollback',
        outcome: 'done',
        message: 'Moved prompts/support@production back from v2.0 to v1.0 (octo/app on GitHub)',
      },
    ]);
    // The job summary, as GitHub renders it.
    const summary = renderGfm(first.summary);
    expect(
      tableRows(summary)[0]!
        .slice(0, 4)
        .map((cell) => visibleText(cell)),
    ).toEqual(['v2.0 · production', 'production', '300', '20.0% (15.9–24.9%) · n=300']);
    expect(visibleText(summary)).toContain('breached error_rate > 5%: 20.0% (95% CI 15.9–24.9%, n=300) lies wholly beyond the limit');
    expect(visibleText(summary)).toContain(`Issue created: https://github.com/octo/app/issues/${github.state.issues[0]!.number}`);

    // repository_dispatch, the same window: v2.0 is not production any more. Nothing moves, the issue is untouched.
    const aliasBefore = ref('prompts/support@production')!.sha;
    const issueBefore = { ...github.state.issues[0]! };
    const second = await monitor(file, 'repository_dispatch');
    expect(second.code).toBe(0);
    expect(ref('prompts/support@production')!.sha).toBe(aliasBefore);
    expect(github.state.issues).toEqual([issueBefore]);
    expect(JSON.parse(second.outputs['monitor-actions']!)).toEqual([]);

    // A canary that breaks: dropped through the API, and the same issue carries the new event on top.
    await repo.release(supportVersion('prompts/support/v2.1', { systemNote: 'Canary wording.', deploy: CANARY_GUARDS }), '--no-alias');
    expect((await repo.cli(['release', '--promote', 'support@v1.0'])).code).toBe(0);
    expect((await repo.cli(['release', '--canary', 'support@v2.1'])).code).toBe(0);
    await github.importRepository(repo.repo.dir);
    emulator.setAnswer(flakyModel('Canary wording.', 4));
    const canaryFile = join(logs, 'canary.jsonl');
    await serveTraffic(repo, emulator, { file: canaryFile, calls: 600 });
    const third = await monitor(canaryFile, 'schedule');
    expect(third.code).toBe(1);
    expect(ref('prompts/support@canary')).toBeUndefined();
    expect(
      github.requests.some((r) => r.method === 'DELETE' && decodeURIComponent(r.path).endsWith('/git/refs/tags/prompts/support@canary')),
    ).toBe(true);
    expect(github.state.issues).toHaveLength(1);
    const updated = github.state.issues[0]!;
    expect(updated.title).toMatch(/^promptgate monitor: support canary v2\.1 dropped \(error_rate 25\.0% \(95% CI \S+\) breached > 5%\)$/);
    const text = visibleText(renderGfm(updated.body!)).replace(/\u2060/g, '');
    expect(text.indexOf('Dropped prompts/support@canary (v2.1)')).toBeGreaterThan(-1);
    expect(text.indexOf('Dropped prompts/support@canary (v2.1)')).toBeLessThan(text.indexOf('Moved prompts/support@production'));
    expect(updated.body).toContain('`promptgate release --canary support@v2.1`');
  });
});
