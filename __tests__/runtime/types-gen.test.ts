import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ts from 'typescript';
import { supportModel } from '../support/fixtures.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { createRuntimeRepo, supportVersion, type RuntimeRepo } from '../support/runtime-repo.js';

// `promptgate types` output, compiled by the TypeScript compiler against the shipped
// declarations of promptgate/runtime (dist/runtime/index.d.ts), as an app's build would.
jest.setTimeout(60_000);

const root = join(import.meta.dirname, '..', '..');
let emulator: RunningEmulator;
let repo: RuntimeRepo;
beforeAll(async () => {
  emulator = await startProviderEmulator({ answer: supportModel });
  repo = await createRuntimeRepo(emulator);
  await repo.release({
    ...supportVersion('prompts/support/v1.0'),
    'prompts/tiered/v1.0/system.txt': 'Support for {company}, tier {tier}.\n',
    'prompts/tiered/v1.0/prompt.yaml': 'variables: { company: Acme }\n',
    'prompts/tiered/v1.0/tests.yaml': 'tests:\n  - name: a\n    input: hi\n    vars: { tier: gold }\n',
  });
  expect((await repo.cli(['bundle'])).code).toBe(0);
  const run = await repo.cli(['types', '--bundle', 'prompts.lock.json', '--out', 'prompts.d.ts']);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('wrote prompts.d.ts (2 prompts)');
});
afterAll(async () => {
  await repo.cleanup();
  await emulator.close();
});

/** The type errors of an app file compiled with the generated declarations. */
async function typeErrors(app: string): Promise<string[]> {
  const file = join(repo.repo.dir, 'app.mts');
  await writeFile(file, app);
  const program = ts.createProgram([file, join(repo.repo.dir, 'prompts.d.ts')], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: [],
    baseUrl: repo.repo.dir,
    paths: { 'promptgate/runtime': [join(root, 'dist', 'runtime', 'index.d.ts')] },
    typeRoots: [join(root, 'node_modules', '@types')],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file?.fileName === file)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

const HEADER = `import { createPromptEngine } from 'promptgate/runtime';
const engine = await createPromptEngine({ bundle: 'prompts.lock.json' });
export {};
`;

describe('promptgate types', () => {
  it('declares each prompt with its variables and its output from schema.json', async () => {
    const types = await readFile(join(repo.repo.dir, 'prompts.d.ts'), 'utf8');
    expect(types).toContain("declare module 'promptgate/runtime'");
    expect(types).toContain('"tiered": {\n      variables: { "company"?: VariableValue; "tier": VariableValue };\n      output: string;');
    expect(types).toMatch(/intent: "account_access" \| "billing_issue" \| "out_of_scope" \| "general_question";/);
  });

  it('lets a correct call type-check, with the output typed', async () => {
    expect(
      await typeErrors(`${HEADER}
const r = await engine.execute('support', { input: 'hi', vars: { company: 'Globex' }, key: 'u1' });
const intent: 'account_access' | 'billing_issue' | 'out_of_scope' | 'general_question' = r.output.intent;
const confidence: number = r.output.confidence;
const escalate: boolean = r.output.escalate;
const t = await engine.execute('tiered', { input: 'hi', vars: { tier: 3 } });
const text: string = t.output;
void [intent, confidence, escalate, text];
`),
    ).toEqual([]);
  });

  it('makes a wrong variable name, a missing required variable, a wrong output field and an unknown prompt type errors', async () => {
    const errors = await typeErrors(`${HEADER}
const r = await engine.execute('support', { input: 'hi', vars: { compnay: 'Globex' } });
r.output.intnet;
await engine.execute('tiered', { input: 'hi' });
await engine.execute('billing', { input: 'hi' });
`);
    expect(errors).toHaveLength(4);
    expect(errors[0]).toContain("'compnay' does not exist");
    expect(errors[1]).toContain("Property 'intnet' does not exist");
    expect(errors[2]).toContain("Property 'vars' is missing");
    expect(errors[3]).toContain('"billing"');
  });
});
