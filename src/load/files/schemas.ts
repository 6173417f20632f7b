import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { RegExpEngine } from 'ajv/dist/types/index.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Diagnostic } from '../../lib/diagnostics.js';
import * as generated from '../../generated/tool-validators.js';
import { lineAt, pointerToField, type Positions } from './line-index.js';
import { quoteToken, shortToken } from '../../lib/quote.js';
import { sandboxedRegExp } from '../../lib/regex-sandbox.js';
import { suggestKey } from './suggest.js';

/*
 * Validation of the files users write (tests.yaml, prompt.yaml, promptgate.yaml, schema.json),
 * turning every problem into a Diagnostic on the line of the offending node.
 */

export type ToolSchemaName = 'tests' | 'prompt' | 'promptgate';

/**
 * Our own schemas' validators are compiled at build time (scripts/build-validators.mjs, with
 * allErrors so a user sees every problem at once, verbose for the offending data): compiling
 * them at run time made every start-up pay for ajv's compile (docs/speed.md).
 */
const toolValidators: Record<ToolSchemaName, ValidateFunction> = {
  tests: generated.tests,
  prompt: generated.prompt,
  promptgate: generated.promptgate,
};

/**
 * The draft-07 meta-schema, compiled at build time like our own schemas: checking a folder's
 * schema.json with ajv's validateSchema compiled it at run time, the largest single cost of a
 * one-test run. Optional so a stale generated file still works (then ajv compiles it).
 */
const draft07Meta = (generated as unknown as { draft07Meta?: ValidateFunction }).draft07Meta;

/** Validates a parsed tests.yaml / prompt.yaml / promptgate.yaml. An `if` error only says a branch failed (its own errors say how): left out. */
export function validateToolFile(name: ToolSchemaName, value: unknown): ErrorObject[] {
  const validate = toolValidators[name];
  return validate(value) ? [] : (validate.errors ?? []).filter((error) => error.keyword !== 'if');
}

// ---------------------------------------------------------------------------------------------
// Users' JSON Schemas (schema.json, inline `json-schema` assertions)

// Lenient on unknown keywords (schemas written for a provider's structured output carry
// extras); `format` is not checked because no format plugin is installed (so `format: regex`
// runs nothing). Each schema is removed from the instance once compiled (compileUncached), so
// the base and head copies of a schema with the same $id can both compile. (addUsedSchema: false
// would do that too, but it breaks a schema's references to itself: `"$ref": "#"`, the usual
// recursive schema.) `pattern` and `patternProperties` run in the regex sandbox, with the
// deadline and the run's budget of `regex` checks: a validation whose pattern timed out throws
// RegexTimeoutError, which its callers report as a schema that could not be checked.
const userOptions = {
  allErrors: true,
  verbose: true,
  strict: false,
  validateFormats: false,
  code: { regExp: sandboxedRegExp as RegExpEngine },
} as const;
let draft07: Ajv | undefined;
let draft2020: Ajv2020 | undefined;

function ajvFor(schema: Record<string, unknown>): Ajv | Ajv2020 {
  if (typeof schema.$schema === 'string' && schema.$schema.includes('2020-12')) return (draft2020 ??= new Ajv2020(userOptions));
  // With the prebuilt meta-schema check, ajv need not check (nor compile) the meta-schema again.
  return (draft07 ??= new Ajv(draft07Meta ? { ...userOptions, validateSchema: false } : userOptions));
}

/** Whether `schema` is a valid schema of its draft; ajv's own check, or the prebuilt draft-07 one. */
function checkSchema(ajv: Ajv | Ajv2020, schema: Record<string, unknown>): ErrorObject[] {
  const draft = schema.$schema;
  const isDraft07 = draft === undefined || (typeof draft === 'string' && /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/.test(draft));
  // Another draft's URI goes to ajv, which refuses the ones it does not know (a clear message).
  if (ajv === draft07 && draft07Meta && isDraft07) return draft07Meta(schema) ? [] : [...(draft07Meta.errors ?? [])];
  return ajv.validateSchema(schema) ? [] : [...(ajv.errors ?? [])];
}

