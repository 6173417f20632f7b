import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError } from '../../src/lib/diagnostics.js';
import { createWorkTreeSource } from '../../src/load/files/file-source.js';
import { loadPromptFolder } from '../../src/load/folder.js';
import { checkPlaceholders, renderMessages, renderTemplate } from '../../src/load/template.js';

function renderError(template: string, vars: Record<string, string>): InputError {
  try {
    renderTemplate(template, vars, 'p/system.txt');
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('placeholders', () => {
  it('fills every placeholder, dotted names and repeats included, and names the line of a missing one', () => {
    const vars = { role: 'agent', company_name: 'Acme', 'user.tier': 'gold' };
    expect(renderTemplate('You are a {role} for {company_name}.\nTier: {user.tier}\n{role}', vars, 'f')).toBe(
      'You are a agent for Acme.\nTier: gold\nagent',
    );
    expect(renderError('a\n{{x}}\nTier: {user.tier}', {}).diagnostic).toMatchObject({ line: 3, field: 'user.tier' });
  });

  it('leaves braces that are not placeholders as written, and unescapes escaped ones', () => {
    expect(renderTemplate('{"intent": "x"} { spaced } {1abc} {{literal}} {a b} {}', {}, 'f')).toBe(
      '{"intent": "x"} { spaced } {1abc} {literal} {a b} {}',
    );
  });
});

describe('renderTemplate', () => {
  it('fills placeholders', () => {
    expect(renderTemplate('Hi {name}, tier {tier-level}.', { name: 'Ann', 'tier-level': 'pro' }, 'f')).toBe('Hi Ann, tier pro.');
  });

  it('keeps JSON in a prompt as written, nested objects included', () => {
    const json = 'Answer like {"intent": "billing", "meta": {"confidence": 0.9}}';
    expect(renderTemplate(json, {}, 'f')).toBe(json);
  });

  it('fills a placeholder inside JSON', () => {
    expect(renderTemplate('{"tier": "{tier}"}', { tier: 'free' }, 'f')).toBe('{"tier": "free"}');
  });

  it('turns {{ and }} into literal braces', () => {
    expect(renderTemplate('{{name}} is {name}; {{"a": {{"b": 1}}}}', { name: 'x' }, 'f')).toBe('{name} is x; {"a": {"b": 1}}');
    expect(renderTemplate('{{{name}}}', { name: 'x' }, 'f')).toBe('{x}');
  });

  it('does not substitute inside the values it inserts', () => {
    expect(renderTemplate('{a}', { a: '{b}', b: 'no' }, 'f')).toBe('{b}');
  });

  it('a missing value is an error naming file, line and variable — never an empty string', () => {
    const error = renderError('line one\nhello {name}, you are {role}', { name: 'x' });
    expect(error.diagnostic).toEqual({
      file: 'p/system.txt',
      line: 2,
      field: 'role',
      message:
        "placeholder {role} has no value; set it in the test's vars or in prompt.yaml variables (write {{role}} if the braces are meant literally)",
    });
  });

  it('names the placeholder, never the text around it, and shortens a huge one', () => {
    const error = renderError('secret context ghp_CANARY here {missing} and more ghp_CANARY', {});
    expect(error.message).not.toContain('ghp_CANARY');
    const long = `{${'x'.repeat(5000)}}`;
    const longError = renderError(`before ${long} after`, {});
    expect(longError.diagnostic.field).toBe(`${'x'.repeat(60)}…`);
    expect(longError.message.length).toBeLessThan(400);
  });

  it('names every missing placeholder in one message, each once, with its line', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    const template = `${names.map((name, index) => `line ${index + 1}: {${name}}`).join('\n')}\nagain {a}`;
    const error = renderError(template, {});
    expect(error.diagnostic.line).toBe(1);
    expect(error.diagnostic.message).toBe(
      `9 placeholders have no value: ${names.map((name, index) => `{${name}} (line ${index + 1})`).join(', ')}; ` +
        "set them in the test's vars or in prompt.yaml variables (write {{name}} if the braces are meant literally)",
    );
  });

  it('an empty string is a value', () => {
    expect(renderTemplate('[{a}]', { a: '' }, 'f')).toBe('[]');
  });

  it('does not take values from the object prototype', () => {
    expect(renderError('{constructor}', {}).diagnostic.field).toBe('constructor');
  });
});

describe('checkPlaceholders', () => {
  it('throws exactly the error rendering would, and nothing when every placeholder has a value', () => {
    const template = 'Agent for {company}.\n{{literal}} {tier} and {tier} again, {region}.';
    const vars = { company: 'Acme' };
    let thrown: unknown;
    try {
      checkPlaceholders(template, vars, 'p/system.txt');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).diagnostic).toEqual(renderError(template, vars).diagnostic);
    expect((thrown as InputError).message).toContain('2 placeholders have no value: {tier} (line 2), {region} (line 2)');
    expect(() => checkPlaceholders(template, { ...vars, tier: 'pro', region: '' }, 'p/system.txt')).not.toThrow();
  });
});

