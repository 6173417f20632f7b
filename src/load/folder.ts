import { posix } from 'node:path';
import { InputError, type Diagnostic } from '../lib/diagnostics.js';
import { RECORDINGS_FILE } from '../providers/recordings.js';
import type { ProviderName, ToolDefinition } from '../providers/types.js';
import { lineAt, parseYamlText } from './files/positions.js';
import { schemaErrorsToDiagnostics, validateToolFile } from './files/schemas.js';
import { duplicateModelErrors, unknownProvider, type RepoConfig } from './config.js';
import { modelEntryErrors } from './model-entries.js';
import { loadPromptMetrics } from './metrics.js';
import { loadTests } from './tests.js';
import { parseJudgeSpec } from './rubric.js';
import { lineIfKnown, stringifyValues } from './values.js';
import { normalizeRepoPath, readTextFile, type FileSource } from './files/file-source.js';
import { quoteToken } from '../lib/quote.js';
import { checkPlaceholders, testVariables } from './template.js';
import { mergeSettings, providerNames, type PromptYamlSettings } from './model-settings.js';
import type { Assertion, ModelEntry, LoadedFolder, DeploySettings, ModelRef } from './types.js';
import { CHECKS_MODULE, parseEmbeddingModel, readChecksModule, testsWithoutModule, undeclaredToolResults } from './folder-checks.js';
import { schemaWarnings } from './schema-lint.js';
import { loadExamples, loadSchema } from './json-files.js';

export const DEFAULT_PROVIDER: ProviderName = 'openai';
/**
 * A cheap, current model per provider, so a folder runs without any settings. Azure, Bedrock,
 * Vertex and endpoints have none: their model names the team's own deployment or enabled model.
 */
export const DEFAULT_MODELS: Readonly<Record<string, string>> = { openai: 'gpt-4o-mini', anthropic: 'claude-haiku-4-5', azure: '' };
export const UNVERSIONED = 'unversioned';

/** `v2.0`, `v1`, `2.1.0`, `v3.0.0-beta.1`: a folder named like this is a version of its parent. */
const VERSION_NAME = /^v?\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.-]+)?$/;

/**
 * Loads and validates one prompt folder. Never throws: a folder that cannot run comes back as
 * `ok: false` with every problem found; a single malformed test comes back `invalid` and the
 * other tests still run.
 */
export async function loadPromptFolder(source: FileSource, folderPath: string, config: RepoConfig): Promise<LoadedFolder> {
  const path = normalizeRepoPath(folderPath);
  try {
    return await loadValidated(source, path, config);
  } catch (error) {
    // A bug or an I/O failure still must not take the other folders down with it.
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      path,
      ...identityFromPath(path),
      errors: [{ file: path || '.', message: `could not be loaded: ${reason}` }],
      files: [],
    };
  }
}

