import type { Comparison } from './compare.js';
import { perTest } from './compare.js';
import { formatPercent, formatUsd, plural } from './format.js';
import type { RunResult } from './types.js';

export interface GateOptions {
  /** Minimum pass rate per suite, 0..1 (errors count against it). */
  threshold: number;
  /** Fail when a suite's cost per run rises more than this many percent over base. */
  maxCostIncreasePercent?: number;
}

export interface GateResult {
  passed: boolean;
  threshold: number;
  /** One sentence per reason the gate failed, naming the folder and the figures. */
  reasons: string[];
}

/**
 * The gate holds per suite, not on the total: one strong suite must not hide a weak one.
 * A run with no suites passes (a PR touching no prompt has nothing to block).
 */
export function evaluateGate(run: RunResult, options: GateOptions, comparison?: Comparison): GateResult {
  const reasons: string[] = [];
  for (const suite of run.suites) {
    const { summary } = suite;
    if (summary.passRate < options.threshold) {
      const errors = summary.errors > 0 ? `, ${plural(summary.errors, 'error')}` : '';
      reasons.push(
        `${suite.path}: pass rate ${formatPercent(summary.passRate)} (${summary.passed}/${summary.total} passed${errors}) is below the ${formatPercent(options.threshold)} threshold`,
      );
    }
  }
  if (options.maxCostIncreasePercent !== undefined && comparison) {
    for (const suite of comparison.suites) {
      if (!suite.head || !suite.base) continue;
      const head = perTest(suite.head).costPer1kRuns;
      const base = perTest(suite.base).costPer1kRuns;
      if (head === null || base === null || base === 0) continue;
      const increase = ((head - base) / base) * 100;
      if (increase > options.maxCostIncreasePercent) {
        reasons.push(
          `${suite.path}: cost per 1,000 runs rose ${increase.toFixed(0)}% (${formatUsd(base)} → ${formatUsd(head)}), above the allowed ${options.maxCostIncreasePercent}%`,
        );
      }
    }
  }
  return { passed: reasons.length === 0, threshold: options.threshold, reasons };
}