describe('renderMessages', () => {
  const roots: string[] = [];
  afterAll(async () => {
    await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
  });

  async function loadFolder(files: Record<string, string>) {
    const root = await mkdtemp(join(tmpdir(), 'promptgate-template-'));
    roots.push(root);
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), content);
    }
    const loaded = await loadPromptFolder(createWorkTreeSource(root), 'p', {});
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    return loaded.folder;
  }

  it('sends system (prompt.yaml variables overridden by test vars), examples, then the input verbatim', async () => {
    const folder = await loadFolder({
      'p/system.txt': 'Agent for {company}, tier {tier}.',
      'p/prompt.yaml': 'variables:\n  company: Acme\n  tier: free\n',
      'p/examples.json': JSON.stringify([{ user: 'hi', assistant: { intent: 'greeting' } }]),
      'p/tests.yaml':
        'tests:\n  - name: pro user\n    input: "What is {tier}? {{x}}"\n    vars: { tier: pro }\n  - name: default\n    input: hey\n',
    });
    expect(renderMessages(folder, folder.tests[0]!)).toEqual([
      { role: 'system', content: 'Agent for Acme, tier pro.' },
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: '{"intent":"greeting"}' },
      { role: 'user', content: 'What is {tier}? {{x}}' },
    ]);
    expect(renderMessages(folder, folder.tests[1]!)[0]).toEqual({ role: 'system', content: 'Agent for Acme, tier free.' });
    // The test with vars again: the prompt rendered for tests without vars is not reused for it.
    expect(renderMessages(folder, folder.tests[0]!)[0]).toEqual({ role: 'system', content: 'Agent for Acme, tier pro.' });
    expect(renderMessages(folder, folder.tests[1]!)[0]).toEqual({ role: 'system', content: 'Agent for Acme, tier free.' });
  });

  it('renders the prompt of each folder for its own variables, however many folders share the template', async () => {
    const files = (company: string) => ({
      'p/system.txt': 'Agent for {company}.',
      'p/prompt.yaml': `variables:\n  company: ${company}\n`,
      'p/tests.yaml': 'tests:\n  - name: a\n    input: hi\n',
    });
    const acme = await loadFolder(files('Acme'));
    const globex = await loadFolder(files('Globex'));
    expect(renderMessages(acme, acme.tests[0]!)[0]!.content).toBe('Agent for Acme.');
    expect(renderMessages(globex, globex.tests[0]!)[0]!.content).toBe('Agent for Globex.');
    expect(renderMessages(acme, acme.tests[0]!)[0]!.content).toBe('Agent for Acme.');
  });

  it('throws an InputError naming system.txt when a test built by hand lacks a variable', async () => {
    const folder = await loadFolder({
      'p/system.txt': 'Agent.\nTier {tier}.',
      'p/prompt.yaml': 'variables: { tier: free }\n',
      'p/tests.yaml': 'tests:\n  - name: a\n    input: hi\n',
    });
    const bare = { ...folder, settings: { ...folder.settings, variables: {} } };
    expect(() => renderMessages(bare, folder.tests[0]!)).toThrow('p/system.txt:2: tier: placeholder {tier} has no value');
  });
});
