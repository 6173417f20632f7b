import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatDiagnostic } from '../../src/lib/diagnostics.js';
import { createWorkTreeSource } from '../../src/load/files/file-source.js';
import { loadPromptFolder } from '../../src/load/folder.js';
import type { LoadedFolder, PromptFolder, TestCase } from '../../src/load/types.js';

/*
 * tests.yaml beyond one text turn (issue 20): tool turns in `messages:`, `tool_results:` and
 * `max_steps:`, the generic `not-` prefix, and tests from data files (JSON Lines, CSV), with
 * every problem located by file, line (and column) and field.
 */

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

const DIR = 'prompts/orders/v1';

async function load(files: Record<string, string | Buffer>): Promise<LoadedFolder> {
  const root = await mkdtemp(join(tmpdir(), 'promptgate-tests-'));
  roots.push(root);
  const all = { [`${DIR}/system.txt`]: 'You are the order assistant.\n', ...files };
  for (const [path, content] of Object.entries(all)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return loadPromptFolder(createWorkTreeSource(root), DIR, {});
}

async function loadOk(files: Record<string, string | Buffer>): Promise<PromptFolder> {
  const loaded = await load(files);
  if (!loaded.ok) throw new Error(`expected the folder to load: ${JSON.stringify(loaded.errors)}`);
  return loaded.folder;
}

const named = (folder: PromptFolder, name: string): TestCase => {
  const test = folder.tests.find((candidate) => candidate.name === name);
  if (!test) throw new Error(`no test ${name}: ${folder.tests.map((candidate) => candidate.name).join(', ')}`);
  return test;
};

describe('tool turns in messages:', () => {
  const conversation = (messages: string) =>
    `tests:\n  - name: t\n    input: go on\n    messages:\n${messages}\n  - name: fine\n    input: hi\n`;

  it('reads calls and results, ids written or assigned, results as text', async () => {
    const folder = await loadOk({
      [`${DIR}/tests.yaml`]: conversation(`      - { role: user, content: "find 1" }
      - { role: assistant, tool_calls: [{ name: lookup_order, arguments: { order_id: "1" } }] }
      - { role: tool, name: lookup_order, content: { status: shipped } }`),
    });
    expect(named(folder, 't').messages).toEqual([
      { role: 'user', content: 'find 1' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_2_1', name: 'lookup_order', arguments: { order_id: '1' } }] },
      { role: 'tool', name: 'lookup_order', toolCallId: 'call_2_1', content: '{"status":"shipped"}' },
    ]);
    expect(named(folder, 't').invalid).toBeUndefined();
  });

  it.each([
    [
      'a result with no call before it',
      `      - { role: user, content: "hi" }\n      - { role: tool, name: lookup_order, content: x }`,
      { line: 6, field: 'tests[0].messages[1]', message: 'a tool result must follow the assistant turn whose tool call it answers' },
    ],
    [
      'a call never answered before the next turn',
      `      - { role: assistant, tool_calls: [{ name: lookup_order }] }\n      - { role: user, content: "well?" }`,
      {
        line: 6,
        field: 'tests[0].messages[1]',
        message: 'the tool calls of messages[0] (lookup_order) need their results (role: tool) before this turn',
      },
    ],
    [
      'a call never answered at the end (the input would follow it)',
      `      - { role: assistant, tool_calls: [{ name: lookup_order }, { name: refund_order }] }\n      - { role: tool, name: refund_order, content: ok }`,
      {
        line: 5,
        field: 'tests[0].messages[0]',
        message: 'the tool calls of messages[0] (lookup_order) need their results (role: tool) after it',
      },
    ],
    [
      'a tool_call_id no call has',
      `      - { role: assistant, tool_calls: [{ name: lookup_order, id: a1 }] }\n      - { role: tool, name: lookup_order, tool_call_id: b2, content: ok }`,
      {
        line: 6,
        field: 'tests[0].messages[1].tool_call_id',
        message: 'no call with id "b2" waits for a result in messages[0]; waiting: lookup_order (id a1)',
      },
    ],
    [
      'a result named after another tool than its call',
      `      - { role: assistant, tool_calls: [{ name: lookup_order, id: a1 }] }\n      - { role: tool, name: refund_order, tool_call_id: a1, content: ok }`,
      { line: 6, field: 'tests[0].messages[1].name', message: 'tool_call_id "a1" is a call of lookup_order, not refund_order' },
    ],
    [
      'an assistant turn with neither content nor calls',
      `      - { role: assistant }`,
      { line: 5, field: 'tests[0].messages[0]', message: 'an assistant turn needs content, tool_calls, or both' },
    ],
  ])('refuses %s, on its line', async (_, messages, expected) => {
    const folder = await loadOk({ [`${DIR}/tests.yaml`]: conversation(messages) });
    expect(named(folder, 't').invalid).toEqual({ file: `${DIR}/tests.yaml`, ...expected });
    expect(named(folder, 'fine').invalid).toBeUndefined();
  });

  it('refuses a tool message without its tool name, by the schema', async () => {
    const folder = await loadOk({
      [`${DIR}/tests.yaml`]: conversation(
        `      - { role: assistant, tool_calls: [{ name: lookup_order }] }\n      - { role: tool, content: ok }`,
      ),
    });
    expect(named(folder, 't').invalid).toEqual({
      file: `${DIR}/tests.yaml`,
      line: 6,
      field: 'tests[0].messages[1].name',
      message: 'is required',
    });
  });
});

describe('tool_results: and max_steps:', () => {
  it('reads a result per tool, or per arguments; max_steps is a setting, not a check of a field `steps`', async () => {
    const folder = await loadOk({
      [`${DIR}/tests.yaml`]: `tests:
  - name: t
    input: hi
    max_steps: 3
    tool_results:
      lookup_order:
        - { args: { order_id: "1" }, result: { status: shipped } }
        - { result: "not found" }
      list_orders: [{ id: 1 }, { id: 2 }]
      ping: pong
`,
    });
    const test = named(folder, 't');
    expect(test.maxSteps).toBe(3);
    expect(test.assert).toEqual([]);
    expect(test.toolResults).toEqual({
      lookup_order: [{ args: { order_id: '1' }, result: '{"status":"shipped"}' }, { result: 'not found' }],
      // A list that is not of { args, result } is one result.
      list_orders: [{ result: '[{"id":1},{"id":2}]' }],
      ping: [{ result: 'pong' }],
    });
  });

  it('warns about a canned result for a tool prompt.yaml does not declare (a typo, most likely)', async () => {
    const loaded = await load({
      [`${DIR}/prompt.yaml`]: 'tools:\n  - { name: lookup_order, parameters: { type: object } }\n',
      [`${DIR}/tests.yaml`]: 'tests:\n  - name: t\n    input: hi\n    tool_results:\n      lookup_order: ok\n      lookup_ordr: ok\n',
    });
    expect(loaded.ok && loaded.warnings).toEqual([
      {
        file: `${DIR}/tests.yaml`,
        line: 2,
        field: 'tool_results',
        message: 'test "t" has a canned result for lookup_ordr, which prompt.yaml tools: does not declare (declared: lookup_order)',
      },
    ]);
  });

  it('reads prompt.yaml max_steps, and refuses one out of range with its line', async () => {
    expect(
      (await loadOk({ [`${DIR}/tests.yaml`]: 'tests:\n  - { name: t, input: hi }\n', [`${DIR}/prompt.yaml`]: 'max_steps: 8\n' })).maxSteps,
    ).toBe(8);
    const loaded = await load({
      [`${DIR}/tests.yaml`]: 'tests:\n  - { name: t, input: hi }\n',
      [`${DIR}/prompt.yaml`]: 'model: gpt-4o\nmax_steps: 0\n',
    });
    expect(!loaded.ok && loaded.errors).toEqual([
      { file: `${DIR}/prompt.yaml`, line: 2, field: 'max_steps', message: 'must be >= 1 (got 0)' },
    ]);
  });
});

describe('the generic not- prefix', () => {
  it('is each check negated; not-contains and no-tool-called keep their own meaning', async () => {
    const folder = await loadOk({
      [`${DIR}/tests.yaml`]: `tests:
  - name: t
    input: hi
    assert:
      - { type: not-icontains, value: sorry }
      - { type: not-contains, value: x }
      - { type: not-regex, value: "^\\\\{" }
      - { type: not-tool-called, value: refund_order, args: { order_id: "1" } }
      - { type: no-tool-called }
      - { type: not-rubric, value: "Apologises", judge: "openai:gpt-4o-mini", min_score: 0.5 }
      - { type: contains-any, value: [a, b], path: reply }
`,
    });
    expect(named(folder, 't').assert).toEqual([
      { type: 'icontains', value: 'sorry', negated: true, line: 5 },
      { type: 'not-contains', value: 'x', line: 6 },
      { type: 'regex', value: '^\\{', negated: true, line: 7 },
      { type: 'tool-called', value: 'refund_order', args: { order_id: '1' }, negated: true, line: 8 },
      { type: 'no-tool-called', line: 9 },
      { type: 'rubric', value: 'Apologises', judge: 'openai:gpt-4o-mini', minScore: 0.5, negated: true, line: 10 },
      { type: 'contains-any', value: ['a', 'b'], path: 'reply', line: 11 },
    ]);
  });

  it('checks a negated check’s keys as the check’s, and its regex compiles', async () => {
    const folder = await loadOk({
      [`${DIR}/tests.yaml`]: `tests:\n  - name: keys\n    input: hi\n    assert:\n      - { type: not-starts-with, value: a, flags: i }\n  - name: pattern\n    input: hi\n    assert:\n      - { type: not-regex, value: "(" }\n`,
    });
    expect(named(folder, 'keys').invalid).toMatchObject({ line: 5, field: 'tests[0].assert[0].flags' });
    expect(named(folder, 'pattern').invalid).toMatchObject({ line: 9, field: 'tests[1].assert[0].value' });
    expect(named(folder, 'pattern').invalid?.message).toMatch(/^invalid regular expression \/\(\/: /);
  });
});

describe('tests from data files', () => {
  const CSV = [
    'name,input,vars.tier,expected_intent,expected_escalate,min_confidence,assert,required',
    'reset,I forgot my password,free,account_access,false,0.8,,',
    '"billing, twice","You charged me',
    'twice, ""again""",pro,billing_issue,true,0.9,"[{""type"": ""icontains"", ""value"": ""refund""}]",true',
    ',no name here,free,"""123""",,,,',
    '',
  ].join('\r\n');

  it('maps CSV columns to input, vars and the shorthand checks, with quoted commas, quotes and line breaks', async () => {
    const folder = await loadOk({
      [`${DIR}/tests.yaml`]: `tests:\n  - name: yaml first\n    input: hi\n  - file: cases.csv\n    assert:\n      - { type: not-contains, value: "internal" }\n`,
      [`${DIR}/cases.csv`]: CSV,
    });
    expect(folder.tests.map((test) => test.name)).toEqual(['yaml first', 'reset', 'billing, twice', 'cases.csv:5']);
    expect(folder.files).toContain(`${DIR}/cases.csv`);
    const billing = named(folder, 'billing, twice');
    expect(billing.invalid).toBeUndefined();
    expect(billing).toMatchObject({
      input: 'You charged me\r\ntwice, "again"',
      vars: { tier: 'pro' },
      required: true,
      line: 4,
      dataRow: { file: `${DIR}/cases.csv`, line: 3 },
    });
    expect(billing.assert.map(({ line: _line, ...assertion }) => assertion)).toEqual([
      { type: 'equals', path: 'intent', value: 'billing_issue' },
      { type: 'equals', path: 'escalate', value: true },
      { type: 'min', path: 'confidence', value: 0.9 },
      { type: 'icontains', value: 'refund' },
      // The entry's checks, added to every test of the file.
      { type: 'not-contains', value: 'internal' },
    ]);
    expect(named(folder, 'reset').assert[1]).toMatchObject({ type: 'equals', path: 'escalate', value: false });
    // A JSON text in a cell stays text: `"123"` is the string 123, not a number.
    expect(named(folder, 'cases.csv:5').assert[0]).toMatchObject({ type: 'equals', path: 'intent', value: '123' });
  });

  it('reads JSON Lines, one test a line, blank lines skipped; tests: { file } instead of a list', async () => {
    const folder = await loadOk({
      [`${DIR}/tests.yaml`]: 'tests: { file: cases.jsonl }\n',
      [`${DIR}/cases.jsonl`]:
        '{"name": "a", "input": "hi", "expected_intent": "greeting"}\n\n{"name": "b", "input": "bye", "tool_results": {"lookup_order": {"status": "x"}}}\n',
    });
    expect(folder.tests.map((test) => [test.name, test.dataRow?.line])).toEqual([
      ['a', 1],
      ['b', 3],
    ]);
    expect(named(folder, 'b').toolResults).toEqual({ lookup_order: [{ result: '{"status":"x"}' }] });
  });

  it.each([
    [
      'a cell that is not of its column’s type',
      'name,input,min_confidence\nok,hi,0.5\nbad,hi,high\n',
      'bad',
      { file: `${DIR}/cases.csv`, line: 3, column: 8, field: 'min_confidence', message: 'must be a number, not the text "high"' },
    ],
    [
      'a row with a cell too many',
      'name,input\nok,hi\nbad,hi, there\n',
      'cases.csv:3',
      { file: `${DIR}/cases.csv`, line: 3, column: 1, message: 'has 3 cells, and the header 2: quote a cell that holds a comma' },
    ],
    [
      'an assert cell that is not JSON',
      'name,input,assert\nok,hi,\nbad,hi,[{type: contains}]\n',
      'bad',
      { file: `${DIR}/cases.csv`, line: 3, column: 8, field: 'assert', message: expect.stringMatching(/^must be JSON \(/) },
    ],
    [
      'a check in a JSON cell with an unknown type',
      'name,input,assert\nok,hi,\nbad,hi,"[{""type"": ""containz"", ""value"": ""x""}]"\n',
      'bad',
      {
        file: `${DIR}/cases.csv`,
        line: 3,
        column: 8,
        field: 'assert[0].type',
        message: expect.stringMatching(/^unknown assertion type "containz" \(did you mean "contains"\?\); valid: /),
      },
    ],
  ])('locates %s by file, line and column', async (_, csv, test, expected) => {
    const folder = await loadOk({ [`${DIR}/tests.yaml`]: 'tests:\n  - file: cases.csv\n', [`${DIR}/cases.csv`]: csv });
    expect(named(folder, test).invalid).toEqual(expected);
    expect(named(folder, 'ok').invalid).toBeUndefined();
  });

  it('locates a JSON Lines problem by line and column', async () => {
    const folder = await loadOk({
      [`${DIR}/tests.yaml`]: 'tests:\n  - file: cases.jsonl\n',
      [`${DIR}/cases.jsonl`]: '{"name": "ok", "input": "hi"}\n{"name": "bad", "input": "hi", "inptu": 2}\n{"name": "broken", "input": }\n',
    });
    expect(named(folder, 'bad').invalid).toMatchObject({ file: `${DIR}/cases.jsonl`, line: 2, column: 32, field: 'inptu' });
    expect(named(folder, 'cases.jsonl:3').invalid).toMatchObject({ file: `${DIR}/cases.jsonl`, line: 3, column: 29 });
    expect(formatDiagnostic(named(folder, 'cases.jsonl:3').invalid!)).toMatch(
      /^prompts\/orders\/v1\/cases\.jsonl:3:29: not a JSON object: /,
    );
  });

  it.each([
    [
      'an unknown column, with the columns there are',
      'name,inptu\na,b\n',
      { line: 1, column: 6, field: 'inptu' },
      /^unknown column "inptu"; columns are name, input,/,
    ],
    ['a quote never closed', 'name,input\na,"b\n', { line: 2, column: 3 }, /^a quoted field is never closed/],
    ['a quote inside an unquoted field', 'name,input\na,b"c\n', { line: 2, column: 4 }, /^a quote in a field that is not quoted/],
  ])('refuses a CSV file with %s, at its place', async (_, csv, at, message) => {
    const loaded = await load({ [`${DIR}/tests.yaml`]: 'tests:\n  - file: cases.csv\n', [`${DIR}/cases.csv`]: csv });
    expect(loaded.ok).toBe(false);
    const [error] = loaded.ok ? [] : loaded.errors;
    expect(error).toMatchObject({ file: `${DIR}/cases.csv`, ...at });
    expect(error?.message).toMatch(message);
  });

  it('names tests.yaml’s line for a file that is missing, outside the repository, or of another kind', async () => {
    const missing = await load({ [`${DIR}/tests.yaml`]: 'tests:\n  - name: a\n    input: b\n  - file: nowhere.csv\n' });
    expect(!missing.ok && missing.errors).toEqual([
      { file: `${DIR}/tests.yaml`, line: 4, field: 'tests[1].file', message: `file not found: ${DIR}/nowhere.csv` },
    ]);
    const outside = await load({ [`${DIR}/tests.yaml`]: 'tests:\n  - file: ../../../../x.csv\n' });
    expect(!outside.ok && outside.errors[0]?.message).toMatch(/^must be a path inside the repository/);
    const kind = await load({ [`${DIR}/tests.yaml`]: 'tests:\n  - file: cases.txt\n' });
    expect(!kind.ok && kind.errors[0]).toMatchObject({ line: 2, field: 'tests[0].file' });
    expect(!kind.ok && kind.errors[0]?.message).toBe('"cases.txt" is not a valid tests data file (a path ending in .jsonl or .csv)');
  });

  it('refuses a data file over 16 MiB, as it refuses such a tests.yaml', async () => {
    const big = `name,input\n${'a,b\n'.repeat(4.3 * 1024 * 1024)}`;
    const loaded = await load({ [`${DIR}/tests.yaml`]: 'tests:\n  - file: cases.csv\n', [`${DIR}/cases.csv`]: big });
    expect(!loaded.ok && loaded.errors).toEqual([
      { file: `${DIR}/cases.csv`, message: 'file is 17.2 MiB; promptgate refuses files over 16 MiB' },
    ]);
  });

  it('keeps names unique across tests.yaml and its data files', async () => {
    const folder = await loadOk({
      [`${DIR}/tests.yaml`]: 'tests:\n  - name: same\n    input: a\n  - file: cases.csv\n',
      [`${DIR}/cases.csv`]: 'name,input\nsame,b\nother,c\n',
    });
    expect(folder.tests.map((test) => test.name)).toEqual(['same', 'same', 'other']);
    expect(folder.tests[1]!.invalid).toEqual({
      file: `${DIR}/cases.csv`,
      line: 2,
      field: 'name',
      message: 'duplicate test name "same" (first used at line 2); names must be unique because results are matched by name',
    });
  });
});

describe('js and similar in the folder', () => {
  it('a js check without a checks.mjs makes its test invalid; with one, the module is digested, never imported', async () => {
    const tests = 'tests:\n  - name: custom\n    input: hi\n    assert:\n      - { type: js, value: isPolite }\n';
    const without = await loadOk({ [`${DIR}/tests.yaml`]: tests });
    expect(named(without, 'custom').invalid).toEqual({
      file: `${DIR}/tests.yaml`,
      line: 5,
      message: `a js check needs the folder's checks.mjs (${DIR}/checks.mjs), with a named export "isPolite"`,
    });
    // A module that would throw if it were imported while loading.
    const folder = await loadOk({ [`${DIR}/tests.yaml`]: tests, [`${DIR}/checks.mjs`]: 'throw new Error("imported!");\n' });
    expect(folder.checksModule).toEqual({ file: `${DIR}/checks.mjs`, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(folder.files).toContain(`${DIR}/checks.mjs`);
    expect(named(folder, 'custom').invalid).toBeUndefined();
  });

  it('embedding_model: anthropic is refused (it has no embeddings API); openai and azure are taken', async () => {
    const tests = 'tests:\n  - { name: t, input: hi }\n';
    const refused = await load({
      [`${DIR}/tests.yaml`]: tests,
      [`${DIR}/prompt.yaml`]: 'provider: anthropic\nembedding_model: anthropic:claude-haiku-4-5\n',
    });
    expect(!refused.ok && refused.errors).toEqual([
      {
        file: `${DIR}/prompt.yaml`,
        line: 2,
        field: 'embedding_model',
        message: 'anthropic has no embeddings API; name an OpenAI-compatible one, e.g. openai:text-embedding-3-small',
      },
    ]);
    const taken = await loadOk({ [`${DIR}/tests.yaml`]: tests, [`${DIR}/prompt.yaml`]: 'embedding_model: azure:embed-prod\n' });
    expect(taken.embeddingModel).toEqual({ provider: 'azure', model: 'embed-prod' });
  });
});
