import { sinksFor } from '../../src/publish/sinks.js';
import { describe, expect, it } from '@jest/globals';
import { TRUNCATION_NOTE, commentMarker, renderComment, renderJobSummary } from '../../src/render/comment.js';
import { compareRuns } from '../../src/results/compare.js';
import { decideGate } from '../../src/gate/decide.js';
import type { ResultsFile, RunResult } from '../../src/results/model.js';
import { resultsFileOf, runResult, suiteResult, testResult } from '../support/results.js';

const marker = commentMarker('');
const context = {
  marker,
  repositoryUrl: 'https://github.com/acme/bot',
  headSha: 'abcdef1234567890',
  runUrl: 'https://github.com/acme/bot/actions/runs/1',
  maxLength: 65_000 as number | undefined,
};

function resultsFile(head: RunResult, base?: RunResult): ResultsFile {
  const pairs = head.suites.map((suite) => ({ headPath: suite.path, basePath: suite.path, change: 'modified' as const }));
  const comparison = base ? compareRuns(head, base, pairs) : undefined;
  return resultsFileOf(head, {
    gate: decideGate({ suites: head.suites, threshold: 0.95, comparison, nothingFound: false }),
    ...(base ? { base: { ref: '0123456789abcdef', ...base } } : {}),
    ...(comparison ? { comparison } : {}),
  });
}

/** The text as it reads: without the word joiners and no-break spaces that hold names and figures together. */
const plain = (text: string) => text.replace(/\u2060/g, '').replace(/\u00a0/g, ' ');

/** The body with code spans and fenced blocks removed: inside them nothing is live markup. */
function outsideCode(body: string): string {
  return body.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '').replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
}

const base = runResult([
  suiteResult('prompts/support/v2.0', [
    testResult('reset', 'passed', { source: 'replay' }),
    testResult('billing', 'passed', { source: 'replay' }),
  ]),
]);

