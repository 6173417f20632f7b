import type { Json } from '../json/json.js';
import { truncate } from '../load/files/schemas.js';
import { childOf, formatPath, parsePath } from '../json/field-path.js';
import { parseOutputJson, type Parsed } from '../json/output-json.js';
import type { Outcome } from './negate.js';

/** Raw output shown in a failed check: enough to see what went wrong, not a whole essay. */
export const SHOWN_OUTPUT_CHARS = 500;

// ---------------------------------------------------------------------------------------------
// The output, parsed as JSON at most once

export type Selected = { ok: true; value: Json } | { ok: false; failure: Omit<Outcome, 'name' | 'expected'> };

/**
 * Text checks read `text`, the output as shown. JSON checks (a `path:`, is-json, a schema,
 * equals on a value that is not text, min / max) read the JSON answer in the model's message:
 * tool calls are not a JSON answer. A tool-call answer with no text is "not JSON" to them, and
 * its calls are checked with tool-called; a text + calls answer is judged on its text's JSON.
 * (Treating the calls as a JSON list would check schema.json against `[{name, arguments}]` and
 * let `path: q` reach into a call's arguments by accident.)
 */
export class OutputView {
  private parsed?: Parsed;
  constructor(
    readonly text: string,
    private readonly messageText: string,
    private readonly hasToolCalls: boolean,
  ) {}

  json(): Parsed {
    this.parsed ??=
      this.hasToolCalls && this.messageText.trim() === ''
        ? { ok: false, reason: 'the answer is tool calls, not a JSON answer; check them with tool-called' }
        : parseOutputJson(this.messageText);
    return this.parsed;
  }

  /** The field at `path`, or a failure saying why there is none (not JSON, missing field). */
  select(path: string): Selected {
    const parsed = this.json();
    if (!parsed.ok) return { ok: false, failure: notJson(this.text, parsed.reason) };
    const segments = parsePath(path);
    if (!segments)
      return {
        ok: false,
        failure: { passed: false, actual: null, message: `"${path}" is not a field path (write it like a.b[0].c)`, undecided: true },
      };
    let value: Json = parsed.value;
    for (let index = 0; index < segments.length; index += 1) {
      const next = childOf(value, segments[index]!);
      if (next === undefined) {
        const reached = formatPath(segments.slice(0, index + 1));
        return { ok: false, failure: { passed: false, actual: null, message: `output has no field ${reached}`, undecided: true } };
      }
      value = next;
    }
    return { ok: true, value };
  }
}

export function notJson(text: string, reason: string): Omit<Outcome, 'name' | 'expected'> {
  return { passed: false, actual: truncate(text, SHOWN_OUTPUT_CHARS), message: `output is not JSON (${reason})`, undecided: true };
}
