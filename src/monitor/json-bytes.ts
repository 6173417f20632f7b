/*
 * A JSON scanner on UTF-8 bytes (a Buffer range), for readers that want a few values of a large
 * text without building the rest (otlp-scan.ts). It checks what it passes over as JSON.parse
 * would: structure, literals, numbers, and every string (no control characters, valid escapes).
 * On anything else it throws LEAVE_TO_JSON_PARSE, and the caller lets JSON.parse decide.
 */

/** Thrown when the scanner leaves a line to JSON.parse: a constant, as no one reads its stack. */
export const LEAVE_TO_JSON_PARSE = new SyntaxError('left to JSON.parse');

export const QUOTE = 34;
const BACKSLASH = 92;

/** A key compared as bytes, and the string it stands for. */
export interface Key {
  text: string;
  bytes: Buffer;
}
export const key = (text: string): Key => ({ text, bytes: Buffer.from(text) });
export const keys = (...texts: string[]): Key[] => texts.map(key);

export class ByteScanner {
  at: number;
  constructor(
    readonly buf: Buffer,
    start: number,
    readonly end: number,
    private readonly strings?: StringCache,
  ) {
    this.at = start;
  }

  /** The next byte that is not JSON whitespace (not consumed), or -1 at the end. */
  peek(): number {
    const { buf, end } = this;
    let at = this.at;
    while (at < end) {
      const code = buf[at]!;
      if (code !== 32 && code !== 10 && code !== 13 && code !== 9) break;
      at += 1;
    }
    this.at = at;
    return at < end ? buf[at]! : -1;
  }

  expect(code: number): void {
    if (this.peek() !== code) throw LEAVE_TO_JSON_PARSE;
    this.at += 1;
  }

  /**
   * Moves past the string at the cursor (checking it as JSON.parse would) and returns where its
   * content ends; `escaped` tells whether it held a backslash.
   */
  skipString(): number {
    if (this.peek() !== QUOTE) throw LEAVE_TO_JSON_PARSE;
    const { buf, end } = this;
    let at = this.at + 1;
    // Most strings hold no escape: a tight loop to their closing quote.
    for (;;) {
      if (at >= end) throw LEAVE_TO_JSON_PARSE;
      const code = buf[at]!;
      if (code === QUOTE) {
        this.escaped = false;
        this.at = at + 1;
        return at;
      }
      if (code < 32 || code === BACKSLASH) break;
      at += 1;
    }
    this.escaped = false;
    for (;;) {
      if (at >= end) throw LEAVE_TO_JSON_PARSE;
      const code = buf[at]!;
      if (code === QUOTE) break;
      if (code < 32) throw LEAVE_TO_JSON_PARSE;
      if (code === BACKSLASH) {
        this.escaped = true;
        const next = at + 1 < end ? buf[at + 1] : -1;
        if (next === 117) {
          // \uXXXX
          if (at + 6 > end) throw LEAVE_TO_JSON_PARSE;
          for (let i = at + 2; i < at + 6; i += 1) if (!isHex(buf[i])) throw LEAVE_TO_JSON_PARSE;
          at += 6;
          continue;
        }
        if (
          next !== QUOTE &&
          next !== BACKSLASH &&
          next !== 47 &&
          next !== 98 &&
          next !== 102 &&
          next !== 110 &&
          next !== 114 &&
          next !== 116
        ) {
          throw LEAVE_TO_JSON_PARSE;
        }
        at += 2;
        continue;
      }
      at += 1;
    }
    this.at = at + 1;
    return at;
  }
  escaped = false;

  /** The string at the cursor, decoded; through the cache when it is a value that repeats. */
  string(repeats = false): string {
    if (this.peek() !== QUOTE) throw LEAVE_TO_JSON_PARSE;
    const quote = this.at;
    const end = this.skipString();
    if (this.escaped) return JSON.parse(this.buf.toString('utf8', quote, end + 1)) as string;
    if (repeats && this.strings) return this.strings.decode(this.buf, quote + 1, end);
    return this.buf.toString('utf8', quote + 1, end);
  }

  /** The key at the cursor as an index into `table`, or -1; the colon after it consumed. */
  key(table: readonly Key[]): number {
    const quote = this.peek();
    const start = this.at + 1;
    if (quote !== QUOTE) throw LEAVE_TO_JSON_PARSE;
    const end = this.skipString();
    let found = -1;
    if (this.escaped) {
      const text = JSON.parse(this.buf.toString('utf8', start - 1, end + 1)) as string;
      found = table.findIndex((entry) => entry.text === text);
    } else {
      for (let i = 0; i < table.length; i += 1) {
        if (this.bytesAre(start, end, table[i]!.bytes)) {
          found = i;
          break;
        }
      }
    }
    this.expect(58);
    return found;
  }

  /** Whether `buf[start, end)`, inside the line, holds exactly `bytes`. */
  bytesAre(start: number, end: number, bytes: Buffer): boolean {
    if (end - start !== bytes.length || end > this.end) return false;
    const { buf } = this;
    for (let i = 0; i < bytes.length; i += 1) if (buf[start + i] !== bytes[i]) return false;
    return true;
  }

