import { describe, expect, it } from '@jest/globals';
import { evaluateChecks, type Answer } from '../../src/run/assertions.js';
import { testRegex } from '../../src/lib/regex-sandbox.js';
import { parsePath } from '../../src/json/field-path.js';
import { parseOutputJson } from '../../src/json/output-json.js';
import { nameUserSchema } from '../../src/load/files/schemas.js';
import type { Assertion, TestCase } from '../../src/load/types.js';

function testWith(...assert: Assertion[]): TestCase {
  return { name: 't', input: 'i', vars: {}, assert, line: 1 };
}

function answer(text: string, extra: Partial<Answer> = {}): Answer {
  return { text, outputTokens: 50, latencyMs: 900, costUsd: 0.001, ...extra };
}

function check(assertion: Assertion, text: string, extra: Partial<Answer> = {}) {
  const results = evaluateChecks(testWith(assertion), answer(text, extra));
  expect(results).toHaveLength(1);
  return results[0]!;
}

const OUTPUT = JSON.stringify({
  intent: 'account_access',
  confidence: 0.92,
  escalate: false,
  tags: ['login', 'reset'],
  meta: { steps: [{ id: 'a' }] },
});

describe('equals', () => {
  it('passes and fails on a field, with a readable name', () => {
    expect(check({ type: 'equals', path: 'intent', value: 'account_access' }, OUTPUT)).toEqual({
      name: 'intent equals "account_access"',
      passed: true,
      expected: 'account_access',
      actual: 'account_access',
    });
    expect(check({ type: 'equals', path: 'escalate', value: true }, OUTPUT)).toMatchObject({
      name: 'escalate equals true',
      passed: false,
      expected: true,
      actual: false,
    });
  });

  it('follows paths like a.b[0].c and compares deeply', () => {
    expect(check({ type: 'equals', path: 'meta.steps[0].id', value: 'a' }, OUTPUT).passed).toBe(true);
    expect(check({ type: 'equals', path: 'tags', value: ['login', 'reset'] }, OUTPUT).passed).toBe(true);
    expect(check({ type: 'equals', path: 'tags', value: ['reset', 'login'] }, OUTPUT).passed).toBe(false);
    expect(check({ type: 'equals', path: 'meta', value: { steps: [{ id: 'a' }] } }, OUTPUT).passed).toBe(true);
  });

  it('compares numbers exactly and never coerces types', () => {
    expect(check({ type: 'equals', path: 'confidence', value: 0.92 }, OUTPUT).passed).toBe(true);
    expect(check({ type: 'equals', path: 'confidence', value: 0.9200001 }, OUTPUT).passed).toBe(false);
    expect(check({ type: 'equals', path: 'n', value: 1 }, '{"n": "1"}').passed).toBe(false);
  });

  it('a missing field fails and says which', () => {
    expect(check({ type: 'equals', path: 'meta.steps[3].id', value: 'a' }, OUTPUT)).toEqual({
      name: 'meta.steps[3].id equals "a"',
      passed: false,
      expected: 'a',
      actual: null,
      message: 'output has no field meta.steps[3]',
    });
  });

  it('without a path, compares text as text', () => {
    expect(check({ type: 'equals', value: 'Yes' }, '  Yes\n').passed).toBe(true);
  });
});

