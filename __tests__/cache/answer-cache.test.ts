import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileCache } from '../../src/cache/file-cache.js';
import { main } from '../../src/cli/main.js';
import { redactor } from '../../src/lib/secrets.js';
import type { ResultsFile } from '../../src/results/model.js';
import { silentCli } from '../support/cli-io.js';
import { supportFolder, supportModel } from '../support/fixtures.js';
import { createTempDir, createTempRepo, type TempRepo } from '../support/git-repo.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';

/**
 * Issue 21: every live answer goes into the answer cache, which is read after recordings.json
 * and before a live call, so the same change run twice (a second push, with recordings.json
 * thrown away with the job) calls the model once.
 */
const KEY = 'sk-cache-test-0123456789abcdef';
let emulator: RunningEmulator;
let repo: TempRepo;
const cacheDir = () => join(repo.dir, '.promptgate', 'cache');

beforeAll(async () => {
  // The model echoes the key it was called with once: the cache must not keep it.
  emulator = await startProviderEmulator({
    answer: (request) => {
      const answer = supportModel(request);
      return request.lastUserMessage.includes('password') && typeof answer !== 'string' && 'text' in answer
        ? { ...answer, text: answer.text.replace('}', `,"note":"${KEY}"}`) }
        : answer;
    },
  });
  repo = await createTempRepo();
  await repo.writeFiles(supportFolder('prompts/support/v1.0'));
  await repo.commit('a folder, never recorded');
});
afterAll(async () => {
  await emulator.close();
  await repo.cleanup();
});

async function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; results: ResultsFile; stderr: string }> {
  let stderr = '';
  const io = {
    ...silentCli(repo.dir, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL, ...env }),
    stderr: (text: string) => (stderr += text),
  };
  const code = await main([...args, '--out', join(repo.dir, 'out.json')], io);
  return { code, results: JSON.parse(await readFile(join(repo.dir, 'out.json'), 'utf8')) as ResultsFile, stderr };
}

/** What the next job of the same pull request starts from: the commit, without this job's recordings. */
const freshCheckout = () => repo.git(['clean', '-fdq', '--', 'prompts']);

describe('the answer cache', () => {
  it('serves a second run of the same change with no call, and keeps no secret', async () => {
    emulator.reset();
    const first = await run(['test', 'prompts', '--responses', 'auto']);
    expect(first.results.calls?.head).toMatchObject({ live: 3, cached: 0 });
    expect(emulator.requests).toHaveLength(3);
    await freshCheckout();
    const second = await run(['test', 'prompts', '--responses', 'auto']);
    expect(emulator.requests).toHaveLength(3);
    expect(second.results.calls?.head).toMatchObject({ live: 0, replayed: 0, cached: 3 });
    expect(second.results.suites[0]!.tests.map((test) => test.source)).toEqual(['cache', 'cache', 'cache']);
    expect(second.code).toBe(first.code);
    // auto records what recordings.json lacked, from the cache as from a live call.
    expect(await readFile(join(repo.dir, 'prompts/support/v1.0/recordings.json'), 'utf8')).toContain('"input": "I forgot my password"');
    const files = await cacheFiles();
    expect(files).toHaveLength(3);
    const texts = await Promise.all(files.map((file) => readFile(file, 'utf8')));
    expect(texts.join('\n')).toContain('[REDACTED]');
    expect(texts.join('\n')).not.toContain(KEY);
    expect(await readFile(join(cacheDir(), '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('answers a replay (no key: a fork) from the cache too, and is left alone with --no-cache', async () => {
    await freshCheckout();
    const replay = await run(['test', 'prompts', '--responses', 'replay'], { OPENAI_API_KEY: '' });
    expect(replay.results.calls?.head).toMatchObject({ live: 0, cached: 3, missing: 0 });
    await freshCheckout();
    const without = await run(['test', 'prompts', '--responses', 'replay', '--no-cache']);
    expect(without.results.calls?.head).toMatchObject({ cached: 0, missing: 3 });
  });

  it('treats a corrupt entry, or one written for another request, as a miss with one warning, and calls live', async () => {
    const [first, second] = await cacheFiles();
    await writeFile(first!, '{ not json');
    const entry = JSON.parse(await readFile(second!, 'utf8')) as { digest: string };
    await writeFile(second!, JSON.stringify({ ...entry, digest: 'f'.repeat(64) }));
    await freshCheckout();
    emulator.reset();
    const run2 = await run(['test', 'prompts', '--responses', 'auto']);
    expect(emulator.requests).toHaveLength(2);
    expect(run2.results.calls?.head).toMatchObject({ live: 2, cached: 1 });
    expect(run2.stderr.match(/warning: the answer cache entry/g)).toHaveLength(1);
  });

  it('stays within its bound, dropping the entries unused longest', async () => {
    const dir = await createTempDir('promptgate-cache-');
    const cache = createFileCache({ dir, redact: redactor([]), maxBytes: 2_000 });
    const response = {
      text: 'x'.repeat(300),
      model: 'm',
      usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0 },
      latencyMs: 1,
    };
    for (let index = 0; index < 10; index += 1) {
      await cache.put(`${index}`.padStart(64, 'a'), 0, response);
      const path = join(dir, 'aa', `${`${index}`.padStart(64, 'a')}-0.json`);
      await utimes(path, new Date(1_000_000 + index * 1000), new Date(1_000_000 + index * 1000));
    }
    // The oldest entry is used again: it is kept, the next oldest go.
    expect(await cache.get('0'.padStart(64, 'a'), 0)).toMatchObject({ text: response.text });
    await cache.trim();
    const kept = (await readdir(join(dir, 'aa'))).sort();
    const sizes = await Promise.all(kept.map(async (name) => (await stat(join(dir, 'aa', name))).size));
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1_800);
    expect(kept).toContain(`${'0'.padStart(64, 'a')}-0.json`);
    expect(kept).not.toContain(`${'1'.padStart(64, 'a')}-0.json`);
    await rm(dir, { recursive: true, force: true });
  });
});

async function cacheFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const shard of await readdir(cacheDir(), { withFileTypes: true })) {
    if (!shard.isDirectory()) continue;
    for (const name of await readdir(join(cacheDir(), shard.name))) files.push(join(cacheDir(), shard.name, name));
  }
  return files.sort();
}
