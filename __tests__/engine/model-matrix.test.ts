import { decideGate } from '../../src/gate/decide.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { main, type CliIO } from '../../src/cli/main.js';
import { perTest } from '../../src/results/compare.js';
import { formatInteger } from '../../src/lib/format.js';
import type { ResultsFile } from '../../src/results/model.js';
import { loadPromptFolder } from '../../src/load/folder.js';
import { createWorkTreeSource } from '../../src/load/files/file-source.js';
import { splitModelRef } from '../../src/load/models.js';
import { suitesTable } from '../../src/render/suite-table.js';
import { modelDetails } from '../../src/render/model-details.js';
import { supportFolder, supportModel } from '../support/fixtures.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';

/**
 * A `models:` matrix through the real parts: a temp git repo, recordings made through the
 * record path with both official SDKs against the loopback emulator, and the CLI with --base.
 */

const KEYS = { OPENAI_API_KEY: 'sk-test-matrix-0123456789', ANTHROPIC_API_KEY: 'sk-ant-test-matrix-0123456789' };
const FOLDER = 'prompts/support';

/**
 * The support model on both APIs. Claude reads "STRICT-BILLING" in the system prompt as a
 * reason to treat billing complaints as general questions; GPT models ignore it. Claude's
 * answers use more input tokens, so the models cost differently.
 */
function matrixModel(request: Parameters<typeof supportModel>[0]) {
  const strict = request.messages.some((m) => m.role === 'system' && m.content.includes('STRICT-BILLING'));
  const asModel =
    request.api === 'anthropic' && strict
      ? { ...request, messages: request.messages.map((m) => (m.role === 'system' ? { ...m, content: `${m.content}\nBREAK-BILLING` } : m)) }
      : request;
  const answer = supportModel(asModel);
  if (typeof answer === 'string') return answer;
  return {
    ...answer,
    usage: { inputTokens: request.api === 'anthropic' ? 400 : 200, outputTokens: request.api === 'anthropic' ? 40 : 30 },
  };
}

function promptYaml(models: string[]): string {
  return `models: [${models.join(', ')}]\ntraffic_per_day: 50000\ntemperature: 0\nvariables:\n  company: Acme\n`;
}

const validateResults = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(
  JSON.parse(await readFile(new URL('../../schemas/results.schema.json', import.meta.url), 'utf8')),
);

