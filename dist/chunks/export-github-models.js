import { d as distExports } from './index.js';
import { d as placeholderNames, r as renderTemplate } from './engine.js';
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

function exportGitHubModels(folder) {
    const warnings = [];
    const { settings } = folder;
    // {name} \u2192 {{name}}; promptgate's escapes ({{ for a literal brace) become the brace itself.
    const names = placeholderNames(folder.systemTemplate);
    const system = renderTemplate(folder.systemTemplate, Object.fromEntries(names.map((name) => [name, `{{${name}}}`])), folder.systemFile);
    if (names.includes('input'))
        warnings.push(`${folder.systemFile}: a variable named input is also the test input in gh-models`);
    let model = `${settings.provider}/${settings.model}`;
    if (settings.provider === 'azure') {
        model = `openai/${settings.model}`;
        warnings.push(`model: azure deployment ${settings.model} written as openai/${settings.model}; check the model id GitHub Models serves`);
    }
    else if (settings.provider !== 'openai') {
        warnings.push(`model: ${settings.provider}:${settings.model} is not a model GitHub Models is known to serve; written as ${model}`);
    }
    if (settings.models && settings.models.length > 1) {
        warnings.push(`models: a prompt file has one model; exported with ${settings.provider}:${settings.model}, without the other ${settings.models.length - 1}`);
    }
    if (settings.tools?.length)
        warnings.push(`tools: ${settings.tools.map((tool) => tool.name).join(', ')}: a prompt file has no tools; not exported`);
    warnings.push(...unmappedSettings(folder));
    const file = {
        name: `${folder.id} ${folder.version}`,
        description: `Exported by promptgate from ${folder.path || '.'}`,
        model,
        ...modelParameters(folder),
        messages: [
            { role: 'system', content: system },
            ...folder.examples.flatMap((message) => {
                if (message.role !== 'tool')
                    return [{ role: message.role, content: message.content }];
                warnings.push('examples: a tool turn cannot be a prompt file message; not exported');
                return [];
            }),
            { role: 'user', content: '{{input}}' },
        ],
    };
    if (folder.schema) {
        file.responseFormat = 'json_schema';
        file.jsonSchema = JSON.stringify({ name: 'output', strict: false, schema: folder.schema }, null, 2);
    }
    const tests = folder.tests.filter((test) => {
        if (test.messages?.length)
            warnings.push(`tests "${test.name}": prior turns (messages:) cannot be testData; test not exported`);
        return !test.messages?.length;
    });
    // prompt.yaml's defaults go into every item: gh-models fills a {{variable}} only from the item.
    file.testData = tests.map((test) => ({
        input: test.input,
        ...Object.fromEntries(names.flatMap((name) => {
            const value = test.vars[name] ?? settings.variables[name];
            return value === undefined ? [] : [[name, value]];
        })),
    }));
    file.evaluators = evaluatorsFor(tests, warnings);
    if (file.evaluators.length === 0)
        delete file.evaluators;
    const text = `# Exported by promptgate (promptgate export --to github-models). Run it with: gh models eval <this file>\n${distExports.stringify(file, { lineWidth: 0, blockQuote: 'literal' })}`;
    return { text, warnings };
}
/** prompt.yaml keys and test fields a prompt file has no place for, each named. */
function unmappedSettings(folder) {
    const named = [];
    const key = (present, what) => present && named.push(`${what}: a prompt file has no such setting; not exported`);
    key(folder.metrics?.length, `metrics (${folder.metrics?.map((metric) => metric.name).join(', ')})`);
    key(folder.deploy, 'deploy (canary, rollback_on, min_samples)');
    key(folder.harvest, 'harvest');
    key(folder.settings.structuredOutput === false, 'structured_output: false');
    key(folder.settings.trafficPerDay !== undefined, 'traffic_per_day');
    key(folder.checksModule, folder.checksModule?.file ?? 'checks.mjs');
    for (const test of folder.tests) {
        const fields = [
            test.repeat !== undefined ? 'repeat' : '',
            test.minPass !== undefined ? 'min_pass' : '',
            test.required ? 'required' : '',
            test.toolResults ? 'tool_results' : '',
            test.needsExpected ? 'needs_expected' : '',
        ].filter(Boolean);
        if (fields.length > 0)
            named.push(`tests "${test.name}": ${fields.join(', ')}: testData has no such fields; not exported`);
    }
    return named;
}
function modelParameters(folder) {
    const parameters = {};
    if (folder.settings.temperature !== undefined)
        parameters.temperature = folder.settings.temperature;
    if (folder.settings.maxTokens !== undefined)
        parameters.maxTokens = folder.settings.maxTokens;
    return Object.keys(parameters).length > 0 ? { modelParameters: parameters } : {};
}
/** A check gh-models' string evaluators express exactly, as a key. */
function stringCheck(assertion) {
    if (assertion.type === 'contains' && assertion.path === undefined)
        return JSON.stringify(['contains', assertion.value]);
    if (assertion.type === 'equals' && assertion.path === undefined && typeof assertion.value === 'string') {
        return JSON.stringify(['equals', assertion.value]);
    }
    return undefined;
}
/**
 * gh-models runs every evaluator on every test, so only a check all tests share becomes one.
 * The rest (a check some tests have, JSON field checks, rubrics, tools, budgets) is named.
 */
function evaluatorsFor(tests, warnings) {
    const shared = new Map();
    for (const test of tests) {
        for (const key of new Set(test.assert.map(stringCheck).filter((key) => key !== undefined))) {
            shared.set(key, (shared.get(key) ?? 0) + 1);
        }
    }
    const everywhere = new Set([...shared].filter(([, count]) => count === tests.length).map(([key]) => key));
    const evaluators = [];
    for (const key of everywhere) {
        const [kind, value] = JSON.parse(key);
        evaluators.push({ name: `${kind} ${value}`.slice(0, 60), string: kind === 'contains' ? { contains: value } : { equals: value } });
        if (kind === 'contains')
            warnings.push(`evaluators "${kind} ${value}": gh-models' contains ignores case, promptgate's does not`);
    }
    for (const test of tests) {
        for (const assertion of test.assert) {
            if (assertion.type === 'json-schema')
                continue; // responseFormat: json_schema covers it
            const key = stringCheck(assertion);
            if (key && everywhere.has(key))
                continue;
            const what = assertion.type + ('path' in assertion && assertion.path ? ` ${assertion.path}` : '');
            warnings.push(key
                ? `tests "${test.name}": ${what} is not on every test, and gh-models runs each evaluator on every test; not exported`
                : `tests "${test.name}": ${what} has no gh-models string evaluator; not exported`);
        }
    }
    return evaluators;
}

export { exportGitHubModels };
