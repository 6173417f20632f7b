import { describe, expect, it } from '@jest/globals';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runEngine } from '../../src/engine.js';
import { writeResultsFile } from '../../src/publish/results-file.js';
import { sinksFor } from '../../src/publish/sinks.js';
import type { ResultsFile } from '../../src/results/model.js';
import { resultsJsonPieces } from '../../src/results/results-json.js';
import { createTempDir } from '../support/git-repo.js';
import { loadReportFixture } from '../support/report-fixture.js';
import { resultsFileOf, runResult, suiteResult, testResult } from '../support/results.js';

/**
 * results.json is streamed: serialized piece by piece and written as it comes, from results
 * the sink has redacted. These pin what that must not change (the value other tools parse) and what it must
 * not break (redaction, a whole file).
 */

async function written(results: ResultsFile, secrets: string[] = []): Promise<{ text: string; dir: string; path: string }> {
  const dir = await createTempDir('promptgate-results-');
  const path = join(dir, 'out', 'results.json');
  // Through the sink that every caller writes with: it redacts the results, then streams them.
  const env = Object.fromEntries(secrets.map((secret, index) => [`S${index}_SECRET`, secret]));
  await sinksFor(env).writeResults(path, results);
  return { text: await readFile(path, 'utf8'), dir, path };
}

/** Equal values with equal key order: what JSON.parse gives a reader of the old pretty file. */
function sameJson(actual: string, expected: unknown): void {
  expect(JSON.stringify(JSON.parse(actual))).toBe(JSON.stringify(expected));
}

/** The report fixture (head, base, comparison, tool calls, not-run suites) plus the edge cases JSON.stringify has rules for. */
function richResults(): ResultsFile {
  const results = loadReportFixture();
  const odd = {
    skipped: undefined,
    when: new Date(Date.UTC(2026, 0, 2)),
    empty: {},
    none: [],
    holes: [1, undefined, () => 1, Number.NaN],
    nested: { deeper: [{ a: [] }, { b: {} }] },
  };
  return { ...results, notices: [...results.notices, 'a notice'], diagnostics: [...results.diagnostics, odd as never] };
}

