import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main, type CliIO } from '../../src/cli/main.js';
import type { ResultsFile } from '../../src/results/model.js';
import { supportFolder, supportModel } from '../support/fixtures.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { startProviderEmulator, type EmulatedRequest, type RunningEmulator } from '../support/provider-emulator.js';

/**
 * Issue 19, "fail closed", through the CLI on real git repositories and the loopback provider:
 * a verdict a team can make its required check must not pass what it cannot judge, nor a change
 * that quietly removes a guard.
 */
const KEY = 'sk-failclosed-0123456789abcdef';
let emulator: RunningEmulator;

/** supportModel, except that the model `weak-model` misreads billing (a weaker candidate). */
function answer(request: EmulatedRequest) {
  if (request.model === 'weak-model') {
    const system = request.messages.find((message) => message.role === 'system');
    if (system) system.content += '\nBREAK-BILLING';
  }
  return supportModel(request);
}

beforeAll(async () => {
  emulator = await startProviderEmulator({ answer });
});
afterAll(async () => emulator.close());

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  results: ResultsFile;
}

async function cli(repo: TempRepo, args: string[], env: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    cwd: repo.dir,
    env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.openaiBaseURL, NO_COLOR: '1', ...env },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  const out = join(repo.dir, '.promptgate', `${Math.random().toString(36).slice(2)}.json`);
  const code = await main([...args, '--out', out], io);
  let results = undefined as unknown as ResultsFile;
  try {
    results = JSON.parse(await readFile(out, 'utf8')) as ResultsFile;
  } catch {
    // no results file (a usage error): the test looks at code and stderr
  }
  return { code, stdout, stderr, results };
}

/** A repository with one recorded support folder on main; `prepare` adds to it before the commit. */
async function recordedRepo(files: Record<string, string> = {}): Promise<TempRepo> {
  const repo = await createTempRepo();
  await repo.writeFiles({ ...supportFolder('prompts/support/v1.0'), ...files });
  const recorded = await cli(repo, ['test', 'prompts', '--responses', 'record']);
  expect(recorded.code).toBe(0);
  await repo.commit('support prompt, recorded');
  return repo;
}

describe('a promptgate.yaml error fails the check (exit 2), naming file, line and field', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await recordedRepo();
  });
  afterAll(async () => repo.cleanup());

  const bad: Array<[string, string]> = [
    ['threshhold: 0.99', 'threshhold'],
    ['fail_on_regresion: significant', 'fail_on_regresion'],
    ['threshold: 1.5', 'threshold'],
    ['threshold: "0.99"', 'threshold'],
    ['threshold: 99%', 'threshold'],
    ['threshold: .nan', 'threshold'],
    ['threshold: 0,99', 'threshold'],
    ['max_cost_increase: "10%"', 'max_cost_increase'],
  ];
  it.each(bad)('test: `%s`', async (line, field) => {
    await repo.write('promptgate.yaml', `concurrency: 2\n${line}\n`);
    const run = await cli(repo, ['test', 'prompts', '--responses', 'replay']);
    expect(run.code).toBe(2);
    expect(run.results.gate).toMatchObject({ passed: false, exitCode: 2 });
    expect(run.results.gate.reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`^promptgate\\.yaml:2: ${field}: `))]),
    );
    expect(run.stdout).toContain(`error: promptgate.yaml:2: ${field}: `);
    expect(run.stdout).not.toContain('Gate passed');
  });

  it('release: tags nothing and exits 2', async () => {
    await repo.write('promptgate.yaml', 'threshhold: 0.5\n');
    await repo.commit('a typo in the settings');
    const run = await cli(repo, ['release', '--responses', 'replay']);
    expect(run.code).toBe(2);
    expect(await repo.git(['tag', '--list'])).toBe('');
    expect(run.stdout).toContain('not tagged prompts/support@v1.0: the run could not be judged (see the input problems above)');
  });
});