  /** Skips any value, building nothing. */
  skip(): void {
    const code = this.peek();
    if (code === QUOTE) this.skipString();
    else if (code === 123) this.object(NO_KEYS, this.skipValue);
    else if (code === 91) this.array(this.skipValue);
    else this.at = this.literalEnd();
  }
  private readonly skipValue = () => this.skip();

  /** A number, true, false or null at the cursor, checked as JSON.parse checks it. */
  literal(): number | boolean | null {
    const start = this.at;
    const end = this.literalEnd();
    this.at = end;
    const code = this.buf[start];
    if (code === 116) return true;
    if (code === 102) return false;
    if (code === 110) return null;
    return Number(this.buf.toString('latin1', start, end));
  }

  /** Where the literal at the cursor ends (the cursor stays). */
  literalEnd(): number {
    const start = this.at;
    const code = this.byte(start);
    if (code === 116) return this.word(start, 'true');
    if (code === 102) return this.word(start, 'false');
    if (code === 110) return this.word(start, 'null');
    let at = start;
    if (this.byte(at) === 45) at += 1;
    if (this.byte(at) === 48) at += 1;
    else if (isDigit(this.byte(at)) && this.byte(at) !== 48) at = this.digits(at);
    else throw LEAVE_TO_JSON_PARSE;
    if (this.byte(at) === 46) {
      if (!isDigit(this.byte(at + 1))) throw LEAVE_TO_JSON_PARSE;
      at = this.digits(at + 1);
    }
    if (this.byte(at) === 101 || this.byte(at) === 69) {
      at += 1;
      if (this.byte(at) === 43 || this.byte(at) === 45) at += 1;
      if (!isDigit(this.byte(at))) throw LEAVE_TO_JSON_PARSE;
      at = this.digits(at);
    }
    return at;
  }

  /** The byte at `at`, or -1 past the line's end (the buffer may hold the next line). */
  private byte(at: number): number {
    return at < this.end ? this.buf[at]! : -1;
  }

  private digits(at: number): number {
    while (isDigit(this.byte(at))) at += 1;
    return at;
  }

  /** The end of `text` at `start`, which must be there. */
  private word(start: number, text: string): number {
    if (start + text.length > this.end) throw LEAVE_TO_JSON_PARSE;
    for (let i = 1; i < text.length; i += 1) if (this.buf[start + i] !== text.charCodeAt(i)) throw LEAVE_TO_JSON_PARSE;
    return start + text.length;
  }

  /**
   * Calls `member` with the index in `table` of each key of the object at the cursor (-1 for
   * the others); `member` consumes the value. A key of the table found twice throws: JSON.parse
   * keeps the last, this would read both.
   */
  object(table: readonly Key[], member: (index: number) => void): void {
    this.expect(123);
    if (this.peek() === 125) {
      this.at += 1;
      return;
    }
    let seen = 0;
    for (;;) {
      const index = this.key(table);
      if (index >= 0) {
        if (seen & (1 << index)) throw LEAVE_TO_JSON_PARSE;
        seen |= 1 << index;
      }
      member(index);
      const next = this.peek();
      this.at += 1;
      if (next === 125) return;
      if (next !== 44) throw LEAVE_TO_JSON_PARSE;
    }
  }

  /** Calls `item` for each element of the array at the cursor; `item` consumes it. */
  array(item: () => void): void {
    this.expect(91);
    if (this.peek() === 93) {
      this.at += 1;
      return;
    }
    for (;;) {
      item();
      const next = this.peek();
      this.at += 1;
      if (next === 93) return;
      if (next !== 44) throw LEAVE_TO_JSON_PARSE;
    }
  }
}

export const NO_KEYS: readonly Key[] = [];

const isDigit = (code: number) => code >= 48 && code <= 57;
const isHex = (code: number | undefined) =>
  code !== undefined && ((code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102));

const CACHE_SLOTS = 1024;
const CACHED_BYTES = 64;

/**
 * Decoded strings by their bytes, for values that repeat (a prompt's name, a version, a commit):
 * hashing and comparing a few dozen bytes costs less than decoding them into a new string. A
 * slot holds the last string that hashed to it; a string is only ever returned for its bytes.
 */
export class StringCache {
  private readonly bytes: Array<Buffer | undefined> = new Array<Buffer | undefined>(CACHE_SLOTS);
  private readonly texts: string[] = new Array<string>(CACHE_SLOTS);

  decode(buf: Buffer, start: number, end: number): string {
    const length = end - start;
    if (length > CACHED_BYTES) return buf.toString('utf8', start, end);
    let hash = 0x811c9dc5; // FNV-1a
    for (let i = start; i < end; i += 1) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
    const slot = (hash >>> 0) % CACHE_SLOTS;
    const known = this.bytes[slot];
    if (known && known.length === length) {
      let same = true;
      for (let i = 0; i < length; i += 1) {
        if (known[i] !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.texts[slot]!;
    }
    const text = buf.toString('utf8', start, end);
    this.bytes[slot] = Buffer.from(buf.subarray(start, end));
    this.texts[slot] = text;
    return text;
  }
}