describe('renderReport', () => {
  it('leads with the marker and the verdict, then base → head figures per folder', () => {
    const head = runResult([
      suiteResult('prompts/support/v2.0', [
        testResult('reset', 'passed', { source: 'replay', costUsd: 0.0002 }),
        testResult('billing', 'failed', { source: 'replay', line: 14 }),
      ]),
    ]);
    const none = { live: 0, replayed: 0, cached: 0, missing: 0, costUsd: 0, savedUsd: 0 };
    const calls = { head: { ...none, replayed: 2 }, base: { ...none, replayed: 2 }, judge: none };
    const body = plain(renderComment({ ...resultsFile(head, base), calls }, context));
    expect(body.startsWith(`${marker}\n\n### ❌ promptgate: merge blocked`)).toBe(true);
    expect(body).toContain('- **support** v2.0 · `openai:gpt-4o-mini`: pass rate 50.0% \\(1/2 passed\\) is below the 95.0% threshold');
    expect(body).toContain('| 100.0% → **50.0%**<br><sub>−50.0 pp</sub> |');
    expect(body).toContain('| $0.10 → $0.15 |');
    expect(body).toContain('#### Newly failing (1 test)');
    expect(body).toContain(
      '[`billing`](https://github.com/acme/bot/blob/abcdef1234567890/prompts/support/v2.0/tests.yaml#L14): intent: expected `billing_issue`, got `general_question`',
    );
    expect(body).toContain('No API calls · 4 answers from recordings.');
  });

  it('links to the test line even when the folder name holds a # or a space', () => {
    const head = runResult([suiteResult('prompts/c# tips/v1', [testResult('t', 'failed', { line: 4 })])]);
    const body = renderComment(resultsFile(head), context);
    expect(body).toContain('(https://github.com/acme/bot/blob/abcdef1234567890/prompts/c%23%20tips/v1/tests.yaml#L4)');
  });

  it('does not say "no prompt changed" when the prompts path itself is wrong', () => {
    const results = {
      ...resultsFile(runResult([])),
      gate: { passed: false, threshold: 0.95, reasons: ['promts/**: matches no files'], exitCode: 2 as const },
      diagnostics: [{ file: 'promts/**', message: 'matches no files' }],
    };
    const body = renderComment(results, context);
    expect(body).toContain('### ❌ promptgate: merge blocked');
    expect(body).toContain('- promts/\\*\\*: matches no files');
    expect(body).toContain('`promts/**`: matches no files');
    expect(body).not.toContain('no prompt changed');
  });

  it('says plainly when the change touches no prompt', () => {
    const body = renderComment(resultsFile(runResult([])), context);
    expect(body).toContain('### ✅ promptgate: no prompt changed');
    expect(body).not.toContain('| Prompt |');
  });

  it('keeps hostile model output from pinging, linking, injecting HTML or forging the marker', () => {
    const hostile = [
      '@octocat @acme/security-team please approve, fixes #123 and acme/bot#7',
      `${marker} <img src=x onerror=alert(1)> </details> <script>x</script>`,
      '| broken | table |\n# heading\n```\nfence\n````',
      '::error::pwned\n::set-output name=gate::passed',
    ].join('\n');
    const head = runResult([
      suiteResult('prompts/support/v2.0', [
        testResult('reset', 'failed', {
          output: hostile,
          checks: [{ name: 'intent equals "x"', passed: false, expected: 'x', actual: hostile, message: hostile }],
        }),
        testResult('billing', 'error', { error: `broken response: ${hostile}` }),
      ]),
    ]);
    const body = renderComment(resultsFile(head, base), context);
    expect(body.split(marker)).toHaveLength(2); // the one real marker, at the top
    expect(body.indexOf(marker)).toBe(0);
    const live = outsideCode(body);
    expect(live).toContain('approve'); // the hostile text is shown outside code too (in the failure list)…
    expect(live).not.toMatch(/@octocat|@acme\/security-team/); // …but cannot ping anyone
    expect(live).not.toMatch(/#123|bot#7/);
    expect(live).not.toMatch(/<img|<script|<\/details> <script/);
    // Every <details> the report opens is closed by the report itself, no more, no less.
    expect(live.match(/<details/g)?.length).toBe(live.match(/<\/details>/g)?.length);
    // Table rows keep their column count.
    for (const row of body.split('\n').filter((line) => line.startsWith('| ✅') || line.startsWith('| ❌'))) {
      expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(8);
    }
  });

  // Each failing its own way (tests that fail alike share a line), each with its own long answer.
  const hugeTests = Array.from({ length: 3000 }, (_, i) =>
    testResult(`test number ${i}`, 'failed', {
      output: `${'x'.repeat(100_000)}${i}`,
      checks: [{ name: `n equals ${i}`, passed: false, expected: i, actual: -1 }],
    }),
  );
  const hugeHead = runResult([suiteResult('prompts/support/v2.0', hugeTests)]);
  const hugeBase = runResult([
    suiteResult(
      'prompts/support/v2.0',
      hugeTests.map((t) => ({ ...t, status: 'passed' as const })),
    ),
  ]);

  it('lists a bounded number of tests per section and counts the rest', () => {
    const body = renderComment(resultsFile(hugeHead, hugeBase), context);
    expect(body.length).toBeLessThanOrEqual(65_000);
    expect(body).toContain('#### Newly failing (3,000 tests)');
    expect(body).toContain('… and 2,975 more tests');
  });

  it('stays under GitHub’s comment limit when the detail would not fit, and says what it cut', () => {
    const body = renderComment(resultsFile(hugeHead, hugeBase), { ...context, maxTestsPerList: 3000 });
    expect(body.length).toBeLessThanOrEqual(65_000);
    expect(body).toContain(TRUNCATION_NOTE);
    expect(body).toContain('… and 2,995 more tests'); // the short form of the failing list
    expect(body).not.toContain('Model outputs of failing tests'); // raw outputs go first
    expect(body.indexOf(marker)).toBe(0);
  });
});

describe('a side that did not run', () => {
  /** A base side that never ran: every test errored for want of a recording; the engine says passRate null. */
  function notRunBase(path: string, names: string[]): RunResult {
    const run = runResult([
      suiteResult(
        path,
        names.map((name) => testResult(name, 'error', { error: 'no recorded response (replay mode)', errorKind: 'missing-recording' })),
      ),
    ]);
    Object.assign(run.suites[0]!.summary, { passRate: null, notRun: names.length });
    return run;
  }

  it('shows "not run", never 0% or a +100 pp delta, and lists no flips from it', () => {
    const head = runResult([suiteResult('prompts/faq/v1', [testResult('hours', 'passed'), testResult('countries', 'failed')])]);
    const body = plain(renderComment(resultsFile(head, notRunBase('prompts/faq/v1', ['hours', 'countries'])), context));
    expect(body).toContain('| _not run_ → **50.0%** |');
    expect(body).not.toMatch(/0\.0% →|\+\d+\.\d pp/);
    expect(body).not.toContain('Newly passing');
    expect(body).not.toContain('(error → passed)');
    expect(body).toContain('#### Not passing, no base result to compare with (1 test)');
    expect(body).toMatch(/`countries`\]\([^)]*\) · base not run/);
  });

  it('a head that did not run is "not run" too, with its tests counted as not run', () => {
    const head = notRunBase('prompts/faq/v1', ['hours']);
    const base = runResult([suiteResult('prompts/faq/v1', [testResult('hours', 'passed')])]);
    const body = plain(renderComment(resultsFile(head, base), context));
    expect(body).toContain('| ⏸️ |');
    expect(body).toContain('| 100.0% → _not run_ |');
    expect(body).toContain('| 1 not run |');
  });

  it('a folder the PR adds is "new", never "still failing, as on the base"', () => {
    const head = runResult([
      suiteResult('prompts/support/v2.0', [testResult('reset', 'passed'), testResult('billing', 'passed')]),
      suiteResult('prompts/refunds/v1', [testResult('late refund', 'failed'), testResult('timeout', 'error')]),
    ]);
    const results = resultsFile(head, base);
    results.comparison!.suites[1] = { ...results.comparison!.suites[1]!, change: 'added' };
    delete results.comparison!.suites[1]!.base;
    const body = plain(renderComment(results, context));
    expect(body).not.toContain('as on the base');
    expect(body).toContain('**refunds** v1 · <sub>new</sub><br>`openai:gpt-4o-mini`');
    expect(body).toMatch(/`late refund`\]\([^)]*\) · new folder/);
    expect(body).toMatch(/`timeout`\]\([^)]*\) · new folder: provider error/);
  });

  it('says the run was cancelled and what was kept', () => {
    const head = runResult([
      suiteResult('prompts/support/v2.0', [
        testResult('reset', 'passed'),
        testResult('billing', 'error', { error: 'cancelled: the job was cancelled before this test finished', errorKind: 'cancelled' }),
      ]),
    ]);
    const results = { ...resultsFile(head, base), cancelled: true };
    const body = renderComment(results, context);
    expect(body).toContain('### ⏹️ promptgate: run cancelled');
    expect(body).toContain(
      'Kept: 1 answered test run, in results.json and the recordings; 1 test run that had not finished is errored as "cancelled"',
    );
    expect(body).not.toContain('gate passed');
  });
});

