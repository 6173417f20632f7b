#!/usr/bin/env node
// The floor under the replay figure: the work a replay of the bench's folders cannot skip,
// written as one straight loop with no engine around it. It reads every file, parses tests.yaml
// (promptgate's own fast YAML path) and recordings.json, renders each test's messages, derives
// its recording key (sha256 of the canonical request, as recordings.json is keyed), looks the
// answer up, parses it, validates it against the folder's schema with ajv, checks the shorthand
// assertions and writes every result as JSON. No diagnostics, no line numbers, no cancellation,
// no results.json layout: what is left is the cost of the formats and packages themselves.
// It times itself from after its imports (which, loading TypeScript and ajv unbundled, say
// nothing about promptgate's start-up): compare with promptgate's replay minus its start-up.
//   node scripts/replay-floor.mjs DIR     (DIR as kept by `node scripts/bench.mjs --keep DIR`: DIR/replay)
// Only the bench's folder shape is understood (system.txt, prompt.yaml, schema.json, tests.yaml
// with input / expected_intent / min_confidence). Prints the number of tests it checked.
import { hash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parseFastYaml } from '../src/load/files/fast-yaml.ts';

const [dir, out = '/dev/null'] = process.argv.slice(2);
if (!dir) throw new Error('usage: replay-floor.mjs DIR [OUT]');

const started = performance.now();
// promptgate's options (src/load/files/schemas.ts); no check of schema.json against the meta-schema, a
// diagnostic (promptgate does it with a validator compiled at build time).
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, validateFormats: false, addUsedSchema: false, validateSchema: false });
const validators = new Map();
const results = [];
for (const prompt of readdirSync(join(dir, 'prompts')).sort()) {
  for (const version of readdirSync(join(dir, 'prompts', prompt))) {
    const folder = join(dir, 'prompts', prompt, version);
    const system = readFileSync(join(folder, 'system.txt'), 'utf8');
    const settings = parseFastYaml(readFileSync(join(folder, 'prompt.yaml'), 'utf8')).value;
    const schema = JSON.parse(readFileSync(join(folder, 'schema.json'), 'utf8'));
    // Compiled once per distinct schema text, as promptgate does (the bench's folders share one).
    const schemaText = JSON.stringify(schema);
    const validate = validators.get(schemaText) ?? ajv.compile(schema);
    validators.set(schemaText, validate);
    const tests = parseFastYaml(readFileSync(join(folder, 'tests.yaml'), 'utf8')).value.tests;
    const recordings = JSON.parse(readFileSync(join(folder, 'recordings.json'), 'utf8')).recordings;
    const systemText = system
      .replace(/\{company\}/g, settings.variables.company)
      .replace(/\{\{/g, '{')
      .replace(/\}\}/g, '}');
    const schemaJson = canonicalJson(schema);
    for (const test of tests) {
      const request = `{"jsonSchema":${schemaJson},"messages":[{"content":${JSON.stringify(systemText)},"role":"system"},{"content":${JSON.stringify(test.input)},"role":"user"}],"model":${JSON.stringify(settings.model)},"provider":${JSON.stringify(settings.provider)},"temperature":${settings.temperature}}`;
      const key = hash('sha256', request, 'hex').slice(0, 20);
      const answer = recordings[key]?.responses[0];
      if (!answer) throw new Error(`${folder}: no recording for ${test.name} (key ${key})`);
      const output = JSON.parse(answer.text);
      const checks = [
        { name: 'matches schema', passed: validate(output) },
        { name: 'intent', passed: output.intent === test.expected_intent },
        { name: 'confidence', passed: output.confidence >= test.min_confidence },
      ];
      results.push({
        name: test.name,
        status: checks.every((check) => check.passed) ? 'passed' : 'failed',
        checks,
        output: answer.text,
        inputTokens: answer.usage.inputTokens,
        outputTokens: answer.usage.outputTokens,
      });
    }
  }
}
writeFileSync(out, JSON.stringify({ tests: results }, null, 2));
const workMs = performance.now() - started;
console.log(
  `${results.length} tests, ${results.filter((result) => result.status === 'passed').length} passed, ${workMs.toFixed(0)} ms after the imports`,
);

function canonicalJson(value) {
  const sort = (v) =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort(v[k])]),
          )
        : v;
  return JSON.stringify(sort(value));
}
