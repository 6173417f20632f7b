import { matrixPaths } from './model-table.js';
import { type SuiteComparison, type TestChange, type ResultsFile, type SuiteResult, type TestResult } from '../results/model.js';
import { isNotRun, didNotRun } from '../results/not-run.js';
import { comparisonFor } from './suite-table.js';

/**
 * Which tests the report lists. A flip needs two sides that
 * ran: a test (or folder) that never ran on the base is listed as "no base result", and a
 * folder the PR adds is "new" — never "still failing, as on the base".
 */

export interface ListedSuite {
  id: string;
  version: string;
  path: string;
  model?: string;
  /** Set when the folder runs a `models:` matrix: the lists then say which model. */
  provider?: string;
  testsFile?: string;
}

export interface ListItem {
  suite: ListedSuite;
  test: TestChange;
  /** The head result, for what TestChange does not carry (finish reason, served model, tool calls). */
  result?: TestResult;
  /** Why there is nothing to compare with: "new folder", "base not run". */
  note?: string;
}

export interface TestGroups {
  compared: boolean;
  newlyFailing: ListItem[];
  newlyErroring: ListItem[];
  /** Not passing on the head, with no base result to compare with. */
  withoutBase: ListItem[];
  stillFailed: ListItem[];
  stillErrored: ListItem[];
  newlyPassing: ListItem[];
  added: ListItem[];
  removed: ListItem[];
}

function changeOf(test: TestResult): TestChange {
  return {
    name: test.name,
    ...(test.line !== undefined ? { line: test.line } : {}),
    head: test.status,
    failedChecks: test.checks.filter((check) => !check.passed),
    error: test.error,
    output: test.output,
  };
}

/** `matrix`: the paths of folders that run a `models:` matrix (their lists name the model). */
function listed(suite: SuiteResult, matrix: ReadonlySet<string>): ListedSuite {
  return {
    id: suite.id,
    version: suite.version,
    path: suite.path,
    model: suite.model,
    ...(matrix.has(suite.path) ? { provider: suite.provider } : {}),
    ...(suite.testsFile ? { testsFile: suite.testsFile } : {}),
  };
}

function notPassing(suite: SuiteResult, matrix: ReadonlySet<string>, note?: string): ListItem[] {
  return suite.tests
    .filter((test) => test.status !== 'passed')
    .map((test) => ({ suite: listed(suite, matrix), test: changeOf(test), result: test, ...(note ? { note } : {}) }));
}

function baseSuiteOf(results: ResultsFile, comparison: SuiteComparison): SuiteResult | undefined {
  const path = comparison.basePath ?? comparison.path;
  const bases = results.base?.suites.filter((suite) => suite.path === path) ?? [];
  // A models: matrix has one base suite per model: the same model's.
  return bases.find((suite) => suite.model === comparison.model && suite.provider === comparison.provider) ?? bases[0];
}

export function groupTests(results: ResultsFile): TestGroups {
  const groups: TestGroups = {
    compared: results.comparison !== undefined,
    newlyFailing: [],
    newlyErroring: [],
    withoutBase: [],
    stillFailed: [],
    stillErrored: [],
    newlyPassing: [],
    added: [],
    removed: [],
  };
  const matrix = matrixPaths(results);
  if (!groups.compared) {
    for (const suite of results.suites) {
      for (const item of notPassing(suite, matrix)) (item.test.head === 'error' ? groups.newlyErroring : groups.newlyFailing).push(item);
    }
    return groups;
  }
  for (const suite of results.suites) {
    const comparison = comparisonFor(results, suite);
    if (!comparison?.base || didNotRun(comparison.base)) {
      const note = !comparison?.base ? 'new folder' : 'base not run';
      groups.withoutBase.push(...notPassing(suite, matrix, note));
      continue;
    }
    const headTests = new Map<string, TestResult>();
    for (const test of suite.tests) if (!headTests.has(test.name) || test.status !== 'passed') headTests.set(test.name, test);
    const baseTests = new Map(baseSuiteOf(results, comparison)?.tests.map((test) => [test.name, test]));
    const item = (test: TestChange): ListItem => {
      const result = headTests.get(test.name);
      return { suite: listed(suite, matrix), test, ...(result ? { result } : {}) };
    };
    // A base test that never ran is no result to flip from: its head failures are listed apart.
    const ranOnBase = (test: TestChange) => !isNotRun(baseTests.get(test.name));
    const split = (tests: TestChange[], into: ListItem[]) => {
      for (const test of tests) {
        if (ranOnBase(test)) into.push(item(test));
        else if (test.head !== 'passed') groups.withoutBase.push({ ...item(test), note: 'not run on the base' });
      }
    };
    split(comparison.newlyFailing, groups.newlyFailing);
    split(comparison.newlyErroring, groups.newlyErroring);
    split(comparison.newlyPassing, groups.newlyPassing);
    split(
      comparison.stillFailing.filter((t) => t.head === 'failed'),
      groups.stillFailed,
    );
    split(
      comparison.stillFailing.filter((t) => t.head !== 'failed'),
      groups.stillErrored,
    );
    groups.added.push(...comparison.addedTests.map(item));
  }
  for (const comparison of results.comparison?.suites ?? []) {
    const suite = { id: comparison.id, version: comparison.version, path: comparison.path };
    for (const test of comparison.removedTests) groups.removed.push({ suite, test });
  }
  return groups;
}
