import type { Diagnostic } from '../lib/diagnostics.js';
import { compareRuns } from './compare.js';
import type { SuitePair } from '../select/pairing.js';
import type { FailOnRegression, BlockOn } from '../load/config.js';
import type { ResultsFile, RunCalls, RunResult } from './model.js';

/**
 * What a run was asked to do, as far as the results and the gate need it. The engine fills it
 * from its resolved options; `promptgate merge` reads it back from the shards' results files,
 * so both build results.json through this one step.
 */
export interface RunFacts {
  toolVersion: string;
  /** The head commit or ref, when the caller named one. */
  headRef?: string | undefined;
  responses: string;
  threshold: number;
  /** Where prompt folders were looked for (for the "none found" message). */
  roots: readonly string[];
  changedOnly: boolean;
  cancelled: boolean;
  maxCostIncreasePercent?: number | undefined;
  failOnRegression?: FailOnRegression | undefined;
  blockOn?: BlockOn | undefined;
}

/** Everything a run found, before the gate has judged it. */
export interface AssemblyInput {
  facts: RunFacts;
  head: RunResult;
  base?: { commit: string; run: RunResult } | undefined;
  /** What each head folder is compared with; compared only when the base ran. */
  pairs?: readonly SuitePair[] | undefined;
  /** Head folder paths selected to run (all, or those the change touches). */
  selectedPaths: readonly string[];
  /**
   * Run-level input problems: promptgate.yaml errors, and the roots that matched nothing and
   * changes that cannot be read (these also in blindSpots). Each makes the run unjudgeable.
   */
  diagnostics: readonly Diagnostic[];
  blindSpots: readonly Diagnostic[];
  /** Run-level notices (the not-run ones are added here, from the runs). */
  notices: readonly string[];
  /** How every request was answered (the answer sources' counts). */
  calls?: RunCalls | undefined;
}

export type ResultsDraft = Omit<ResultsFile, 'gate'>;

/** results.json, minus the verdict (decideGate adds it). */
export function assembleResults(input: AssemblyInput): ResultsDraft {
  const { facts, head, base } = input;
  const diagnostics = [...input.diagnostics];
  // The selection, not this run's suites: a shard given no folder of a non-empty selection
  // did find folders, they are another shard's share.
  if (input.selectedPaths.length === 0 && !facts.changedOnly) {
    diagnostics.push({
      file: facts.roots.join(', '),
      message: 'no prompt folders found (a prompt folder holds tests.yaml and system.txt)',
    });
  }
  const comparison = base && input.pairs ? compareRuns(head, base.run, [...input.pairs]) : undefined;
  return {
    schemaVersion: 1,
    tool: { name: 'promptgate', version: facts.toolVersion },
    generatedAt: new Date().toISOString(),
    ...(facts.headRef ? { ref: facts.headRef } : {}),
    responses: facts.responses,
    threshold: facts.threshold,
    ...(facts.cancelled ? { cancelled: true } : {}),
    changedPrompts: [...input.selectedPaths].sort(),
    summary: head.summary,
    suites: head.suites,
    ...(base ? { base: { ref: base.commit, ...base.run } } : {}),
    ...(comparison ? { comparison } : {}),
    diagnostics,
    notices: [...input.notices, ...notRunNotices(head, 'head'), ...(base ? notRunNotices(base.run, 'base') : [])],
    ...(input.calls ? { calls: input.calls } : {}),
  };
}

const NOT_RUN_NOTICES: Record<string, (count: number, side: string) => string> = {
  'missing-recording': (count, side) => `${count} ${side} test run(s) have no recorded response and were not run (replay mode).`,
  'no-credentials': (count, side) => `${count} ${side} test run(s) need a live call but no API key is set, so they were not run.`,
  cancelled: (count, side) => `${count} ${side} test run(s) were not run because the run was cancelled.`,
};

/** Tests that were not run deserve one plain sentence per reason and side. */
function notRunNotices(run: RunResult, side: 'head' | 'base'): string[] {
  const tests = run.suites.flatMap((suite) => suite.tests);
  return Object.entries(NOT_RUN_NOTICES).flatMap(([kind, sentence]) => {
    const count = tests.filter((test) => test.errorKind === kind).length;
    return count > 0 ? [sentence(count, side)] : [];
  });
}