describe('reviewer polish', () => {
  const many = (count: number) =>
    runResult([
      suiteResult(
        'prompts/support/v2.0',
        Array.from({ length: count }, (_, i) => testResult(`case ${i}`, 'failed', { output: `{"intent":"x${i}","n":[1,2]}` })),
      ),
    ]);

  it('the job summary does not link to itself; the comment links to the run', () => {
    const results = resultsFile(many(1));
    expect(renderJobSummary(results, context)).not.toContain(context.runUrl);
    expect(renderComment(results, context)).toContain(`[full report in the job summary](${context.runUrl})`);
    expect(renderJobSummary(results, context)).not.toContain(marker);
  });

  it('says how many model outputs are shown and how many are left out', () => {
    // Tests that fail alike show one output in the comment: here each fails its own way.
    const distinct = (count: number) => {
      const run = many(count);
      run.suites[0]!.tests.forEach((test, i) => (test.checks = [{ name: `n equals ${i}`, passed: false, expected: i, actual: -1 }]));
      return run;
    };
    const body = renderComment(resultsFile(distinct(125)), context);
    expect(body).toContain('<summary>Model outputs of failing tests (8 of 125 shown, 117 left out)</summary>');
    expect(body).toContain('_117 more outputs left out: the job summary and the HTML report show every one._');
    expect(renderComment(resultsFile(distinct(3)), context)).toContain('<summary>Model outputs of failing tests (3)</summary>');
    // Alike, they share one output in the comment, and the job summary shows every one.
    expect(renderComment(resultsFile(many(3)), context)).toContain(
      '<summary>Model outputs of failing tests (1 of 3 shown, 2 left out)</summary>',
    );
    expect(renderJobSummary(resultsFile(many(3)), context)).toContain('<summary>Model outputs of failing tests (3)</summary>');
  });

  it('pretty-prints JSON outputs in the collapsed blocks, and leaves prose alone', () => {
    const body = renderComment(resultsFile(many(1)), context);
    expect(body).toContain(
      '```json\n{\n  // ✗ intent equals "billing_issue", got "general_question"\n  "intent": "x0",\n  "n": [\n    1,\n    2\n  ]\n}\n```',
    );
    const prose = runResult([suiteResult('p/s/v1', [testResult('t', 'failed', { output: '{not json} just text' })])]);
    expect(renderComment(resultsFile(prose), context)).toContain('```\n{not json} just text\n```');
  });

  it('wraps a long prose answer for reading instead of a box that scrolls sideways', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const prose = runResult([suiteResult('p/s/v1', [testResult('t', 'failed', { output: words })])]);
    const body = renderComment(resultsFile(prose), context);
    const block = /```\n([\s\S]*?)\n```/.exec(body)?.[1] ?? '';
    expect(block.split('\n').length).toBeGreaterThan(1);
    // 88 columns: the width of a code block in the 836 px comment column.
    for (const line of block.split('\n')) expect(line.length).toBeLessThanOrEqual(88);
    expect(block.replace(/\n/g, ' ')).toBe(words); // nothing lost, only line breaks added
  });

  it('puts failing folders first in the table', () => {
    const folders = ['a', 'b', 'c', 'd', 'e'].map((name, i) =>
      suiteResult(`prompts/${name}/v1`, [testResult('t', i % 2 === 1 ? 'failed' : 'passed')]),
    );
    const body = renderComment(resultsFile(runResult(folders)), context);
    const order = [...body.matchAll(/^\| (✅|❌) \| \*\*(\w)\*\*/gm)].map((m) => `${m[1]}${m[2]}`);
    expect(order).toEqual(['❌b', '❌d', '✅a', '✅c', '✅e']);
  });

  it('shows why an answer stopped and which model served it, when the provider says', () => {
    const head = runResult([
      suiteResult('p/s/v1', [testResult('long', 'failed', { finishReason: 'length', servedModel: 'gpt-4o-mini-2024-07-18' } as never)]),
    ]);
    const body = renderComment(resultsFile(head), context);
    expect(body).toMatch(/`long`\]\([^)]*\) · finish: length · served by gpt-4o-mini-2024-07-18/);
    // Absent fields, absent notes.
    expect(renderComment(resultsFile(many(1)), context)).not.toMatch(/finish:|served by/);
  });

  it('caps the job summary at 1 MiB of UTF-8 bytes, which multi-byte output reaches long before 1 MiB of characters', () => {
    // 300 outputs of 2,000 CJK/emoji characters: ~0.75 M characters (a character count passes), ~2 MB of UTF-8.
    const wide = '日本語テキスト😀'.repeat(300);
    const head = runResult([
      suiteResult(
        'prompts/ja/v1',
        Array.from({ length: 300 }, (_, i) => testResult(`ケース ${i}`, 'failed', { output: `${i}${wide}` })),
      ),
    ]);
    const body = renderJobSummary(resultsFile(head), { ...context, maxTestsPerList: 300, maxLength: undefined });
    expect(Buffer.byteLength(body, 'utf8')).toBeLessThanOrEqual(1_048_576);
    expect(body).toContain("GitHub's 1 MiB job summary limit");
    // What was cut is the least important: the verdict, the table and the failing list stay.
    expect(body).toContain('#### Failing (300 tests)');
    expect(body).toContain('Model outputs of failing tests (5 of 300 shown, 295 left out)');
    // The uncut report would have fitted a character count: the bytes are what matter.
    const uncut = renderJobSummary(resultsFile(head), { ...context, maxTestsPerList: 300, maxLength: 100_000_000 });
    expect(uncut.length).toBeLessThan(1_048_576);
    expect(Buffer.byteLength(uncut, 'utf8')).toBeGreaterThan(1_048_576);
  });

  it('keeps the comment under 65,536 characters with the same multi-byte output', () => {
    const wide = '日本語テキスト😀'.repeat(300);
    const head = runResult([
      suiteResult(
        'prompts/ja/v1',
        Array.from({ length: 300 }, (_, i) => testResult(`ケース ${i}`, 'failed', { output: wide })),
      ),
    ]);
    const body = renderComment(resultsFile(head), { ...context, maxTestsPerList: 300, maxLength: undefined });
    expect(body.length).toBeLessThan(65_536);
  });

  it('redacts secrets in the results before rendering, so neither a cut nor Markdown escaping can keep one visible', async () => {
    const key = 'sk_live_abc123SECRET';
    const long = `${'x'.repeat(380)} key ${key} and more`;
    const head = runResult([
      suiteResult('p/s/v1', [
        testResult('t', 'failed', { output: `key ${key} leaked` }),
        // Cut by the renderer right inside the key, then escaped (`_` becomes `\_`).
        testResult(`name ${key}`, 'failed', { error: long }),
      ]),
    ]);
    const body = await sinksFor({ OPENAI_API_KEY: key }).comment(resultsFile(head), context);
    expect(body).toContain('[REDACTED]');
    for (const part of ['sk_live', 'sk\\_live', 'abc123SECRET', 'abc123']) expect(body).not.toContain(part);
  });
});
