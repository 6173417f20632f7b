import { redactor, secretsIn } from '../lib/secrets.js';
import type { ResultsFile } from '../results/model.js';
import type { ReportContext } from '../render/comment.js';
import type { HtmlReportOptions } from '../render/html/report.js';
import { renderConsole, type ConsoleReportOptions } from '../render/console.js';
import { sanitizeForLog } from '../render/log-text.js';
import { redactDeep } from '../lib/redact-deep.js';
import { writeResultsFile, writeTextFile } from './results-file.js';

/**
 * Every way out of the process, with the secrets it knows redacted here and nowhere else: a log
 * line, results.json, JUnit, the pull request comment, the job summary, an annotation. Results
 * are redacted once, before any renderer cuts or escapes their text (redact-deep.ts says why);
 * free text (a message, a log line) once, as it leaves. recordings.json and the answer cache
 * redact at their own file sink in providers/. Made once per run from the environment
 * (lib/secrets.ts says which values are secrets).
 */
export interface Sinks {
  readonly secrets: readonly string[];
  /** A line of free text for a log (the console, the job log): no terminal escape, no workflow command, no secret. */
  logLine(text: string): string;
  /** Free text that leaves as it is written (an annotation, an error message, a summary): no secret. */
  text(text: string): string;
  /** The results with every secret redacted; the same object for the same results. */
  clean(results: ResultsFile): ResultsFile;
  /** The console report of the results, for a log. */
  console(results: ResultsFile, options: ConsoleReportOptions): string;
  /** results.json, streamed (results-file.ts). */
  writeResults(path: string, results: ResultsFile): Promise<void>;
  /** JUnit XML of the results. */
  writeJUnit(path: string, results: ResultsFile): Promise<void>;
  /** Any other file of free text (a .gitignore, the Markdown report), redacted. */
  writeText(path: string, text: string): Promise<void>;
  /** The sticky comment. The renderer loads on first use: a CLI run without --markdown never parses it. */
  comment(results: ResultsFile, context?: ReportContext): Promise<string>;
  /** The job summary. */
  jobSummary(results: ResultsFile, context?: ReportContext): Promise<string>;
  /**
   * The HTML report (`--html`, `html-report`): one self-contained page. Its renderer, the chart
   * library and the DOM it draws on load on first use: a run without it never parses them.
   */
  writeHtmlReport(path: string, results: ResultsFile, options?: HtmlReportOptions): Promise<void>;
}

/** `extra`: secrets the run found beyond the environment's own (EngineOutcome.secrets: the endpoints' keys). */
export function sinksFor(env: Record<string, string | undefined>, extra: readonly string[] = []): Sinks {
  const secrets = extra.length === 0 ? secretsIn(env) : [...new Set([...secretsIn(env), ...extra])];
  const redact = redactor(secrets);
  const cleaned = new WeakMap<ResultsFile, ResultsFile>();
  const clean = (results: ResultsFile): ResultsFile => {
    let redacted = cleaned.get(results);
    if (!redacted) {
      redacted = secrets.length === 0 ? results : redactDeep(results, redact);
      cleaned.set(results, redacted);
    }
    return redacted;
  };
  return {
    secrets,
    logLine: (text) => redact(sanitizeForLog(text)),
    text: redact,
    clean,
    console: (results, options) => sanitizeForLog(renderConsole(clean(results), options)),
    writeResults: (path, results) => writeResultsFile(path, clean(results)),
    writeJUnit: async (path, results) => writeTextFile(path, (await import('../render/junit.js')).renderJUnit(clean(results))),
    writeText: (path, text) => writeTextFile(path, redact(text)),
    comment: async (results, context = {}) => (await import('../render/comment.js')).renderComment(clean(results), context),
    jobSummary: async (results, context = {}) => (await import('../render/comment.js')).renderJobSummary(clean(results), context),
    writeHtmlReport: async (path, results, options = {}) =>
      writeTextFile(path, redact(await (await import('../render/html/report.js')).renderHtmlReport(clean(results), options))),
  };
}
