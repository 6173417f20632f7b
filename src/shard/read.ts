import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import resultsSchema from '../../schemas/results.schema.json' with { type: 'json' };
import type { ResultsFile } from '../results/model.js';

/*
 * Reading the shards' results files for `promptgate merge`. Nothing in a file is used before it
 * is known to be a promptgate results.json: first its nesting is measured on the text (a file
 * nested thousands deep overflowed the stack of every recursive step after it), then it is
 * parsed, then checked against schemas/results.schema.json. Every file is read and checked, and
 * every bad one named, with the first wrong field, so a broken matrix is fixed in one go.
 */

/** The set of files cannot be merged; the message lists every problem. Exit status 2. */
export class MergeError extends Error {}

/** The merge was cancelled (SIGINT / SIGTERM) before it had merged: nothing was written. */
export class MergeCancelled extends Error {
  /** The signal's reason, in words ("received SIGINT"). */
  readonly reason: string;
  constructor(signal: AbortSignal) {
    const reason = signal.reason instanceof Error ? signal.reason.message : 'cancelled';
    super(`the merge was cancelled (${reason}): nothing was merged or written`);
    this.reason = reason;
  }
}

export interface ShardFile {
  /** Where it was read from, as given (a path or an artifact's name), for messages. */
  file: string;
  results: ResultsFile;
}

/**
 * Deepest nesting of objects and arrays a results file may have. A real one is about 6 deep
 * plus the JSON of a check's expected/actual value or a tool call's arguments, which models and
 * tests.yaml keep shallow; 64 is far beyond any, and far below what overflows a stack.
 */
export const MAX_NESTING = 64;

/** Reads and checks every file (paths relative to `cwd`); throws a MergeError naming each bad one. */
export async function readShardFiles(
  files: readonly string[],
  options: { cwd?: string; signal?: AbortSignal | undefined } = {},
): Promise<ShardFile[]> {
  const read = await untilAborted(Promise.all(files.map((file) => readText(file, options.cwd ?? '.'))), options.signal);
  const problems: string[] = [];
  const shards: ShardFile[] = [];
  for (const entry of read) {
    if ('problem' in entry) problems.push(entry.problem);
    else {
      const checked = checkResultsText(entry.file, entry.text);
      if (typeof checked === 'string') problems.push(checked);
      else shards.push({ file: entry.file, results: checked });
    }
  }
  if (problems.length > 0) throw mergeError(problems);
  return shards;
}

/** Problems beyond these are counted, not listed: a broken matrix of 20,000 tests must not print 20,000 lines. */
const LISTED_PROBLEMS = 100;

/** One MergeError listing the problems. */
export function mergeError(problems: readonly string[]): MergeError {
  const listed = problems.slice(0, LISTED_PROBLEMS).map((problem) => `- ${problem}`);
  if (problems.length > LISTED_PROBLEMS) listed.push(`- and ${problems.length - LISTED_PROBLEMS} more problems of the same kinds`);
  return new MergeError(`cannot merge the shards:\n${listed.join('\n')}`);
}

async function readText(file: string, cwd: string): Promise<{ file: string; text: string } | { problem: string }> {
  try {
    return { file, text: await readFile(resolve(cwd, file), 'utf8') };
  } catch (error) {
    return { problem: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
}

/** The results in `text`, or a sentence naming the file and what is wrong with it. */
export function checkResultsText(file: string, text: string): ResultsFile | string {
  const deep = lineNestedDeeperThan(text, MAX_NESTING);
  if (deep !== undefined) return `${file} is nested more than ${MAX_NESTING} levels deep (line ${deep}): not a promptgate results.json`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  const validate = resultsValidator();
  if (!validate(value)) return `${file} is not a promptgate results.json: ${describeSchemaError(validate.errors?.[0], value)}`;
  return value as ResultsFile;
}

/**
 * The line where `text` first opens more than `limit` objects and arrays at once, or undefined.
 * One pass over the characters, strings skipped: nothing recursive touches the text first.
 */
export function lineNestedDeeperThan(text: string, limit: number): number | undefined {
  let depth = 0;
  let line = 1;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c)
        index += 1; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      depth += 1;
      if (depth > limit) return line;
    } else if (code === 0x7d || code === 0x5d) depth -= 1;
    else if (code === 0x0a) line += 1;
  }
  return undefined;
}

/**
 * The results.json schema's validator, compiled on first use (only a merge reads results files).
 * It stops at the first error, which is the one reported.
 */
let validator: ValidateFunction | undefined;
function resultsValidator(): ValidateFunction {
  // The schema is our own, checked by the tests: ajv need not check it against the meta-schema.
  validator ??= new Ajv({ allErrors: false, strict: false, validateFormats: false, validateSchema: false }).compile(resultsSchema);
  return validator;
}

/** `suites[1].tests[0].status must be one of passed, failed, error (it is "ok")`. */
function describeSchemaError(error: ErrorObject | undefined, data: unknown): string {
  if (!error) return 'it does not match schemas/results.schema.json';
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const field = segments.reduce(
    (path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment),
    '',
  );
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return `${field ? `${field}.` : ''}${String(params.missingProperty)} is missing`;
  const actual = `(it is ${shown(valueAt(data, segments))})`;
  const where = field || 'the file';
  if (error.keyword === 'enum') return `${where} must be one of ${(params.allowedValues as unknown[]).map(word).join(', ')} ${actual}`;
  if (error.keyword === 'const') return `${where} must be ${word(params.allowedValue)} ${actual}`;
  if (error.keyword === 'type') return `${where} must be ${[params.type].flat().join(' or ')} ${actual}`;
  return `${where} ${error.message ?? 'is not valid'} ${actual}`;
}

function valueAt(data: unknown, segments: readonly string[]): unknown {
  let value = data;
  for (const segment of segments)
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
  return value;
}

const word = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function shown(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `promise`, or a MergeCancelled as soon as `signal` aborts (a file still arriving is not waited for). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new MergeCancelled(signal));
  return new Promise<T>((resolvePromise, reject) => {
    const onAbort = () => reject(new MergeCancelled(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolvePromise(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