describe('models: matrix', () => {
  let emulator: RunningEmulator;
  let repo: TempRepo;
  const cli = async (args: string[], env: Record<string, string> = {}) => {
    let stdout = '';
    let stderr = '';
    const io: CliIO = {
      cwd: repo.dir,
      env: { OPENAI_BASE_URL: emulator.openaiBaseURL, ANTHROPIC_BASE_URL: emulator.anthropicBaseURL, ...env },
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      stdoutIsTTY: false,
      stderrIsTTY: false,
    };
    return { code: await main(args, io), stdout, stderr };
  };
  const results = async () => JSON.parse(await readFile(join(repo.dir, '.promptgate/results.json'), 'utf8')) as ResultsFile;

  beforeAll(async () => {
    emulator = await startProviderEmulator({ answer: matrixModel });
    repo = await createTempRepo();
    // Base: three models, recorded through both SDKs into the folder's one recordings.json.
    await repo.writeFiles({
      ...supportFolder(FOLDER),
      [`${FOLDER}/prompt.yaml`]: promptYaml(['openai:gpt-4o', 'anthropic:claude-opus-4-5', 'openai:gpt-4.1']),
    });
    const recorded = await cli(['test', 'prompts', '--responses', 'record'], KEYS);
    expect(recorded.code).toBe(0);
    await repo.commit('support prompt on three models');
    // Head: a system prompt edit that only Claude misreads; gpt-4.1 dropped, gpt-4o-mini added.
    await repo.git(['checkout', '--quiet', '-b', 'feature']);
    await repo.writeFiles({
      [`${FOLDER}/system.txt`]: `You are the support assistant for {company}.\nClassify the customer's message and answer as JSON.\nSTRICT-BILLING\n`,
      [`${FOLDER}/prompt.yaml`]: promptYaml(['openai:gpt-4o', 'anthropic:claude-opus-4-5', 'openai:gpt-4o-mini']),
    });
    const headRecorded = await cli(['test', 'prompts', '--responses', 'record'], KEYS);
    expect(headRecorded.code).toBe(1); // Claude fails the billing test
    await repo.commit('stricter billing rule');
  });
  afterAll(async () => {
    await repo.cleanup();
    await emulator.close();
  });

  it("records every model of the matrix in the folder's one recordings.json", async () => {
    const file = JSON.parse(await readFile(join(repo.dir, FOLDER, 'recordings.json'), 'utf8')) as {
      recordings: Record<string, { provider: string; model: string }>;
    };
    const models = new Set(Object.values(file.recordings).map((entry) => `${entry.provider}:${entry.model}`));
    expect([...models].sort()).toEqual(['anthropic:claude-opus-4-5', 'openai:gpt-4o', 'openai:gpt-4o-mini']);
    expect(Object.keys(file.recordings)).toHaveLength(9);
  });

  it('runs each model as a suite of its own, compares it with the same model on the base and gates it alone', async () => {
    const requestsBefore = emulator.requests.length;
    const run = await cli(['test', 'prompts', '--base', 'main', '--responses', 'replay', '--markdown', 'comment.md']);
    expect(emulator.requests.length).toBe(requestsBefore); // offline, both sides from recordings
    expect(run.code).toBe(1);
    const file = await results();
    expect(validateResults(file)).toBe(true);

    expect(file.suites.map((suite) => [suite.path, suite.id, suite.provider, suite.model, suite.summary.passed])).toEqual([
      [FOLDER, 'support', 'openai', 'gpt-4o', 3],
      [FOLDER, 'support', 'anthropic', 'claude-opus-4-5', 2],
      [FOLDER, 'support', 'openai', 'gpt-4o-mini', 3],
    ]);
    expect(file.suites.every((suite) => suite.trafficPerDay === 50000)).toBe(true);
    expect(file.base?.suites.map((suite) => suite.model)).toEqual(['gpt-4o', 'claude-opus-4-5', 'gpt-4.1']);

    const rows = file.comparison?.suites ?? [];
    const row = (model: string) => rows.find((suite) => suite.model === model);
    expect(rows.map((suite) => [suite.provider, suite.model, suite.change])).toEqual([
      ['openai', 'gpt-4o', 'modified'],
      ['anthropic', 'claude-opus-4-5', 'modified'],
      ['openai', 'gpt-4o-mini', 'added'],
      ['openai', 'gpt-4.1', 'removed'],
    ]);
    // Claude's head is compared with Claude's base, not with GPT-4o's.
    expect(row('claude-opus-4-5')?.base?.inputTokens).toBe(file.base?.suites[1]?.summary.inputTokens);
    expect(row('claude-opus-4-5')?.newlyFailing.map((test) => test.name)).toEqual(['Escalate billing disputes']);
    expect(row('gpt-4o')?.newlyFailing).toEqual([]);
    expect(row('gpt-4o')?.delta.passRate).toBe(0);
    expect(row('gpt-4o-mini')?.base).toBeUndefined();

    expect(file.gate.reasons).toEqual([`${FOLDER} (anthropic:claude-opus-4-5): pass rate 66.7% (2/3 passed) is below the 95.0% threshold`]);
    expect(run.stdout).toContain(`${FOLDER} (anthropic:claude-opus-4-5): pass rate 66.7%`);

    const comment = (await readFile(join(repo.dir, 'comment.md'), 'utf8')).replace(/\u2060/g, '').replace(/\u00a0/g, ' ');
    // One table: a row per folder × model, each model compared with itself on the base.
    expect(comment).toMatch(
      /\| ✅ \| \*\*support\*\* unversioned<br>`openai:gpt-4o` \| 100\.0% → 100\.0%<br><sub>±0 pp<\/sub> \| \$[\d.]+ → \$[\d.]+ \|/,
    );
    expect(comment).toMatch(
      /\| ❌ \| \*\*support\*\* unversioned<br>`anthropic:claude-opus-4-5` \| 100\.0% → \*\*66\.7%\*\*<br><sub>−33\.3 pp<\/sub> \|/,
    );
    expect(comment).toMatch(/\| ✅ \| \*\*support\*\* unversioned · <sub>new<\/sub><br>`openai:gpt-4o-mini` \| 100\.0% \|/);
    expect(comment).toMatch(/\| 🗑️ \| \*\*support\*\* unversioned · <sub>removed<\/sub><br>`openai:gpt-4\.1` \| removed \|/);
    expect(comment.match(/^\| ---|^\|---/gm)).toHaveLength(1);
    // One folder, however many models.
    expect(comment).toContain('1 prompt folder · 3 models · 9 tests');
    // The gate's reason and the newly failing test name the model.
    expect(comment).toContain('- **support** unversioned · `anthropic:claude-opus-4-5`: pass rate 66.7%');
    expect(comment).toContain('**support** unversioned · `Escalate billing disputes` on `anthropic:claude-opus-4-5`');

    // The projection: cost per answered run × 50,000 a day × 30 days, per model.
    const claude = file.suites[1]!;
    const monthly = ((perTest(claude.summary).costPer1kRuns ?? 0) / 1000) * 50000 * 30;
    expect(monthly).toBeGreaterThan(100);
    expect(comment).toContain(
      `- **support** unversioned · \`anthropic:claude-opus-4-5\`: $${formatInteger(monthly)} → $${formatInteger(monthly)} a month at 50,000 runs a day`,
    );
    expect(comment).toContain('**Cost per month** (30 days;');
  });

  it('passes when every model holds, each judged on its own', async () => {
    const run = await cli(['test', 'prompts', '--base', 'main', '--responses', 'replay', '--threshold', '0.6']);
    expect(run.code).toBe(0);
  });
});

