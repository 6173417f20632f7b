import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import type { ResultsFile } from '../../src/results/model.js';
import { supportFolder, supportModel } from '../support/fixtures.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { createRuntimeRepo, type RuntimeRepo } from '../support/runtime-repo.js';

// A harvested production case (`needs_expected: true`) runs and is shown, but never counts
// against the gate: not in the pass rate, not in the metrics, not as a required test.
const validateResults = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(
  JSON.parse(await readFile(new URL('../../schemas/results.schema.json', import.meta.url), 'utf8')),
);

let emulator: RunningEmulator;
let repo: RuntimeRepo;
beforeAll(async () => {
  // The "model" breaks the schema for one input: the case production harvested.
  emulator = await startProviderEmulator({
    answer: (request) => (request.lastUserMessage.includes('refund') ? '{"intent": 7}' : supportModel(request)),
  });
  repo = await createRuntimeRepo(emulator);
});
afterAll(async () => {
  await repo.cleanup();
  await emulator.close();
});

const TESTS = `tests:
  - name: Handle password reset request
    input: I forgot my password
    expected_intent: account_access
  - name: "harvested: error (3f2a9c1e)"
    input: I want a refund, now
    required: true
    needs_expected: true
    source: { trace_id: 3f2a9c1e00000000000000000000000, version: v1.0, at: "2026-12-01T10:00:00Z" }
`;

describe('needs_expected', () => {
  it('a failing harvested case leaves the pass rate, the metrics and the gate alone, and is listed with a note', async () => {
    const path = 'prompts/support/v1.1';
    const files = supportFolder(path, { tests: TESTS });
    files[`${path}/prompt.yaml`] += 'metrics:\n  error_rate: { max: 0 }\n';
    await repo.repo.writeFiles(files);
    const run = await repo.cli(['test', path, '--responses', 'live', '--out', 'results.json']);
    expect(run.code).toBe(0);
    const results = JSON.parse(await readFile(join(repo.repo.dir, 'results.json'), 'utf8')) as ResultsFile;
    expect(validateResults(results)).toBe(true);
    const [suite] = results.suites;
    expect(suite!.summary).toMatchObject({ total: 1, passed: 1, failed: 0, passRate: 1, needsExpected: 1 });
    expect(suite!.metrics).toEqual({ error_rate: { value: 0, max: 0, passed: true } });
    expect(suite!.tests[1]).toMatchObject({ name: 'harvested: error (3f2a9c1e)', status: 'failed', needsExpected: true, required: true });
    expect(results.gate).toMatchObject({ passed: true, exitCode: 0 });
    expect(results.gate.notes).toEqual([
      `${path}: 1 harvested test awaits expectations (needs_expected: true): run and shown, not gated until a person writes them`,
    ]);
    expect(run.stdout).toContain('harvested test awaits expectations');

    // Once a person removes needs_expected, the same case is gated like any other.
    await repo.repo.writeFiles({ [`${path}/tests.yaml`]: TESTS.replace('    needs_expected: true\n', '') });
    const gated = await repo.cli(['test', path, '--responses', 'live', '--out', 'results.json']);
    expect(gated.code).toBe(1);
  });
});
