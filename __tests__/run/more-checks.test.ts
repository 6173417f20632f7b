import { describe, expect, it } from '@jest/globals';
import { evaluateChecks, type Answer } from '../../src/run/assertions.js';
import type { Assertion, TestCase } from '../../src/load/types.js';

/*
 * The checks people reach for (issue 20, item 7): icontains, contains-any, contains-all,
 * starts-with, tool-sequence, and the generic not- prefix: its names, its messages, and that a
 * check that could not be made never passes negated.
 */

function check(assertion: Assertion, text: string, extra: Partial<Answer> = {}) {
  const test: TestCase = { name: 't', input: 'i', vars: {}, assert: [assertion], line: 1 };
  const results = evaluateChecks(test, { text, outputTokens: 50, latencyMs: 900, costUsd: 0.001, ...extra });
  expect(results).toHaveLength(1);
  return results[0]!;
}

const JSON_ANSWER = JSON.stringify({ reply: 'Your REFUND is on its way', tags: ['refund', 'billing'] });

describe('icontains, contains-any, contains-all, starts-with', () => {
  it('icontains ignores case, in the text or a field', () => {
    expect(check({ type: 'icontains', value: 'refund' }, 'Your REFUND is on its way')).toEqual({
      name: 'output contains "refund" (any case)',
      passed: true,
      expected: 'refund',
      actual: 'Your REFUND is on its way',
    });
    expect(check({ type: 'icontains', value: 'Refund', path: 'reply' }, JSON_ANSWER).passed).toBe(true);
    expect(check({ type: 'icontains', value: 'REFUND', path: 'tags' }, JSON_ANSWER).passed).toBe(true);
    expect(check({ type: 'icontains', value: 'cancel' }, 'Your refund')).toMatchObject({
      passed: false,
      message: '"cancel" not found in output, in any case',
    });
  });

  it('contains-any passes on one of them; contains-all needs each and names those missing', () => {
    expect(check({ type: 'contains-any', value: ['sorry', 'apolog'] }, 'We apologise.')).toMatchObject({
      name: 'output contains any of ["sorry","apolog"]',
      passed: true,
    });
    expect(check({ type: 'contains-any', value: ['sorry', 'apolog'] }, 'Fine.')).toMatchObject({
      passed: false,
      message: 'none of them is in output',
    });
    expect(check({ type: 'contains-all', value: ['refund', 'billing'], path: 'tags' }, JSON_ANSWER).passed).toBe(true);
    expect(check({ type: 'contains-all', value: ['order', 'refund', 'days'] }, 'Your refund takes 3 days')).toMatchObject({
      name: 'output contains all of ["order","refund","days"]',
      passed: false,
      message: 'missing from output: "order"',
    });
  });

  it('starts-with reads the start a reader sees (leading white space aside)', () => {
    expect(check({ type: 'starts-with', value: 'Sorry' }, '\n  Sorry, I cannot help.')).toMatchObject({
      name: 'output starts with "Sorry"',
      passed: true,
    });
    expect(check({ type: 'starts-with', value: '{' }, 'Here is the JSON: {}')).toMatchObject({
      passed: false,
      message: 'output starts with "Here is the JSON: {}"',
    });
  });
});

