/* A folder's JSON files, examples.json and schema.json: read, parsed, and checked, with the line of each problem. */

import { posix } from 'node:path';
import { type Diagnostic } from '../lib/diagnostics.js';
import { type ChatMessage } from '../providers/types.js';
import { type FileSource, readTextFile } from './files/file-source.js';
import { pointerToField, lineAt } from './files/line-index.js';
import { compileUserSchema, schemaErrorsToDiagnostics, nameUserSchema } from './files/schemas.js';
import { isRecord, lineIfKnown } from './values.js';

type JsonRead = { status: 'missing' } | { status: 'ok'; value: unknown; text: string } | { status: 'invalid'; error: Diagnostic };

async function readJsonFile(source: FileSource, file: string): Promise<JsonRead> {
  const read = await readTextFile(source, file);
  if (read.status !== 'ok') return read;
  if (read.text.trim() === '') return { status: 'invalid', error: { file, line: 1, message: 'is empty; expected JSON' } };
  try {
    return { status: 'ok', value: JSON.parse(read.text), text: read.text };
  } catch (error) {
    return { status: 'invalid', error: await jsonSyntaxError(file, read.text, error) };
  }
}

// JSON positions (jsonc-parser) are imported only when a problem needs a line: valid files never load it.
const jsonPositions = () => import('./files/json-positions.js');

async function jsonSyntaxError(file: string, text: string, error: unknown): Promise<Diagnostic> {
  const { line, column, reason } = (await jsonPositions()).locateJsonSyntaxError(text, error);
  // V8 quotes the text around the error (`Unexpected token 'x', ..."a": x, "b"... is not
  // valid JSON`): the message keeps the offending token and the position, not the context.
  const token = reason.replace(/^(Unexpected token '.{1,4}'), .*$/s, '$1').replace(/\s*\n[\s\S]*$/, '');
  return { file, line, message: `invalid JSON: ${token} (line ${line}, column ${column})` };
}

export type Loaded<T> = { found: boolean; value?: T; errors: Diagnostic[] };

const EXAMPLES_FORMATS = 'expected [{"user": ..., "assistant": ...}] or {"examples": [{"input": ..., "output": ...}]}';

export async function loadExamples(source: FileSource, file: string): Promise<Loaded<ChatMessage[]>> {
  const read = await readJsonFile(source, file);
  if (read.status === 'missing') return { found: false, errors: [] };
  if (read.status === 'invalid') return { found: true, errors: [read.error] };

  const root = read.value;
  const wrapped = isRecord(root) && Array.isArray(root.examples);
  const items = Array.isArray(root) ? root : wrapped ? (root.examples as unknown[]) : undefined;
  if (!items) return { found: true, errors: [{ file, line: 1, message: `has an unknown shape; ${EXAMPLES_FORMATS}` }] };

  const prefix = wrapped ? '/examples' : '';
  const messages: ChatMessage[] = [];
  // Each problem keeps the pointer of its node; the lines are looked up once, if there are any.
  const problems: Array<{ at: string; field: string; message: string }> = [];
  items.forEach((item, index) => {
    const pointer = `${prefix}/${index}`;
    if (!isRecord(item)) {
      problems.push({ at: pointer, field: pointerToField(pointer), message: `must be an object; ${EXAMPLES_FORMATS}` });
      return;
    }
    const userKey = 'user' in item ? 'user' : 'input';
    const assistantKey = 'assistant' in item ? 'assistant' : 'output';
    const user = item[userKey];
    const assistant = item[assistantKey];
    if (typeof user !== 'string') {
      const problem = user === undefined ? 'is required' : 'must be a string';
      problems.push({
        at: user === undefined ? pointer : `${pointer}/${userKey}`,
        field: pointerToField(pointer, userKey),
        message: problem,
      });
    }
    if (assistant === undefined || assistant === null) {
      problems.push({ at: pointer, field: pointerToField(pointer, assistantKey), message: 'is required' });
    }
    if (typeof user === 'string' && assistant !== undefined && assistant !== null) {
      // An object answer is sent the way the model is asked to answer: as JSON text.
      const content = typeof assistant === 'string' ? assistant : JSON.stringify(assistant);
      messages.push({ role: 'user', content: user }, { role: 'assistant', content });
    }
  });
  if (problems.length === 0) return { found: true, value: messages, errors: [] };
  const positioned = (await jsonPositions()).positionJsonText(read.text, read.value);
  const errors = problems.map(({ at, field, message }) => ({
    file,
    ...lineIfKnown(positioned ? lineAt(positioned, at) : undefined),
    field,
    message,
  }));
  return { found: true, value: messages, errors };
}

export async function loadSchema(source: FileSource, file: string): Promise<Loaded<Record<string, unknown>>> {
  const read = await readJsonFile(source, file);
  if (read.status === 'missing') return { found: false, errors: [] };
  if (read.status === 'invalid') return { found: true, errors: [read.error] };
  if (!isRecord(read.value)) {
    return { found: true, errors: [{ file, line: 1, message: 'must be a JSON Schema object ({"type": "object", ...})' }] };
  }
  const schema = read.value;
  const compiled = compileUserSchema(schema);
  if (!compiled.ok) {
    const located = schemaErrorsToDiagnostics(compiled.errors, file, (await jsonPositions()).positionJsonText(read.text, schema));
    const errors =
      located.length > 0
        ? located.map((error) => ({ ...error, message: `invalid JSON Schema: ${error.message}` }))
        : [{ file, line: 1, message: compiled.message }];
    return { found: true, errors };
  }
  nameUserSchema(schema, posix.basename(file));
  return { found: true, value: schema, errors: [] };
}
