import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { supportModel } from '../support/fixtures.js';
import { startProviderEmulator, type RunningEmulator } from '../support/provider-emulator.js';
import { createRuntimeRepo, runtimeEnv, supportVersion, type RuntimeRepo } from '../support/runtime-repo.js';

// The runtime as an app imports it: the built dist/runtime/index.js (package export
// promptgate/runtime), in a process of its own, with every module it loads recorded.
jest.setTimeout(60_000);

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const entry = join(root, 'dist', 'runtime', 'index.js');

let emulator: RunningEmulator;
let repo: RuntimeRepo;
let lockfile: string;
beforeAll(async () => {
  emulator = await startProviderEmulator({ answer: supportModel });
  repo = await createRuntimeRepo(emulator);
  await repo.release(supportVersion('prompts/support/v1.0'));
  expect((await repo.cli(['bundle', '--with-recordings'])).code).toBe(0);
  lockfile = join(repo.repo.dir, 'prompts.lock.json');
  // Records every module URL resolved (ESM and CommonJS alike) through Node's synchronous hooks.
  await writeFile(
    join(repo.repo.dir, 'record-modules.mjs'),
    `import { registerHooks } from 'node:module';
globalThis.loadedModules = [];
registerHooks({ resolve(specifier, context, next) { const result = next(specifier, context); globalThis.loadedModules.push(result.url); return result; } });
`,
  );
});
afterAll(async () => {
  await repo.cleanup();
  await emulator.close();
});

async function modulesAfter(script: string): Promise<{ modules: string[]; output: string }> {
  const program = `const { createPromptEngine } = await import(${JSON.stringify(entry)});
const lockfile = ${JSON.stringify(lockfile)};
${script}
console.log(JSON.stringify(globalThis.loadedModules));`;
  const { stdout } = await run(
    process.execPath,
    ['--import', join(repo.repo.dir, 'record-modules.mjs'), '--input-type=module', '-e', program],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...runtimeEnv(emulator) },
    },
  );
  const lines = stdout.trimEnd().split('\n');
  return { modules: JSON.parse(lines.at(-1)!) as string[], output: lines.slice(0, -1).join('\n') };
}

const packages = (modules: string[]) => [
  ...new Set(modules.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? [])),
];

describe('promptgate/runtime is light', () => {
  it('loads no CLI, no GitHub code and no provider SDK to start and to replay', async () => {
    const { modules, output } = await modulesAfter(`
const engine = await createPromptEngine({ bundle: lockfile, responses: 'replay' });
const result = await engine.execute('support', { input: 'I forgot my password' });
console.log(result.output.intent);
await engine.close();`);
    expect(output).toBe('account_access');
    expect(modules.some((url) => url.endsWith('/dist/runtime/index.js'))).toBe(true);
    // ajv (the schema check, with its own three dependencies) and the OpenTelemetry API: nothing else.
    expect(packages(modules).sort()).toEqual(['@opentelemetry/api', 'ajv', 'fast-deep-equal', 'fast-uri', 'json-schema-traverse']);
    const ours = modules.filter((url) => url.startsWith(`file://${root}/dist/`)).map((url) => url.slice(`file://${root}`.length));
    expect(ours.filter((url) => !url.startsWith('/dist/runtime/'))).toEqual([]);
    expect(ours.some((url) => /openai|anthropic|refresh/.test(url))).toBe(false);
  });

  it('loads only the SDK of the provider a call uses, on that call', async () => {
    const { modules, output } = await modulesAfter(`
const engine = await createPromptEngine({ bundle: lockfile });
console.log(JSON.stringify(globalThis.loadedModules.filter((url) => url.includes('/node_modules/openai/')).length));
const result = await engine.execute('support', { input: 'I forgot my password' });
console.log(result.servedModel);`);
    expect(output).toBe('0\ngpt-4o-mini');
    expect(packages(modules)).toContain('openai');
    expect(packages(modules)).not.toContain('@anthropic-ai/sdk');
    expect(packages(modules).some((name) => name.startsWith('@actions/') || name.startsWith('@octokit/'))).toBe(false);
  });

  it('ships declarations that name the API', async () => {
    const types = await readFile(join(root, 'dist', 'runtime', 'index.d.ts'), 'utf8');
    for (const name of [
      'createPromptEngine',
      'PromptOutputError',
      'ProviderError',
      'PromptRegistry',
      'ExecuteResult',
      'TelemetryOptions',
    ]) {
      expect(types).toContain(name);
    }
  });
});
