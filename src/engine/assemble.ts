import type { Diagnostic } from '../diagnostics.js';
import type { Comparison } from '../report/compare.js';
import type { ResultsFile } from '../report/results-file.js';
import type { RunResult } from '../report/types.js';
import type { ResolvedOptions } from './options.js';

/** Everything a run found, before the gate has judged it. */
export interface AssemblyInput {
  options: ResolvedOptions;
  head: RunResult;
  base?: { commit: string; run: RunResult } | undefined;
  comparison?: Comparison | undefined;
  /** Head folder paths selected to run (all, or those the change touches). */
  selectedPaths: string[];
  diagnostics: Diagnostic[];
  notices: string[];
}

export type ResultsDraft = Omit<ResultsFile, 'gate'>;

/** results.json, minus the verdict (decideGate adds it). */
export function assembleResults(input: AssemblyInput): ResultsDraft {
  const { options, head, base } = input;
  const diagnostics = [...input.diagnostics];
  if (head.suites.length === 0 && !options.changedOnly) {
    diagnostics.push({ file: options.settings.roots.join(', '), message: 'no prompt folders found (a prompt folder holds tests.yaml and system.txt)' });
  }
  const cancelled = options.signal?.aborted === true;
  return {
    schemaVersion: 1,
    tool: { name: 'promptgate', version: options.toolVersion },
    generatedAt: new Date().toISOString(),
    ...(options.headRef ? { ref: options.headRef } : {}),
    responses: options.settings.responses,
    threshold: options.settings.threshold,
    ...(cancelled ? { cancelled } : {}),
    changedPrompts: [...input.selectedPaths].sort(),
    summary: head.summary,
    suites: head.suites,
    ...(base ? { base: { ref: base.commit, ...base.run } } : {}),
    ...(input.comparison ? { comparison: input.comparison } : {}),
    diagnostics,
    notices: [...input.notices, ...notRunNotices(head, 'head'), ...(base ? notRunNotices(base.run, 'base') : [])],
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
