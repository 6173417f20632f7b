/*
 * CSV as RFC 4180 writes it, read strictly, with the position of every cell: a field is quoted
 * ("…", with "" for a quote) or not; a quoted field may hold commas and line breaks; records
 * end at CRLF or LF; a UTF-8 byte order mark is skipped. Everything else is an error naming the
 * line and column: a quote inside an unquoted field, text after a closing quote, a quote never
 * closed. (Kept by hand rather than a dependency: the loader needs each cell's line and column
 * for its messages, which the maintained parsers give per record at best, and this is all of it.)
 */

export interface CsvCell {
  text: string;
  /** 1-based line and column where the cell starts. */
  line: number;
  column: number;
  /** Written in quotes (an empty quoted field is a value, a blank line is none). */
  quoted: boolean;
}

export interface CsvRecord {
  cells: CsvCell[];
  /** The line the record starts on. */
  line: number;
}

export type CsvParsed = { ok: true; records: CsvRecord[] } | { ok: false; line: number; column: number; message: string };

export function parseCsv(input: string): CsvParsed {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let index = 0;
  let line = 1;
  let lineStart = 0;
  const column = () => index - lineStart + 1;
  const fail = (message: string, at = { line, column: column() }): CsvParsed => ({ ok: false, ...at, message });
  while (index < text.length) {
    const record: CsvRecord = { cells: [], line };
    for (;;) {
      const start = { line, column: column() };
      let value = '';
      const quoted = text[index] === '"';
      if (quoted) {
        index += 1;
        for (;;) {
          if (index >= text.length) return fail('a quoted field is never closed (a " is missing)', start);
          const char = text[index]!;
          if (char === '"') {
            if (text[index + 1] === '"') {
              value += '"';
              index += 2;
              continue;
            }
            index += 1;
            break;
          }
          if (char === '\n') {
            line += 1;
            lineStart = index + 1;
          }
          value += char;
          index += 1;
        }
        const next = text[index];
        if (next !== undefined && next !== ',' && next !== '\n' && !(next === '\r' && text[index + 1] === '\n')) {
          return fail('unexpected text after a closing quote (write "" for a quote inside a quoted field)');
        }
      } else {
        const from = index;
        while (index < text.length && text[index] !== ',' && text[index] !== '\n' && !(text[index] === '\r' && text[index + 1] === '\n')) {
          if (text[index] === '"') return fail('a quote in a field that is not quoted (quote the whole field, and write "" for the quote)');
          index += 1;
        }
        value = text.slice(from, index);
      }
      record.cells.push({ text: value, ...start, quoted });
      if (text[index] === ',') {
        index += 1;
        continue;
      }
      // The end of the record: a line break, or the end of the text.
      if (text[index] === '\r') index += 1;
      if (text[index] === '\n') {
        index += 1;
        line += 1;
        lineStart = index;
      }
      break;
    }
    // A blank line is no record (a file's last line break, or spacing between rows).
    const only = record.cells.length === 1 ? record.cells[0]! : undefined;
    if (!only || only.text !== '' || only.quoted) records.push(record);
  }
  return { ok: true, records };
}
