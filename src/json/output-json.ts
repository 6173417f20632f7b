import type { Json } from './json.js';

export type Parsed = { ok: true; value: Json } | { ok: false; reason: string };

/** Candidate openings tried, from the last: enough for any real answer, bounded for a huge one. */
const MAX_CANDIDATES = 500;

/**
 * The JSON answer in a model's output, for checks that expect JSON (a schema, a field). Models
 * often say something first: reasoning text, `<think>…</think>` blocks (reasoning models, and
 * Anthropic thinking blocks, which the adapter renders the same way), or a ```json fence. The
 * answer is the whole output when it is JSON; otherwise the last fenced block that is JSON;
 * otherwise the last JSON object or array that runs to the end of the output, after the
 * reasoning. The output itself is never changed: a reviewer still sees the reasoning.
 */
export function parseOutputJson(text: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'the output is empty' };
  const whole = tryParse(trimmed);
  if (whole.ok) return whole;

  const answer = withoutThinking(trimmed);
  if (answer === '') return { ok: false, reason: 'the output holds only reasoning (<think>…</think>), no answer' };
  if (answer !== trimmed) {
    const afterThinking = tryParse(answer);
    if (afterThinking.ok) return afterThinking;
  }
  const fences = [...answer.matchAll(/```[A-Za-z]*[ \t]*\r?\n([\s\S]*?)\r?\n?[ \t]*```/g)];
  for (const fence of fences.reverse()) {
    const fenced = tryParse(fence[1]!.trim());
    if (fenced.ok) return fenced;
  }
  const trailing = trailingJson(answer);
  if (trailing) return trailing;
  // Nothing found: the reason is the plain parser's, which says where the text stops being JSON.
  return answer === trimmed && fences.length === 0
    ? whole
    : { ok: false, reason: `no JSON object found after the reasoning (${whole.reason})` };
}

function tryParse(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Drops <think>…</think> blocks; an unclosed one swallows the rest (the answer never came). */
export function withoutThinking(text: string): string {
  return text.replace(/<think(?:ing)?>[\s\S]*?(?:<\/think(?:ing)?>|$)/gi, '').trim();
}

/** The last `{…}` or `[…]` that parses and ends where the output ends. */
function trailingJson(text: string): Parsed | undefined {
  const closing = text[text.length - 1];
  if (closing !== '}' && closing !== ']') return undefined;
  const opening = closing === '}' ? '{' : '[';
  let tried = 0;
  // From the left: the first opening that parses to the end is the outermost value.
  for (let index = text.indexOf(opening); index >= 0 && tried < MAX_CANDIDATES; index = text.indexOf(opening, index + 1)) {
    tried += 1;
    const parsed = tryParse(text.slice(index));
    if (parsed.ok) return parsed;
  }
  return undefined;
}
