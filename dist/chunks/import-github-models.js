import { d as distExports } from './index.js';
import { O as parseYamlText, I as InputError, Q as lineAt } from './engine.js';
globalThis.process.getBuiltinModule("process");
globalThis.process.getBuiltinModule("buffer");
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

/*
 * GitHub Models' prompt file (`*.prompt.yml`), as github/gh-models reads it (pkg/prompt/prompt.go):
 *
 *   name, description, model ("openai/gpt-4o-mini"),
 *   modelParameters: { maxTokens, temperature, topP },
 *   responseFormat: text | json_object | json_schema,
 *   jsonSchema: a JSON string { name, strict?, schema } (with json_schema),
 *   messages: [{ role: system | user | assistant, content }]   \u2014 {{variable}} placeholders,
 *   testData: [{ variable: value, \u2026 }],                         \u2014 one test per item
 *   evaluators: [{ name, string: { contains | startsWith | endsWith | equals } | llm: {\u2026} | uses }]
 *
 * gh-models replaces `{{key}}` with each test item's value (nothing else is special), and its
 * string evaluators compare after trimming the answer: equals exactly, the others ignoring case.
 */
const KNOWN_KEYS = [
    'name',
    'description',
    'model',
    'modelParameters',
    'responseFormat',
    'jsonSchema',
    'messages',
    'testData',
    'evaluators',
];
/** `{{name}}` as gh-models substitutes it: any key of a test item. */
const VARIABLE = /\{\{([^{}]+?)\}\}/g;
/** The variables a gh-models template uses, in order. */
function githubVariables(text) {
    return [...new Set([...text.matchAll(VARIABLE)].map((match) => match[1]))];
}
/** gh-models' own substitution: each `{{key}}` of `data` replaced, anything else left as it is. */
function renderGitHubTemplate(text, data) {
    return text.replace(VARIABLE, (whole, name) => (Object.hasOwn(data, name) ? String(data[name]) : whole));
}
/** A promptgate placeholder name (load/template.ts). */
const PLACEHOLDER_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/**
 * A gh-models template as promptgate's system.txt: `{{name}}` becomes `{name}`, and every other
 * brace is written so promptgate reads it back literally (`{` as `{{`, and a `}` that closes
 * one as `}}`: load/template.ts's escapes). Returns the names it could not convert.
 */
