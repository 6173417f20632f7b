import { Document, isMap, isSeq, parseDocument, type Node } from 'yaml';
import type { ChatMessage } from '../providers/types.js';

/*
 * Adding harvested cases to a tests.yaml a person wrote: appended as text after the last test,
 * at the indentation the file already uses, so the file's own formatting and comments stay
 * byte for byte as they were and the pull request's diff holds only the new cases. The result
 * is parsed again before it is written: it must hold every earlier test and every new one.
 */

export interface NewTest {
  name: string;
  input: string;
  vars: Record<string, string>;
  messages?: ChatMessage[];
  source: { trace_id: string; version: string; at: string };
}

/** What tests.yaml already holds: test names, and the keys of their inputs (for deduplication). */
export function existingTests(text: string): { names: Set<string>; inputs: Set<string> } {
  const value = parseDocument(text).toJS() as { tests?: unknown } | null;
  const names = new Set<string>();
  const inputs = new Set<string>();
  for (const test of Array.isArray(value?.tests) ? (value.tests as Array<Record<string, unknown>>) : []) {
    if (typeof test?.name === 'string') names.add(test.name);
    if (typeof test?.input === 'string') {
      const vars = test.vars && typeof test.vars === 'object' ? (test.vars as Record<string, unknown>) : {};
      const messages = Array.isArray(test.messages) ? (test.messages as ChatMessage[]) : [];
      inputs.add(inputKey(test.input, Object.fromEntries(Object.entries(vars).map(([key, v]) => [key, String(v)])), messages));
    }
  }
  return { names, inputs };
}

/** Two cases are the same case when they send the same input, variables and prior turns. */
export function inputKey(input: string, vars: Record<string, string>, messages: readonly ChatMessage[] = []): string {
  const sortedVars = Object.keys(vars)
    .sort()
    .map((key) => [key, vars[key]]);
  return JSON.stringify([input, sortedVars, messages.map((message) => [message.role, message.content])]);
}

/** The YAML of the new tests, one list item each, `source` and `vars` on one line. */
function renderItems(tests: readonly NewTest[]): string {
  const document = new Document(
    tests.map((test) => ({
      name: test.name,
      input: test.input,
      ...(Object.keys(test.vars).length > 0 ? { vars: test.vars } : {}),
      ...(test.messages && test.messages.length > 0 ? { messages: test.messages } : {}),
      needs_expected: true,
      source: test.source,
    })),
  );
  if (isSeq(document.contents)) {
    for (const item of document.contents.items) {
      if (!isMap(item)) continue;
      (item as Node).spaceBefore = true;
      for (const pair of item.items) {
        const key = String((pair.key as { value?: unknown }).value);
        if ((key === 'source' || key === 'vars') && isMap(pair.value)) pair.value.flow = true;
      }
    }
  }
  return document.toString({ lineWidth: 0, flowCollectionPadding: true });
}

/** tests.yaml with the new tests after its last one; throws when the file's shape does not allow it. */
export function appendTests(text: string, tests: readonly NewTest[]): string {
  const document = parseDocument(text);
  const list = document.get('tests', true);
  const items = renderItems(tests).replace(/^\n+/, '');
  if (!isSeq(list) || list.flow || !list.range || list.items.length === 0) {
    if (list !== undefined && !(isSeq(list) && list.items.length === 0)) {
      throw new Error('tests: is not a block list of tests, so harvested cases cannot be appended to it');
    }
    // No tests yet: a fresh list at the end of the file.
    const base = text.replace(/\n*$/, '\n').replace(/^tests:\s*\[\s*\]\s*$/m, '');
    return `${base}${base.trim() === '' || base.endsWith('\n') ? '' : '\n'}tests:\n${indent(items, 2)}`;
  }
  const first = list.range[0];
  const lineStart = text.lastIndexOf('\n', first - 1) + 1;
  const column = first - lineStart;
  const end = list.range[1];
  const before = text.slice(0, end).replace(/\n*$/, '\n');
  const after = text.slice(end);
  // A blank line before the first new case, as between the others.
  const updated = `${before}\n${indent(items, column)}${after.startsWith('\n') || after === '' ? after : `\n${after}`}`;
  const check = parseDocument(updated).toJS() as { tests?: unknown[] };
  if (!Array.isArray(check?.tests) || check.tests.length !== list.items.length + tests.length) {
    throw new Error('tests.yaml did not read back with the harvested cases appended; add them by hand');
  }
  return updated;
}

function indent(text: string, column: number): string {
  const pad = ' '.repeat(column);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `${pad}${line}`))
    .join('\n');
}