export type CompiledUserSchema = { ok: true; validate: ValidateFunction } | { ok: false; message: string; errors: ErrorObject[] };

/**
 * A folder's schema is compiled once, however many tests use it (cached by object), and
 * folders that share a schema's content (v1.0 and v2.0, base and head) share one compile
 * (cached by text): compiling is the costly part of validation.
 */
const compiledUserSchemas = new WeakMap<object, CompiledUserSchema>();
const compiledBySource = new Map<string, CompiledUserSchema>();

export function compileUserSchema(schema: Record<string, unknown>): CompiledUserSchema {
  const cached = compiledUserSchemas.get(schema);
  if (cached) return cached;
  const source = JSON.stringify(schema);
  const compiled = compiledBySource.get(source) ?? compileUncached(schema);
  compiledBySource.set(source, compiled);
  compiledUserSchemas.set(schema, compiled);
  return compiled;
}

function compileUncached(schema: Record<string, unknown>): CompiledUserSchema {
  const ajv = ajvFor(schema);
  try {
    const errors = checkSchema(ajv, schema);
    if (errors.length > 0) {
      return { ok: false, message: 'is not a valid JSON Schema', errors: mostSpecificPerLocation(errors) };
    }
    try {
      return { ok: true, validate: ajv.compile(schema) };
    } finally {
      ajv.removeSchema(schema);
    }
  } catch (error) {
    // compile fails on unresolvable $refs and unsupported $schema drafts.
    const reason = error instanceof Error ? error.message : String(error);
    const hint = /no schema with key or ref "http/.test(reason) ? ' (supported drafts: draft-07 and 2020-12)' : '';
    return { ok: false, message: `is not a usable JSON Schema: ${reason}${hint}`, errors: [] };
  }
}

/** The name shown in check results (`output matches schema.json`), registered by the loader. */
const userSchemaNames = new WeakMap<object, string>();
export function nameUserSchema(schema: object, name: string): void {
  userSchemaNames.set(schema, name);
}
export function userSchemaName(schema: object): string | undefined {
  return userSchemaNames.get(schema);
}

/** `/confidence must be <= 1` — how an output's schema violations read in a check result. */
export function describeOutputErrors(errors: ErrorObject[]): string[] {
  return mostSpecificPerLocation(errors).map((error) => {
    const where = error.instancePath || '/';
    const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
    const allowed = error.keyword === 'enum' ? `: ${listValues(error.params.allowedValues)}` : '';
    return `${where} ${error.message ?? 'is invalid'}${allowed}${extra}`;
  });
}

// ---------------------------------------------------------------------------------------------
// Ajv errors → Diagnostics

/**
 * One Diagnostic per problem. Combinator errors (anyOf, if) only repeat what their branches
 * already said, so they are dropped when a more specific error sits at the same place.
 */
