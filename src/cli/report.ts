import { dirname, relative, resolve } from 'node:path';
import type { EngineOutcome } from '../engine.js';
import { formatDiagnostic } from '../lib/diagnostics.js';
import { sinksFor, type Sinks } from '../publish/sinks.js';
import { keepAnswersAdvice } from '../render/calls-text.js';
import { repositoryRoot } from '../git/repository-root.js';
import { gitTagStore } from '../release/git-tags.js';
import { listVersions, type PromptVersions } from '../release/versions.js';
import type { RunFlags } from './flags.js';
import type { CliIO } from './io.js';

const DEFAULT_RESULTS = '.promptgate/results.json';

/** Prints to stdout through the log sink: model output never becomes a terminal escape or a secret in a log. */
export function printerFor(io: CliIO, sinks: Sinks = sinksFor(io.env)): (text: string) => void {
  return (text: string) => io.stdout(`${sinks.logLine(text)}\n`);
}

/** The prompts' tagged versions, for the HTML report's plots: none outside a repository or without tags. */
export async function taggedVersions(io: Pick<CliIO, 'cwd' | 'env'>): Promise<PromptVersions[]> {
  const root = await repositoryRoot(io.cwd, io.env);
  if (!root) return [];
  try {
    return listVersions(await gitTagStore(root).list());
  } catch {
    return [];
  }
}

/** The console report, results.json, JUnit and Markdown: what every running command leaves behind. */
export async function report(outcome: EngineOutcome, values: RunFlags, io: CliIO): Promise<void> {
  const { results } = outcome;
  const sinks = sinksFor(io.env, outcome.secrets);
  const print = printerFor(io, sinks);
  for (const diagnostic of results.diagnostics) print(`error: ${formatDiagnostic(diagnostic)}`);
  const color = !values['no-color'] && !io.env.NO_COLOR && io.stdoutIsTTY;
  io.stdout(`${sinks.console(results, { color, maxFailuresPerSuite: values.quiet ? 0 : 20 })}\n`);
  for (const notice of results.notices) print(`note: ${notice}`);
  if (outcome.recordingsWritten.length > 0) print(`recorded: ${outcome.recordingsWritten.join(', ')}`);
  const advice = keepAnswersAdvice(results.calls, results.changedPrompts, { surface: 'cli', written: outcome.recordingsWritten });
  if (advice) print(`note: ${advice}`);
  const out = resolve(io.cwd, values.out ?? DEFAULT_RESULTS);
  await sinks.writeResults(out, results);
  // The default output folder ignores itself, so results never end up in a commit by accident.
  if (!values.out) await sinks.writeText(resolve(io.cwd, dirname(DEFAULT_RESULTS), '.gitignore'), '*\n');
  if (values.junit) await sinks.writeJUnit(resolve(io.cwd, values.junit), results);
  if (values.markdown) await sinks.writeText(resolve(io.cwd, values.markdown), `${await sinks.comment(results, {})}\n`);
  if (values.html) await sinks.writeHtmlReport(resolve(io.cwd, values.html), results, { versions: await taggedVersions(io) });
  if (!values.quiet) print(`results: ${relative(io.cwd, out) || out}`);
}
