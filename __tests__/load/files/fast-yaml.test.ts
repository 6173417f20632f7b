import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parseFastYaml } from '../../../src/load/files/fast-yaml.js';
import { parseYamlText } from '../../../src/load/files/positions.js';
import type { PositionedDocument } from '../../../src/load/files/parsed-yaml.js';
import { parseYamlDocument } from '../../../src/load/files/yaml-document.js';
import { pointerSegments } from '../../../src/load/files/line-index.js';

/** Every pointer of a value (and a few that go past it), with each map's keys. */
function pointers(value: unknown, pointer = ''): Array<{ pointer: string; key?: string }> {
  const found: Array<{ pointer: string; key?: string }> = [{ pointer }, { pointer: `${pointer}/missing` }, { pointer: `${pointer}/7` }];
  if (Array.isArray(value)) value.forEach((item, index) => found.push(...pointers(item, `${pointer}/${index}`)));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      found.push({ pointer, key }, ...pointers(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
    }
    found.push({ pointer, key: 'not-a-key' });
  }
  return found;
}

/** The fast path must give what yaml gives: the same value and the same line for every node. */
async function expectSameAsYaml(text: string): Promise<PositionedDocument> {
  expect(parseFastYaml(text)).toBeDefined();
  const fast = await parseYamlText(text, 'tests.yaml');
  const slow = parseYamlDocument(text, 'tests.yaml');
  if (!fast.ok || !slow.ok) throw new Error('both parses should succeed');
  expect(fast.parsed.value).toEqual(slow.parsed.value);
  expect(JSON.stringify(fast.parsed.value)).toBe(JSON.stringify(slow.parsed.value));
  for (const { pointer, key } of pointers(slow.parsed.value)) {
    expect({ pointer, key, line: fast.parsed.lineOf(pointer, key) }).toEqual({ pointer, key, line: slow.parsed.lineOf(pointer, key) });
  }
  // The text of a top-level scalar as written (`version: 2.0`), which the loader reports.
  const topKeys = slow.parsed.value && typeof slow.parsed.value === 'object' ? Object.keys(slow.parsed.value) : [];
  for (const key of topKeys) {
    const value = (slow.parsed.value as Record<string, unknown>)[key];
    if (typeof value === 'string') {
      // A string's source is its value (the loader falls back to it); the fast path keeps none.
      expect({ key, source: slow.parsed.sourceOf(key) }).toEqual({ key, source: value });
      expect(fast.parsed.sourceOf(key)).toBeUndefined();
    } else {
      expect({ key, source: fast.parsed.sourceOf(key) }).toEqual({ key, source: slow.parsed.sourceOf(key) });
    }
  }
  return fast.parsed;
}

