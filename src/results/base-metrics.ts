import type { SuitePair } from '../select/pairing.js';
import { computeMetrics, metricSamples } from './metrics.js';
import type { RunResult } from './model.js';
import type { LoadedFolder } from '../load/types.js';

/**
 * The base's metrics measured with the head's definitions, so "base → head" in the comment
 * compares the same measurement (a pull request that adds or tightens a metric still shows
 * where the base stood). Only the head is gated on them.
 */
export function measureBaseWithHeadMetrics(head: readonly LoadedFolder[], base: RunResult, pairs: readonly SuitePair[]): RunResult {
  const definitionsByPath = new Map(
    head.flatMap((loaded) => (loaded.ok && loaded.folder.metrics ? [[loaded.folder.path, loaded.folder.metrics] as const] : [])),
  );
  const headPathOf = new Map(pairs.flatMap((pair) => (pair.basePath && pair.headPath ? [[pair.basePath, pair.headPath] as const] : [])));
  const suites = base.suites.map((suite) => {
    const headPath = headPathOf.get(suite.path);
    const definitions = headPath === undefined ? undefined : definitionsByPath.get(headPath);
    if (!definitions) {
      const { metrics: _dropped, ...rest } = suite;
      return rest;
    }
    return { ...suite, metrics: computeMetrics(definitions, metricSamples(suite.tests)) };
  });
  return { ...base, suites };
}
