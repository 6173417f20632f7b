import { stringify } from 'yaml';
import { InputError } from '../lib/diagnostics.js';
import { lineAt, parseYamlText } from '../load/files/positions.js';
import {
  githubVariables,
  KNOWN_KEYS,
  literalPattern,
  renderGitHubTemplate,
  splitGitHubModel,
  toPromptgateTemplate,
  type GitHubModelsFile,
} from './github-models.js';

/*
 * `promptgate import FILE.prompt.yml`: a GitHub Models prompt file as a prompt folder. What maps:
 * the system message (system.txt, {{var}} as {var}), the few-shot turns before the last user
 * message (examples.json), model and modelParameters (prompt.yaml), jsonSchema (schema.json),
 * testData (one test each; the user message, a template, rendered with the item as its input,
 * since promptgate sends a test's input as written) and string evaluators (regex checks with
 * gh-models' semantics: trimmed, case-insensitive but for equals). Everything else is a warning
 * that names it: nothing is dropped silently.
 */

export interface ImportedFolder {
  /** File name → content, for the folder. */
  files: Record<string, string>;
  warnings: string[];
}

export async function importGitHubModels(text: string, file: string): Promise<ImportedFolder> {
  const parsed = await parseYamlText(text, file);
  if (!parsed.ok) throw new InputError(parsed.errors[0]!);
  const value = parsed.parsed.value as Partial<GitHubModelsFile> | null;
  const fail = (pointer: string, field: string, message: string): never => {
    const line = lineAt(parsed.parsed, pointer);
    throw new InputError({ file, ...(line ? { line } : {}), field, message });
  };
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return fail('', 'messages', 'is not a GitHub Models prompt file (a mapping with messages)');
  if (!Array.isArray(value.messages) || value.messages.length === 0)
    return fail('/messages', 'messages', 'must be a list of { role, content }');
  value.messages.forEach((message, index) => {
    if (!message || !['system', 'user', 'assistant'].includes(message.role) || typeof message.content !== 'string') {
      fail(`/messages/${index}`, `messages[${index}]`, 'must be { role: system | user | assistant, content: text }');
    }
  });
  const warnings: string[] = [];
  for (const key of Object.keys(value)) if (!KNOWN_KEYS.includes(key)) warnings.push(`${key}: not a key gh-models reads; not imported`);

  // Messages: system first, then pairs of turns (the few-shot examples), the user's message last.
  const messages = value.messages;
  const systems = messages.filter((message) => message.role === 'system');
  const rest = messages.filter((message) => message.role !== 'system');
  if (systems.length > 1) warnings.push(`messages: ${systems.length} system messages, joined into one system.txt`);
  if (messages.findIndex((message) => message.role !== 'system') < messages.findLastIndex((message) => message.role === 'system')) {
    warnings.push('messages: a system message after the conversation began is moved into system.txt, before it');
  }
  const last = rest.at(-1);
  if (!last || last.role !== 'user') return fail('/messages', 'messages', 'must end with a user message (the input each test sends)');
  const converted = toPromptgateTemplate(systems.map((message) => message.content).join('\n\n'));
  for (const name of converted.unconvertible)
    warnings.push(`messages: {{${name}}} is not a name promptgate can use as a placeholder: kept as text`);
  const examples: Array<{ user: string; assistant: string }> = [];
  const turns = rest.slice(0, -1);
  for (let index = 0; index + 1 < turns.length; index += 2) {
    if (turns[index]!.role !== 'user' || turns[index + 1]!.role !== 'assistant') break;
    examples.push({ user: turns[index]!.content, assistant: turns[index + 1]!.content });
  }
  if (examples.length * 2 !== turns.length)
    warnings.push('messages: turns before the last user message that are not user/assistant pairs: not imported');
  if (examples.some((example) => githubVariables(`${example.user}${example.assistant}`).length > 0)) {
    warnings.push('messages: few-shot turns with {{variables}}: promptgate does not fill examples in; written as they are');
  }

  const systemVariables = new Set(githubVariables(converted.template.length > 0 ? systems.map((m) => m.content).join('\n') : ''));
  const userTemplate = last.content;
  const inputOnly = userTemplate.trim() === '{{input}}';
  if (!inputOnly) {
    warnings.push(
      "messages: the user message is a template; promptgate sends a test's input as written, so each test's input is that message filled in with its testData",
    );
  }

  const prompt: Record<string, unknown> = {};
  if (value.description !== undefined || value.name !== undefined)
    prompt.description = [value.name, value.description].filter(Boolean).join(': ');
  if (value.model) {
    const model = splitGitHubModel(value.model);
    prompt.provider = model.provider;
    prompt.model = model.model;
    if (!model.exact) {
      warnings.push(
        `model: ${value.model} is not an OpenAI model; written as an OpenAI-compatible model id, which GitHub Models serves (OPENAI_BASE_URL=https://models.github.ai/inference, a token with models: read as OPENAI_API_KEY)`,
      );
    }
  }
  const parameters = value.modelParameters ?? {};
  if (parameters.temperature !== undefined) prompt.temperature = parameters.temperature;
  if (parameters.maxTokens !== undefined) prompt.max_tokens = parameters.maxTokens;
  if (parameters.topP !== undefined) warnings.push('modelParameters.topP: promptgate has no top_p setting; not imported');
  for (const key of Object.keys(parameters)) {
    if (!['temperature', 'maxTokens', 'topP'].includes(key)) warnings.push(`modelParameters.${key}: not imported`);
  }

  const files: Record<string, string> = { 'system.txt': `${converted.template.replace(/\n*$/, '')}\n` };
  const jsonObject = value.responseFormat === 'json_object';
  if (value.responseFormat === 'json_schema') {
    const schema = parseJsonSchema(value.jsonSchema, warnings, () =>
      fail('/jsonSchema', 'jsonSchema', 'must be a JSON text { "name", "schema" }'),
    );
    files['schema.json'] = `${JSON.stringify(schema, null, 2)}\n`;
  } else if (value.jsonSchema !== undefined) {
    warnings.push('jsonSchema: given without responseFormat: json_schema, which gh-models ignores; not imported');
  }
  if (jsonObject) warnings.push('responseFormat: json_object has no promptgate setting; every test checks is-json instead');
  if (examples.length > 0) files['examples.json'] = `${JSON.stringify(examples, null, 2)}\n`;

  const tests = buildTests(value, { userTemplate, inputOnly, systemVariables, jsonObject, warnings });
  files['prompt.yaml'] =
    `# Imported from a GitHub Models prompt file (promptgate import).\n${Object.keys(prompt).length > 0 ? stringify(prompt, { lineWidth: 0 }) : ''}`;
  files['tests.yaml'] = stringify({ tests }, { lineWidth: 0 });
  return { files, warnings };
}

