import { perTest } from '../results/compare.js';
import { suitesByPath } from '../results/model-pairs.js';
import type { ResultsFile, Summary } from '../results/model.js';

/**
 * The model matrix of a folder with `models:`: which folders run one (their lists name the
 * model each test failed on), and the cost of a month of traffic per model (`traffic_per_day:`).
 * The rows themselves are the folder × model rows of the one table (suite-table.ts).
 */

/** A month in the projection: 30 days, said where the figure is shown. */
export const DAYS_PER_MONTH = 30;

/** Paths of the folders that run more than one model on either side. */
export function matrixPaths(results: ResultsFile): Set<string> {
  const paths = new Set([...suitesByPath(results.suites)].filter(([, group]) => group.length > 1).map(([path]) => path));
  for (const row of results.comparison?.suites ?? []) if (row.model !== undefined) paths.add(row.path);
  return paths;
}

/** Cost of a month of traffic: cost per answered run × runs a day × DAYS_PER_MONTH. */
export function monthlyCost(summary: Summary | undefined, trafficPerDay: number): number | null {
  const per1k = summary ? perTest(summary).costPer1kRuns : null;
  return per1k === null ? null : (per1k / 1000) * trafficPerDay * DAYS_PER_MONTH;
}