describe('the generic not- prefix', () => {
  it('negates the check with a name and a message that say what happened', () => {
    expect(check({ type: 'icontains', value: 'sorry', negated: true }, 'All done.')).toEqual({
      name: 'output does not contain "sorry" (any case)',
      passed: true,
      expected: { not: 'sorry' },
      actual: 'All done.',
    });
    expect(check({ type: 'starts-with', value: 'Sorry', negated: true }, 'Sorry, no.')).toEqual({
      name: 'output does not start with "Sorry"',
      passed: false,
      expected: { not: 'Sorry' },
      actual: 'Sorry, no.',
      message: 'output starts with "Sorry", which not-starts-with forbids',
    });
    expect(check({ type: 'regex', value: '\\d{16}', negated: true }, 'card 4111111111111111')).toMatchObject({
      name: 'output does not match /\\d{16}/',
      passed: false,
      message: 'output matches /\\d{16}/, which not-regex forbids',
    });
    expect(check({ type: 'equals', path: 'reply', value: 'x', negated: true }, JSON_ANSWER)).toMatchObject({
      name: 'reply does not equal "x"',
      passed: true,
    });
    expect(check({ type: 'contains-any', value: ['a1', 'b2'], negated: true }, 'nothing')).toMatchObject({
      name: 'output contains none of ["a1","b2"]',
      passed: true,
    });
    expect(check({ type: 'min', path: 'n', value: 3, negated: true }, '{"n": 2}')).toMatchObject({ name: 'n < 3', passed: true });
    expect(check({ type: 'max-tokens', value: 10, negated: true }, 'x', { outputTokens: 50 })).toMatchObject({
      name: 'output tokens > 10',
      passed: true,
    });
    expect(check({ type: 'is-json', negated: true }, 'plain prose')).toMatchObject({ name: 'output is not JSON', passed: true });
  });

  it('fails, with the reason, when the check could not be made: a missing field, not JSON, an unknown cost', () => {
    expect(check({ type: 'equals', path: 'missing', value: 1, negated: true }, JSON_ANSWER)).toMatchObject({
      name: 'missing does not equal 1',
      passed: false,
      message: 'output has no field missing (not-equals passes only on a verdict)',
    });
    expect(check({ type: 'contains', path: 'reply', value: 'x', negated: true }, 'prose, not JSON')).toMatchObject({
      passed: false,
      message: expect.stringMatching(/^output is not JSON .*\(not-contains passes only on a verdict\)$/),
    });
    expect(check({ type: 'max-cost-usd', value: 0.01, negated: true }, 'x', { costUsd: null })).toMatchObject({ passed: false });
  });

  it('negates tool-called, keeping no-tool-called as it was', () => {
    const toolCalls = [{ name: 'refund_order', arguments: { order_id: '1', amount: 5 } }];
    expect(check({ type: 'tool-called', value: 'refund_order', args: { order_id: '2' }, negated: true }, '', { toolCalls })).toMatchObject({
      name: 'tool refund_order not called with {"order_id":"2"}',
      passed: true,
    });
    expect(check({ type: 'tool-called', value: 'refund_order', negated: true }, '', { toolCalls })).toMatchObject({
      name: 'tool refund_order not called',
      passed: false,
      message: 'tool refund_order called, which not-tool-called forbids',
    });
    expect(check({ type: 'no-tool-called', value: 'refund_order' }, '', { toolCalls })).toMatchObject({
      name: 'tool refund_order not called',
      passed: false,
      message: 'called refund_order',
    });
  });
});

describe('tool checks read every call made along the way', () => {
  const allToolCalls = [
    { name: 'lookup_order', arguments: { order_id: '1' } },
    { name: 'log', arguments: {} },
    { name: 'refund_order', arguments: { order_id: '1' } },
  ];

  it('tool-sequence: in order with others between, or exactly', () => {
    const answer = { allToolCalls };
    expect(check({ type: 'tool-sequence', value: ['lookup_order', 'refund_order'] }, 'done', answer).passed).toBe(true);
    expect(check({ type: 'tool-sequence', value: ['lookup_order', 'refund_order'], exact: true }, 'done', answer)).toMatchObject({
      name: 'tools called exactly: lookup_order, refund_order',
      passed: false,
      message: 'call 2 is not refund_order; calls: lookup_order, log, refund_order',
    });
    expect(check({ type: 'tool-sequence', value: ['lookup_order', 'log', 'refund_order'], exact: true }, 'done', answer).passed).toBe(true);
    expect(
      check({ type: 'tool-sequence', value: [{ name: 'lookup_order', args: { order_id: '2' } }, 'refund_order'] }, 'done', answer),
    ).toMatchObject({
      passed: false,
      message: 'lookup_order (with those arguments) was not called; calls: lookup_order, log, refund_order',
    });
  });

  it('tool-called finds a call of an earlier step, while the text checks read the final answer', () => {
    const answer = { allToolCalls, toolCalls: [] };
    expect(check({ type: 'tool-called', value: 'lookup_order', args: { order_id: '1' } }, 'Refunded.', answer).passed).toBe(true);
    expect(check({ type: 'not-contains', value: 'lookup_order' }, 'Refunded.', answer).passed).toBe(true);
  });
});