describe('a required test cannot disappear quietly', () => {
  let repo: TempRepo;
  const REQUIRED_TESTS = `tests:
  - name: Handle password reset request
    input: I forgot my password
    expected_intent: account_access
  - name: Escalate billing disputes
    required: true
    input: You charged my card twice
    expected_escalate: true
`;
  beforeAll(async () => {
    repo = await createTempRepo();
    await repo.writeFiles(supportFolder('prompts/support/v1.0', { tests: REQUIRED_TESTS }));
    expect((await cli(repo, ['test', 'prompts', '--responses', 'record'])).code).toBe(0);
    await repo.commit('a required billing test');
  });
  afterAll(async () => repo.cleanup());

  async function onBranch(name: string, tests: string, promptYaml?: string): Promise<Run> {
    await repo.git(['checkout', '--quiet', 'main']);
    await repo.git(['checkout', '--quiet', '-b', name]);
    await repo.write('prompts/support/v1.0/tests.yaml', tests);
    if (promptYaml !== undefined) await repo.write('prompts/support/v1.0/prompt.yaml', promptYaml);
    await cli(repo, ['test', 'prompts', '--responses', 'auto']);
    await repo.commit(name);
    return cli(repo, ['test', '--base', 'main', '--responses', 'replay']);
  }

  it('fails when the head deletes it, with that reason first', async () => {
    const run = await onBranch('delete-required', REQUIRED_TESTS.split('  - name: Escalate')[0]!);
    expect(run.code).toBe(1);
    expect(run.results.gate.reasons[0]).toBe(
      'prompts/support/v1.0: required test "Escalate billing disputes" of the base is gone (deleted or renamed); if that is intended, name it under allow_removing_required in prompt.yaml',
    );
    expect(run.results.comparison?.suites[0]?.droppedRequired).toEqual([
      { name: 'Escalate billing disputes', how: 'removed', allowed: false },
    ]);
  });

  it('fails when the head renames it, or drops required: true', async () => {
    const renamed = await onBranch('rename-required', REQUIRED_TESTS.replace('Escalate billing disputes', 'Escalates double charges'));
    expect(renamed.code).toBe(1);
    expect(renamed.results.gate.reasons[0]).toContain('required test "Escalate billing disputes" of the base is gone');
    const demoted = await onBranch('demote-required', REQUIRED_TESTS.replace('    required: true\n', ''));
    expect(demoted.code).toBe(1);
    expect(demoted.results.gate.reasons[0]).toContain('test "Escalate billing disputes" is no longer required (it is on the base)');
  });

  it('fails when the head marks it needs_expected, which takes a test out of the gate', async () => {
    // Still `required: true`, and now failing: needs_expected must not be a quiet way around the rule.
    const tests = REQUIRED_TESTS.replace('    required: true\n', '    required: true\n    needs_expected: true\n').replace(
      'expected_escalate: true',
      'expected_escalate: false',
    );
    const run = await onBranch('needs-expected-required', tests);
    expect(run.code).toBe(1);
    expect(run.results.gate.reasons[0]).toBe(
      'prompts/support/v1.0: required test "Escalate billing disputes" of the base is marked needs_expected, which takes it out of the gate; if that is intended, name it under allow_removing_required in prompt.yaml',
    );
    expect(run.results.comparison?.suites[0]?.droppedRequired).toEqual([
      { name: 'Escalate billing disputes', how: 'needs-expected', allowed: false },
    ]);
  });

  it('passes when the head names it under allow_removing_required (visible in the diff)', async () => {
    const promptYaml = (await readFile(join(repo.dir, 'prompts/support/v1.0/prompt.yaml'), 'utf8')).replace(
      /variables:/,
      'allow_removing_required:\n  - Escalate billing disputes\nvariables:',
    );
    const run = await onBranch('allowed-removal', REQUIRED_TESTS.split('  - name: Escalate')[0]!, promptYaml);
    expect(run.code).toBe(0);
    expect(run.results.gate.passed).toBe(true);
    expect(run.results.comparison?.suites[0]?.droppedRequired).toEqual([
      { name: 'Escalate billing disputes', how: 'removed', allowed: true },
    ]);
  });
});

