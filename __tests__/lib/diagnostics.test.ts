import { describe, expect, it } from '@jest/globals';
import { formatDiagnostic, InputError } from '../../src/lib/diagnostics.js';
import { validateToolFile } from '../../src/load/files/schemas.js';

describe('formatDiagnostic', () => {
  it('names file, line and field', () => {
    expect(formatDiagnostic({ file: 'p/tests.yaml', line: 4, field: 'tests[0].name', message: 'is required' })).toBe(
      'p/tests.yaml:4: tests[0].name: is required',
    );
  });
  it('leaves out what it does not know', () => {
    expect(formatDiagnostic({ file: 'p/system.txt', message: 'not UTF-8' })).toBe('p/system.txt: not UTF-8');
  });
  it('InputError carries the diagnostic as its message', () => {
    const error = new InputError({ file: 'a.yaml', line: 2, message: 'bad' });
    expect(error.message).toBe('a.yaml:2: bad');
    expect(error.diagnostic.line).toBe(2);
  });
});

describe('the validators compiled at build time (src/generated)', () => {
  it("count a string's length in code points for minLength: only an empty name is refused", () => {
    const named = (name: string) => validateToolFile('tests', { tests: [{ name, input: 'hi' }] });
    expect(named('').map((error) => `${error.instancePath} ${error.keyword}`)).toEqual(['/tests/0/name minLength']);
    for (const name of ['a', '\u{1F600}', '\uD800', '\uDC00\uD800', 'x\u{1F600}y']) expect(named(name)).toEqual([]);
  });
});
