import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { toPromptgateTemplate } from '../../src/interop/github-models.js';
import { renderTemplate } from '../../src/load/template.js';
import type { ResultsFile } from '../../src/results/model.js';
import { SUPPORT_SCHEMA, supportFolder } from '../support/fixtures.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { createRuntimeRepo, type RuntimeRepo } from '../support/runtime-repo.js';

// `promptgate import` / `promptgate export --to github-models` on GitHub's own example prompt
// files (github/gh-models examples/), through the CLI; what does not map is a warning.
const FIXTURES = fileURLToPath(new URL('../fixtures/github-models/', import.meta.url));

let emulator: RunningEmulator;
let repo: RuntimeRepo;
beforeAll(async () => {
  emulator = await startProviderEmulator({
    answer: (request) =>
      request.jsonSchema
        ? JSON.stringify({ name: 'Dog', habitat: 'homes', diet: 'omnivore', characteristics: ['loyal'] })
        : `Hello! ${request.lastUserMessage}`,
  });
  repo = await createRuntimeRepo(emulator);
});
afterAll(async () => {
  await repo.cleanup();
  await emulator.close();
});

const read = (path: string) => readFile(join(repo.repo.dir, path), 'utf8');

describe('promptgate import FILE.prompt.yml', () => {
  it('maps messages, model, jsonSchema, testData and string evaluators, and the folder runs', async () => {
    const run = await repo.cli(['import', join(FIXTURES, 'json_schema_prompt.yml')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'wrote prompts/json_schema_prompt/v1 (prompt.yaml, schema.json, system.txt, tests.yaml): 3 tests, 3 warnings above\n',
    );
    expect(run.stderr.trim().split('\n')).toEqual([
      "warning: messages: the user message is a template; promptgate sends a test's input as written, so each test's input is that message filled in with its testData",
      'warning: jsonSchema.name "animal_description": promptgate names the schema itself; not kept',
      'warning: jsonSchema.strict: promptgate sends the schema with strict: false and checks every answer against it itself',
    ]);
    const dir = 'prompts/json_schema_prompt/v1';
    expect(await read(`${dir}/system.txt`)).toBe('You are a helpful assistant that provides detailed information about animals.\n');
    expect(parse(await read(`${dir}/prompt.yaml`))).toEqual({
      description: 'JSON Schema Response Example: Example prompt demonstrating responseFormat and jsonSchema usage',
      provider: 'openai',
      model: 'gpt-4o-mini',
    });
    expect(JSON.parse(await read(`${dir}/schema.json`))).toMatchObject({ type: 'object', required: ['name', 'habitat', 'diet'] });
    const tests = (parse(await read(`${dir}/tests.yaml`)) as { tests: Array<Record<string, unknown>> }).tests;
    expect(tests.map((test) => test.input)).toEqual([
      'Describe a dog in detail.',
      'Describe a cat in detail.',
      'Describe a elephant in detail.',
    ]);
    expect(tests[0]!.assert).toEqual([
      { type: 'regex', value: 'name', flags: 'i' },
      { type: 'regex', value: 'habitat', flags: 'i' },
    ]);
    const test = await repo.cli(['test', dir, '--responses', 'live', '--out', 'results.json']);
    expect(test.code).toBe(0);
    const results = JSON.parse(await read('results.json')) as ResultsFile;
    expect(results.suites[0]!.summary).toMatchObject({ total: 3, passed: 3 });
  });

  it('names what has no promptgate equal: topP, the similarity evaluator, testData expected', async () => {
    const run = await repo.cli(['import', join(FIXTURES, 'sample_prompt.yml'), '--out', 'prompts/sample']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'warning: evaluators "similarity check": the built-in evaluator github/similarity has no promptgate equal; not imported',
    );
    expect(run.stderr).toContain(
      "warning: testData expected: used by gh-models' similarity and LLM evaluators, which promptgate has no equal of; not imported",
    );
    expect(parse(await read('prompts/sample/prompt.yaml'))).toMatchObject({ temperature: 0.5, max_tokens: 50, model: 'gpt-4o' });
    const tests = (parse(await read('prompts/sample/tests.yaml')) as { tests: Array<Record<string, unknown>> }).tests;
    expect(tests[1]).toEqual({
      name: 'case 2: Please respond to this message appropriately: good',
      input: 'Please respond to this message appropriately: goodbye world',
      assert: [{ type: 'regex', value: 'goodbye', flags: 'i' }],
    });
    // Variables of the system message stay variables.
    const templated = await repo.cli(['import', join(FIXTURES, 'template_variables_prompt.yml'), '--out', 'prompts/templated']);
    expect(templated.code).toBe(0);
    expect(await read('prompts/templated/system.txt')).toBe('You are {persona}, a helpful assistant specializing in {domain}.\n');
    expect(templated.stderr).toContain('testData: none, so one example test was written');
  });

  it('refuses a file that is not one, naming the file and line, and never overwrites a folder', async () => {
    await repo.repo.writeFiles({ 'bad.prompt.yml': 'name: x\nmessages:\n  - role: robot\n    content: hi\n' });
    const bad = await repo.cli(['import', 'bad.prompt.yml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('promptgate: bad.prompt.yml:3: messages[0]: must be { role: system | user | assistant, content: text }\n');
    await repo.repo.writeFiles(supportFolder('prompts/taken'));
    const taken = await repo.cli(['import', join(FIXTURES, 'sample_prompt.yml'), '--out', 'prompts/taken']);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('prompts/taken already holds a prompt folder');
  });

  it('keeps literal braces literal: JSON in a prompt survives the conversion', () => {
    const github = 'Answer as {"a": {"b": 1}} for {{name}}; {not a var} }';
    const { template } = toPromptgateTemplate(github);
    expect(renderTemplate(template, { name: 'Ann' }, 'system.txt')).toBe('Answer as {"a": {"b": 1}} for Ann; {not a var} }');
  });
});

describe('promptgate export --to github-models', () => {
  it('writes a prompt file gh-models reads, names every check it cannot carry, and imports back to the same prompt', async () => {
    const path = 'prompts/support/v3';
    const files = supportFolder(path);
    files[`${path}/tests.yaml`] = `tests:
  - name: Greets
    input: Hello
    assert: [{ type: contains, value: "intent" }]
  - name: Billing
    input: You charged my card twice
    expected_intent: billing_issue
    assert: [{ type: contains, value: "intent" }]
`;
    await repo.repo.writeFiles(files);
    const run = await repo.cli(['export', '--to', 'github-models', path, '--out', 'support.prompt.yml']);
    expect(run.code).toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual([
      'warning: evaluators "contains intent": gh-models\' contains ignores case, promptgate\'s does not',
      'warning: tests "Billing": equals intent has no gh-models string evaluator; not exported',
    ]);
    const exported = parse(await read('support.prompt.yml')) as Record<string, unknown>;
    expect(exported).toMatchObject({
      name: 'support v3',
      model: 'openai/gpt-4o-mini',
      modelParameters: { temperature: 0 },
      responseFormat: 'json_schema',
      messages: [
        {
          role: 'system',
          content: "You are the support assistant for {{company}}.\nClassify the customer's message and answer as JSON.\n",
        },
        { role: 'user', content: '{{input}}' },
      ],
      // prompt.yaml's default for {company} is in every item: gh-models fills variables only from there.
      testData: [
        { input: 'Hello', company: 'Acme' },
        { input: 'You charged my card twice', company: 'Acme' },
      ],
      evaluators: [{ name: 'contains intent', string: { contains: 'intent' } }],
    });
    expect(JSON.parse(exported.jsonSchema as string)).toEqual({ name: 'output', strict: false, schema: SUPPORT_SCHEMA });

    const back = await repo.cli(['import', 'support.prompt.yml', '--out', 'prompts/roundtrip']);
    expect(back.code).toBe(0);
    expect(await read('prompts/roundtrip/system.txt')).toBe(await read(`${path}/system.txt`));
    expect(JSON.parse(await read('prompts/roundtrip/schema.json'))).toEqual(SUPPORT_SCHEMA);
  });

  it('names the prompt.yaml settings and test fields a prompt file has no place for: metrics, deploy, harvest, required', async () => {
    const path = 'prompts/guarded/v1';
    const files = supportFolder(path);
    files[`${path}/prompt.yaml`] +=
      'metrics:\n  escalation_rate: { rate_of: escalate }\ndeploy:\n  rollback_on: { error_rate: "> 5%" }\n  min_samples: 200\nharvest: { keep: [company] }\n';
    files[`${path}/tests.yaml`] = 'tests:\n  - name: Greets\n    input: Hello\n    required: true\n    repeat: 3\n';
    await repo.repo.writeFiles(files);
    const run = await repo.cli(['export', '--to', 'github-models', path, '--out', 'guarded.prompt.yml']);
    expect(run.code).toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual([
      'warning: metrics (escalation_rate): a prompt file has no such setting; not exported',
      'warning: deploy (canary, rollback_on, min_samples): a prompt file has no such setting; not exported',
      'warning: harvest: a prompt file has no such setting; not exported',
      'warning: tests "Greets": repeat, required: testData has no such fields; not exported',
    ]);
  });
});
