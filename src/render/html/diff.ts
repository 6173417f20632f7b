import { esc } from './escape.js';

/**
 * A line diff of two outputs (base → head), for the report's "output" panes: the longest common
 * subsequence of lines, kept lines plain, removed lines marked `-`, added `+`. Outputs are
 * bounded first (a diff of two 10,000-line answers is not what a reviewer reads), and JSON is
 * compared pretty-printed, so a changed field is one changed line.
 */

const MAX_LINES = 400;

export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string };

export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n').slice(0, MAX_LINES);
  const b = after.split('\n').slice(0, MAX_LINES);
  // lengths[i][j]: the LCS of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i -= 1)
    for (let j = b.length - 1; j >= 0; j -= 1)
      lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i]! });
      i += 1;
      j += 1;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) out.push({ kind: 'removed', text: a[i++]! });
    else out.push({ kind: 'added', text: b[j++]! });
  }
  while (i < a.length) out.push({ kind: 'removed', text: a[i++]! });
  while (j < b.length) out.push({ kind: 'added', text: b[j++]! });
  return out;
}

/** The diff as a <pre>: each line a <span> with its mark; the text escaped. */
export function diffHtml(before: string, after: string): string {
  const lines = diffLines(before, after);
  if (lines.every((line) => line.kind === 'same')) return '<p class="muted">Same output on both sides.</p>';
  const mark = { same: ' ', added: '+', removed: '-' } as const;
  const body = lines.map((line) => `<span class="${line.kind}">${mark[line.kind]} ${esc(line.text, 2000)}</span>`).join('');
  return `<pre class="diff">${body}</pre>`;
}