describe('provider:model references', () => {
  it('splits only a known provider name before the first colon', () => {
    expect(splitModelRef('anthropic:claude-opus-4-5')).toEqual({ provider: 'anthropic', model: 'claude-opus-4-5' });
    expect(splitModelRef('openai:ft:gpt-4o-mini:acme::abc123')).toEqual({ provider: 'openai', model: 'ft:gpt-4o-mini:acme::abc123' });
    expect(splitModelRef('ft:gpt-4o-mini:acme::abc123')).toEqual({ model: 'ft:gpt-4o-mini:acme::abc123' });
    expect(splitModelRef('gpt-4o')).toEqual({ model: 'gpt-4o' });
  });

  it('reads model: provider:model, and models: from promptgate.yaml as the default', async () => {
    const repo = await createTempRepo();
    try {
      await repo.writeFiles({
        ...supportFolder('a'),
        'a/prompt.yaml': 'model: anthropic:claude-haiku-4-5\nvariables: { company: Acme }\n',
        ...supportFolder('b'),
        'b/prompt.yaml': 'model: ft:gpt-4o-mini:acme::abc123\nvariables: { company: Acme }\n',
        ...supportFolder('c'),
        'c/prompt.yaml': 'traffic_per_day: 1200\nvariables: { company: Acme }\n',
      });
      const source = createWorkTreeSource(repo.dir);
      const config = { models: ['openai:gpt-4o', 'anthropic:claude-opus-4-5', 'gpt-4.1'], trafficPerDay: 50000 };
      const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((path) => loadPromptFolder(source, path, config)));
      if (!a?.ok || !b?.ok || !c?.ok) throw new Error('folders did not load');
      expect(a.folder.settings).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-4-5' });
      expect(b.folder.settings).toMatchObject({ provider: 'openai', model: 'ft:gpt-4o-mini:acme::abc123' });
      expect(c.folder.settings.trafficPerDay).toBe(1200);
      // An entry without a provider runs on the folder's provider.
      expect(c.folder.settings.models).toEqual([
        { provider: 'openai', model: 'gpt-4o' },
        { provider: 'anthropic', model: 'claude-opus-4-5' },
        { provider: 'openai', model: 'gpt-4.1' },
      ]);
    } finally {
      await repo.cleanup();
    }
  });

  it('reports a malformed models: list with the file, line and field', async () => {
    const repo = await createTempRepo();
    try {
      await repo.writeFiles({ ...supportFolder('a'), 'a/prompt.yaml': 'variables: { company: Acme }\nmodels: openai:gpt-4o\n' });
      const loaded = await loadPromptFolder(createWorkTreeSource(repo.dir), 'a', {});
      expect(loaded.ok).toBe(false);
      if (loaded.ok) return;
      expect(loaded.errors[0]).toMatchObject({ file: 'a/prompt.yaml', line: 2, field: 'models' });
    } finally {
      await repo.cleanup();
    }
  });
});

describe('the table of folders × models', () => {
  const summary = {
    total: 2,
    passed: 2,
    failed: 0,
    errors: 0,
    notRun: 0,
    passRate: 1,
    inputTokens: 200,
    outputTokens: 20,
    costUsd: 0.002,
    latencyMs: { p50: 100, p95: 120 },
  };
  const suite = (model: string) => ({
    id: 'support',
    version: 'v1',
    path: 'prompts/support',
    provider: 'openai',
    model,
    summary,
    tests: [],
    trafficPerDay: 1000,
  });

  it("keeps a hostile model name inside its cell, and projects each model's month", () => {
    const suites = [suite('gpt-4o'), suite('x|<img src=y>@team')];
    const gate = decideGate({ suites: suites as unknown as ResultsFile['suites'], threshold: 0.95, nothingFound: false });
    const results = { threshold: 0.95, suites, gate } as unknown as ResultsFile;
    const text = suitesTable(results);
    const row = text.split('\n').find((line) => line.includes('img'));
    expect(row?.replace(/\u00a0/g, ' ')).toContain('`openai:x\\|<img src=y>@team`');
    expect(row?.split(/(?<!\\)\|/).length).toBe(8); // six cells: the name's | did not open a seventh
    // $0.001 per run × 1,000 a day × 30 days
    expect(modelDetails(results).replace(/\u2060/g, '')).toContain(
      '- **support** v1 · `openai:gpt-4o`: $30.00 a month at 1,000 runs a day',
    );
  });
});
