/*
 * What every positioned file offers, whatever parsed it (yaml's document model, the fast YAML
 * path, jsonc-parser): the line of the node at a JSON pointer, so a problem found later in
 * the value (by a schema, by the loader) names the line users must edit.
 */

export interface Positions {
  /**
   * The line of the node at `pointer` (`/tests/0/name`), or of the key `key` of that node when
   * given. A pointer that goes past what the file holds gets the line of the deepest node found.
   */
  lineOf(pointer: string, key?: string): number | undefined;
}

/** The line (1-based) of the node at a JSON pointer, or of a key of it when given. */
export function lineAt(parsed: Positions, pointer: string, key?: string): number | undefined {
  return parsed.lineOf(pointer, key);
}

/** 1-based line of a character offset. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line += 1;
  return line;
}

/** `/tests/0/a~1b` → `['tests', '0', 'a/b']` (RFC 6901). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  const segments = pointer.slice(1).split('/');
  // Looked up for every test as a suite loads: skip the unescaping when there is nothing to unescape.
  return pointer.includes('~') ? segments.map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~')) : segments;
}

/** `/tests/3/assert/0` + `type` → `tests[3].assert[0].type`, the field name users read. */
export function pointerToField(pointer: string, key?: string): string {
  const segments = pointerSegments(pointer);
  if (key !== undefined) segments.push(key);
  let field = '';
  for (const segment of segments) {
    field += /^\d+$/.test(segment) ? `[${segment}]` : field === '' ? segment : `.${segment}`;
  }
  return field;
}
