import type { ResultsFile, SuiteResult, SuiteVerdict } from '../results/model.js';
import { suiteLabeller } from '../results/model-pairs.js';
import { escapeInline } from './markdown.js';
import { modelName, nameText } from './names.js';

/**
 * The gate's reasons as a reviewer reads them: one line per folder × model that blocks, naming
 * the folder (id and version) and the model, then what failed there, required tests first.
 * Read from the gate's per-suite verdicts (gate.suites): nothing here judges. Reasons that
 * belong to no suite (an input problem, no folder found, a cancelled run) follow as they are.
 */

export interface ReasonLine {
  /** `**support** v2.0 · `openai:gpt-4o`` */
  label: string;
  /** Escaped sentences, in the gate's order. */
  reasons: string[];
}

/** The folder × model a line is about: `**id** version · `provider:model``, names unbroken. */
export function suiteTitle(suite: Pick<SuiteResult, 'id' | 'version' | 'provider' | 'model'>, table = false): string {
  return `**${nameText(suite.id)}** ${nameText(suite.version, 40)} · ${modelName(suite, table)}`;
}

function lines(results: ResultsFile, pick: (verdict: SuiteVerdict) => readonly string[]): ReasonLine[] {
  const out: ReasonLine[] = [];
  for (const verdict of results.gate.suites ?? []) {
    const reasons = pick(verdict);
    if (reasons.length === 0) continue;
    const suite = results.suites.find((s) => s.path === verdict.path && s.provider === verdict.provider && s.model === verdict.model);
    const label = suite ? suiteTitle(suite) : `${escapeInline(verdict.path, 160)} · ${modelName(verdict)}`;
    out.push({ label, reasons: reasons.map((reason) => escapeInline(reason, 400)) });
  }
  return out;
}

/** The gate's reasons named by suite, and the run-wide ones (raw sentences escaped). */
export function gateReasonLines(results: ResultsFile): { suites: ReasonLine[]; runWide: string[]; notes: ReasonLine[] } {
  const { gate } = results;
  if (!gate.suites) return { suites: [], runWide: gate.reasons.map((reason) => escapeInline(reason, 400)), notes: [] };
  const label = suiteLabeller(results.suites);
  const named = new Set(gate.suites.flatMap((verdict) => verdict.reasons.map((reason) => `${label(verdict)}: ${reason}`)));
  const suites = lines(results, (verdict) => verdict.reasons);
  // Suites with a failing required test first, as the gate lists them.
  const requiredFirst = suites.filter((line) => line.reasons.some((reason) => reason.startsWith('required test')));
  return {
    suites: [...requiredFirst, ...suites.filter((line) => !requiredFirst.includes(line))],
    runWide: gate.reasons.filter((reason) => !named.has(reason)).map((reason) => escapeInline(reason, 400)),
    notes: lines(results, (verdict) => verdict.notes ?? []),
  };
}

/** A line of the list: `- label: reason; reason`. */
export function reasonItem(line: ReasonLine): string {
  return `- ${line.label}: ${line.reasons.join('; ')}`;
}
