import type { CheckResult, ConversationTurn, TestResult } from '../results/model.js';
import type { Json } from '../json/json.js';
import { parseOutputJson } from '../json/output-json.js';
import { plural } from '../lib/format.js';
import { codeBlock, escapeInline } from './markdown.js';
import { checkField, describeCheck, toolCallsText } from './check-words.js';
import { modelName, nameCode } from './names.js';
import { suiteName } from './test-lists.js';
import type { ListItem } from './test-groups.js';

/**
 * The evidence of a failing test, folded in the comment: the earlier turns of a conversation (in
 * a fold of their own), the input, the tool calls with their arguments, and the answer. A JSON
 * answer is pretty-printed with long strings wrapped to the comment's width (a code block that
 * scrolls sideways hides what matters past the edge), and each field a failed check reads is
 * marked by a `// ✗` line above it. Prose is wrapped at spaces. Only the shown text is wrapped:
 * results.json keeps the answer as the model wrote it.
 */

/** Columns of a code block in the 836 px comment column (804 px of text, 13.6 px monospace). */
export const CODE_COLUMNS = 88;
/** Characters of an output shown in its block. */
const OUTPUT_SHOWN = 2_000;

/**
 * Greedy wrap at spaces, in one pass (a regex here backtracked for seconds on long words); a word
 * longer than a line is cut. The first line may be narrower (`firstWidth`: it follows a key).
 */