describe('output that is not JSON', () => {
  it('fails a check that needs JSON, showing the raw text truncated', () => {
    const prose = `Sure! ${'blah '.repeat(200)}`;
    const result = check({ type: 'equals', path: 'intent', value: 'x' }, prose);
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(/^output is not JSON \(/);
    expect(typeof result.actual).toBe('string');
    expect((result.actual as string).startsWith('Sure! blah')).toBe(true);
    expect((result.actual as string).length).toBeLessThan(560);
    expect(result.actual as string).toMatch(/… \(\d+ more characters\)$/);
  });

  it('tolerates a ```json fence and surrounding whitespace', () => {
    expect(parseOutputJson('\n ```json\n{"a": 1}\n```  \n')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseOutputJson('```\n[1]\n```')).toEqual({ ok: true, value: [1] });
    expect(check({ type: 'is-json' }, '```json\n{"a":1}\n```').passed).toBe(true);
    expect(check({ type: 'is-json' }, 'no')).toMatchObject({ name: 'output is JSON', passed: false, actual: 'no' });
  });
});

describe('the final JSON after reasoning', () => {
  it('is found after reasoning text, <think> blocks and inside the last fence', () => {
    expect(parseOutputJson('The user asks {about} a login.\nSo: {"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseOutputJson('<think>maybe {"a": 0}</think>\n{"a": 2}')).toEqual({ ok: true, value: { a: 2 } });
    expect(parseOutputJson('<thinking>hmm</thinking>[1, 2]')).toEqual({ ok: true, value: [1, 2] });
    expect(parseOutputJson('Draft:\n```json\n{"a": 0}\n```\nFinal:\n```json\n{"a": 3}\n```\nThanks.')).toEqual({
      ok: true,
      value: { a: 3 },
    });
    // The outermost object, not an inner one.
    expect(parseOutputJson('Answer: {"a": {"b": 1}}')).toEqual({ ok: true, value: { a: { b: 1 } } });
  });

  it('says why when there is no answer after the reasoning', () => {
    expect(parseOutputJson('<think>still thinking')).toEqual({
      ok: false,
      reason: 'the output holds only reasoning (<think>…</think>), no answer',
    });
    const prose = parseOutputJson('<think>x</think> I cannot answer that.');
    expect(prose.ok).toBe(false);
    expect(prose.ok ? '' : prose.reason).toMatch(/^no JSON object found after the reasoning/);
  });

  it('judges fields of the final object, keeping the whole text as the output', () => {
    const text = `Reasoning: this is a login problem.\n${OUTPUT}`;
    expect(check({ type: 'equals', path: 'intent', value: 'account_access' }, text).passed).toBe(true);
    expect(check({ type: 'contains', value: 'Reasoning:' }, text).passed).toBe(true);
  });
});

describe('tool-called and no-tool-called', () => {
  const calls = [{ name: 'lookup_order', arguments: { order_id: '48213', fields: { tracking: true, eta: true } } }];

  it('matches the name, and the arguments as a subset at any depth', () => {
    expect(check({ type: 'tool-called', value: 'lookup_order' }, '', { toolCalls: calls }).passed).toBe(true);
    expect(
      check({ type: 'tool-called', value: 'lookup_order', args: { fields: { tracking: true } } }, '', { toolCalls: calls }).passed,
    ).toBe(true);
    expect(check({ type: 'tool-called', value: 'lookup_order', args: { order_id: 48213 } }, '', { toolCalls: calls }).passed).toBe(false);
    expect(check({ type: 'tool-called', value: 'refund' }, '', { toolCalls: calls })).toMatchObject({
      passed: false,
      message: 'refund was not called (called: lookup_order)',
    });
    expect(check({ type: 'tool-called', value: 'refund' }, 'text only')).toMatchObject({
      passed: false,
      message: 'the answer called no tool',
    });
  });

  it('fails when a tool (or the named one) was called', () => {
    expect(check({ type: 'no-tool-called' }, 'text only').passed).toBe(true);
    expect(check({ type: 'no-tool-called' }, '', { toolCalls: calls })).toMatchObject({ passed: false, message: 'called lookup_order' });
    expect(check({ type: 'no-tool-called', value: 'refund' }, '', { toolCalls: calls }).passed).toBe(true);
  });
});

describe('contains and not-contains', () => {
  it('look in the raw text, case-sensitively', () => {
    expect(check({ type: 'contains', value: 'reset' }, 'We will reset it')).toMatchObject({
      name: 'output contains "reset"',
      passed: true,
    });
    expect(check({ type: 'contains', value: 'Reset' }, 'We will reset it')).toMatchObject({
      passed: false,
      message: '"Reset" not found in output',
    });
    expect(check({ type: 'not-contains', value: 'Core responsibilities' }, 'Core responsibilities: 1.')).toMatchObject({
      name: 'no "Core responsibilities" in output',
      passed: false,
      message: 'output contains "Core responsibilities"',
    });
    expect(check({ type: 'not-contains', value: 'secret' }, 'all good').passed).toBe(true);
  });

  it('show a forbidden text where it occurs, not from the start of a long output', () => {
    const long = `${'a'.repeat(500)} here is the Core responsibilities list ${'b'.repeat(500)}`;
    const result = check({ type: 'not-contains', value: 'Core responsibilities' }, long);
    expect(result.actual).toBe(`…${'a'.repeat(47)} here is the Core responsibilities list ${'b'.repeat(54)}…`);
  });

  it('look in a field: text by substring, a list by element', () => {
    expect(check({ type: 'contains', path: 'intent', value: 'access' }, OUTPUT).passed).toBe(true);
    expect(check({ type: 'contains', path: 'tags', value: 'login' }, OUTPUT).passed).toBe(true);
    expect(check({ type: 'contains', path: 'tags', value: 'log' }, OUTPUT).passed).toBe(false);
    expect(check({ type: 'contains', path: 'confidence', value: '0' }, OUTPUT)).toMatchObject({
      passed: false,
      message: 'confidence is neither text nor a list',
    });
  });
});

describe('min and max', () => {
  it('compare numbers with a readable name', () => {
    expect(check({ type: 'min', path: 'confidence', value: 0.8 }, OUTPUT)).toEqual({
      name: 'confidence >= 0.8',
      passed: true,
      expected: 0.8,
      actual: 0.92,
    });
    expect(check({ type: 'min', path: 'confidence', value: 0.95 }, OUTPUT).passed).toBe(false);
    expect(check({ type: 'max', path: 'confidence', value: 0.92 }, OUTPUT)).toMatchObject({ name: 'confidence <= 0.92', passed: true });
    expect(check({ type: 'min', path: 'intent', value: 1 }, OUTPUT)).toMatchObject({ passed: false, message: 'intent is not a number' });
  });
});

describe('regex', () => {
  it('matches the text or a field', () => {
    expect(check({ type: 'regex', value: '^\\{' }, OUTPUT)).toMatchObject({ name: 'output matches /^\\{/', passed: true });
    expect(check({ type: 'regex', path: 'intent', value: '^ACCOUNT', flags: 'i' }, OUTPUT)).toMatchObject({
      name: 'intent matches /^ACCOUNT/i',
      passed: true,
    });
    expect(check({ type: 'regex', value: '^\\d+$' }, 'abc').passed).toBe(false);
  });

  it('an invalid pattern is a failed check naming it', () => {
    expect(check({ type: 'regex', value: '(unclosed' }, 'x')).toMatchObject({
      passed: false,
      message: 'invalid regular expression /(unclosed/: Unterminated group',
    });
  });

  it('catastrophic backtracking times out as a failed check instead of hanging', () => {
    const started = Date.now();
    const result = check({ type: 'regex', value: '(a+)+$' }, `${'a'.repeat(40)}!`);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.passed).toBe(false);
    // Confirmed by a longer second try, so a busy machine cannot fail a trivial pattern.
    expect(result.message).toBe('regex timed out after 1000 ms (catastrophic backtracking?): /(a+)+$/');
    // The sandbox stays usable after a timeout.
    expect(testRegex('b', '', 'abc')).toEqual({ matched: true });
  });
});

describe('budgets', () => {
  it('max-tokens and max-latency-ms', () => {
    expect(check({ type: 'max-tokens', value: 50 }, 'x')).toEqual({ name: 'output tokens <= 50', passed: true, expected: 50, actual: 50 });
    expect(check({ type: 'max-tokens', value: 49 }, 'x').passed).toBe(false);
    expect(check({ type: 'max-latency-ms', value: 500 }, 'x')).toMatchObject({ name: 'latency <= 500 ms', passed: false, actual: 900 });
    expect(check({ type: 'max-latency-ms', value: 500 }, 'x', { latencyMs: null })).toMatchObject({
      passed: false,
      message: 'latency is unknown',
    });
  });

  it('max-cost-usd with an unknown cost fails and says the cost is unknown', () => {
    expect(check({ type: 'max-cost-usd', value: 0.01 }, 'x')).toMatchObject({ name: 'cost <= $0.01', passed: true, actual: 0.001 });
    expect(check({ type: 'max-cost-usd', value: 0.01 }, 'x', { costUsd: null })).toEqual({
      name: 'cost <= $0.01',
      passed: false,
      expected: 0.01,
      actual: null,
      message: 'cost is unknown (no price for this model; add it under pricing in promptgate.yaml)',
    });
  });
});

describe('json-schema', () => {
  const schema = {
    type: 'object',
    required: ['intent', 'confidence'],
    properties: { intent: { type: 'string' }, confidence: { type: 'number', maximum: 1 } },
    additionalProperties: false,
  };
  nameUserSchema(schema, 'schema.json');

  it('lists violations as readable lines', () => {
    const result = check({ type: 'json-schema', value: schema }, '{"confidence": 1.5, "extra": 1}');
    expect(result).toMatchObject({ name: 'output matches schema.json', passed: false });
    expect(result.actual).toBe('invalid: 3 problems');
    expect(result.message).toBe(
      ["/ must have required property 'intent'", '/ must NOT have additional properties (extra)', '/confidence must be <= 1'].join('; '),
    );
    expect(check({ type: 'json-schema', value: schema }, '{"intent": "a", "confidence": 1}')).toMatchObject({
      passed: true,
      actual: 'valid',
    });
  });

  it('adds the folder schema first unless the test already lists it', () => {
    const listed = evaluateChecks(testWith({ type: 'json-schema', value: schema }), answer('{}'), schema);
    expect(listed.map((result) => result.name)).toEqual(['output matches schema.json']);
    const added = evaluateChecks(testWith({ type: 'is-json' }), answer('{"intent": "a", "confidence": 0.5}'), schema);
    expect(added.map((result) => [result.name, result.passed])).toEqual([
      ['output matches schema.json', true],
      ['output is JSON', true],
    ]);
  });

  it('understands draft 2020-12 schemas as well as draft-07', () => {
    const tuple = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }],
      items: false,
    };
    expect(check({ type: 'json-schema', value: tuple }, '["a"]').passed).toBe(true);
    expect(check({ type: 'json-schema', value: tuple }, '["a", 1]').passed).toBe(false);
  });

  it('an inline schema that is not one fails instead of throwing', () => {
    expect(check({ type: 'json-schema', value: { type: 'strng' } }, '{}')).toMatchObject({
      name: 'output matches the inline schema',
      passed: false,
    });
  });
});

