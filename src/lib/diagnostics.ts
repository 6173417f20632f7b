/**
 * A problem with the user's input, located precisely enough to fix without guessing:
 * the file (repository-relative), the line, and the field. Messages never carry stack traces.
 */
export interface Diagnostic {
  file: string;
  line?: number;
  /** 1-based column, where the line alone does not say it (a cell of a CSV file, a key of a JSON line). */
  column?: number;
  /** Dotted path of the offending field, e.g. `tests[3].assert[0].type`. */
  field?: string;
  message: string;
}

/** Thrown for bad input; callers catch it and report the diagnostic, never the stack. */
export class InputError extends Error {
  readonly diagnostic: Diagnostic;
  constructor(diagnostic: Diagnostic) {
    super(formatDiagnostic(diagnostic));
    this.name = 'InputError';
    this.diagnostic = diagnostic;
  }
}

/** `file:line[:column]: field: message` — the shape editors and GitHub annotations understand. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line ? `${d.file}:${d.line}${d.column ? `:${d.column}` : ''}` : d.file;
  return d.field ? `${where}: ${d.field}: ${d.message}` : `${where}: ${d.message}`;
}