describe('block-on, candidates and one verdict on every surface', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await createTempRepo();
    // The base already fails its billing test.
    await repo.writeFiles(supportFolder('prompts/support/v1.0', { systemNote: 'BREAK-BILLING' }));
    await cli(repo, ['test', 'prompts', '--responses', 'record']);
    await repo.commit('a prompt that already misreads billing');
  });
  afterAll(async () => repo.cleanup());

  it('block-on regressions: a failure already on the base is shown, not blocking; a new one blocks', async () => {
    await repo.git(['checkout', '--quiet', '-b', 'unrelated']);
    await repo.write(
      'prompts/support/v1.0/system.txt',
      'You are the support assistant for {company}.\nAnswer as JSON, briefly.\nBREAK-BILLING\n',
    );
    await cli(repo, ['test', 'prompts', '--responses', 'record']);
    await repo.commit('an unrelated wording change');
    const blockAll = await cli(repo, ['test', '--base', 'main', '--responses', 'replay']);
    expect(blockAll.code).toBe(1);
    const regressionsOnly = await cli(repo, ['test', '--base', 'main', '--responses', 'replay', '--block-on', 'regressions']);
    expect(regressionsOnly.code).toBe(0);
    expect(regressionsOnly.results.gate).toMatchObject({ passed: true, blockOn: 'regressions' });
    expect(regressionsOnly.results.gate.notes).toEqual([
      'prompts/support/v1.0: pass rate 66.7% (2/3 passed) is below the 95.0% threshold, but every failing test already failed on the base (block-on: regressions)',
    ]);
    expect(regressionsOnly.stdout).toContain('Not blocking:');
    // promptgate.yaml says the same as the flag.
    await repo.write('promptgate.yaml', 'block_on: regressions\n');
    expect((await cli(repo, ['test', '--base', 'main', '--responses', 'replay'])).code).toBe(0);
    await repo.remove('promptgate.yaml');
    // A new failure (out-of-scope now escalates wrongly) blocks under either policy.
    await repo.write(
      'prompts/support/v1.0/tests.yaml',
      `${await readFile(join(repo.dir, 'prompts/support/v1.0/tests.yaml'), 'utf8')}
  - name: Weather is not escalated
    input: What's the weather tomorrow?
    expected_escalate: false
`,
    );
    await cli(repo, ['test', 'prompts', '--responses', 'record']);
    const newFailure = await cli(repo, ['test', 'prompts', '--base', 'main', '--responses', 'replay', '--block-on', 'regressions']);
    expect(newFailure.code).toBe(1);
    expect(newFailure.results.gate.reasons[0]).toContain('prompts/support/v1.0: pass rate 50.0% (2/4 passed)');
  });

  it('a candidate model (gate: false) is shown and compared, never blocking; its row is marked apart', async () => {
    await repo.git(['checkout', '--quiet', 'main']);
    await repo.git(['checkout', '--quiet', '-b', 'candidate']);
    await repo.writeFiles(supportFolder('prompts/matrix/v1.0'));
    await repo.write(
      'prompts/matrix/v1.0/prompt.yaml',
      'variables:\n  company: Acme\nmodels:\n  - openai:gpt-4o-mini\n  - { model: openai:weak-model, gate: false }\n',
    );
    const markdown = join(repo.dir, 'comment.md');
    await cli(repo, ['test', 'prompts/matrix', '--responses', 'record']);
    const run = await cli(repo, ['test', 'prompts/matrix', '--responses', 'replay', '--markdown', markdown]);
    expect(run.code).toBe(0);
    const candidate = run.results.gate.suites?.find((suite) => suite.model === 'weak-model');
    expect(candidate).toMatchObject({ passed: false, reasons: [], candidate: true });
    expect(run.results.gate.notes?.[0]).toMatch(
      /^prompts\/matrix\/v1.0 \(openai:weak-model\): pass rate 66.7% .* \(a candidate model: gate: false\)$/,
    );
    const comment = (await readFile(markdown, 'utf8')).replace(/\u2060/g, '');
    expect(comment).toContain('### ✅ promptgate: gate passed');
    expect(comment).toMatch(/\| ⚠️ \| \*\*matrix\*\* v1\.0<br>`openai:weak-model` \|/);
    expect(comment).toMatch(/\| ✅ \| \*\*matrix\*\* v1\.0<br>`openai:gpt-4o-mini` \|/);
  });

  it('every row mark comes from the gate: a regression blocked by fail-on-regression is ❌, not ✅ above the threshold', async () => {
    await repo.git(['checkout', '--quiet', 'main']);
    await repo.git(['checkout', '--quiet', '-b', 'regression']);
    // Ten billing tests that pass on the base and fail on the head: 100% → 61.5%, above 0.5.
    const billing = Array.from(
      { length: 10 },
      (_, i) => `  - name: Billing ${i}\n    input: You charged my card twice (${i})\n    expected_escalate: true\n`,
    ).join('');
    const weather = `  - name: Weather\n    input: What's the weather?\n    expected_escalate: true\n`;
    await repo.git(['checkout', '--quiet', 'main']);
    await repo.write(
      'prompts/support/v1.0/system.txt',
      "You are the support assistant for {company}.\nClassify the customer's message and answer as JSON.\n",
    );
    await repo.write(
      'prompts/support/v1.0/tests.yaml',
      `tests:\n${billing}${weather}${weather.replace('Weather', 'Weather 2')}${weather.replace('Weather', 'Weather 3')}`,
    );
    await cli(repo, ['test', 'prompts', '--responses', 'record']);
    await repo.commit('billing suite');
    await repo.git(['checkout', '--quiet', '-b', 'regression-2']);
    await repo.write('prompts/support/v1.0/system.txt', 'You are the support assistant for {company}.\nAnswer as JSON.\nBREAK-BILLING\n');
    await cli(repo, ['test', 'prompts', '--responses', 'record', '--threshold', '0']);
    await repo.commit('billing misread');
    const markdown = join(repo.dir, 'regression.md');
    const run = await cli(repo, [
      'test',
      '--base',
      'main',
      '--responses',
      'replay',
      '--threshold',
      '0.2',
      '--fail-on-regression',
      'significant',
      '--markdown',
      markdown,
    ]);
    expect(run.code).toBe(1);
    expect(run.results.gate.reasons[0]).toContain('significantly worse than base');
    const comment = await readFile(markdown, 'utf8');
    expect(comment).toContain('### ❌ promptgate: merge blocked');
    const row = comment.split('\n').find((line) => line.startsWith('|') && line.includes('**support** v1.0'));
    expect(row).toMatch(/^\| ❌ \|/);
  });
});

