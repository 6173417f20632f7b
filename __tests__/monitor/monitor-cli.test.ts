import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitMonitorTagStore } from '../../src/monitor/tags.js';
import { runMonitor } from '../../src/monitor/run-monitor.js';
import { parseWindow } from '../../src/monitor/window.js';
import { supportModel } from '../support/fixtures.js';
import { flakyModel, serveTraffic } from '../support/monitor-traffic.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { createRuntimeRepo, supportVersion, type RuntimeRepo } from '../support/runtime-repo.js';

// `promptgate monitor` on spans the real runtime wrote, against real git tags made by
// `promptgate release`: the CLI moves the local tags and prints the push command.
jest.setTimeout(120_000);

const GUARDS =
  'deploy:\n  rollback_on:\n    error_rate: "> 5%"\n    escalation_rate: "> 80%"\n    latency_p95: "> 2000ms"\n  min_samples: 200\n';

let emulator: RunningEmulator;
let repo: RuntimeRepo;
let logs: string;
beforeEach(async () => {
  emulator = await startProviderEmulator({ answer: supportModel });
  repo = await createRuntimeRepo(emulator);
  logs = await mkdtemp(join(tmpdir(), 'promptgate-monitor-logs-'));
});
afterEach(async () => {
  await repo.cleanup();
  await emulator.close();
  await rm(logs, { recursive: true, force: true });
});
afterAll(() => undefined);

const alias = (tag: string) => repo.repo.git(['for-each-ref', '--format=%(objectname) %(contents)', `refs/tags/${tag}`]);

async function releaseTwoVersions(): Promise<void> {
  await repo.release(supportVersion('prompts/support/v1.0', { deploy: GUARDS }));
  await repo.release(supportVersion('prompts/support/v2.0', { systemNote: 'Version two.', deploy: GUARDS }));
}