describe('the fast YAML path', () => {
  it('reads the example suites exactly as yaml does, values and lines', async () => {
    for (const path of ['prompts-example/customer-support/v1.0/tests.yaml', 'prompts-example/customer-support/v2.0/tests.yaml']) {
      await expectSameAsYaml(readFileSync(path, 'utf8'));
    }
  });

  it('handles the shapes suites are written in, with comments and blank lines anywhere', async () => {
    const parsed = await expectSameAsYaml(
      [
        '# a suite',
        '',
        'description: "Support bot: the basics" # trailing comment',
        'tests:',
        '  # first',
        '  - name: Reset',
        "    input: I can't log in #not a comment",
        '    vars: { user_tier: free, count: 3, ratio: 0.5, on: true, none: null, quoted: "a, b" }',
        '    expected_intent: account_access',
        '    min_confidence: 0.8',
        '    max_tokens: 200',
        '    assert:',
        "      - { type: regex, value: '^\\{' }",
        '      - { type: contains, path: response, value: 30 days }',
        '',
        '      - type: equals',
        '        path: escalate',
        '        value: false',
        '    tags: [a, "b c", 3]',
        '    empty_map: {}',
        '    empty_list: []',
        '  - name: "Escapes \\"quoted\\" \\u00e9 \\n"',
        "    input: 'it''s single'",
        '    input2: -5',
        '    url: http://example.com/a#b',
        '    braces: use {name} here',
        '  - name: Literal block',
        '    input: |',
        '      line one',
        '',
        '        indented line',
        '      # not a comment',
        '    after: |-',
        '      stripped',
        '',
        '  - plain item',
        '  - 42',
        'compact:',
        '- a',
        '- name: b',
        '  more: c',
        'end: ~',
      ].join('\n'),
    );
    expect(parsed.lineOf('/tests/0')).toBe(6);
    expect(parsed.lineOf('/tests/0', 'assert')).toBe(12);
    expect(parsed.lineOf('/tests/0/assert/2/path')).toBe(17);
    expect(parsed.lineOf('/tests/2/input')).toBe(28);
  });

  it('gives the same value and lines on generated suites of every shape it accepts', async () => {
    const values = ['plain text', '"double \\t quoted"', "'single'", '12', '-3', '0.25', 'true', 'False', 'null', '~', 'a:b', 'x # c'];
    for (let seed = 0; seed < 40; seed += 1) {
      const lines = ['tests:'];
      for (let t = 0; t < 5; t += 1) {
        const value = values[(seed * 7 + t * 3) % values.length]!;
        lines.push(`  - name: t${t}`, `    input: ${value}`);
        if ((seed + t) % 2 === 0) lines.push(`    expected_field: ${values[(seed + t) % values.length]}`);
        if ((seed + t) % 3 === 0)
          lines.push('    assert:', `      - { type: equals, path: p${t}, value: ${/[#:]/.test(value) ? 'x' : value} }`);
        if ((seed + t) % 4 === 0)
          lines.push('    vars:', `      k: ${value}`, '      # between', `      k2: ${values[seed % values.length]}`);
        if ((seed + t) % 5 === 0) lines.push('', '    # comment', '    input_block: |', `      ${value}`, '      second');
      }
      await expectSameAsYaml(`${lines.join('\n')}\n`);
    }
  });

  it('leaves everything outside its subset to yaml, which gives the same answers', async () => {
    const outside = [
      'tests:\n  - name: &a x\n    input: *a\n', // anchors and aliases
      'tests:\n  - name: !!str 1\n', // tags
      'tests:\n  - name: a\n    input: one\n      two\n', // multi-line plain scalar
      'tests:\n  - name: a\n    input: >\n      folded\n', // folded block
      'tests:\n  - name: a\n    input: "two\n      lines"\n', // multi-line quoted
      'tests:\n  - name: a\n    vars: { a: { b: 1 } }\n', // nested flow
      'tests:\n  - name: a\n    input:\n', // empty value
      'tests:\n  - name: a\r\n    input: b\r\n', // CRLF
      'tests:\n\t- name: a\n', // a tab
      'tests:\n  - name: a\u0001b\n', // a control character
      '---\ntests: []\n', // document marker
      'tests:\n  - name: a\n  - name: a\n    name: b\n', // duplicate key
      'tests:\n  - name: 0x1F\n    other: 1e3\n    more: 010\n', // numbers with their own rules
      '"quoted key": 1\n',
      'tests: [\n', // a syntax error
    ];
    for (const text of outside) {
      expect(parseFastYaml(text)).toBeUndefined();
      const slow = parseYamlDocument(text, 'tests.yaml');
      const suite = await parseYamlText(text, 'tests.yaml');
      expect(suite.ok).toBe(slow.ok);
      if (suite.ok && slow.ok) expect(suite.parsed.value).toEqual(slow.parsed.value);
      if (!suite.ok && !slow.ok) expect(suite.errors).toEqual(slow.errors);
    }
  });

  it('reads the names of Object.prototype members as text, and keeps Unicode spaces as content', async () => {
    // Found by the generated documents below: `text in WORDS` read `constructor` as a function,
    // and JS's trim() dropped a trailing U+00A0 that YAML keeps.
    await expectSameAsYaml(
      [
        'tests:',
        '  - name: constructor',
        '    input: toString',
        '    vars: { a: hasOwnProperty, b: valueOf }',
        '    tags: [constructor, __proto__]',
        '    nbsp: "quoted\u00a0"',
        '    trailing: plain\u00a0',
        '    em: \u2003leading em space',
        '    flow: [x\u00a0, y]',
        '    block: |',
        '      x',
        '      \u3000',
      ].join('\n'),
    );
    // A line that starts with U+00A0 is not indented: yaml reads a key of its own.
    expect(parseFastYaml('a:\n\u00a0 b: 1\n')).toBeUndefined();
  });

  it('agrees with yaml on every generated document it accepts (values and lines)', async () => {
    // Lines built from pieces that sit at the edges of the subset: indicators, quotes, Unicode
    // spaces, prototype names, numbers and words. Whatever the fast path accepts must be what
    // yaml reads; the rest it must leave alone.
    const plain = ['a', 'b c', 'constructor', '__proto__', 'toString', '0', '-1', '1.5', '1e3', 'true', 'Null', '~', 'x-y', 'é'];
    const edges = [
      ':',
      ': ',
      ' #',
      '#',
      '"',
      "'",
      '\\',
      '-',
      '- ',
      '[',
      ']',
      '{',
      '}',
      ',',
      '\u00a0',
      '\u2003',
      '\u2028',
      '|',
      '>',
      '&',
      '*',
      '!',
      '%',
      '@',
      ' ',
      '  ',
    ];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    const piece = (): string => (random(5) === 0 ? edges[random(edges.length)]! : plain[random(plain.length)]!);
    const quoted = (text: string): string => (random(2) ? JSON.stringify(text) : `'${text.replace(/'/g, "''")}'`);
    const scalarText = (): string => {
      const text = Array.from({ length: 1 + random(3) }, piece).join('');
      return random(4) === 0 ? quoted(text) : text;
    };
    let accepted = 0;
    for (let doc = 0; doc < 1500; doc += 1) {
      const lines = ['tests:'];
      for (let t = 0; t < 2; t += 1) {
        lines.push(`  - name: ${scalarText()}`);
        if (random(2)) lines.push(`    input: ${scalarText()}`);
        if (random(3) === 0) lines.push(`    vars: { k: ${scalarText()}, j: ${scalarText()} }`);
        if (random(3) === 0) lines.push(`    tags: [${scalarText()}, ${scalarText()}]`);
        if (random(4) === 0) lines.push(`    ${scalarText()}: x`);
        if (random(5) === 0) lines.push('    text: |', `      ${scalarText()}`, `      ${scalarText()}`);
      }
      const text = `${lines.join('\n')}\n`;
      if (parseFastYaml(text) === undefined) continue;
      accepted += 1;
      try {
        await expectSameAsYaml(text);
      } catch (error) {
        throw new Error(`fast path and yaml disagree on ${JSON.stringify(text)}: ${String(error)}`, { cause: error });
      }
    }
    // The generator must exercise the fast path, not only its refusals.
    expect(accepted).toBeGreaterThan(100);
  });

  it('splits pointers per RFC 6901', () => {
    expect(pointerSegments('/a~1b/c~0d/0')).toEqual(['a/b', 'c~d', '0']);
  });
});
