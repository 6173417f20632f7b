import { type AssemblyInput,assembleResults } from "../results/assemble.js";
import type { ResultsFile } from "../results/model.js";
import { decideGate } from "./decide.js";

/** The whole results.json: assembled, then judged by the one gate. */
export function concludeRun(input: AssemblyInput): ResultsFile {
  const draft = assembleResults(input);
  const gate = decideGate({
    suites: draft.suites,
    threshold: input.facts.threshold,
    comparison: draft.comparison,
    maxCostIncreasePercent: input.facts.maxCostIncreasePercent,
    failOnRegression: input.facts.failOnRegression,
    blindSpots: input.blindSpots,
    // "Nothing selected" is judged on the selection: a shard whose share is empty has not
    // failed to find folders (with a non-empty selection an unsharded run has suites anyway).
    changedOnly: input.facts.changedOnly || input.selectedPaths.length > 0,
    cancelled: draft.cancelled === true,
  });
  return { ...draft, gate };
}
