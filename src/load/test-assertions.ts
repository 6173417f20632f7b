import type { Diagnostic } from '../lib/diagnostics.js';
import { shortToken } from '../lib/quote.js';
import type { Json } from '../json/json.js';
import { compileUserSchema, schemaErrorsToDiagnostics } from './files/schemas.js';
import type { PlaceOf } from './test-messages.js';
import type { Assertion } from './types.js';
import { validateRubricAssertion } from './rubric.js';

/*
 * A test's checks: the shorthand keys (`expected_<field>`, `min_<field>`, `max_<field>`) and
 * the general `assert:` list, expanded into typed assertions that each carry their line. A
 * check written with the generic `not-` prefix is its check, negated (`not-icontains` is
 * icontains with `negated`); `not-contains` and `no-tool-called` keep their own meaning.
 */

/**
 * Keys of a test that are settings, not shorthand checks: `min_pass` would otherwise read as
 * "output.pass >= N" through the `min_<field>` shorthand, `max_steps` as "output.steps <= N".
 */
export const RESERVED_TEST_KEYS = new Set(['repeat', 'min_pass', 'required', 'max_steps', 'tool_results']);

/** Shorthand keys that mean a budget check, not a field of the output named `tokens`, etc. */
const BUDGET_SHORTHANDS: Record<string, 'max-tokens' | 'max-latency-ms' | 'max-cost-usd'> = {
  max_tokens: 'max-tokens',
  max_latency_ms: 'max-latency-ms',
  max_cost_usd: 'max-cost-usd',
};

/** Types with a `not-` spelling of their own, which is not the generic negation. */
const OWN_NEGATIONS = new Set(['not-contains']);

/** `not-icontains` → `{ type: 'icontains', negated: true }`; other types as written. */
export function normalizeType(written: Record<string, unknown>): Record<string, unknown> {
  const type = written.type;
  if (typeof type !== 'string' || !type.startsWith('not-') || OWN_NEGATIONS.has(type)) return written;
  return { ...written, type: type.slice('not-'.length), negated: true };
}

/** Shorthand keys and the `assert` list → typed assertions, each with the line it was written on. */
export function expandAssertions(
  fields: Record<string, unknown>,
  lineOf: (relative: string, key?: string) => number | undefined,
  schema: Record<string, unknown> | undefined,
  testLine: number,
): Assertion[] {
  // The folder schema is checked first and shown explicitly, so every result lists it.
  const assertions: Assertion[] = schema ? [{ type: 'json-schema', value: schema, line: testLine }] : [];
  for (const key of Object.keys(fields)) {
    const shorthand = shorthandAssertion(key, fields[key]);
    if (!shorthand) continue;
    // The line is looked up only for a key that is a check (name and input are not).
    const line = lineOf('', key);
    if (line) shorthand.line = line;
    assertions.push(shorthand);
  }
  const written = Array.isArray(fields.assert) ? (fields.assert as Array<Record<string, unknown>>) : [];
  assertions.push(...writtenAssertions(written, (index) => lineOf(`/assert/${index}`)));
  return assertions;
}

/** An `assert:` list as typed assertions (a rubric's min_score becomes minScore). */
export function writtenAssertions(written: Array<Record<string, unknown>>, lineOf: (index: number) => number | undefined): Assertion[] {
  const assertions: Assertion[] = [];
  written.forEach((raw, index) => {
    const line = lineOf(index);
    const at = line ? { line } : {};
    const assertion = normalizeType(raw);
    const negated = assertion.negated === true ? { negated: true as const } : {};
    if (assertion.type === 'rubric') {
      // A bad rubric is reported by checkWrittenAssertions.
      const { negated: _negated, ...rest } = assertion;
      const rubric = validateRubricAssertion({ ...rest });
      if (rubric.ok) assertions.push({ ...rubric.value, ...negated, ...at });
      return;
    }
    assertions.push({ ...assertion, ...at } as Assertion);
  });
  return assertions;
}

/** The check a shorthand key (`expected_intent`, `min_confidence`, `max_tokens`) stands for; undefined for other keys. */
function shorthandAssertion(key: string, value: unknown): Assertion | undefined {
  if (RESERVED_TEST_KEYS.has(key)) return undefined;
  const budget = Object.hasOwn(BUDGET_SHORTHANDS, key) ? BUDGET_SHORTHANDS[key] : undefined;
  if (budget) return { type: budget, value: value as number };
  if (key.startsWith('expected_')) return { type: 'equals', path: key.slice('expected_'.length), value: value as Json };
  if (key.startsWith('min_')) return { type: 'min', path: key.slice('min_'.length), value: value as number };
  if (key.startsWith('max_')) return { type: 'max', path: key.slice('max_'.length), value: value as number };
  return undefined;
}

/** What the schema cannot see: a regex that does not compile, an inline schema that is not one, a bad rubric. */
export function checkWrittenAssertions(written: unknown, prefix: string, place: PlaceOf): Diagnostic[] {
  const list = Array.isArray(written) ? (written as Array<Record<string, unknown>>) : [];
  const problems: Diagnostic[] = [];
  list.forEach((raw, index) => {
    const assertion = normalizeType(raw);
    const at = `${prefix}/${index}`;
    if (assertion.type === 'regex' && typeof assertion.value === 'string') {
      const flags = typeof assertion.flags === 'string' ? assertion.flags : undefined;
      try {
        new RegExp(assertion.value, flags);
      } catch (error) {
        // V8 repeats the pattern in its message; say it once.
        const reason = (error instanceof Error ? error.message : String(error)).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
        problems.push({
          ...place(`${at}/value`),
          message: `invalid regular expression /${shortToken(assertion.value)}/${shortToken(flags ?? '')}: ${reason}`,
        });
      }
    }
    if (assertion.type === 'rubric') {
      const { negated: _negated, ...rest } = assertion;
      const rubric = validateRubricAssertion(rest);
      if (!rubric.ok) {
        const field = rubric.field ?? 'value';
        problems.push({ ...place(`${at}/${field}`), message: rubric.error });
      }
    }
    if (assertion.type === 'json-schema' && typeof assertion.value === 'object' && assertion.value !== null) {
      const compiled = compileUserSchema(assertion.value as Record<string, unknown>);
      if (!compiled.ok) {
        const details = schemaErrorsToDiagnostics(compiled.errors, '', undefined).map((d) => `${d.field ?? ''} ${d.message}`.trim());
        problems.push({
          ...place(`${at}/value`),
          message: `invalid JSON Schema: ${details.length > 0 ? details.join('; ') : compiled.message}`,
        });
      }
    }
  });
  return problems;
}
