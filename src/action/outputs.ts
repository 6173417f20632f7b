import type { ResultsFile } from '../results/model.js';

/** The step's outputs, set whether the gate passes or not. Values are strings, as GitHub stores them. */
export function actionOutputs(results: ResultsFile, resultsFile: string): Record<string, string> {
  // A side that did not run has no pass rate: '' says so, where '0.0000' would claim 0%.
  const rate = (value: number | null) => (value === null ? '' : value.toFixed(4));
  const cost = (value: number | null) => (value === null ? 'unknown' : value.toFixed(6));
  return {
    gate: results.gate.passed ? 'passed' : 'failed',
    'pass-rate': rate(results.summary.passRate),
    total: String(results.summary.total),
    passed: String(results.summary.passed),
    failed: String(results.summary.failed),
    errors: String(results.summary.errors),
    'cost-usd': cost(results.summary.costUsd),
    'base-pass-rate': results.base ? rate(results.base.summary.passRate) : '',
    'base-cost-usd': results.base ? cost(results.base.summary.costUsd) : '',
    'changed-prompts': JSON.stringify(results.changedPrompts),
    'results-file': resultsFile,
  };
}