function parseJsonSchema(raw: unknown, warnings: string[], invalid: () => never): unknown {
  let parsed: unknown = raw;
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw);
    } catch {
      return invalid();
    }
  }
  if (!parsed || typeof parsed !== 'object' || !('schema' in parsed)) return invalid();
  const { schema, ...others } = parsed as Record<string, unknown>;
  for (const [key, setting] of Object.entries(others)) {
    if (key === 'name') warnings.push(`jsonSchema.name "${String(setting)}": promptgate names the schema itself; not kept`);
    else if (key === 'strict')
      warnings.push('jsonSchema.strict: promptgate sends the schema with strict: false and checks every answer against it itself');
    else warnings.push(`jsonSchema.${key}: not imported`);
  }
  return schema;
}

function buildTests(
  file: Partial<GitHubModelsFile>,
  context: { userTemplate: string; inputOnly: boolean; systemVariables: Set<string>; jsonObject: boolean; warnings: string[] },
): Array<Record<string, unknown>> {
  const { warnings } = context;
  const items = file.testData ?? [];
  const evaluators = file.evaluators ?? [];
  const used = new Set([...githubVariables(context.userTemplate), ...context.systemVariables]);
  for (const evaluator of evaluators) {
    if (evaluator.string)
      for (const text of Object.values(evaluator.string)) for (const name of githubVariables(String(text))) used.add(name);
    else if (evaluator.llm)
      warnings.push(
        `evaluators "${evaluator.name}": an LLM evaluator (choices and scores) does not map to promptgate's rubric check; not imported`,
      );
    else if (evaluator.uses)
      warnings.push(`evaluators "${evaluator.name}": the built-in evaluator ${evaluator.uses} has no promptgate equal; not imported`);
    else warnings.push(`evaluators "${evaluator.name}": not a string evaluator; not imported`);
  }
  const unusedKeys = new Set<string>();
  const rows = items.length > 0 ? items : [{}];
  if (items.length === 0)
    warnings.push(
      'testData: none, so one example test was written with the user message as its input; give it a real input and expectations',
    );
  const tests = rows.map((item, index) => {
    for (const key of Object.keys(item)) if (!used.has(key)) unusedKeys.add(key);
    const input =
      items.length === 0 || context.inputOnly
        ? String(item.input ?? (items.length === 0 ? context.userTemplate : ''))
        : renderGitHubTemplate(context.userTemplate, item);
    const vars = Object.fromEntries(
      [...context.systemVariables].filter((name) => Object.hasOwn(item, name)).map((name) => [name, String(item[name])]),
    );
    const assert: Array<Record<string, unknown>> = context.jsonObject ? [{ type: 'is-json' }] : [];
    for (const evaluator of evaluators) {
      const check = evaluator.string;
      if (!check) continue;
      const fill = (text: string) => literalPattern(renderGitHubTemplate(text, item));
      if (check.contains !== undefined) assert.push({ type: 'regex', value: fill(check.contains), flags: 'i' });
      if (check.startsWith !== undefined) assert.push({ type: 'regex', value: `^\\s*${fill(check.startsWith)}`, flags: 'i' });
      if (check.endsWith !== undefined) assert.push({ type: 'regex', value: `${fill(check.endsWith)}\\s*$`, flags: 'i' });
      if (check.equals !== undefined) assert.push({ type: 'regex', value: `^\\s*${fill(check.equals)}\\s*$` });
    }
    const preview = input.replace(/\s+/g, ' ').trim().slice(0, 50);
    return {
      name: `case ${index + 1}${preview ? `: ${preview}` : ''}`,
      input,
      ...(Object.keys(vars).length > 0 ? { vars } : {}),
      ...(assert.length > 0 ? { assert } : {}),
      ...(items.length === 0 ? { needs_expected: true } : {}),
    };
  });
  for (const key of unusedKeys) {
    warnings.push(
      key === 'expected'
        ? "testData expected: used by gh-models' similarity and LLM evaluators, which promptgate has no equal of; not imported"
        : `testData ${key}: no message or string evaluator uses it; not imported`,
    );
  }
  return tests;
}