describe('models and schemas', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await createTempRepo();
  });
  afterAll(async () => repo.cleanup());

  it('refuses the same model written two ways in models:', async () => {
    await repo.writeFiles(supportFolder('prompts/twice/v1.0'));
    await repo.write('prompts/twice/v1.0/prompt.yaml', 'variables:\n  company: Acme\nmodels: [openai:gpt-4o-mini, gpt-4o-mini]\n');
    emulator.reset();
    const run = await cli(repo, ['test', 'prompts/twice', '--responses', 'live']);
    expect(run.code).toBe(2);
    expect(emulator.requests).toHaveLength(0);
    expect(run.stdout).toContain('prompts/twice/v1.0/prompt.yaml:3: models[1]: names openai:gpt-4o-mini again (models[0])');
    await repo.write('promptgate.yaml', 'models:\n  - openai:gpt-4o\n  - gpt-4o\n');
    await repo.remove('prompts/twice');
    await repo.writeFiles(supportFolder('prompts/once/v1.0'));
    await repo.write('prompts/once/v1.0/prompt.yaml', 'variables:\n  company: Acme\n');
    const config = await cli(repo, ['test', 'prompts', '--responses', 'live']);
    expect(config.code).toBe(2);
    expect(config.stdout).toContain('promptgate.yaml:3: models[1]: names openai:gpt-4o again (models[0])');
    await repo.remove('promptgate.yaml');
  });

  it('loads a valid recursive schema ("$ref": "#") and checks answers against it', async () => {
    await repo.writeFiles(supportFolder('prompts/tree/v1.0'));
    await repo.write(
      'prompts/tree/v1.0/schema.json',
      JSON.stringify({ type: 'object', required: ['intent'], properties: { intent: { type: 'string' }, child: { $ref: '#' } } }),
    );
    const run = await cli(repo, ['test', 'prompts/tree', '--responses', 'live']);
    expect(run.results.suites[0]?.diagnostics ?? []).toEqual([]);
    expect(run.results.suites[0]?.tests.every((test) => test.errorKind !== 'invalid-input')).toBe(true);
    expect(run.code).toBe(0);
  });
});

describe('a promptgate.yaml change re-runs only the folders whose requests it changes', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await createTempRepo();
    await repo.writeFiles({ ...supportFolder('prompts/a/v1.0'), ...supportFolder('prompts/b/v1.0') });
    // Folder b takes its model from promptgate.yaml; a names its own.
    await repo.write('prompts/b/v1.0/prompt.yaml', 'variables:\n  company: Acme\n');
    await repo.write('promptgate.yaml', 'model: gpt-4o-mini\n');
    await cli(repo, ['test', 'prompts', '--responses', 'record']);
    await repo.commit('two folders');
  });
  afterAll(async () => repo.cleanup());

  it('a price runs nothing; a default model runs only the folder that inherits it', async () => {
    await repo.git(['checkout', '--quiet', '-b', 'price']);
    await repo.write('promptgate.yaml', 'model: gpt-4o-mini\npricing:\n  gpt-4o-mini: { input: 0.15, output: 0.6 }\n');
    await repo.commit('a price');
    const price = await cli(repo, ['test', '--base', 'main', '--responses', 'replay']);
    expect(price.code).toBe(0);
    expect(price.results.suites).toEqual([]);
    await repo.write('promptgate.yaml', 'model: gpt-4o\n');
    await cli(repo, ['test', 'prompts', '--responses', 'record']);
    await repo.commit('a new default model');
    const model = await cli(repo, ['test', '--base', 'main', '--responses', 'replay']);
    expect(model.results.suites.map((suite) => `${suite.path} ${suite.model}`)).toEqual(['prompts/b/v1.0 gpt-4o']);
  });
});

