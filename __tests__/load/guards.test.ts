import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createWorkTreeSource } from '../../src/load/files/file-source.js';
import { loadPromptFolder } from '../../src/load/folder.js';
import { parseGuardLimit } from '../../src/load/guards.js';

// prompt.yaml `deploy: { rollback_on, min_samples }` and `harvest: { keep }`: parsed strictly,
// every problem with its file, line and field.
const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

const DIR = 'prompts/support/v2.1';
const FILE = `${DIR}/prompt.yaml`;
async function load(promptYaml: string, tests = 'tests:\n  - name: a\n    input: hi\n') {
  const root = await mkdtemp(join(tmpdir(), 'promptgate-guards-'));
  roots.push(root);
  const files = { [`${DIR}/system.txt`]: 'You help customers.\n', [FILE]: promptYaml, [`${DIR}/tests.yaml`]: tests };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return loadPromptFolder(createWorkTreeSource(root), DIR, {});
}

const METRICS = 'metrics:\n  escalation_rate: { rate_of: escalate, max: 0.2 }\n  avg_confidence: { mean_of: confidence }\n';

describe('prompt.yaml deploy.rollback_on', () => {
  it("reads the seed's guards, a metric's and the built-ins, with min_samples", async () => {
    const loaded = await load(
      `${METRICS}deploy:\n  rollback_on:\n    error_rate: "> 5%"\n    escalation_rate: "> 15%"\n    latency_p95: "> 2000ms"\n    avg_confidence: "< 0.7"\n    cost_per_query: "> $0.002"\n  min_samples: 300\nharvest:\n  keep: [user_tier]\n`,
    );
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.folder.guards).toEqual({
      minSamples: 300,
      guards: [
        { name: 'error_rate', measure: { kind: 'error_rate' }, op: '>', limit: 0.05, text: '> 5%', line: 6 },
        { name: 'escalation_rate', measure: { kind: 'rate_of', field: 'escalate' }, op: '>', limit: 0.15, text: '> 15%', line: 7 },
        { name: 'latency_p95', measure: { kind: 'latency_p95' }, op: '>', limit: 2000, text: '> 2000ms', line: 8 },
        { name: 'avg_confidence', measure: { kind: 'mean_of', field: 'confidence' }, op: '<', limit: 0.7, text: '< 0.7', line: 9 },
        { name: 'cost_per_query', measure: { kind: 'cost_per_query' }, op: '>', limit: 0.002, text: '> $0.002', line: 10 },
      ],
    });
    expect(loaded.folder.harvest).toEqual({ keep: ['user_tier'] });
    // The raw block is what the lockfile carries.
    expect(loaded.folder.deploy).toEqual({
      rollback_on: {
        error_rate: '> 5%',
        escalation_rate: '> 15%',
        latency_p95: '> 2000ms',
        avg_confidence: '< 0.7',
        cost_per_query: '> $0.002',
      },
      min_samples: 300,
    });
  });

  it('defaults min_samples to 200, and accepts seconds and a rate written as a fraction', async () => {
    const loaded = await load('deploy:\n  rollback_on: { latency_p95: ">= 2.5s", error_rate: "> 0.05" }\n');
    expect(loaded.ok && loaded.folder.guards).toEqual({
      minSamples: 200,
      guards: [
        expect.objectContaining({ name: 'latency_p95', op: '>=', limit: 2500 }),
        expect.objectContaining({ name: 'error_rate', op: '>', limit: 0.05 }),
      ],
    });
  });

  it('names the file, line and guard of every bad limit or name', async () => {
    const loaded = await load(
      `${METRICS}deploy:\n  rollback_on:\n    error_rate: "5%"\n    latency_p95: "> 2000"\n    escalation_rate: "> 150%"\n    avg_confidence: "< 70%"\n    refund_rate: "> 5%"\n    cost_per_query: "> 0.01ms"\n`,
    );
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors).toEqual([
      { file: FILE, line: 6, field: 'deploy.rollback_on.error_rate', message: 'must be a comparison such as "> 5%", got "5%"' },
      {
        file: FILE,
        line: 7,
        field: 'deploy.rollback_on.latency_p95',
        message: 'is a latency, in ms or s: write it like "> 2000ms" or "> 2s", got "> 2000"',
      },
      { file: FILE, line: 8, field: 'deploy.rollback_on.escalation_rate', message: 'a rate is at most 100% (or 1), got "> 150%"' },
      {
        file: FILE,
        line: 9,
        field: 'deploy.rollback_on.avg_confidence',
        message: 'is a mean of the output field, in the field\'s own unit: write it like "< 0.7", got "< 70%"',
      },
      {
        file: FILE,
        line: 10,
        field: 'deploy.rollback_on.refund_rate',
        message:
          "is not a guard: name one of the folder's metrics or a built-in (error_rate, latency_p95, cost_per_query, escalation_rate, avg_confidence)",
      },
      {
        file: FILE,
        line: 11,
        field: 'deploy.rollback_on.cost_per_query',
        message: 'is a cost per query in USD: write it like "> $0.01", got "> 0.01ms"',
      },
    ]);
  });

  it('refuses min_samples without guards, and a value of the wrong type through the schema', async () => {
    const alone = await load('deploy:\n  min_samples: 100\n');
    expect(!alone.ok && alone.errors).toEqual([
      {
        file: FILE,
        line: 2,
        field: 'deploy.min_samples',
        message: 'has no guard to apply to: add deploy.rollback_on (e.g. error_rate: "> 5%")',
      },
    ]);
    const typed = await load('deploy:\n  rollback_on: { error_rate: 5 }\n  min_samples: 0\n');
    expect(!typed.ok && typed.errors).toEqual([
      expect.objectContaining({ file: FILE, line: 2, field: 'deploy.rollback_on.error_rate', message: expect.stringContaining('string') }),
      expect.objectContaining({ file: FILE, line: 3, field: 'deploy.min_samples', message: expect.stringContaining('>= 1') }),
    ]);
  });

  it.each([
    ['> 5%', { kind: 'error_rate' }, { op: '>', limit: 0.05 }],
    ['>5%', { kind: 'error_rate' }, { op: '>', limit: 0.05 }],
    ['<= .5', { kind: 'mean_of', field: 'x' }, { op: '<=', limit: 0.5 }],
    ['> $1', { kind: 'cost_per_query' }, { op: '>', limit: 1 }],
    ['> 5 %', { kind: 'error_rate' }, { op: '>', limit: 0.05 }],
    ['=> 5%', { kind: 'error_rate' }, 'must be a comparison such as "> 5%", got "=> 5%"'],
    ['> 5%%', { kind: 'error_rate' }, 'must be a comparison such as "> 5%", got "> 5%%"'],
    ['> -1ms', { kind: 'latency_p95' }, 'must be a comparison such as "> 2000ms" or "> 2s", got "> -1ms"'],
  ] as const)('parseGuardLimit(%p)', (text, measure, expected) => {
    expect(parseGuardLimit(text, measure)).toEqual(expected);
  });
});

describe('tests.yaml needs_expected and source', () => {
  it('are read: a harvested case awaits expectations', async () => {
    const loaded = await load(
      'variables: {}\n',
      'tests:\n  - name: harvested\n    input: hi\n    needs_expected: true\n    source: { trace_id: abc, version: v2.0, at: "2026-12-01T10:00:00Z" }\n',
    );
    expect(loaded.ok && loaded.folder.tests[0]).toMatchObject({ name: 'harvested', needsExpected: true });
    const bad = await load('variables: {}\n', 'tests:\n  - name: harvested\n    input: hi\n    source: { trace: abc }\n');
    expect(bad.ok && bad.folder.tests[0]!.invalid).toMatchObject({ file: `${DIR}/tests.yaml`, line: 4 });
  });
});