describe('writeResultsFile', () => {
  it('writes the same JSON value, key order included, as the old pretty-printed file', async () => {
    const results = richResults();
    const { text } = await written(results);
    sameJson(text, JSON.parse(JSON.stringify(results, null, 2)));
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('writes each test (head and base) as one line and everything else as JSON.stringify(…, null, 2) does', async () => {
    const results = richResults();
    const text = [...resultsJsonPieces(results)].join('');
    const tests = [...results.suites, ...(results.base?.suites ?? [])].flatMap((suite) => suite.tests);
    const lines = text.split('\n');
    // Head tests sit at depth 4 (8 spaces), base tests at depth 5 (10 spaces).
    const compact = lines.filter((line) => COMPACT_LINE.test(line)).map((line) => line.trim().replace(/,$/, ''));
    expect(compact).toEqual(tests.map((test) => JSON.stringify(test)));
    // Re-expanding the test lines gives the old file byte for byte.
    const expanded = lines.map((line) => (COMPACT_LINE.test(line) ? reindent(line) : line)).join('\n');
    expect(expanded).toBe(`${JSON.stringify(results, null, 2)}\n`);
  });

  it('redacts every secret in every value (names, outputs, errors, checks, notices, base), longest first', async () => {
    const key = 'sk-live-0123456789abcdef';
    const token = 'ghs_token0123456789';
    const results = richResults();
    const suite = results.suites[0]!;
    suite.tests[0] = { ...suite.tests[0]!, name: `leaks ${token}`, output: `my key is ${key}!`, error: `echoed ${key}${key}` };
    suite.tests[1] = { ...suite.tests[1]!, checks: [{ name: 'contains', passed: false, expected: key, actual: `${token}` }] };
    results.base!.suites[0]!.tests[0]!.output = key;
    results.notices.push(`a notice quoting ${token}`);
    // One secret contains the other: the longer one goes first, nothing of it stays visible.
    const longer = `${key}-and-more`;
    suite.tests[2] = { ...suite.tests[2]!, output: longer };
    const { text } = await written(results, [key, token, longer]);
    expect(text).not.toContain(key);
    expect(text).not.toContain(token);
    expect(text).not.toContain('-and-more');
    expect(text.match(/\[REDACTED\]/g)).toHaveLength(9);
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it('redacts a secret that falls across a chunk boundary of the file', async () => {
    const key = 'sk-live-0123456789abcdef';
    // 24 of every 25 characters belong to a secret, over several 64 KB write chunks: wherever a
    // chunk ends inside these outputs, it ends inside a secret.
    const output = `${key}.`.repeat(6_000);
    const tests = Array.from({ length: 4 }, (_, index) => testResult(`case ${index}`, 'passed', { output }));
    const run = runResult([suiteResult('prompts/long/v1', tests)]);
    const { text } = await written(resultsFileOf(run), [key]);
    expect(text).not.toContain(key);
    expect(text.match(/\[REDACTED\]/g)).toHaveLength(24_000);
    expect(JSON.parse(text).suites[0].tests).toHaveLength(4);
  });

  it('leaves the previous file whole, and no temporary file, when serializing fails half way', async () => {
    const dir = await createTempDir('promptgate-results-');
    const path = join(dir, 'results.json');
    await writeFile(path, '{"previous":true}\n');
    const tests = Array.from({ length: 3000 }, (_, index) => testResult(`case ${index}`, 'passed', { output: 'z'.repeat(100) }));
    const results = resultsFileOf(runResult([suiteResult('prompts/a/v1', tests)]));
    // A BigInt cannot be written as JSON: JSON.stringify throws on it, here in the last test.
    results.suites[0]!.tests.at(-1)!.flaky = 1n as never;
    await expect(writeResultsFile(path, results)).rejects.toThrow(/BigInt/);
    expect(await readFile(path, 'utf8')).toBe('{"previous":true}\n');
    expect(await readdir(dir)).toEqual(['results.json']);
  });
});

describe('a cancelled run', () => {
  it('still writes a whole results.json: every test, the unfinished ones cancelled', async () => {
    const dir = await createTempDir('promptgate-cancelled-');
    const folder = join(dir, 'prompts', 'big', 'v1');
    await mkdir(folder, { recursive: true });
    const count = 2000;
    const tests = Array.from(
      { length: count },
      (_, index) => `  - name: case ${index}\n    input: message ${index}\n    expected_intent: general\n`,
    );
    await writeFile(join(folder, 'tests.yaml'), `tests:\n${tests.join('')}`);
    await writeFile(join(folder, 'system.txt'), 'Classify the message.\n');
    const controller = new AbortController();
    let done = 0;
    const { results } = await runEngine({
      repoDir: dir,
      roots: [],
      responses: 'replay',
      env: {},
      toolVersion: 'test',
      signal: controller.signal,
      onTestDone: () => {
        if (++done === 10) controller.abort(new Error('received SIGINT'));
      },
    });
    const path = join(dir, '.promptgate', 'results.json');
    await mkdir(join(dir, '.promptgate'));
    await writeFile(path, 'stale');
    await writeResultsFile(path, results);
    const file = JSON.parse(await readFile(path, 'utf8')) as ResultsFile;
    expect(file.cancelled).toBe(true);
    expect(file.suites[0]!.tests).toHaveLength(count);
    const kinds = file.suites[0]!.tests.map((test) => test.errorKind);
    expect(kinds.filter((kind) => kind === 'cancelled').length).toBeGreaterThan(count / 2);
    expect(file.gate.passed).toBe(false);
    sameJson(await readFile(path, 'utf8'), JSON.parse(JSON.stringify(results)));
  }, 60_000);
});

/** An object on one line: pretty-printing never writes one (it breaks after `{`), a test line does. */
const COMPACT_LINE = /^ +\{".*\},?$/;

/** A compact test line laid out as JSON.stringify(…, null, 2) lays it out at its depth. */
function reindent(line: string): string {
  const indent = /^ */.exec(line)![0];
  const comma = line.endsWith(',') ? ',' : '';
  const json = line.trim().replace(/,$/, '');
  return `${indent}${JSON.stringify(JSON.parse(json), null, 2).replaceAll('\n', `\n${indent}`)}${comma}`;
}
