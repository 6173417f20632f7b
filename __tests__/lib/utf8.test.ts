import { describe, expect, it } from '@jest/globals';
import { decodeUtf8Strict } from '../../src/lib/utf8.js';

/** What it replaces: the strict TextDecoder (undefined where it throws). */
function textDecoder(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

describe('decodeUtf8Strict', () => {
  it('answers what a strict TextDecoder answers, on hand-picked edge cases', () => {
    const cases = [
      [], // empty
      [0xef, 0xbb, 0xbf, 0x61], // a BOM, dropped
      [0x61, 0xef, 0xbb, 0xbf], // a BOM later, kept
      [0xc0, 0xaf], // overlong
      [0xed, 0xa0, 0x80], // a surrogate
      [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
      [0xe2, 0x82], // cut short
      [0xf0, 0x9f, 0x98, 0x80], // an emoji
      [0x80], // a lone continuation byte
    ];
    for (const bytes of cases) {
      const array = Uint8Array.from(bytes);
      expect({ bytes, text: decodeUtf8Strict(array) }).toEqual({ bytes, text: textDecoder(array) });
    }
  });

  it('answers what a strict TextDecoder answers, on random bytes and random text', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 2000; round += 1) {
      const bytes =
        round % 2 === 0
          ? Uint8Array.from({ length: Math.floor(random() * 12) }, () => Math.floor(random() * 256))
          : new TextEncoder().encode(String.fromCodePoint(...Array.from({ length: 6 }, () => Math.floor(random() * 0x10ffff) % 0xd800)));
      expect(decodeUtf8Strict(bytes)).toBe(textDecoder(bytes));
    }
  });

  it('reads a view into a larger buffer by its own bytes only', () => {
    const whole = Buffer.from('xx héllo yy');
    expect(decodeUtf8Strict(whole.subarray(3, 9))).toBe('héllo');
  });
});
