/* What parsing a YAML file gives: its value with the line of each node (fast path or yaml's). */

import type { Diagnostic } from '../../lib/diagnostics.js';
import type { Positions } from './line-index.js';

/** A parsed file's value and the line of each of its nodes. */
export interface PositionedValue extends Positions {
  value: unknown;
}

/** A parsed YAML file: positions, and the text of a top-level scalar as written (`version: 2.0`). */
export interface PositionedDocument extends PositionedValue {
  sourceOf(key: string): string | undefined;
}

export type ParsedYaml<T extends PositionedValue = PositionedDocument> = { ok: true; parsed: T } | { ok: false; errors: Diagnostic[] };
