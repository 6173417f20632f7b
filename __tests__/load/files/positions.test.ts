import { describe, expect, it, afterAll } from '@jest/globals';
import { Ajv } from 'ajv';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseFastYaml } from '../../../src/load/files/fast-yaml.js';
import { locateJsonSyntaxError, positionJsonText } from '../../../src/load/files/json-positions.js';
import { compileUserSchema } from '../../../src/load/files/schemas.js';
import { createWorkTreeSource } from '../../../src/load/files/file-source.js';
import { loadTests } from '../../../src/load/tests.js';

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

async function loadSuite(text: string) {
  const root = await mkdtemp(join(tmpdir(), 'promptgate-positions-'));
  roots.push(root);
  await mkdir(dirname(join(root, 'p/tests.yaml')), { recursive: true });
  await writeFile(join(root, 'p/tests.yaml'), text);
  return loadTests(createWorkTreeSource(root), 'p/tests.yaml', undefined);
}

describe('diagnostics are the same on the fast YAML path and on yaml’s', () => {
  // The same suite with \r\n line ends is outside the fast path (yaml reads it), with the same lines.
  const suite = [
    'tests:',
    '  - name: ok',
    '    input: hi',
    '  - name: unknown key',
    '    input: hi',
    '    expect_intent: x',
    '  - name: wrong type',
    '    input: [a, b]',
    '  - name: ok',
    '    input: duplicate name',
    '  - name: bad regex',
    '    input: hi',
    '    assert:',
    '      - { type: regex, value: "([" }',
    '  - input: no name',
    '    assert:',
    '      - type: equals',
    '        path: a',
    '  - name: bad budget',
    '    input: hi',
    '    max_tokens: lots',
    '',
  ];

  it('names the same lines and fields for every error', async () => {
    const lf = suite.join('\n');
    const crlf = suite.join('\r\n');
    expect(parseFastYaml(lf)).toBeDefined();
    expect(parseFastYaml(crlf)).toBeUndefined();
    const fast = await loadSuite(lf);
    const slow = await loadSuite(crlf);
    const problems = (loaded: typeof fast) => [
      ...loaded.tests.map((test) => ({ name: test.name, line: test.line, invalid: test.invalid })),
      ...loaded.warnings,
    ];
    expect(problems(fast)).toEqual(problems(slow));
    expect(fast.errors).toEqual(slow.errors);
    // And the lines are the right ones, not merely equal.
    const invalid = Object.fromEntries(fast.tests.map((test) => [test.name, test.invalid]));
    expect(invalid['unknown key']).toMatchObject({ line: 6, field: 'tests[1].expect_intent' });
    expect(invalid['wrong type']).toMatchObject({ line: 8, field: 'tests[2].input' });
    expect(fast.tests[3]!.invalid).toMatchObject({ line: 9, message: expect.stringContaining('first used at line 2') });
    expect(invalid['bad regex']).toMatchObject({ line: 14, field: 'tests[4].assert[0].value' });
    expect(invalid['(unnamed test at line 15)']).toMatchObject({ line: 15 });
    expect(invalid['bad budget']).toMatchObject({ line: 21, field: 'tests[6].max_tokens' });
  });
});

describe('JSON positions from jsonc-parser', () => {
  const text = '{\n  "type": "object",\n  "properties": {\n    "intent": { "type": "strng" },\n    "list": [1,\n      2]\n  }\n}\n';

  it('gives the line of a node, of a key, and of the deepest node found', () => {
    const positions = positionJsonText(text, JSON.parse(text))!;
    expect(positions.lineOf('')).toBe(1);
    expect(positions.lineOf('/properties/intent/type')).toBe(4);
    expect(positions.lineOf('/properties/list/1')).toBe(6);
    expect(positions.lineOf('/properties', 'list')).toBe(5);
    expect(positions.lineOf('/properties/missing/deeper')).toBe(3);
    expect(positions.lineOf('/properties/list/9')).toBe(5);
  });

  it('places syntax errors V8 gives no position for, and keeps V8’s words and place when it does', () => {
    const parse = (json: string) => {
      try {
        JSON.parse(json);
      } catch (error) {
        return locateJsonSyntaxError(json, error);
      }
      throw new Error('expected a syntax error');
    };
    expect(parse('{\n  "a": 1,\n}')).toEqual({ line: 3, column: 1, reason: 'Expected double-quoted property name' });
    expect(parse('[\n  {"a": tru}\n]')).toEqual({ line: 2, column: 9, reason: 'unexpected "tru"' });
    expect(parse('[\n  1,\n  ,2\n]')).toEqual({ line: 3, column: 3, reason: "Unexpected token ','" });
    expect(parse('{"a": 1}\n// comment')).toMatchObject({ line: 2 });
    expect(parse('{\n  "a": "unterminated\n}')).toMatchObject({ line: 2 });
  });
});

describe('the prebuilt draft-07 meta-schema check', () => {
  it('reports what ajv’s own validateSchema reports', () => {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, validateFormats: false });
    const invalid = [
      { type: 'strng' },
      { properties: { a: { minimum: 'five' } } },
      { required: 'a' },
      { enum: [1, 1] },
      { items: [{ type: 3 }] },
    ];
    for (const schema of invalid) {
      const compiled = compileUserSchema(schema);
      expect(compiled.ok).toBe(false);
      expect(ajv.validateSchema(schema)).toBe(false);
      if (!compiled.ok)
        expect(compiled.errors.map((e) => [e.instancePath, e.keyword, e.message])).toEqual(
          expect.arrayContaining([[ajv.errors![0]!.instancePath, ajv.errors![0]!.keyword, ajv.errors![0]!.message]]),
        );
    }
    expect(compileUserSchema({ type: 'object', properties: { a: { type: 'string' } } }).ok).toBe(true);
  });

  it('still refuses a draft it does not support, saying which are', () => {
    const compiled = compileUserSchema({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' });
    expect(compiled).toMatchObject({ ok: false, message: expect.stringContaining('supported drafts: draft-07 and 2020-12') });
  });
});