async function loadValidated(source: FileSource, path: string, config: RepoConfig): Promise<LoadedFolder> {
  const at = (name: string) => (path === '' ? name : `${path}/${name}`);
  const errors: Diagnostic[] = [];
  const files = new Set<string>([at('system.txt'), at('tests.yaml')]);

  const prompt = await loadPromptYaml(source, at('prompt.yaml'));
  if (prompt.exists) files.add(at('prompt.yaml'));
  errors.push(...prompt.errors);
  const identity = { ...identityFromPath(path), ...prompt.identity };
  const metrics = await loadPromptMetrics(source, at('prompt.yaml'), config.metrics);
  errors.push(...metrics.errors);

  const system = await readTextFile(source, at('system.txt'));
  if (system.status === 'missing')
    errors.push({ file: at('system.txt'), message: 'is missing: a prompt folder needs system.txt (the system prompt template)' });
  if (system.status === 'invalid') errors.push(system.error);

  const examples = await loadOptionalFile(source, path, prompt, 'examples', 'examples.json', loadExamples);
  if (examples.file) files.add(examples.file);
  errors.push(...examples.errors);

  const schema = await loadOptionalFile(source, path, prompt, 'schema', 'schema.json', loadSchema);
  if (schema.file) files.add(schema.file);
  errors.push(...schema.errors);

  const testsFile = at('tests.yaml');
  const tests = await loadTests(source, testsFile, schema.value);
  errors.push(...tests.errors);
  for (const file of tests.files) files.add(file);

  const listing = await source.list(path === '' ? '.' : path);
  if (listing.includes(at(RECORDINGS_FILE))) files.add(at(RECORDINGS_FILE));
  const checks = listing.includes(at(CHECKS_MODULE)) ? await readChecksModule(source, at(CHECKS_MODULE)) : {};
  if (checks.module) files.add(checks.module.file);
  if (checks.error) errors.push(checks.error);
  if (!checks.module) testsWithoutModule(tests.tests, path, testsFile);

  const fileList = [...files].sort();
  if (errors.length > 0 || system.status !== 'ok') {
    return { ok: false, path, ...identity, errors, files: fileList };
  }

  const systemTemplate = system.text.replace(/\r\n/g, '\n');
  const settings = mergeSettings(prompt.settings, config, { provider: DEFAULT_PROVIDER, models: DEFAULT_MODELS });
  const providers = providerNames(config);
  const lineOf = prompt.lineOf ?? (() => undefined);
  // A provider neither built in nor an endpoint of promptgate.yaml cannot be called.
  if (prompt.settings.provider !== undefined && !providers.includes(prompt.settings.provider)) {
    const error = unknownProvider(prompt.settings.provider, at('prompt.yaml'), lineOf('/provider'));
    return { ok: false, path, ...identity, errors: [error], files: fileList };
  }
  // A model listed twice in prompt.yaml, or an entry's setting its provider does not take
  // (promptgate.yaml's list is checked when it is read).
  if (prompt.settings.models !== undefined) {
    const entryErrors = [
      ...duplicateModelErrors(prompt.settings.models, settings.provider, at('prompt.yaml'), lineOf, providers),
      ...modelEntryErrors(prompt.settings.models, {
        defaultProvider: settings.provider,
        providers,
        maxTokens: settings.maxTokens,
        file: at('prompt.yaml'),
        lineOf,
      }),
    ];
    if (entryErrors.length > 0) return { ok: false, path, ...identity, errors: entryErrors, files: fileList };
  }
  const warnings = [
    ...tests.warnings,
    ...schemaWarnings(schema, examples),
    ...undeclaredToolResults(tests.tests, settings.tools, testsFile),
  ];
  for (const test of tests.tests) {
    if (test.invalid) continue;
    const judgeError = unknownJudgeProvider(test.assert, providers, testsFile);
    if (judgeError) {
      test.invalid = judgeError;
      continue;
    }
    // A missing variable is found now, at its place in system.txt, not halfway through a run.
    try {
      checkPlaceholders(systemTemplate, testVariables(settings.variables, test.vars), at('system.txt'));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      test.invalid = { ...error.diagnostic, message: `${error.diagnostic.message} (test "${test.name}")` };
    }
  }
  return {
    ok: true,
    folder: {
      path,
      ...identity,
      settings,
      systemTemplate,
      systemFile: at('system.txt'),
      examples: examples.value ?? [],
      ...(schema.value && schema.file ? { schema: schema.value, schemaFile: schema.file } : {}),
      tests: tests.tests,
      testsFile,
      ...(metrics.definitions.length > 0 ? { metrics: metrics.definitions } : {}),
      ...(prompt.deploy ? { deploy: prompt.deploy } : {}),
      files: fileList,
      ...(prompt.allowRemovingRequired ? { allowRemovingRequired: prompt.allowRemovingRequired } : {}),
      ...(prompt.maxSteps !== undefined ? { maxSteps: prompt.maxSteps } : {}),
      ...(prompt.embeddingModel ? { embeddingModel: prompt.embeddingModel } : {}),
      ...(checks.module ? { checksModule: checks.module } : {}),
    },
    warnings,
  };
}