export function schemaErrorsToDiagnostics(
  errors: ErrorObject[],
  file: string,
  parsed: Positions | undefined,
  options: { pointerPrefix?: string } = {},
): Diagnostic[] {
  // The loader asks for every test, nearly all of which have nothing to report.
  if (errors.length === 0) return [];
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const error of mostSpecificPerLocation(errors, false)) {
    const key = keyOf(error);
    const field = pointerToField(error.instancePath, key);
    const message = describeError(error);
    const identity = `${field}\u0000${message}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    const pointer = (options.pointerPrefix ?? '') + error.instancePath;
    // A missing key is reported on its parent; an unknown key on the key itself.
    const line = parsed ? (error.keyword === 'additionalProperties' ? lineAt(parsed, pointer, key) : lineAt(parsed, pointer)) : undefined;
    diagnostics.push({ file, ...(line ? { line } : {}), ...(field ? { field } : {}), message });
  }
  return diagnostics;
}

function keyOf(error: ErrorObject): string | undefined {
  if (error.keyword === 'required') return String(error.params.missingProperty);
  if (error.keyword === 'additionalProperties') return String(error.params.additionalProperty);
  return undefined;
}

const COMBINATORS = new Set(['anyOf', 'oneOf', 'if', 'allOf', 'not']);

function mostSpecificPerLocation(errors: ErrorObject[], onePerLocation = true): ErrorObject[] {
  const specific = errors.filter(
    (error) =>
      !COMBINATORS.has(error.keyword) ||
      !errors.some((other) => other !== error && other.instancePath === error.instancePath && !COMBINATORS.has(other.keyword)),
  );
  const kept = specific.filter((error) => error.keyword !== 'if');
  if (!onePerLocation) return kept;
  // A meta-schema reports one wrong `type` as enum, type and anyOf failures: keep the first.
  const byLocation = new Map<string, ErrorObject>();
  for (const error of kept) {
    const location = error.instancePath + '\u0000' + (keyOf(error) ?? '');
    if (!byLocation.has(location)) byLocation.set(location, error);
  }
  return [...byLocation.values()];
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a map of key: value pairs',
  array: 'a list',
  null: 'null',
};

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the text ${JSON.stringify(truncate(value, 60))}`;
  return `${typeof value === 'number' ? 'the number' : 'the value'} ${String(value)}`;
}

function listValues(values: unknown, compact = false): string {
  if (!Array.isArray(values)) return '';
  const shown = values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
  // Check types come in pairs (`regex`, `not-regex`): listed once, with the prefix said once.
  const paired = compact ? shown.filter((value) => !value.startsWith('not-') && shown.includes(`not-${value}`)) : [];
  if (paired.length < 3) return shown.join(', ');
  const rest = shown.filter((value) => !paired.includes(value) && !(value.startsWith('not-') && paired.includes(value.slice(4))));
  return `${paired.join(', ')} (each also with the prefix not-)${rest.length > 0 ? `, ${rest.join(', ')}` : ''}`;
}

function allowedKeys(parentSchema: unknown): string[] {
  const schema = (parentSchema ?? {}) as { properties?: Record<string, unknown>; patternProperties?: Record<string, unknown> };
  const named = Object.keys(schema.properties ?? {});
  // `^expected_.+$` reads as `expected_<field>` in a message.
  const patterns = Object.keys(schema.patternProperties ?? {}).map((pattern) =>
    pattern.replace(/^\^/, '').replace(/\$$/, '').replace('.+', '<field>'),
  );
  return [...named, ...patterns];
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = allowedKeys(error.parentSchema);
      const suggestion = suggestKey(key, allowed);
      return `unknown key ${quoteToken(key)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; allowed keys: ${allowed.join(', ')}`;
    }
    case 'type': {
      const types = String(params.type).split(',');
      const wanted = types.map((type) => TYPE_NAMES[type] ?? type);
      const phrase = wanted.length > 1 ? `${wanted.slice(0, -1).join(', ')} or ${wanted.at(-1)}` : wanted[0];
      return `must be ${phrase}, not ${describeValue(error.data)}`;
    }
    case 'enum': {
      const title = (error.parentSchema as { title?: string } | undefined)?.title;
      const got = typeof error.data === 'string' ? quoteToken(error.data) : shortToken(JSON.stringify(error.data) ?? '');
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.filter((value) => typeof value === 'string') : [];
      const suggestion = typeof error.data === 'string' ? suggestKey(error.data, allowed) : undefined;
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
      return title
        ? `unknown ${title} ${got}${hint}; valid: ${listValues(params.allowedValues, true)}`
        : `must be one of: ${listValues(params.allowedValues)} (got ${got})`;
    }
    case 'pattern': {
      const title = (error.parentSchema as { title?: string } | undefined)?.title;
      return title ? `${quoteToken(String(error.data))} is not a valid ${title}` : (error.message ?? 'has the wrong form');
    }
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : (error.message ?? 'is too short');
    case 'minItems':
      return `must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${error.message ?? 'is out of range'} (got ${shortToken(JSON.stringify(error.data) ?? '')})`;
    default:
      return error.message ?? `is invalid (${error.keyword})`;
  }
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}
