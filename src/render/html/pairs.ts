import type { ResultsFile, SuiteComparison, SuiteResult, TestResult } from '../../results/model.js';
import { comparisonLookup } from '../../results/model-pairs.js';

/**
 * Every test of the run as base ↔ head: a head suite with the base suite it is compared with
 * (the same model's in a `models:` matrix), its tests matched by name; a test or a folder only
 * one side has is paired with nothing. The report renders one card per pair.
 */

export interface SideSuite {
  id: string;
  version: string;
  path: string;
  provider: string;
  model: string;
}

export interface TestPair {
  /** The head's folder and model, or the base's when the head has none. */
  suite: SideSuite;
  name: string;
  head?: TestResult;
  base?: TestResult;
  required: boolean;
  flaky: boolean;
  /** Both sides ran and their statuses differ. */
  flipped: boolean;
  /** Not passing on the head. */
  failed: boolean;
}

export interface SuitePair {
  suite: SideSuite;
  head?: SuiteResult;
  base?: SuiteResult;
  comparison?: SuiteComparison;
}

function baseSuiteOf(results: ResultsFile, head: SuiteResult, row: SuiteComparison | undefined): SuiteResult | undefined {
  if (row && !row.base) return undefined;
  const path = row?.basePath ?? head.path;
  const bases = results.base?.suites.filter((suite) => suite.path === path) ?? [];
  return (
    bases.find((suite) => suite.provider === head.provider && suite.model === head.model) ?? (bases.length === 1 ? bases[0] : undefined)
  );
}

const identity = (suite: SideSuite): SideSuite => ({
  id: suite.id,
  version: suite.version,
  path: suite.path,
  provider: suite.provider,
  model: suite.model,
});

/** Head suites with their bases, then base suites no head suite was compared with (removed). */
export function suitePairs(results: ResultsFile): SuitePair[] {
  const rowOf = comparisonLookup(results.comparison?.suites);
  const used = new Set<SuiteResult>();
  const pairs: SuitePair[] = results.suites.map((head) => {
    const comparison = rowOf(head);
    const base = results.base ? baseSuiteOf(results, head, comparison) : undefined;
    if (base) used.add(base);
    return { suite: identity(head), head, ...(base ? { base } : {}), ...(comparison ? { comparison } : {}) };
  });
  for (const base of results.base?.suites ?? []) if (!used.has(base)) pairs.push({ suite: identity(base), base });
  return pairs;
}

const passed = (test: TestResult | undefined) => test?.status === 'passed';

/** Every test pair, failing and flipped ones first within each suite. */
export function testPairs(results: ResultsFile): TestPair[] {
  const out: TestPair[] = [];
  for (const { suite, head, base } of suitePairs(results)) {
    const baseTests = new Map((base?.tests ?? []).map((test) => [test.name, test]));
    const names = [...(head?.tests ?? []).map((test) => test.name), ...(base?.tests ?? []).map((test) => test.name)];
    const headTests = new Map((head?.tests ?? []).map((test) => [test.name, test]));
    const pairs = [...new Set(names)].map((name): TestPair => {
      const h = headTests.get(name);
      const b = baseTests.get(name);
      return {
        suite,
        name,
        ...(h ? { head: h } : {}),
        ...(b ? { base: b } : {}),
        required: h?.required === true || (!h && b?.required === true),
        flaky: h?.flaky === true || b?.flaky === true,
        flipped: h !== undefined && b !== undefined && h.status !== b.status,
        failed: h !== undefined && !passed(h),
      };
    });
    const rank = (pair: TestPair) => (pair.failed ? 0 : pair.flipped ? 1 : pair.flaky ? 2 : 3);
    out.push(
      ...pairs
        .map((pair, index) => ({ pair, index }))
        .sort((a, b) => rank(a.pair) - rank(b.pair) || a.index - b.index)
        .map(({ pair }) => pair),
    );
  }
  return out;
}
