import { hash } from 'node:crypto';
import type { Diagnostic } from '../lib/diagnostics.js';
import type { ProviderName, ToolDefinition } from '../providers/types.js';
import type { FileSource } from './files/file-source.js';
import type { ModelRef, TestCase } from './types.js';

/*
 * What a folder's checks need besides tests.yaml: its checks.mjs (for `js` checks) and the
 * embedding model (for `similar`). A checks.mjs is only read here, as bytes, and digested: it
 * is never imported by the loader, and never from a side read from git objects (run/js-checks.ts
 * decides where it may run).
 */

export const CHECKS_MODULE = 'checks.mjs';

/** The yardstick of `similar` when prompt.yaml names none: the same for every model of a matrix. */
export const DEFAULT_EMBEDDING_MODEL: ModelRef = { provider: 'openai', model: 'text-embedding-3-small' };

/** Providers with an embeddings API (OpenAI-compatible servers are `openai`). */
const EMBEDDING_PROVIDERS: readonly ProviderName[] = ['openai', 'azure'];

/** A checks.mjs is code, not a data file: far smaller than this. */
const MAX_CHECKS_MODULE_BYTES = 1024 * 1024;

/** The folder's checks.mjs, as its path and the SHA-256 of its bytes, when it has one. */
export async function readChecksModule(
  source: FileSource,
  file: string,
): Promise<{ module?: { file: string; sha256: string }; error?: Diagnostic }> {
  let bytes: Buffer | undefined;
  try {
    bytes = await source.read(file);
  } catch (error) {
    // An unsafe file (a link out of the repository) is refused like any prompt file.
    const diagnostic = (error as { diagnostic?: Diagnostic }).diagnostic;
    if (diagnostic) return { error: diagnostic };
    throw error;
  }
  if (!bytes) return {};
  if (bytes.length > MAX_CHECKS_MODULE_BYTES) return { error: { file, message: 'is over 1 MiB; promptgate refuses it' } };
  return { module: { file, sha256: hash('sha256', bytes, 'hex') } };
}

/** prompt.yaml `embedding_model: openai:text-embedding-3-small`, checked. */
export function parseEmbeddingModel(value: string, at: Omit<Diagnostic, 'message'>): { model?: ModelRef; error?: Diagnostic } {
  const colon = value.indexOf(':');
  const provider = value.slice(0, colon) as ProviderName;
  const model = value.slice(colon + 1).trim();
  if (provider === 'anthropic') {
    return {
      error: { ...at, message: 'anthropic has no embeddings API; name an OpenAI-compatible one, e.g. openai:text-embedding-3-small' },
    };
  }
  if (!EMBEDDING_PROVIDERS.includes(provider) || model === '') {
    return { error: { ...at, message: `must be provider:model with provider ${EMBEDDING_PROVIDERS.join(' or ')} (got "${value}")` } };
  }
  return { model: { provider, model } };
}

/** A test with a `js` check in a folder without checks.mjs cannot run: it is invalid, at the check. */
export function testsWithoutModule(tests: TestCase[], folderPath: string, testsFile: string): void {
  const module = folderPath === '' ? CHECKS_MODULE : `${folderPath}/${CHECKS_MODULE}`;
  for (const test of tests) {
    if (test.invalid) continue;
    const check = test.assert.find((assertion) => assertion.type === 'js');
    if (!check) continue;
    test.invalid = {
      file: test.dataRow?.file ?? testsFile,
      ...((test.dataRow?.line ?? check.line) ? { line: test.dataRow?.line ?? check.line } : {}),
      message: `a js check needs the folder's ${CHECKS_MODULE} (${module}), with a named export "${String(check.value)}"`,
    };
  }
}

/**
 * A canned result for a tool prompt.yaml does not declare can never be asked for: most likely a
 * typo of the tool's name. A warning per test and name, on the test's line.
 */
export function undeclaredToolResults(tests: TestCase[], tools: readonly ToolDefinition[] | undefined, testsFile: string): Diagnostic[] {
  const declared = new Set((tools ?? []).map((tool) => tool.name));
  const warnings: Diagnostic[] = [];
  for (const test of tests) {
    for (const name of Object.keys(test.toolResults ?? {})) {
      if (declared.has(name)) continue;
      warnings.push({
        file: test.dataRow?.file ?? testsFile,
        line: test.dataRow?.line ?? test.line,
        field: 'tool_results',
        message: `test "${test.name}" has a canned result for ${name}, which prompt.yaml tools: does not declare (declared: ${[...declared].join(', ') || 'none'})`,
      });
    }
  }
  return warnings;
}