/** A rubric whose judge names a provider that is neither built in nor an endpoint of promptgate.yaml. */
function unknownJudgeProvider(assertions: readonly Assertion[], providers: readonly string[], file: string): Diagnostic | undefined {
  for (const assertion of assertions) {
    if (assertion.type !== 'rubric' || assertion.judge === undefined) continue;
    const spec = parseJudgeSpec(assertion.judge, providers);
    if (!spec.ok) return { file, ...lineIfKnown(assertion.line), field: 'judge', message: spec.error };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Identity and settings

function identityFromPath(path: string): { id: string; version: string } {
  const name = posix.basename(path) || 'root';
  const parent = posix.basename(posix.dirname(path));
  if (VERSION_NAME.test(name) && parent && parent !== '.') return { id: parent, version: name };
  return { id: name, version: UNVERSIONED };
}

interface PromptYaml {
  exists: boolean;
  errors: Diagnostic[];
  identity: { id?: string; version?: string };
  settings: PromptYamlSettings;
  schemaPath?: string;
  examplesPath?: string;
  allowRemovingRequired?: string[];
  maxSteps?: number;
  embeddingModel?: ModelRef;
  /** The line of a node of prompt.yaml (a JSON pointer), when the file was parsed. */
  lineOf?: (pointer: string) => number | undefined;
  deploy?: DeploySettings;
  /** Where a problem with a path given in prompt.yaml is reported. */
  pathError(key: 'schema' | 'examples'): Pick<Diagnostic, 'file' | 'line' | 'field'>;
}

async function loadPromptYaml(source: FileSource, file: string): Promise<PromptYaml> {
  const result: PromptYaml = { exists: false, errors: [], identity: {}, settings: {}, pathError: (key) => ({ file, field: key }) };
  const read = await readTextFile(source, file);
  if (read.status === 'missing') return result;
  result.exists = true;
  if (read.status === 'invalid') return { ...result, errors: [read.error] };
  const parsed = await parseYamlText(read.text, file);
  if (!parsed.ok) return { ...result, errors: parsed.errors };
  const { value } = parsed.parsed;
  if (value === null || value === undefined) return result;
  const errors = schemaErrorsToDiagnostics(validateToolFile('prompt', value), file, parsed.parsed);
  if (errors.length > 0) return { ...result, errors };

  const fields = value as Record<string, unknown>;
  const settings: PromptYamlSettings = {};
  if (fields.provider !== undefined) settings.provider = fields.provider as ProviderName;
  if (fields.model !== undefined) settings.model = fields.model as string;
  if (fields.temperature !== undefined) settings.temperature = fields.temperature as number;
  if (fields.max_tokens !== undefined) settings.maxTokens = fields.max_tokens as number;
  if (fields.models !== undefined) settings.models = fields.models as ModelEntry[];
  if (fields.traffic_per_day !== undefined) settings.trafficPerDay = fields.traffic_per_day as number;
  if (fields.variables !== undefined) settings.variables = stringifyValues(fields.variables as Record<string, string | number | boolean>);
  if (fields.tools !== undefined) settings.tools = fields.tools as ToolDefinition[];
  if (typeof fields.structured_output === 'boolean') settings.structuredOutput = fields.structured_output;
  const embedding =
    typeof fields.embedding_model === 'string'
      ? parseEmbeddingModel(fields.embedding_model, {
          file,
          ...lineIfKnown(lineAt(parsed.parsed, '/embedding_model')),
          field: 'embedding_model',
        })
      : {};
  if (embedding.error) return { ...result, errors: [embedding.error] };
  return {
    ...result,
    ...(typeof fields.max_steps === 'number' ? { maxSteps: fields.max_steps } : {}),
    ...(embedding.model ? { embeddingModel: embedding.model } : {}),
    identity: {
      ...(fields.id !== undefined ? { id: fields.id as string } : {}),
      ...(fields.version !== undefined ? { version: parsed.parsed.sourceOf('version') ?? String(fields.version) } : {}),
    },
    settings,
    ...(fields.allow_removing_required !== undefined ? { allowRemovingRequired: fields.allow_removing_required as string[] } : {}),
    lineOf: (pointer) => lineAt(parsed.parsed, pointer),
    ...(typeof fields.schema === 'string' ? { schemaPath: fields.schema } : {}),
    ...(typeof fields.examples === 'string' ? { examplesPath: fields.examples } : {}),
    ...(fields.deploy !== undefined ? { deploy: fields.deploy as DeploySettings } : {}),
    pathError: (key) => ({ file, field: key, ...lineIfKnown(lineAt(parsed.parsed, `/${key}`)) }),
  };
}

interface OptionalFile<T> {
  /** The file read (or expected, when prompt.yaml names one that is missing). */
  file?: string;
  value?: T;
  errors: Diagnostic[];
}

/**
 * examples.json / schema.json, or the path prompt.yaml gives instead (relative to the folder,
 * possibly a shared file outside it, never outside the repository).
 */
async function loadOptionalFile<T>(
  source: FileSource,
  folder: string,
  prompt: PromptYaml,
  key: 'examples' | 'schema',
  defaultName: string,
  load: (source: FileSource, file: string) => Promise<{ found: boolean; value?: T; errors: Diagnostic[] }>,
): Promise<OptionalFile<T>> {
  const given = key === 'examples' ? prompt.examplesPath : prompt.schemaPath;
  if (given === undefined) {
    const file = folder === '' ? defaultName : `${folder}/${defaultName}`;
    const loaded = await load(source, file);
    return loaded.found ? { file, ...loaded } : { errors: [] };
  }
  const file = normalizeRepoPath(posix.join(folder || '.', given));
  if (posix.isAbsolute(given) || file === '..' || file.startsWith('../')) {
    return {
      errors: [
        {
          ...prompt.pathError(key),
          message: `must be a path inside the repository, relative to the prompt folder (got ${quoteToken(given)})`,
        },
      ],
    };
  }
  const loaded = await load(source, file);
  if (!loaded.found) return { file, errors: [{ ...prompt.pathError(key), message: `file not found: ${file}` }] };
  return { file, ...loaded };
}
