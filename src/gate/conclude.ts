import { type AssemblyInput, assembleResults } from '../results/assemble.js';
import type { ResultsFile } from '../results/model.js';
import { decideGate } from './decide.js';

/**
 * The whole results.json: assembled, then judged by the one gate. `share`: the run is one shard
 * of a sharded run, whose exit status the gate decides by the shard rule (see GateInput.share).
 */
export function concludeRun(input: AssemblyInput, options: { share?: boolean } = {}): ResultsFile {
  const draft = assembleResults(input);
  const gate = decideGate({
    suites: draft.suites,
    threshold: input.facts.threshold,
    comparison: draft.comparison,
    maxCostIncreasePercent: input.facts.maxCostIncreasePercent,
    failOnRegression: input.facts.failOnRegression,
    inputProblems: input.diagnostics,
    blockOn: input.facts.blockOn,
    // Judged on the selection, not on this run's suites: a shard whose share is empty has not
    // failed to find folders (with a non-empty selection an unsharded run has suites anyway).
    nothingFound: input.selectedPaths.length === 0 && !input.facts.changedOnly,
    cancelled: draft.cancelled === true,
    ...(options.share ? { share: true } : {}),
  });
  return { ...draft, gate };
}
