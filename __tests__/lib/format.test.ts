import { describe, expect, it } from '@jest/globals';
import { formatInteger } from '../../src/lib/format.js';
import { compareText } from '../../src/lib/text-order.js';

describe('formatInteger', () => {
  it('writes what en-US Intl.NumberFormat writes, without loading ICU', () => {
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    const values = [0, 1, 12, 123, 1234, 12345, 123456, 1234567, -1, -999, -1000, -1234567, 999.5, 1234.49, 2 ** 53 - 1, -(2 ** 53 - 1)];
    let seed = 3;
    for (let i = 0; i < 2000; i += 1) {
      seed = (seed * 48271) % 2147483647;
      values.push(Math.round((seed / 2147483647 - 0.5) * 10 ** (seed % 16)));
    }
    // (Negative zero aside: Intl writes -0, see below.)
    for (const value of values.filter((v) => !Object.is(Math.round(v), -0))) {
      expect({ value, text: formatInteger(value) }).toEqual({ value, text: intl.format(Math.round(value)) });
    }
  });

  it('writes a rounded negative zero as 0, not -0', () => {
    expect(formatInteger(-0.4)).toBe('0');
  });
});

describe('compareText', () => {
  it('orders by code unit, whatever the locale: capitals before lower case, as git does', () => {
    expect(['b', 'B', 'a', 'a-b', 'a_b', 'ab', 'é', 'z'].sort(compareText)).toEqual(['B', 'a', 'a-b', 'a_b', 'ab', 'b', 'z', 'é']);
    expect(compareText('x', 'x')).toBe(0);
  });
});
