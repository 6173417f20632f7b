import { describe, expect, it } from '@jest/globals';
import { renderConsoleReport } from '../src/report/console.js';
import { evaluateGate } from '../src/report/gate.js';
import { renderJUnit } from '../src/report/junit.js';
import { runResult, suiteResult, testResult } from './support/results.js';

const run = runResult([
  suiteResult('prompts/support/v2.0', [
    testResult('reset', 'passed'),
    testResult('billing <&> "quoted"', 'failed', { line: 14, output: 'bad\u0007bell' }),
    testResult('timeout', 'error', { line: 20 }),
  ]),
]);

describe('renderConsoleReport', () => {
  const text = renderConsoleReport(run, evaluateGate(run, { threshold: 0.95 }), { color: false });

  it('says why the model stopped when it was not a normal end', () => {
    const cut = runResult([suiteResult('prompts/support/v2.0', [testResult('cut', 'failed', { finishReason: 'length' }), testResult('fine', 'failed', { finishReason: 'stop' })])]);
    const lines = renderConsoleReport(cut, evaluateGate(cut, { threshold: 0.95 }), { color: false }).split('\n');
    expect(lines.some((line) => line.includes('✗ cut [length]'))).toBe(true);
    expect(lines.some((line) => line.includes('✗ fine') && !line.includes('['))).toBe(true);
  });

  it('shows per suite pass rate, tokens, cost and latency, and failures with expected vs actual', () => {
    expect(text).toContain('support v2.0 prompts/support/v2.0 · openai gpt-4o-mini');
    expect(text).toContain('1/3 passed · 33.3% · 1 failed · 1 errors · 800 in / 100 out tokens · $0.0002 · p50 500 ms · p95 500 ms');
    expect(text).toContain('✗ billing <&> "quoted"  (prompts/support/v2.0/tests.yaml:14)');
    expect(text).toContain('intent equals "billing_issue": expected billing_issue, got general_question');
    expect(text).toContain('! timeout  (prompts/support/v2.0/tests.yaml:20)');
    expect(text).toContain('error: provider error: 500 Internal Server Error');
  });

  it('ends with the gate verdict and its reasons', () => {
    expect(text.split('\n').slice(-2)).toEqual([
      'Gate failed:',
      '  - prompts/support/v2.0: pass rate 33.3% (1/3 passed, 1 error) is below the 95.0% threshold',
    ]);
  });

  it('says where the answers came from', () => {
    const replayed = runResult([suiteResult('p/s/v1', [testResult('a', 'passed', { source: 'replay' })])]);
    expect(renderConsoleReport(replayed, evaluateGate(replayed, { threshold: 0.95 }), { color: false })).toContain(
      'All answers replayed from recordings (no API calls).',
    );
  });

  it('claims no verdict when no folder ran', () => {
    const empty = runResult([]);
    expect(renderConsoleReport(empty, evaluateGate(empty, { threshold: 0.95 }), { color: false })).toBe('No prompt folder was run.');
  });

  it('uses colour only when asked', () => {
    expect(text).not.toContain('\u001b[');
    expect(renderConsoleReport(run, evaluateGate(run, { threshold: 0.95 }), { color: true })).toContain('\u001b[31m');
  });
});

describe('renderJUnit', () => {
  const xml = renderJUnit(run);

  it('counts failures and errors apart', () => {
    expect(xml).toContain('<testsuite name="prompts/support/v2.0" tests="3" failures="1" errors="1" skipped="0" time="1.000">');
    expect(xml).toContain('<testsuites name="promptgate" tests="3" failures="1" errors="1">');
  });

  it('escapes names and replaces characters XML cannot carry', () => {
    expect(xml).toContain('name="billing &lt;&amp;&gt; &quot;quoted&quot;"');
    expect(xml).toContain('<system-out>bad\uFFFDbell</system-out>');
    expect(xml).not.toContain('\u0007');
  });

  it('puts expected and actual in the failure body', () => {
    expect(xml).toContain('expected: &quot;billing_issue&quot;\n  actual: &quot;general_question&quot;');
    expect(xml).toContain('<error message="provider error: 500 Internal Server Error">');
  });
});