describe('release records every model of a matrix', () => {
  it("writes each model's figures into the tag message, and versions lists them", async () => {
    const repo = await createTempRepo();
    try {
      await repo.writeFiles(supportFolder('prompts/matrix/v1.0'));
      await repo.write(
        'prompts/matrix/v1.0/prompt.yaml',
        'variables:\n  company: Acme\nmodels:\n  - openai:gpt-4o-mini\n  - openai:gpt-4o\n  - { model: openai:weak-model, gate: false }\n',
      );
      await cli(repo, ['test', 'prompts', '--responses', 'record']);
      await repo.commit('a matrix');
      const release = await cli(repo, ['release', '--responses', 'replay']);
      expect(release.code).toBe(0);
      const message = await repo.git(['tag', '-l', '--format=%(contents)', 'prompts/matrix@v1.0']);
      expect(message).toContain('passed on 3 models: openai:gpt-4o-mini 3/3, openai:gpt-4o 3/3, openai:weak-model 2/3');
      expect(message).toMatch(/^model-result: openai:gpt-4o-mini pass-rate=1\.0000 passed=3 total=3 cost-usd=\S+$/m);
      expect(message).toMatch(/^model-result: openai:weak-model pass-rate=0\.6667 passed=2 total=3 cost-usd=\S+ candidate$/m);
      let json = '';
      await main(['versions', '--json'], { ...silentIo(repo), stdout: (text) => (json += text) });
      const [prompt] = JSON.parse(json) as Array<{ versions: Array<{ models?: Array<{ model: string; passRate: number }> }> }>;
      expect(prompt!.versions[0]!.models?.map((model) => `${model.model} ${model.passRate.toFixed(4)}`)).toEqual([
        'gpt-4o-mini 1.0000',
        'gpt-4o 1.0000',
        'weak-model 0.6667',
      ]);
    } finally {
      await repo.cleanup();
    }
  });
});

function silentIo(repo: TempRepo): CliIO {
  return { cwd: repo.dir, env: {}, stdout: () => undefined, stderr: () => undefined, stdoutIsTTY: false, stderrIsTTY: false };
}

describe('smaller items, each seen', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await recordedRepo();
  });
  afterAll(async () => repo.cleanup());

  it('a PATH that does not exist is bad input: exit 2, naming it', async () => {
    const run = await cli(repo, ['test', 'prompts/nope', '--responses', 'replay']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('error: prompts/nope');
  });

  it('promptgate.yaml `prompts: prompts` is one path, as the action input takes it', async () => {
    await repo.write('promptgate.yaml', 'prompts: prompts\n');
    const run = await cli(repo, ['test', '--responses', 'replay']);
    expect(run.code).toBe(0);
    expect(run.results.suites.map((suite) => suite.path)).toEqual(['prompts/support/v1.0']);
    await repo.remove('promptgate.yaml');
  });

  it('--help names the Azure variables', async () => {
    let out = '';
    await main(['--help'], { ...silentIo(repo), stdout: (text) => (out += text) });
    for (const name of ['AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_ENDPOINT', 'OPENAI_API_VERSION']) expect(out).toContain(name);
  });

  it('merge refuses to pass shards whose promptgate.yaml has an error (exit 2)', async () => {
    await repo.write('promptgate.yaml', 'threshhold: 0.5\n');
    const shards = [1, 2].map((index) => join(repo.dir, `shard-${index}.json`));
    for (const [index, out] of shards.entries()) {
      const code = await main(['test', 'prompts', '--responses', 'replay', '--shard', `${index + 1}/2`, '--out', out], silentIo(repo));
      expect(code).toBe(2);
    }
    const merged = await cli(repo, ['merge', ...shards]);
    expect(merged.code).toBe(2);
    expect(merged.results.gate.reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/^promptgate\.yaml:1: threshhold: unknown key/)]),
    );
    await repo.remove('promptgate.yaml');
  });
});
