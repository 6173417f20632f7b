import type { SuiteComparison, SuiteResult } from './model.js';
import type { SuitePair } from '../select/pairing.js';

/**
 * A folder with `models:` is one suite per model on each side. Pairing by path alone would
 * compare Claude's head with GPT-4o's base; these pair the suites of a folder pair by
 * provider:model as well, so each model is compared with the same model on the base.
 */

export interface ModelPair {
  pair: SuitePair;
  head?: SuiteResult;
  base?: SuiteResult;
  /** Set when the folder runs a model matrix: the model this row compares. */
  model?: { provider: string; model: string };
}

const labelOf = (suite: { provider: string; model: string }) => `${suite.provider}:${suite.model}`;

/**
 * One folder pair's suites, paired per model. One suite on each side (no matrix) pairs as
 * before, whatever the model: a change of model is compared with the old model. Otherwise a
 * model only the head runs is new for its row, one only the base ran is removed.
 */
export function pairModels(pair: SuitePair, heads: readonly SuiteResult[], bases: readonly SuiteResult[]): ModelPair[] {
  if (heads.length <= 1 && bases.length <= 1) {
    return [{ pair, ...(heads[0] ? { head: heads[0] } : {}), ...(bases[0] ? { base: bases[0] } : {}) }];
  }
  const baseByModel = new Map(bases.map((suite) => [labelOf(suite), suite]));
  const rows: ModelPair[] = [];
  for (const head of heads) {
    const base = baseByModel.get(labelOf(head));
    baseByModel.delete(labelOf(head));
    const model = { provider: head.provider, model: head.model };
    if (base) rows.push({ pair, head, base, model });
    else rows.push({ pair: { ...(pair.headPath !== undefined ? { headPath: pair.headPath } : {}), change: 'added' }, head, model });
  }
  for (const base of baseByModel.values()) {
    const removed: SuitePair = { ...(pair.basePath !== undefined ? { basePath: pair.basePath } : {}), change: 'removed' };
    rows.push({ pair: removed, base, model: { provider: base.provider, model: base.model } });
  }
  return rows;
}

/** Suites grouped by folder path, in their order. */
export function suitesByPath(suites: readonly SuiteResult[]): Map<string, SuiteResult[]> {
  const byPath = new Map<string, SuiteResult[]>();
  for (const suite of suites) {
    const group = byPath.get(suite.path);
    if (group) group.push(suite);
    else byPath.set(suite.path, [suite]);
  }
  return byPath;
}

/**
 * The comparison row of a head suite: the row of its model when its folder runs a matrix,
 * else the folder's row.
 */
export function comparisonLookup(comparisons: readonly SuiteComparison[] | undefined): (suite: SuiteResult) => SuiteComparison | undefined {
  const byKey = new Map<string, SuiteComparison>();
  for (const row of comparisons ?? []) {
    if (row.change === 'removed') continue;
    byKey.set(row.model !== undefined ? `${row.path}\0${labelOf({ provider: row.provider ?? '', model: row.model })}` : row.path, row);
  }
  return (suite) => byKey.get(`${suite.path}\0${labelOf(suite)}`) ?? byKey.get(suite.path);
}

/** The folder path, with the model when several suites share the folder (a `models:` matrix). */
export function suiteLabeller(suites: readonly SuiteResult[]): (suite: { path: string; provider?: string; model?: string }) => string {
  const shared = new Set([...suitesByPath(suites)].filter(([, group]) => group.length > 1).map(([path]) => path));
  return (suite) =>
    shared.has(suite.path) && suite.model !== undefined
      ? `${suite.path} (${labelOf({ provider: suite.provider ?? '', model: suite.model })})`
      : suite.path;
}
