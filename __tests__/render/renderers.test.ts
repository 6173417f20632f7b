import { describe, expect, it } from '@jest/globals';
import { buildAnnotations } from '../../src/action/annotations.js';
import { renderConsole } from '../../src/render/console.js';
import { decideGate } from '../../src/gate/decide.js';
import { renderJUnit } from '../../src/render/junit.js';
import type { RunResult } from '../../src/results/model.js';
import { runResult, suiteResult, testResult } from '../support/results.js';

/** The console renders a results file; these are the parts it reads. */
const withGate = (r: RunResult) => ({ ...r, gate: decideGate({ suites: r.suites, threshold: 0.95, nothingFound: false }) });

const run = runResult([
  suiteResult('prompts/support/v2.0', [
    testResult('reset', 'passed'),
    testResult('billing <&> "quoted"', 'failed', { line: 14, output: 'bad\u0007bell' }),
    testResult('timeout', 'error', { line: 20 }),
  ]),
]);

describe('renderConsole', () => {
  const text = renderConsole(withGate(run), { color: false });

  it('says why the model stopped when it was not a normal end', () => {
    const cut = runResult([
      suiteResult('prompts/support/v2.0', [
        testResult('cut', 'failed', { finishReason: 'length' }),
        testResult('fine', 'failed', { finishReason: 'stop' }),
      ]),
    ]);
    const lines = renderConsole(withGate(cut), { color: false }).split('\n');
    expect(lines.some((line) => line.includes('✗ cut') && line.endsWith(' · finish: length'))).toBe(true);
    expect(lines.some((line) => line.includes('✗ fine') && !line.includes('finish:'))).toBe(true);
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

  it('says how every request was answered, from results.json calls', () => {
    const replayed = runResult([suiteResult('p/s/v1', [testResult('a', 'passed', { source: 'replay' })])]);
    const none = { live: 0, replayed: 0, cached: 0, missing: 0, costUsd: 0, savedUsd: 0 };
    const offline = { ...withGate(replayed), calls: { head: { ...none, replayed: 300 }, base: none, judge: { ...none, missing: 2 } } };
    expect(renderConsole(offline, { color: false })).toContain(
      'No API calls · 300 answers from recordings · 2 requests had no answer to replay or key to call live (not run).',
    );
    const live = {
      ...withGate(replayed),
      calls: {
        head: { ...none, live: 50, costUsd: 0.04 },
        base: { ...none, live: 48, costUsd: 0.035 },
        judge: { ...none, live: 3, costUsd: 0.001 },
      },
    };
    expect(renderConsole(live, { color: false })).toContain(
      'Called the model 101 times ($0.076: head 50, base 48, judge 3; retries included).',
    );
  });

  it('claims no verdict when no folder ran', () => {
    const empty = runResult([]);
    expect(renderConsole(withGate(empty), { color: false })).toBe('No prompt folder was run.');
  });

  it('uses colour only when asked', () => {
    expect(text).not.toContain('\u001b[');
    expect(renderConsole(withGate(run), { color: true })).toContain('\u001b[31m');
  });
});

describe('renderJUnit', () => {
  const xml = renderJUnit(run);

  it('counts failures and errors apart', () => {
    expect(xml).toContain('<testsuite name="prompts/support/v2.0" tests="3" failures="1" errors="1" skipped="0" time="1.000">');
    expect(xml).toContain('<testsuites name="promptgate" tests="3" failures="1" errors="1" skipped="0">');
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

/** Untrusted values from the repository and the model, for every sink below. */
const HOSTILE_ID = 'support\n::set-output name=gate::passed';
const hostileRun = runResult([
  suiteResult(
    'prompts/evil\n::error::path/v1',
    [
      testResult('name\r::add-mask::x \u001b[31mred\u001b]8;;https://evil.example\u0007link', 'failed', {
        output: 'answer\n::error::pwned\n##[set-env name=X]1',
        checks: [
          { name: 'check\n::warning::x', passed: false, expected: 'a\n::debug::b', actual: '::error::c\nd', message: 'm\n::notice::n' },
        ],
      }),
      testResult('errored', 'error', { error: 'server said:\n::error::boom' }),
    ],
    { id: HOSTILE_ID, version: 'v1\n::group::x', model: 'gpt\n::endgroup::' },
  ),
]);

describe('the log sink: ids, versions, model names and paths are escaped like model output', () => {
  const text = renderConsole(withGate(hostileRun), { color: true });

  it('no untrusted value starts a line, so none becomes a workflow command', () => {
    for (const line of text.split('\n')) {
      expect(
        line
          .replace(/\u001b\[[0-9;]*m/g, '')
          .trimStart()
          .startsWith('::'),
      ).toBe(false);
      expect(line).not.toContain('##[');
    }
    // The line break is shown as ↵ and the rest stays on the line, where `::` is plain text.
    expect(text).toContain('support ↵ ::set-output name=gate::passed v1 ↵ ::group::x');
    expect(text).toContain('gpt ↵ ::endgroup::');
    // A value that would lead its line is defused.
    expect(text).toContain('got :\u200b:error::c ↵ d');
  });

  it('untrusted ANSI and hyperlinks are stripped; only our own colours remain', () => {
    expect(text).not.toContain('https://evil.example');
    expect(text).not.toContain('\u001b]8');
    expect(text.match(/\u001b\[31mred/g)).toBeNull(); // the test name's own "red" lost its colour
  });
});

describe('the annotation sink', () => {
  const results = {
    ...withGate(hostileRun),
    diagnostics: [{ file: 'p/tests.yaml', line: 2, message: 'bad\u202Eevil\u0007 \u001b[1mbold' }],
  } as never;
  const annotations = buildAnnotations(results);

  it('bounds messages and strips ANSI, controls and bidi overrides from them', () => {
    expect(annotations[0]!.message).toBe('bad<U+202E>evil\uFFFD bold');
    for (const annotation of annotations) {
      expect(annotation.message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202a-\u202e]/);
      expect(annotation.message.length).toBeLessThanOrEqual(1_000);
    }
  });

  it('puts test names and check values on one line each: no line of the message starts a command', () => {
    const failed = annotations.find((a) => a.title === 'promptgate: test failed')!;
    for (const line of failed.message.split('\n')) expect(line.trimStart().startsWith('::')).toBe(false);
    expect(failed.message).toContain('name ↵ ::add-mask::x redlink — check ↵ ::warning::x');
  });
});

describe('renderJUnit of tests that never ran', () => {
  it('reports them as skipped, not as errors of the prompt', () => {
    const notRun = runResult([
      suiteResult('p/s/v1', [
        testResult('a', 'passed'),
        testResult('b', 'error', { error: 'no recorded response', errorKind: 'missing-recording' }),
      ]),
    ]);
    const xml = renderJUnit(notRun);
    expect(xml).toContain('tests="2" failures="0" errors="0" skipped="1"');
    expect(xml).toContain('<skipped message="not run: no recorded response"/>');
  });
});
