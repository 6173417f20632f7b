import { describe, expect, it } from '@jest/globals';
import { checkResultsText, lineNestedDeeperThan, MAX_NESTING, mergeError } from '../../src/shard/read.js';

/** Reading a shard's results file before the merge uses anything in it (src/shard/read.ts). */

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const summary = { total: 1, passed: 1, failed: 0, errors: 0, notRun: 0, passRate: 1, inputTokens: 9, outputTokens: 3, costUsd: null };
const test = {
  name: 't',
  status: 'passed',
  checks: [],
  output: 'ok',
  inputTokens: 9,
  outputTokens: 3,
  costUsd: null,
  latencyMs: 5,
  error: null,
};
const valid = {
  schemaVersion: 1,
  tool: { name: 'promptgate', version: '0.1.0' },
  generatedAt: '2025-01-01T00:00:00.000Z',
  responses: 'replay',
  threshold: 0.95,
  gate: { passed: true, threshold: 0.95, reasons: [], exitCode: 0 },
  changedPrompts: ['p'],
  summary: { ...summary, latencyMs: { p50: 5, p95: 5 } },
  suites: [
    {
      id: 'p',
      version: 'v1',
      path: 'p',
      provider: 'openai',
      model: 'm',
      summary: { ...summary, latencyMs: { p50: 5, p95: 5 } },
      tests: [test],
    },
  ],
  diagnostics: [],
  notices: [],
};

describe("a shard's results file, checked before use", () => {
  it('measures nesting on the text, skipping brackets inside strings', () => {
    expect(lineNestedDeeperThan(nested(MAX_NESTING), MAX_NESTING)).toBeUndefined();
    expect(lineNestedDeeperThan(`{\n"a":\n${nested(MAX_NESTING + 1)}}`, MAX_NESTING)).toBe(3);
    // Brackets and escaped quotes in a string are text, not nesting.
    expect(lineNestedDeeperThan(JSON.stringify({ text: `"${'['.repeat(500)}\\"{{{` }), MAX_NESTING)).toBeUndefined();
    expect(lineNestedDeeperThan(nested(5000), MAX_NESTING)).toBe(1);
  });

  it('names the first wrong field, with what it holds', () => {
    expect(typeof checkResultsText('ok.json', JSON.stringify(valid))).toBe('object');
    const wrong = structuredClone(valid) as unknown as { suites: { tests: Record<string, unknown>[] }[] };
    wrong.suites[0]!.tests[0]!.inputTokens = 'many';
    expect(checkResultsText('x.json', JSON.stringify(wrong))).toBe(
      'x.json is not a promptgate results.json: suites[0].tests[0].inputTokens must be integer (it is "many")',
    );
    expect(checkResultsText('x.json', JSON.stringify({ ...valid, tool: { name: 'other', version: '1' } }))).toBe(
      'x.json is not a promptgate results.json: tool.name must be promptgate (it is "other")',
    );
    expect(checkResultsText('x.json', '[]')).toBe('x.json is not a promptgate results.json: the file must be object (it is an array)');
    expect(checkResultsText('x.json', '')).toMatch(/^x\.json is not JSON: /);
  });

  it('lists the first 100 problems and counts the rest', () => {
    const message = mergeError(Array.from({ length: 250 }, (_, i) => `problem ${i + 1}`)).message.split('\n');
    expect(message).toHaveLength(102);
    expect(message.at(-2)).toBe('- problem 100');
    expect(message.at(-1)).toBe('- and 150 more problems of the same kinds');
  });
});
