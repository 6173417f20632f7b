import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// examples/app as an app runs it: promptgate installed in its node_modules (here a link to
// this checkout, as `npm install` of `file:../..` makes), no key, no network, no git.
jest.setTimeout(60_000);

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
let app: string;
beforeAll(async () => {
  app = await mkdtemp(join(tmpdir(), 'promptgate-example-app-'));
  await cp(join(root, 'examples', 'app'), app, { recursive: true });
  await mkdir(join(app, 'node_modules'), { recursive: true });
  await symlink(root, join(app, 'node_modules', 'promptgate'), 'dir');
});
afterAll(async () => {
  await rm(app, { recursive: true, force: true });
});

describe('examples/app', () => {
  it('runs the bundled versions offline on their recorded answers, and writes its spans', async () => {
    const spans = join(app, 'logs', 'spans.jsonl');
    const { stdout } = await run(process.execPath, ['index.mjs'], {
      cwd: app,
      env: { PATH: process.env.PATH ?? '', PROMPTGATE_TELEMETRY_FILE: spans },
    });
    expect(stdout).toContain('customer-support v2.0 (production, from the bundle): account_access -> password_reset, confidence 0.96');
    expect(stdout).toContain('escalated to a person (billing_dispute)');
    expect(stdout).toContain('no answer (missing-recording)');
    expect(stdout).toContain('invoice-extraction v1.0: Northpeak Supply Co., NP-88412, total 3936 USD');
    const lines = (await readFile(spans, 'utf8')).trimEnd().split('\n');
    const names = lines.flatMap((line) => JSON.parse(line).resourceSpans[0].scopeSpans[0].spans.map((span: { name: string }) => span.name));
    expect(names).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini', 'chat gpt-4o-mini', 'chat gpt-4.1-mini']);
  });

  it('holds a lockfile built from prompts-example (scripts/example-bundle.mjs)', async () => {
    const lock = JSON.parse(await readFile(join(root, 'examples', 'app', 'prompts.lock.json'), 'utf8'));
    expect(Object.keys(lock.prompts)).toEqual(['code-review', 'customer-support', 'invoice-extraction', 'order-lookup', 'support-matrix']);
    const system = await readFile(join(root, 'prompts-example', 'customer-support', 'v2.0', 'system.txt'), 'utf8');
    expect(lock.prompts['customer-support'].production.system.template).toBe(system.replace(/\r\n/g, '\n'));
  });
});
