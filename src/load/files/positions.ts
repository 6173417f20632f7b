import { parseFastYaml, type NodeLines } from './fast-yaml.js';
import { pointerSegments, type Positions } from './line-index.js';
import type { ParsedYaml } from './parsed-yaml.js';

export { lineAt, pointerToField, type Positions } from './line-index.js';

/*
 * Parsing the YAML files users write while keeping positions, so that every problem found
 * later (by a schema, by the loader) can name the line of the offending node.
 */

/**
 * Any YAML file users write. The fast path when the text is in its subset (nearly every
 * tests.yaml and prompt.yaml), else yaml's document model; values, lines and scalar sources are
 * the same either way, and every error and refusal (alias bombs, duplicate keys, bad syntax) is
 * yaml's. The `yaml` package is imported only for a file the fast path leaves to it, so a run
 * whose files are all in the subset never loads it (a sizeable part of the bundle; docs/speed.md).
 */
export async function parseYamlText(text: string, file: string): Promise<ParsedYaml> {
  const fast = parseFastYaml(text);
  if (!fast) return (await import('./yaml-document.js')).parseYamlDocument(text, file);
  const root = fast.root;
  return {
    ok: true,
    parsed: {
      value: fast.value,
      lineOf: fastLineIndex(root),
      sourceOf: (key) => root.keys?.get(key)?.node.source,
    },
  };
}

/**
 * The same walk as yaml's (`lineAt` below) over the fast path's line tree. The loader asks for
 * the same test's node once per check key, one test after another: the last walk is kept.
 */
function fastLineIndex(root: NodeLines): Positions['lineOf'] {
  let lastPointer: string | undefined;
  let last = walk(root, '');
  return (pointer, key) => {
    if (pointer !== lastPointer) {
      last = walk(root, pointer);
      lastPointer = pointer;
    }
    const pair = last.node && key !== undefined ? last.node.keys?.get(key) : undefined;
    return pair ? pair.keyLine : last.deepest.line;
  };
}

/** The node at `pointer` (undefined past what the file holds), and the deepest node found. */
function walk(root: NodeLines, pointer: string): { node: NodeLines | undefined; deepest: NodeLines } {
  let node: NodeLines | undefined = root;
  let deepest = root;
  for (const segment of pointerSegments(pointer)) {
    node = node.items ? node.items[Number(segment)] : node.keys?.get(segment)?.node;
    if (!node) break;
    deepest = node;
  }
  return { node, deepest };
}