function toPromptgateTemplate(text) {
    let template = '';
    let depth = 0;
    const unconvertible = [];
    for (let index = 0; index < text.length; index += 1) {
        const rest = text.slice(index);
        const variable = /^\{\{([^{}]+?)\}\}/.exec(rest);
        if (variable) {
            const name = variable[1].trim();
            if (PLACEHOLDER_NAME.test(name)) {
                template += `{${name}}`;
                index += variable[0].length - 1;
                continue;
            }
            unconvertible.push(variable[1]);
        }
        const char = text[index];
        if (char === '{') {
            template += '{{';
            depth += 1;
        }
        else if (char === '}' && depth > 0) {
            template += '}}';
            depth -= 1;
        }
        else {
            template += char;
        }
    }
    return { template, unconvertible };
}
/** `openai/gpt-4o-mini` \u2192 provider and model; other publishers keep their whole id. */
function splitGitHubModel(model) {
    const slash = model.indexOf('/');
    if (slash > 0 && model.slice(0, slash).toLowerCase() === 'openai')
        return { provider: 'openai', model: model.slice(slash + 1), exact: true };
    return { provider: 'openai', model, exact: false };
}
/** Text as a regular expression that matches it literally. */
function literalPattern(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function importGitHubModels(text, file) {
    const parsed = await parseYamlText(text, file);
    if (!parsed.ok)
        throw new InputError(parsed.errors[0]);
    const value = parsed.parsed.value;
    const fail = (pointer, field, message) => {
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
    const warnings = [];
    for (const key of Object.keys(value))
        if (!KNOWN_KEYS.includes(key))
            warnings.push(`${key}: not a key gh-models reads; not imported`);
    // Messages: system first, then pairs of turns (the few-shot examples), the user's message last.
    const messages = value.messages;
    const systems = messages.filter((message) => message.role === 'system');
    const rest = messages.filter((message) => message.role !== 'system');
    if (systems.length > 1)
        warnings.push(`messages: ${systems.length} system messages, joined into one system.txt`);
    if (messages.findIndex((message) => message.role !== 'system') < messages.findLastIndex((message) => message.role === 'system')) {
        warnings.push('messages: a system message after the conversation began is moved into system.txt, before it');
    }
    const last = rest.at(-1);
    if (!last || last.role !== 'user')
        return fail('/messages', 'messages', 'must end with a user message (the input each test sends)');
    const converted = toPromptgateTemplate(systems.map((message) => message.content).join('\n\n'));
    for (const name of converted.unconvertible)
        warnings.push(`messages: {{${name}}} is not a name promptgate can use as a placeholder: kept as text`);
    const examples = [];
    const turns = rest.slice(0, -1);
    for (let index = 0; index + 1 < turns.length; index += 2) {
        if (turns[index].role !== 'user' || turns[index + 1].role !== 'assistant')
            break;
        examples.push({ user: turns[index].content, assistant: turns[index + 1].content });
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
        warnings.push("messages: the user message is a template; promptgate sends a test's input as written, so each test's input is that message filled in with its testData");
    }
    const prompt = {};
    if (value.description !== undefined || value.name !== undefined)
        prompt.description = [value.name, value.description].filter(Boolean).join(': ');
    if (value.model) {
        const model = splitGitHubModel(value.model);
        prompt.provider = model.provider;
        prompt.model = model.model;
        if (!model.exact) {
            warnings.push(`model: ${value.model} is not an OpenAI model; written as an OpenAI-compatible model id, which GitHub Models serves (OPENAI_BASE_URL=https://models.github.ai/inference, a token with models: read as OPENAI_API_KEY)`);
        }
    }
    const parameters = value.modelParameters ?? {};
    if (parameters.temperature !== undefined)
        prompt.temperature = parameters.temperature;
    if (parameters.maxTokens !== undefined)
        prompt.max_tokens = parameters.maxTokens;
    if (parameters.topP !== undefined)
        warnings.push('modelParameters.topP: promptgate has no top_p setting; not imported');
    for (const key of Object.keys(parameters)) {
        if (!['temperature', 'maxTokens', 'topP'].includes(key))
            warnings.push(`modelParameters.${key}: not imported`);
    }
    const files = { 'system.txt': `${converted.template.replace(/\n*$/, '')}\n` };
    const jsonObject = value.responseFormat === 'json_object';
    if (value.responseFormat === 'json_schema') {
        const schema = parseJsonSchema(value.jsonSchema, warnings, () => fail('/jsonSchema', 'jsonSchema', 'must be a JSON text { "name", "schema" }'));
        files['schema.json'] = `${JSON.stringify(schema, null, 2)}\n`;
    }
    else if (value.jsonSchema !== undefined) {
        warnings.push('jsonSchema: given without responseFormat: json_schema, which gh-models ignores; not imported');
    }
    if (jsonObject)
        warnings.push('responseFormat: json_object has no promptgate setting; every test checks is-json instead');
    if (examples.length > 0)
        files['examples.json'] = `${JSON.stringify(examples, null, 2)}\n`;
    const tests = buildTests(value, { userTemplate, inputOnly, systemVariables, jsonObject, warnings });
    files['prompt.yaml'] =
        `# Imported from a GitHub Models prompt file (promptgate import).\n${Object.keys(prompt).length > 0 ? distExports.stringify(prompt, { lineWidth: 0 }) : ''}`;
    files['tests.yaml'] = distExports.stringify({ tests }, { lineWidth: 0 });
    return { files, warnings };
}
function parseJsonSchema(raw, warnings, invalid) {
    let parsed = raw;
    if (typeof raw === 'string') {
        try {
            parsed = JSON.parse(raw);
        }
        catch {
            return invalid();
        }
    }
    if (!parsed || typeof parsed !== 'object' || !('schema' in parsed))
        return invalid();
    const { schema, ...others } = parsed;
    for (const [key, setting] of Object.entries(others)) {
        if (key === 'name')
            warnings.push(`jsonSchema.name "${String(setting)}": promptgate names the schema itself; not kept`);
        else if (key === 'strict')
            warnings.push('jsonSchema.strict: promptgate sends the schema with strict: false and checks every answer against it itself');
        else
            warnings.push(`jsonSchema.${key}: not imported`);
    }
    return schema;
}
function buildTests(file, context) {
    const { warnings } = context;
    const items = file.testData ?? [];
    const evaluators = file.evaluators ?? [];
    const used = new Set([...githubVariables(context.userTemplate), ...context.systemVariables]);
    for (const evaluator of evaluators) {
        if (evaluator.string)
            for (const text of Object.values(evaluator.string))
                for (const name of githubVariables(String(text)))
                    used.add(name);
        else if (evaluator.llm)
            warnings.push(`evaluators "${evaluator.name}": an LLM evaluator (choices and scores) does not map to promptgate's rubric check; not imported`);
        else if (evaluator.uses)
            warnings.push(`evaluators "${evaluator.name}": the built-in evaluator ${evaluator.uses} has no promptgate equal; not imported`);
        else
            warnings.push(`evaluators "${evaluator.name}": not a string evaluator; not imported`);
    }
    const unusedKeys = new Set();
    const rows = items.length > 0 ? items : [{}];
    if (items.length === 0)
        warnings.push('testData: none, so one example test was written with the user message as its input; give it a real input and expectations');
    const tests = rows.map((item, index) => {
        for (const key of Object.keys(item))
            if (!used.has(key))
                unusedKeys.add(key);
        const input = items.length === 0 || context.inputOnly
            ? String(item.input ?? (items.length === 0 ? context.userTemplate : ''))
            : renderGitHubTemplate(context.userTemplate, item);
        const vars = Object.fromEntries([...context.systemVariables].filter((name) => Object.hasOwn(item, name)).map((name) => [name, String(item[name])]));
        const assert = context.jsonObject ? [{ type: 'is-json' }] : [];
        for (const evaluator of evaluators) {
            const check = evaluator.string;
            if (!check)
                continue;
            const fill = (text) => literalPattern(renderGitHubTemplate(text, item));
            if (check.contains !== undefined)
                assert.push({ type: 'regex', value: fill(check.contains), flags: 'i' });
            if (check.startsWith !== undefined)
                assert.push({ type: 'regex', value: `^\\s*${fill(check.startsWith)}`, flags: 'i' });
            if (check.endsWith !== undefined)
                assert.push({ type: 'regex', value: `${fill(check.endsWith)}\\s*$`, flags: 'i' });
            if (check.equals !== undefined)
                assert.push({ type: 'regex', value: `^\\s*${fill(check.equals)}\\s*$` });
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
        warnings.push(key === 'expected'
            ? "testData expected: used by gh-models' similarity and LLM evaluators, which promptgate has no equal of; not imported"
            : `testData ${key}: no message or string evaluator uses it; not imported`);
    }
    return tests;
}

export { importGitHubModels };
