/** Small helpers for reading values parsed from users' YAML and JSON. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Template variables may be written as numbers or booleans; they are sent as text. */
export function stringifyValues(values: Record<string, string | number | boolean>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)]));
}

/** `{ line }` when a line is known, else nothing: diagnostics never carry `line: undefined`. */
export function lineIfKnown(line: number | undefined): { line?: number } {
  return line ? { line } : {};
}
