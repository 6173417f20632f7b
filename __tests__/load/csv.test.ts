import { describe, expect, it } from '@jest/globals';
import { parseCsv } from '../../src/load/csv.js';

/** RFC 4180 CSV with the place of every cell (src/load/csv.ts). */

const texts = (input: string) => {
  const parsed = parseCsv(input);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.records.map((record) => record.cells.map((cell) => cell.text));
};

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks; CRLF or LF; a BOM is skipped', () => {
    expect(texts('\uFEFFa,b\r\n"x, y","say ""hi"""\n"two\nlines",\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['two\nlines', ''],
    ]);
  });

  it('gives each cell and record its line and column, lines counted inside quoted fields', () => {
    const parsed = parseCsv('name,input\n"a\nb",c\nd,e');
    expect(parsed.ok && parsed.records.map((record) => [record.line, record.cells.map((cell) => [cell.line, cell.column])])).toEqual([
      [
        1,
        [
          [1, 1],
          [1, 6],
        ],
      ],
      [
        2,
        [
          [2, 1],
          [3, 4],
        ],
      ],
      [
        4,
        [
          [4, 1],
          [4, 3],
        ],
      ],
    ]);
  });

  it('skips blank lines but keeps a record that is one quoted empty field', () => {
    expect(texts('a\n\n""\n\nb\n')).toEqual([['a'], [''], ['b']]);
  });

  it.each([
    ['a quote never closed', 'a,"b\nc', { line: 1, column: 3, message: 'a quoted field is never closed (a " is missing)' }],
    [
      'text after a closing quote',
      'a,"b"c',
      { line: 1, column: 6, message: 'unexpected text after a closing quote (write "" for a quote inside a quoted field)' },
    ],
    [
      'a quote inside an unquoted field',
      'ab\nc"d',
      { line: 2, column: 2, message: 'a quote in a field that is not quoted (quote the whole field, and write "" for the quote)' },
    ],
  ])('refuses %s, at its line and column', (_, input, expected) => {
    expect(parseCsv(input)).toEqual({ ok: false, ...expected });
  });
});
