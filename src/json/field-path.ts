import type { Json } from './json.js';

/*
 * Field paths into a JSON answer (`a.b[0].c`): how checks, metrics and tests.yaml name a field
 * of the output. One parser, so "which field" means the same to every reader.
 */

export type Segment = string | number;

// A suite checks the same few paths in every test: each is parsed once (the segments are never mutated).
const parsedPaths = new Map<string, readonly Segment[] | undefined>();

/** `a.b[0].c` → ['a', 'b', 0, 'c']; undefined when it is not a path. */
export function parsePath(path: string): readonly Segment[] | undefined {
  if (parsedPaths.has(path)) return parsedPaths.get(path);
  let segments: Segment[] | undefined;
  if (/^[^.[\]]+(?:\[\d+\])*(?:\.[^.[\]]+(?:\[\d+\])*)*$/.test(path)) {
    segments = [];
    for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) segments.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  }
  if (parsedPaths.size < 10_000) parsedPaths.set(path, segments); // bounded: paths come from users' files
  return segments;
}

/** ['a', 'b', 0] → `a.b[0]`. */
export function formatPath(segments: readonly Segment[]): string {
  return segments.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}

/** The member or item a segment names; undefined when there is none (own keys only). */
export function childOf(value: Json, segment: Segment): Json | undefined {
  if (typeof segment === 'number') return Array.isArray(value) ? value[segment] : undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, segment) ? value[segment] : undefined;
}

/** The value at the end of the segments, or undefined where the path leaves the value. */
export function valueAt(value: Json, segments: readonly Segment[]): Json | undefined {
  let current: Json | undefined = value;
  for (const segment of segments) {
    current = childOf(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}
