import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ResultsFile } from '../../src/results/model.js';
import { supportFolder, supportModel } from '../support/fixtures.js';
import { flakyModel, serveTraffic } from '../support/monitor-traffic.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { createRuntimeRepo, RUNTIME_KEY, supportVersion, type RuntimeRepo } from '../support/runtime-repo.js';

// `promptgate harvest` on spans the real runtime wrote with content recording on: cases become
// tests of the newest version folder, scrubbed and hashed, and replay from recordings.json.
jest.setTimeout(120_000);

let emulator: RunningEmulator;
let repo: RuntimeRepo;
let logs: string;
beforeEach(async () => {
  emulator = await startProviderEmulator({ answer: supportModel });
  repo = await createRuntimeRepo(emulator);
  logs = await mkdtemp(join(tmpdir(), 'promptgate-harvest-'));
  await repo.release(supportVersion('prompts/support/v1.0'));
  // The next version, in the work tree: harvest writes into it, and keeps user_tier as it is.
  const next = supportFolder('prompts/support/v1.1');
  next['prompts/support/v1.1/prompt.yaml'] += 'harvest:\n  keep: [user_tier]\n';
  await repo.repo.writeFiles(next);
});
afterEach(async () => {
  await repo.cleanup();
  await emulator.close();
  await rm(logs, { recursive: true, force: true });
});

const PII = 'Email jane.doe@example.com, card 4111 1111 1111 1111, phone +1 (415) 555-0100';
const INPUTS = [`Where is my order? ${PII}`, 'I forgot my password', 'Where is my order? Order 48213', `Where is my order? ${PII}`];

describe('promptgate harvest', () => {
  it('writes the matching cases, scrubbed, hashed and deduplicated, with their answers recorded so they replay for free', async () => {
    const file = join(logs, 'spans.jsonl');
    await serveTraffic(repo, emulator, {
      file,
      calls: 8,
      input: (call) => INPUTS[call % INPUTS.length]!,
      vars: { company: 'Globex', user_tier: 'gold', api_token: RUNTIME_KEY },
      record: { content: true, variables: ['company', 'user_tier', 'api_token'] },
    });
    const run = await repo.cli(['harvest', 'support', '--logs', file, '--where', 'confidence < 0.8 and not error', '--since', '1h']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'harvested 2 cases of support into prompts/support/v1.1/tests.yaml: 6 executions matched "confidence < 0.8 and not error" in the window (4 duplicates of a test or of each other)',
    );
    expect(run.stdout).toContain('wrote prompts/support/v1.1/tests.yaml, prompts/support/v1.1/recordings.json');

    const text = await readFile(join(repo.repo.dir, 'prompts/support/v1.1/tests.yaml'), 'utf8');
    // The file a person wrote is unchanged; the cases come after it.
    expect(text.startsWith(supportFolder('x')['x/tests.yaml']!)).toBe(true);
    const tests = (parse(text) as { tests: Array<Record<string, unknown>> }).tests.slice(3);
    expect(tests).toHaveLength(2);
    for (const test of tests) {
      expect(test).toMatchObject({
        name: expect.stringMatching(/^harvested: confidence < 0\.8 and not error \([0-9a-f]{8}\)$/),
        needs_expected: true,
        vars: { company: expect.stringMatching(/^sha256:[0-9a-f]{16}$/), user_tier: 'gold', api_token: expect.stringMatching(/^sha256:/) },
        source: { trace_id: expect.stringMatching(/^[0-9a-f]{32}$/), version: 'v1.0', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      });
    }
    expect(tests.map((test) => test.input).sort()).toEqual([
      'Where is my order? Email [EMAIL], card [CARD], phone [PHONE]',
      'Where is my order? Order 48213',
    ]);
    expect(text).not.toMatch(/jane|4111|555-0100|Globex/);
    expect(text).not.toContain(RUNTIME_KEY);
    const recordings = await readFile(join(repo.repo.dir, 'prompts/support/v1.1/recordings.json'), 'utf8');
    expect(recordings).not.toMatch(/jane|4111|Globex/);

    // The new tests replay their production answers: no call reaches the provider, and they gate nothing.
    emulator.reset();
    const replay = await repo.cli(['test', 'prompts/support/v1.1', '--responses', 'replay', '--out', 'results.json']);
    const results = JSON.parse(await readFile(join(repo.repo.dir, 'results.json'), 'utf8')) as ResultsFile;
    expect(emulator.requestCount()).toBe(0);
    const harvested = results.suites[0]!.tests.filter((test) => test.needsExpected);
    expect(harvested.map((test) => [test.status, test.source])).toEqual([
      ['passed', 'replay'],
      ['passed', 'replay'],
    ]);
    expect(results.suites[0]!.summary).toMatchObject({ needsExpected: 2 });
    expect(replay.stdout).toContain('2 harvested tests await expectations');

    // A second harvest finds nothing new: every case is in tests.yaml already.
    const again = await repo.cli(['harvest', 'support', '--logs', file, '--where', 'confidence < 0.8 and not error', '--since', '1h']);
    expect(again.stdout).toContain('harvested 0 cases');
    expect(await readFile(join(repo.repo.dir, 'prompts/support/v1.1/tests.yaml'), 'utf8')).toBe(text);
  });

  it('takes failed executions with `error`, newest first, at most --max', async () => {
    emulator.setAnswer(flakyModel('You are the support assistant', 2));
    const file = join(logs, 'errors.jsonl');
    await serveTraffic(repo, emulator, {
      file,
      calls: 12,
      input: (call) => `Question number ${call}`,
      record: { content: true },
    });
    const run = await repo.cli(['harvest', 'support', '--logs', file, '--where', 'error', '--max', '2', '--into', 'prompts/support/v1.1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('harvested 2 cases of support');
    const tests = (
      parse(await readFile(join(repo.repo.dir, 'prompts/support/v1.1/tests.yaml'), 'utf8')) as { tests: Array<{ input: string }> }
    ).tests.slice(3);
    // Calls 1, 3, 5, … failed; the newest two are 11 and 9.
    expect(tests.map((test) => test.input)).toEqual(['Question number 11', 'Question number 9']);
  });

  it('refuses spans without the conversation, saying how to record it, and a bad --where with its place', async () => {
    const file = join(logs, 'bare.jsonl');
    await serveTraffic(repo, emulator, { file, calls: 4 });
    const bare = await repo.cli(['harvest', 'support', '--logs', file, '--where', 'escalate == true']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('2 executions of support match "escalate == true", but their spans hold no conversation');
    expect(bare.stderr).toContain('telemetry: { record: { content: true');
    const bad = await repo.cli(['harvest', 'support', '--logs', file, '--where', 'confidence < 0.6 oops']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--where: has "oops" where the expression should end (join conditions with and / or) (at character 18 of "confidence < 0.6 oops")',
    );
  });
});