describe('promptgate monitor (CLI, local tags)', () => {
  it('rolls production back to the version before it when a guard is breached, prints the push command, and acts once', async () => {
    await releaseTwoVersions();
    expect(await alias('prompts/support@production')).toContain('previous-version: v1.0');
    emulator.setAnswer(flakyModel('Version two.', 5)); // 20% of v2.0's answers break the schema
    const file = join(logs, 'promptgate.jsonl');
    const traffic = await serveTraffic(repo, emulator, { file, calls: 300 });
    expect(traffic.failed).toBe(60);

    const first = await repo.cli(['monitor', '--logs', file, '--since', '1h']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('support v2.0 · production (prompts/support@production)');
    expect(first.stdout).toMatch(/error_rate\s+20\.0% \(95% CI 15\.9–24\.9%, n=300\)/);
    expect(first.stdout).toContain('breached error_rate > 5%');
    expect(first.stdout).toContain('Moved prompts/support@production back from v2.0 to v1.0 (the local repository)');
    expect(first.stdout).toContain('push it: git push --force origin refs/tags/prompts/support@production');
    const moved = await alias('prompts/support@production');
    expect(moved).toContain('production-version: v1.0');
    expect(moved).toContain('rolled-back-from: v2.0');
    expect(moved).toMatch(/rolled back from v2\.0 to v1\.0: error_rate 20\.0%/);
    // The alias now marks v1.0's commit.
    const [v1Commit, productionCommit] = await Promise.all([
      repo.repo.git(['rev-parse', 'prompts/support@v1.0^{commit}']),
      repo.repo.git(['rev-parse', 'prompts/support@production^{commit}']),
    ]);
    expect(productionCommit).toBe(v1Commit);

    // A second run over the same window: v2.0 is no longer production, so nothing is done.
    const second = await repo.cli(['monitor', '--logs', file, '--since', '1h']);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('Actions:');
    expect(await alias('prompts/support@production')).toBe(moved);
  });

  it('never acts below min_samples, and missing data (no such output field) never breaches', async () => {
    // avg_score reads an output field the model never writes: its guard has no data, however many executions.
    const scored = (path: string, note?: string) => {
      const files = supportVersion(path, {
        ...(note ? { systemNote: note } : {}),
        deploy: `${GUARDS.replace('min_samples: 200', 'min_samples: 500')}`.replace(
          'rollback_on:\n',
          'rollback_on:\n    avg_score: "< 0.5"\n',
        ),
      });
      files[`${path}/prompt.yaml`] = files[`${path}/prompt.yaml`]!.replace('metrics:\n', 'metrics:\n  avg_score: { mean_of: score }\n');
      return files;
    };
    await repo.release(scored('prompts/support/v1.0'));
    await repo.release(scored('prompts/support/v2.0', 'Version two.'));
    emulator.setAnswer(flakyModel('Version two.', 2)); // half of the answers fail: clearly bad, but few
    const file = join(logs, 'few.jsonl');
    await serveTraffic(repo, emulator, { file, calls: 300 });
    const before = await alias('prompts/support@production');
    const run = await repo.cli(['monitor', '--logs', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('error_rate > 5%: not judged, 50.0% (95% CI 44.4–55.6%, n=300) from too few executions');
    expect(run.stdout).toContain('avg_score < 0.5: no data');
    expect(run.stdout).toMatch(/avg_score\s+n\/a \(n=0\)/);
    expect(await alias('prompts/support@production')).toBe(before);
  });

  it('reports a healthy canary ready to promote, promotes it only with --promote, and drops a canary that breaches', async () => {
    const canaryGuards = `deploy:\n  canary: { weight: 50 }\n${GUARDS.slice('deploy:\n'.length)}`;
    await repo.release(supportVersion('prompts/support/v1.0', { deploy: GUARDS }));
    await repo.release(supportVersion('prompts/support/v1.1', { systemNote: 'Canary wording.', deploy: canaryGuards }), '--no-alias');
    expect((await repo.cli(['release', '--canary', 'support@v1.1'])).code).toBe(0);
    const healthy = join(logs, 'healthy.jsonl');
    const traffic = await serveTraffic(repo, emulator, { file: healthy, calls: 600 });
    expect(traffic.variants.canary).toBeGreaterThan(250);
    expect(traffic.variants.production).toBeGreaterThan(250);
    const tagsBefore = await repo.repo.git(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags']);

    const report = await repo.cli(['monitor', '--logs', healthy, '--since', '1h']);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('support v1.1 · canary (prompts/support@canary)');
    expect(report.stdout).toMatch(/error_rate > 5%: within \(0\.0% .*\); not worse than production: 0\.0% against production 0\.0%/);
    expect(report.stdout).toContain('canary v1.1 is ready to promote');
    // Ready is a report, not an act: nothing moves without --promote.
    expect(await repo.repo.git(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags'])).toBe(tagsBefore);

    const promoted = await repo.cli(['monitor', '--logs', healthy, '--since', '1h', '--promote']);
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toContain(
      'Pointed prompts/support@production at v1.1 (the local repository), and dropped prompts/support@canary',
    );
    expect(promoted.stdout).toContain(
      'push it: git push --force origin refs/tags/prompts/support@production :refs/tags/prompts/support@canary',
    );
    const production = await alias('prompts/support@production');
    expect(production).toContain('production-version: v1.1');
    expect(production).toContain('previous-version: v1.0');
    expect(await alias('prompts/support@canary')).toBe('');

    // A new canary that breaks: 20% of its answers fail the schema. It is dropped; production stays.
    await repo.release(supportVersion('prompts/support/v1.2', { systemNote: 'Bad wording.', deploy: canaryGuards }), '--no-alias');
    expect((await repo.cli(['release', '--canary', 'support@v1.2'])).code).toBe(0);
    emulator.setAnswer(flakyModel('Bad wording.', 5));
    const broken = join(logs, 'broken.jsonl');
    await serveTraffic(repo, emulator, { file: broken, calls: 600 });
    const dropped = await repo.cli(['monitor', '--logs', broken, '--since', '1h']);
    expect(dropped.code).toBe(1);
    expect(dropped.stdout).toContain('Dropped prompts/support@canary (v1.2) (the local repository)');
    expect(dropped.stdout).toContain('push it: git push origin :refs/tags/prompts/support@canary');
    expect(await alias('prompts/support@canary')).toBe('');
    expect(await alias('prompts/support@production')).toBe(production);
  });

  it('does not move an alias that a release moved after monitor read it', async () => {
    await releaseTwoVersions();
    emulator.setAnswer(flakyModel('Version two.', 5));
    const file = join(logs, 'race.jsonl');
    await serveTraffic(repo, emulator, { file, calls: 300 });
    const store = gitMonitorTagStore(repo.repo.dir);
    const racing = {
      ...store,
      async list() {
        const tags = await store.list();
        // A person promotes v1.0 by hand between monitor's read and its write.
        await repo.cli(['release', '--promote', 'support@v1.0']);
        return tags;
      },
    };
    const moved = await alias('prompts/support@production');
    const outcome = await runMonitor({
      repoDir: repo.repo.dir,
      logs: [file],
      window: parseWindow('1h', Date.now()),
      store: racing,
      promote: false,
      warn: () => undefined,
    });
    expect(outcome.results).toEqual([
      expect.objectContaining({ outcome: 'raced', message: expect.stringContaining('the alias moved since monitor read it') }),
    ]);
    const now = await alias('prompts/support@production');
    expect(now).not.toBe(moved);
    expect(now).toContain('production-version: v1.0');
    // The hand-made move stands: monitor wrote nothing over it.
    expect(now).not.toContain('rolled-back-from');
  });
});
