import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../../src/lib/diagnostics.js';
import { loadRepoConfig } from '../../src/load/config.js';
import { createWorkTreeSource } from '../../src/load/files/file-source.js';
import { loadPromptFolder } from '../../src/load/folder.js';
import type { LoadedFolder } from '../../src/load/types.js';
import { createTempDir } from '../support/git-repo.js';

/**
 * Error messages quote no file content beyond the offending token. Each file below holds a
 * secret-looking canary next to (never as) the offending token: the message must locate the
 * problem (file, line, field) without carrying the canary along.
 */
const CANARY = 'ghp_CANARY_content_must_not_leak_0123';

const SYSTEM = 'You help {company} customers.\n';
const TESTS = 'tests:\n  - name: first\n    input: hi\n';

const CASES: Array<{ name: string; files: Record<string, string | Buffer>; expected: RegExp }> = [
  {
    name: 'a YAML syntax error',
    files: { 'tests.yaml': `tests:\n  - name: ${CANARY}\n    input: [unclosed, ${CANARY}\n` },
    expected: /^p\/tests\.yaml:3: invalid YAML: /,
  },
  {
    name: 'an unknown key in tests.yaml',
    files: { 'tests.yaml': `tests:\n  - name: first\n    input: ${CANARY}\n    expect_intent: ${CANARY}\n` },
    expected: /^p\/tests\.yaml:4: tests\[0\]\.expect_intent: unknown key "expect_intent"/,
  },
  {
    name: 'a JSON syntax error in examples.json (V8 quotes the text around it)',
    files: { 'examples.json': `[{"user": "${CANARY}", "assistant": nope ${CANARY}}]` },
    expected: /^p\/examples\.json:1: invalid JSON: unexpected "nope" \(line 1, column \d+\)$/,
  },
  {
    name: 'a template placeholder without a value',
    files: { 'system.txt': `Internal ${CANARY} {missing} ${CANARY}\n` },
    expected: /^p\/system\.txt:1: missing: placeholder \{missing\} has no value/,
  },
  {
    name: 'an invalid JSON Schema',
    files: { 'schema.json': `{"description": "${CANARY}", "type": "objet"}` },
    expected: /^p\/schema\.json:1: type: invalid JSON Schema: .*\(got "objet"\)$/,
  },
  {
    name: 'a file that is not UTF-8',
    files: { 'system.txt': Buffer.concat([Buffer.from(`${CANARY}\n`), Buffer.from([0xc3, 0x28])]) },
    expected: /^p\/system\.txt:2: not valid UTF-8: byte 0xc3 at offset \d+; save the file as UTF-8$/,
  },
  {
    name: 'a wrong type in prompt.yaml',
    files: { 'prompt.yaml': `model: ${CANARY}\ntemperature: [${CANARY}]\n` },
    expected: /^p\/prompt\.yaml:2: temperature: must be a number, not a list$/,
  },
];

let root: string;
beforeAll(async () => {
  root = await createTempDir('promptgate-content-');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function load(name: string, files: Record<string, string | Buffer>): Promise<Diagnostic[]> {
  const dir = join(root, name.replace(/\W+/g, '-'));
  for (const [file, content] of Object.entries({
    'system.txt': SYSTEM,
    'tests.yaml': TESTS,
    'prompt.yaml': 'variables: { company: Acme }\n',
    ...files,
  })) {
    await mkdir(dirname(join(dir, 'p', file)), { recursive: true });
    await writeFile(join(dir, 'p', file), content);
  }
  const loaded: LoadedFolder = await loadPromptFolder(createWorkTreeSource(dir), 'p', {});
  if (!loaded.ok) return loaded.errors;
  return loaded.folder.tests.flatMap((test) => (test.invalid ? [test.invalid] : []));
}

describe('diagnostics quote the offending token, never the content around it', () => {
  it.each(CASES)('$name', async ({ name, files, expected }) => {
    const messages = (await load(name, files)).map(formatDiagnostic);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.some((message) => expected.test(message))).toBe(true);
    for (const message of messages) expect(message).not.toContain(CANARY);
  });

  it('shortens an offending token to 60 characters on one line', async () => {
    const pattern = `(${'a'.repeat(500)}\n${CANARY}`;
    const messages = (
      await load('long-regex', { 'tests.yaml': `${TESTS}    assert:\n      - { type: regex, value: ${JSON.stringify(pattern)} }\n` })
    ).map(formatDiagnostic);
    expect(messages).toEqual([
      `p/tests.yaml:5: tests[0].assert[0].value: invalid regular expression /(${'a'.repeat(59)}…/: Unterminated group`,
    ]);
  });

  it('promptgate.yaml: a bad value is named, the rest of the file is not quoted', async () => {
    const dir = join(root, 'config');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'promptgate.yaml'), `model: ${CANARY}\nthreshold: ${'9'.repeat(200)}x\nprovider: ${CANARY}-ai\n`);
    const { diagnostics } = await loadRepoConfig(createWorkTreeSource(dir));
    const messages = diagnostics.map(formatDiagnostic);
    expect(messages).toContainEqual(
      `promptgate.yaml:2: threshold: must be a number, not the text "${'9'.repeat(60)}… (141 more characters)"`,
    );
    // The provider value is the offending token: quoted, but shortened.
    expect(messages).toContainEqual(
      `promptgate.yaml:3: provider: "${`${CANARY}-ai`.slice(0, 60)}" is not a provider: the built-in ones are openai, anthropic, azure, bedrock, vertex, and an OpenAI-compatible server is named under endpoints: in promptgate.yaml`,
    );
    expect(messages.join('\n')).not.toContain('9'.repeat(61));
  });
});
