import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { supportFolder, supportModel } from '../support/fixtures.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';

// Real providers are HTTPS. The SDKs' transport (src/providers/http-fetch.ts) is node:https
// there: the whole CLI, both SDKs, against the emulator serving TLS with a test certificate
// (__tests__/fixtures/tls: self-signed for 127.0.0.1, valid until 2126, a key for tests only).

const BIN = fileURLToPath(new URL('../../bin/promptgate.js', import.meta.url));
const TLS_DIR = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));
const CA = join(TLS_DIR, 'cert.pem');
const KEY = 'sk-tls-test-0123456789';

let emulator: RunningEmulator;
let repo: TempRepo;

beforeAll(async () => {
  emulator = await startProviderEmulator({
    answer: supportModel,
    tls: { key: readFileSync(join(TLS_DIR, 'key.pem'), 'utf8'), cert: readFileSync(CA, 'utf8') },
  });
  repo = await createTempRepo();
  const anthropic = supportFolder('prompts/claude/v1');
  anthropic['prompts/claude/v1/prompt.yaml'] =
    'provider: anthropic\nmodel: claude-3-5-haiku-latest\nmax_tokens: 200\nvariables:\n  company: Acme\n';
  await repo.writeFiles({ ...supportFolder('prompts/support/v1'), ...anthropic });
  await repo.commit('two folders, one per SDK');
});

afterAll(async () => {
  await emulator.close();
  await repo.cleanup();
});

function promptgate(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'test', '--responses', 'live', '--out', 'results.json'], {
      cwd: repo.dir,
      env: {
        PATH: process.env.PATH,
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: emulator.openaiBaseURL,
        ANTHROPIC_API_KEY: KEY,
        ANTHROPIC_BASE_URL: emulator.anthropicBaseURL,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

interface Results {
  summary: { passed: number; errors: number; total: number };
  suites: Array<{ provider: string; tests: Array<{ status: string; error?: string }> }>;
}

describe('live calls over HTTPS', () => {
  it('answers through both SDKs when the server certificate is trusted', async () => {
    emulator.reset();
    const run = await promptgate({ NODE_EXTRA_CA_CERTS: CA });
    expect(run.output).not.toContain(KEY);
    const results = JSON.parse(await readFile(join(repo.dir, 'results.json'), 'utf8')) as Results;
    expect(results.suites.map((suite) => suite.provider).sort()).toEqual(['anthropic', 'openai']);
    // Every test got its answer over TLS (the support model passes all three of each folder).
    expect(results.summary).toMatchObject({ total: 6, passed: 6, errors: 0 });
    expect(emulator.requestCount('openai')).toBe(3);
    expect(emulator.requestCount('anthropic')).toBe(3);
    expect(run.code).toBe(0);
  }, 60_000);

  it('refuses a certificate it cannot verify, as an error of each test that says so', async () => {
    emulator.reset();
    const run = await promptgate({});
    const results = JSON.parse(await readFile(join(repo.dir, 'results.json'), 'utf8')) as Results;
    expect(results.summary).toMatchObject({ total: 6, errors: 6 });
    for (const suite of results.suites) for (const test of suite.tests) expect(test.status).toBe('error');
    // The reason is the TLS failure, not a crash or a hang.
    expect(results.suites[0]!.tests[0]!.error).toMatch(
      /could not reach https:\/\/127\.0\.0\.1:\d+ \(DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate/,
    );
    expect(emulator.requestCount()).toBe(0);
    // Not retried: a certificate that does not verify will not on the next try either.
    expect(results.suites[0]!.tests[0]!.error).not.toContain('gave up after');
    expect(run.code).not.toBe(0);
  }, 60_000);
});
