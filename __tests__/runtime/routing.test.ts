import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canaryBucket, createPromptEngine, type Lockfile } from '../../src/runtime/index.js';
import { supportModel } from '../support/fixtures.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { createRuntimeRepo, supportVersion, type RuntimeRepo } from '../support/runtime-repo.js';

jest.setTimeout(60_000);

let emulator: RunningEmulator;
let repo: RuntimeRepo;
let bundle: Lockfile;
beforeAll(async () => {
  emulator = await startProviderEmulator({ answer: supportModel });
  repo = await createRuntimeRepo(emulator);
  await repo.release(supportVersion('prompts/support/v1.0'));
  await repo.release(
    supportVersion('prompts/support/v2.0', { systemNote: 'Canary wording.', deploy: 'deploy:\n  canary: { weight: 10 }\n' }),
    '--no-alias',
  );
  expect((await repo.cli(['release', '--canary', 'support@v2.0'])).code).toBe(0);
  expect((await repo.cli(['bundle', '--with-recordings'])).code).toBe(0);
  bundle = JSON.parse(await readFile(join(repo.repo.dir, 'prompts.lock.json'), 'utf8')) as Lockfile;
});
afterAll(async () => {
  await repo.cleanup();
  await emulator.close();
});

describe('canary routing', () => {
  it('sends a sticky share of keys, about the weight, to the canary, and calls without a key to production', async () => {
    const engine = await createPromptEngine({ bundle, responses: 'replay' });
    const input = { input: 'I forgot my password' };
    const variants = new Map<string, string>();
    for (let user = 0; user < 2000; user += 1) {
      const result = await engine.execute('support', { ...input, key: `user-${user}` });
      expect(result.version).toBe(result.variant === 'canary' ? 'v2.0' : 'v1.0');
      variants.set(`user-${user}`, result.variant);
    }
    const canaries = [...variants.values()].filter((variant) => variant === 'canary').length;
    // 10% of 2,000 is 200; the binomial's standard deviation is ~13.
    expect(canaries).toBeGreaterThan(150);
    expect(canaries).toBeLessThan(250);
    // Sticky: the same key gets the same variant again.
    for (const key of ['user-1', 'user-2', 'user-3', 'user-77', 'user-1999']) {
      expect((await engine.execute('support', { ...input, key })).variant).toBe(variants.get(key));
    }
    for (let call = 0; call < 20; call += 1) expect((await engine.execute('support', input)).variant).toBe('production');
    expect(engine.prompts()).toEqual([{ id: 'support', production: 'v1.0', canary: 'v2.0', canaryWeight: 10, source: 'bundle' }]);
  });

  it('places a key by the first 48 bits of sha256("<prompt id>\\n<key>"), so another service can route the same way', () => {
    const hex = createHash('sha256').update('support\nuser-42').digest('hex');
    expect(canaryBucket('support', 'user-42')).toBe((Number.parseInt(hex.slice(0, 12), 16) / 2 ** 48) * 100);
    expect(canaryBucket('support', 'user-42')).not.toBe(canaryBucket('billing', 'user-42'));
    const buckets = Array.from({ length: 10_000 }, (_, n) => canaryBucket('support', `k${n}`));
    expect(Math.min(...buckets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...buckets)).toBeLessThan(100);
    const deciles = Array.from({ length: 10 }, (_, d) => buckets.filter((b) => b >= d * 10 && b < (d + 1) * 10).length);
    for (const count of deciles) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});
