import type { ValidateFunction } from 'ajv';
import type { Diagnostic } from '../lib/diagnostics.js';
import { RegexTimeoutError } from '../lib/regex-sandbox.js';
import type { ChatMessage } from '../providers/types.js';
import { parseOutputJson } from '../json/output-json.js';
import { compileUserSchema, describeOutputErrors } from './files/schemas.js';
import { isRecord } from './values.js';

/*
 * Problems a schema.json or examples.json can have that do not stop a run but make it lie:
 * an `enum` value its own `type` forbids can never be produced validly, and few-shot examples
 * that break the schema teach the model to break it. Warnings, all found in one pass.
 */

const TYPE_OF = (value: unknown): string[] => {
  if (value === null) return ['null'];
  if (Array.isArray(value)) return ['array'];
  if (typeof value === 'number') return Number.isInteger(value) ? ['integer', 'number'] : ['number'];
  return [typeof value === 'object' ? 'object' : typeof value];
};

/** Every enum value, at any depth of the schema, that the same node's `type` does not allow. */
export function enumValuesTheTypeForbids(schema: Record<string, unknown>, file: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const visit = (node: unknown, pointer: string) => {
    if (Array.isArray(node)) return node.forEach((item, index) => visit(item, `${pointer}/${index}`));
    if (!isRecord(node)) return;
    const types =
      typeof node.type === 'string' ? [node.type] : Array.isArray(node.type) ? node.type.filter((t) => typeof t === 'string') : undefined;
    if (types && Array.isArray(node.enum)) {
      for (const value of node.enum) {
        if (!TYPE_OF(value).some((type) => types.includes(type))) {
          found.push({
            file,
            field: `${pointer || '/'}/enum`,
            message: `enum value ${JSON.stringify(value)} is not allowed by type ${JSON.stringify(node.type)}, so no answer can match it; add its type or drop the value`,
          });
        }
      }
    }
    for (const [key, child] of Object.entries(node))
      if (key !== 'enum' && key !== 'const' && key !== 'default') visit(child, `${pointer}/${key}`);
  };
  visit(schema, '');
  return found;
}

/** Each example answer that is not JSON matching the schema, named by its position. */
export function examplesAgainstSchema(
  examples: readonly ChatMessage[],
  schema: Record<string, unknown>,
  examplesFile: string,
  schemaFile: string,
): Diagnostic[] {
  const compiled = compileUserSchema(schema);
  if (!compiled.ok) return [];
  const found: Diagnostic[] = [];
  examples
    .filter((message) => message.role === 'assistant')
    .forEach((message, index) => {
      const parsed = parseOutputJson(message.content);
      const problems = !parsed.ok ? [`not JSON (${parsed.reason})`] : problemsOf(compiled.validate, parsed.value);
      if (problems.length > 0) {
        found.push({
          file: examplesFile,
          field: `example ${index + 1}`,
          message: `the answer does not match ${schemaFile}: ${problems.join('; ')}`,
        });
      }
    });
  return found;
}

/** A schema's complaints about a value; a pattern that timed out is one, not a hang or a throw. */
function problemsOf(validate: ValidateFunction, value: unknown): string[] {
  try {
    return validate(value) ? [] : describeOutputErrors(validate.errors ?? []);
  } catch (error) {
    if (error instanceof RegexTimeoutError) return [`it could not be checked: ${error.message}`];
    throw error;
  }
}

/** The warnings of a folder's schema and examples, when it has them. */
export function schemaWarnings(
  schema: { file?: string; value?: Record<string, unknown> },
  examples: { file?: string; value?: ChatMessage[] },
): Diagnostic[] {
  if (!schema.value || !schema.file) return [];
  return [
    ...enumValuesTheTypeForbids(schema.value, schema.file),
    ...(examples.value && examples.file ? examplesAgainstSchema(examples.value, schema.value, examples.file, schema.file) : []),
  ];
}