export function wrapWords(line: string, width: number, firstWidth = width): string[] {
  const out: string[] = [];
  let current = '';
  const room = () => (out.length === 0 ? firstWidth : width);
  for (let word of line.split(/ +/)) {
    while (word.length > room()) {
      if (current !== '') out.push(current);
      const cut = room();
      out.push(word.slice(0, cut));
      word = word.slice(cut);
      current = '';
    }
    if (current !== '' && current.length + 1 + word.length > room()) {
      out.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  out.push(current);
  return out;
}

/** Prose with every line longer than the block wrapped at spaces. */
export function wrapProse(text: string, width = CODE_COLUMNS): string {
  return text
    .split('\n')
    .map((line) => (line.length <= width ? line : wrapWords(line, width).join('\n')))
    .join('\n');
}

const pathOf = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : parent === '' ? key : `${parent}.${key}`;

/**
 * JSON, two-space indented, with strings too long for their line wrapped onto continuation
 * lines (indented under the key), and `marks` (field path → why) as `// ✗` lines above fields.
 */
export function prettyJson(value: Json, marks: ReadonlyMap<string, string>, width = CODE_COLUMNS): string {
  const lines: string[] = [];
  const emit = (node: Json, indent: string, lead: string, path: string, comma: string) => {
    const mark = marks.get(path);
    if (mark !== undefined) lines.push(`${indent}// ✗ ${mark}`);
    if (node !== null && typeof node === 'object') {
      const entries: Array<[string | number, Json]> = Array.isArray(node) ? node.map((item, index) => [index, item]) : Object.entries(node);
      const [open, close] = Array.isArray(node) ? ['[', ']'] : ['{', '}'];
      if (entries.length === 0) return void lines.push(`${indent}${lead}${open}${close}${comma}`);
      lines.push(`${indent}${lead}${open}`);
      entries.forEach(([key, child], index) => {
        const childLead = typeof key === 'number' ? '' : `${JSON.stringify(key)}: `;
        emit(child, `${indent}  `, childLead, pathOf(path, key), index < entries.length - 1 ? ',' : '');
      });
      return void lines.push(`${indent}${close}${comma}`);
    }
    const text = JSON.stringify(node);
    const first = `${indent}${lead}`;
    if (typeof node !== 'string' || first.length + text.length + comma.length <= width) return void lines.push(`${first}${text}${comma}`);
    // A long string: its words wrapped, the first line after the key, the rest indented under it.
    const inner = text.slice(1, -1);
    const continuation = `${indent}  `;
    // Room for the closing quote and comma on the last line, and for the opening quote on the first.
    const words = wrapWords(inner, Math.max(20, width - continuation.length - 2), Math.max(10, width - first.length - 3));
    lines.push(`${first}"${words[0] ?? ''}`);
    words.slice(1).forEach((part, index) => lines.push(`${continuation}${part}${index === words.length - 2 ? `"${comma}` : ''}`));
    if (words.length === 1) lines[lines.length - 1] += `"${comma}`;
  };
  emit(value, '', '', '', '');
  return lines.join('\n');
}

/** The answer's text without the tool-call lines results.json `output` ends with. */
function answerText(result: TestResult | undefined, output: string): string {
  const calls = result?.toolCalls ?? [];
  if (calls.length === 0) return output;
  const shown = calls
    .map((call) => `${call.name}(${typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments)})`)
    .join('\n');
  return output.endsWith(shown) ? output.slice(0, output.length - shown.length).trimEnd() : output;
}

function marksOf(checks: readonly CheckResult[]): Map<string, string> {
  const marks = new Map<string, string>();
  for (const check of checks) {
    const field = checkField(check);
    if (field !== undefined && !marks.has(field))
      marks.set(field, (check.message ?? `${check.name}, got ${JSON.stringify(check.actual)}`).slice(0, 160));
  }
  return marks;
}

/** The answer as a code block: JSON pretty-printed and marked, prose wrapped. */
export function answerBlock(output: string, checks: readonly CheckResult[]): string {
  const shown = output.length > OUTPUT_SHOWN ? output.slice(0, OUTPUT_SHOWN) : output;
  const rest = output.length - shown.length;
  const trimmed = output.trim();
  if (output.length <= OUTPUT_SHOWN && (trimmed.startsWith('{') || trimmed.startsWith('['))) {
    const parsed = parseOutputJson(trimmed);
    if (parsed.ok) return codeBlock(prettyJson(parsed.value, marksOf(checks)), { lang: 'json', maxLength: OUTPUT_SHOWN * 2 });
  }
  const block = codeBlock(wrapProse(shown), { maxLength: OUTPUT_SHOWN * 2 });
  return rest > 0 ? `${block}\n_… (${plural(rest, 'more character')} in results.json)_` : block;
}

function turns(result: TestResult | undefined): string {
  const messages = result?.messages ?? [];
  if (messages.length === 0) return '';
  const body = messages.map(turnLine).join('\n>\n');
  return `<details><summary>Earlier turns (${messages.length})</summary>\n\n${body}\n\n</details>`;
}

/** One earlier turn: a tool turn names its tool, an assistant turn shows the calls it made. */
function turnLine(turn: ConversationTurn): string {
  const speaker = turn.role === 'tool' && turn.name ? `tool ${escapeInline(turn.name, 80)}` : turn.role;
  const calls = turn.toolCalls?.length ? ` ${toolCallsText(turn, 300)}` : '';
  return `> **${speaker}:** ${escapeInline(turn.content, 600)}${calls}`;
}

/** One failing test's evidence. */
export function outputBlock(item: ListItem): string {
  const result = item.result;
  const checks = item.test.failedChecks ?? [];
  const model = item.suite.provider !== undefined ? ` · ${modelName(item.suite)}` : '';
  const parts = [`${suiteName(item.suite)} · ${nameCode(item.test.name)}${model}`];
  const conversation = turns(result);
  if (conversation) parts.push(conversation);
  if (result?.input !== undefined) parts.push(`Input: ${escapeInline(result.input, 300)}`);
  if (result?.toolCalls?.length) {
    const failed = checks.filter((check) => check.name.startsWith('tool ') || check.name === 'no tool called');
    parts.push(`Tool calls: ${toolCallsText(result, 300)}${failed.length > 0 ? ` — ✗ ${failed.map(describeCheck).join('; ')}` : ''}`);
  }
  const text = answerText(result, item.test.output ?? '');
  if (text.trim() !== '') parts.push(answerBlock(text, checks));
  return parts.join('\n\n');
}

export function hasOutput(item: ListItem): boolean {
  return !!item.test.output || (item.result?.toolCalls?.length ?? 0) > 0;
}

/** The folded outputs, `limit` of them; the summary line says how many are shown and left out. */
export function outputsDetails(items: ListItem[], limit: number, leftOutHint: string, total = items.length): string {
  const shown = items.slice(0, limit);
  // An answer given word for word by several tests is shown once, under the first of them.
  const byText = new Map<string, { item: ListItem; same: ListItem[] }>();
  const entries: Array<{ item: ListItem; same: ListItem[] }> = [];
  for (const item of shown) {
    const text = item.test.output ?? '';
    const entry = text === '' ? undefined : byText.get(text);
    if (entry) entry.same.push(item);
    else {
      const fresh = { item, same: [] as ListItem[] };
      if (text !== '') byText.set(text, fresh);
      entries.push(fresh);
    }
  }
  const blocks = entries.map(({ item, same }) => {
    if (same.length === 0) return outputBlock(item);
    const named = (other: ListItem) =>
      `${nameCode(other.test.name)}${other.suite.provider !== undefined ? ` on ${modelName(other.suite)}` : ''}`;
    const more = same.length > 5 ? ` and ${same.length - 5} more` : '';
    return `${outputBlock(item)}\n\n_The same answer for ${same.slice(0, 5).map(named).join(', ')}${more}._`;
  });
  const leftOut = total - shown.length;
  const title =
    leftOut > 0
      ? `Model outputs of failing tests (${shown.length} of ${total} shown, ${leftOut} left out)`
      : `Model outputs of failing tests (${total})`;
  if (leftOut > 0) blocks.push(`_${plural(leftOut, 'more output')} left out: ${leftOutHint}._`);
  return `<details><summary>${title}</summary>\n\n${blocks.join('\n\n')}\n\n</details>`;
}
