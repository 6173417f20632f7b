import type * as ActionValidator from '@action-validator/core';
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ACTION_YML, inputVariablesFor, readActionMetadata, RUNNER_TOKEN } from '../support/action-runner.js';

/**
 * The runner's contract, checked the way GitHub reads action.yml: a strict YAML parse, the
 * published action-metadata schema, and the INPUT_* variables the runner derives from it.
 */
const require = createRequire(import.meta.url);
const { validateAction } = require('@action-validator/core') as typeof ActionValidator;
const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const PROMPTGATE_SCHEMA = fileURLToPath(new URL('../../schemas/promptgate.schema.json', import.meta.url));
const actionText = () => readFileSync(ACTION_YML, 'utf8');

describe('action.yml', () => {
  it('parses under strict YAML with unique keys', () => {
    expect(() => readActionMetadata()).not.toThrow();
    // The parser is strict enough to catch the defect GitHub refused: an unquoted ": " in a description.
    expect(() => parse('inputs:\n  a:\n    description: Default: x\n', { strict: true, uniqueKeys: true })).toThrow();
  });

  it('validates against the action-metadata schema, and runs on node24', () => {
    // @action-validator/core bundles SchemaStore's github-action schema, which predates
    // node24 (GitHub accepts it since 2025): validate a copy that says node20, and check
    // runs.using on its own, so every other rule of the schema still applies.
    const text = actionText();
    expect(text.match(/^ {2}using: node24$/m)).not.toBeNull();
    const state = validateAction(text.replace(/^ {2}using: node24$/m, '  using: node20'));
    expect(state.errors).toEqual([]);
    expect(readActionMetadata().runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares no default for a setting promptgate.yaml can hold, so promptgate.yaml is not shadowed', () => {
    const fileKeys = Object.keys((JSON.parse(readFileSync(PROMPTGATE_SCHEMA, 'utf8')) as { properties: object }).properties);
    const { inputs } = readActionMetadata();
    const shadowing = fileKeys
      .map((key) => key.replace(/_/g, '-'))
      .filter((name) => name in inputs && inputs[name]!.default !== undefined && inputs[name]!.default !== '');
    expect(shadowing).toEqual([]);
    // The ones that exist as inputs (so this test is not vacuous).
    expect(fileKeys.map((key) => key.replace(/_/g, '-')).filter((name) => name in inputs)).toEqual(
      expect.arrayContaining(['threshold', 'concurrency', 'prompts', 'max-cost-increase']),
    );
  });

  it('gives the runner string defaults it can pass through as INPUT_* (names upper-cased, hyphens kept)', () => {
    const variables = inputVariablesFor({ threshold: '0.5' });
    expect(variables).toEqual({
      INPUT_MODE: 'pr',
      INPUT_RESPONSES: 'auto',
      INPUT_CACHE: 'true',
      INPUT_COMMENT: 'true',
      'INPUT_COMMIT-RECORDINGS': 'false',
      'INPUT_GITHUB-TOKEN': RUNNER_TOKEN,
      'INPUT_WORKING-DIRECTORY': '.',
      'INPUT_PRODUCTION-ALIAS': 'true',
      'INPUT_CREATE-RELEASE': 'false',
      INPUT_THRESHOLD: '0.5',
    });
    for (const [name, input] of Object.entries(readActionMetadata().inputs)) {
      expect([name, typeof input.description]).toEqual([name, 'string']);
      if (input.default !== undefined) expect([name, typeof input.default]).toEqual([name, 'string']);
    }
  });
});

/** The rows of the README's input table: names (a row may list several) and the default cell. */
function readmeInputRows(): { name: string; defaultCell: string }[] {
  const lines = readFileSync(README, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.trim() === '### Inputs');
  expect(start).toBeGreaterThan(-1);
  const table: string[] = [];
  for (let i = lines.findIndex((line, index) => index > start && line.startsWith('|')); lines[i]?.startsWith('|'); i += 1)
    table.push(lines[i]!);
  const rows = table.slice(2); // after the header and the |---| line
  return rows.flatMap((row) => {
    const [names = '', defaults = ''] = row
      .split(/(?<!\\)\|/)
      .slice(1, 3)
      .map((cell) => cell.trim());
    const nameList = [...names.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
    // "`true`, `false`, —" lists one default per name of a shared row.
    const defaultList = nameList.length > 1 ? defaults.split(/,\s*/) : [defaults];
    return nameList.map((name, i) => ({ name, defaultCell: defaultList[i] ?? '' }));
  });
}

/**
 * What the README may say for an input: action.yml's default, verbatim, as code; for an input
 * without one, never a bare literal (that would claim a default the runner does not pass), and
 * for a setting promptgate.yaml can hold, that promptgate.yaml is where it comes from.
 */
function readmeDefaultProblem(name: string, cell: string, actionDefault: string | undefined, fileSettable: boolean): string | undefined {
  if (actionDefault)
    return cell === `\`${actionDefault}\`` ? undefined : `${name}: README says ${cell}, action.yml says \`${actionDefault}\``;
  if (/^`[^`$]*`$/.test(cell)) return `${name}: README says ${cell}, but action.yml declares no default`;
  if (fileSettable && !cell.includes('promptgate.yaml'))
    return `${name}: README says ${cell}; the value comes from promptgate.yaml when the input is empty`;
  return undefined;
}

describe('README input table', () => {
  it('lists every input of action.yml, with the default action.yml declares', () => {
    const { inputs } = readActionMetadata();
    const rows = readmeInputRows();
    expect(rows.map((row) => row.name).sort()).toEqual(Object.keys(inputs).sort());
    const fileSettable = new Set(
      Object.keys((JSON.parse(readFileSync(PROMPTGATE_SCHEMA, 'utf8')) as { properties: object }).properties).map((key) =>
        key.replace(/_/g, '-'),
      ),
    );
    const problems = rows
      .map((row) => readmeDefaultProblem(row.name, row.defaultCell, inputs[row.name]?.default || undefined, fileSettable.has(row.name)))
      .filter(Boolean);
    expect(problems).toEqual([]);
  });
});