describe('an answer with text and tool calls', () => {
  const toolCalls = [{ name: 'refund_order', arguments: { order_id: '48213' } }];

  it('reads its text and calls as shown for text checks, and the JSON of its text for JSON checks', () => {
    const text = '{"intent": "billing_issue"}';
    expect(check({ type: 'not-contains', value: 'refund_order' }, text, { toolCalls })).toMatchObject({
      passed: false,
      actual: '{"intent": "billing_issue"}\nrefund_order({"order_id":"48213"})',
    });
    expect(check({ type: 'equals', path: 'intent', value: 'billing_issue' }, text, { toolCalls }).passed).toBe(true);
    expect(check({ type: 'is-json' }, text, { toolCalls }).passed).toBe(true);
  });

  it('checks the output it is given, the one results.json shows', () => {
    const output = 'refund_order({"order_id":"48213"})';
    expect(check({ type: 'regex', value: '^refund_order\\(' }, '', { toolCalls, output }).passed).toBe(true);
    expect(check({ type: 'regex', value: '^$' }, '', { toolCalls, output }).passed).toBe(false);
  });
});

describe('parsePath', () => {
  it('splits fields and indexes; rejects what is not a path', () => {
    expect(parsePath('a.b[0].c')).toEqual(['a', 'b', 0, 'c']);
    expect(parsePath('items[2][1]')).toEqual(['items', 2, 1]);
    expect(parsePath('a..b')).toBeUndefined();
    expect(parsePath('[0]')).toBeUndefined();
  });
});

it('never throws, whatever the answer', () => {
  const all: Assertion[] = [
    { type: 'equals', path: 'a', value: 1 },
    { type: 'contains', path: 'a', value: 'x' },
    { type: 'regex', path: 'a', value: 'x' },
    { type: 'min', path: 'a', value: 1 },
    { type: 'json-schema', value: { type: 'object' } },
    { type: 'is-json' },
  ];
  for (const text of ['', 'null', '[]', '"x"', '```json\n```', '{"a": null}']) {
    const results = evaluateChecks(testWith(...all), answer(text));
    expect(results).toHaveLength(all.length);
  }
});
