import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsToDecimal, decimalToCents } from './money.ts';

describe('decimalToCents', () => {
  it('reads PostgreSQL numeric strings exactly', () => {
    expect(decimalToCents('100.00')).toBe(10000);
    expect(decimalToCents('0.1')).toBe(10);
    expect(decimalToCents('25')).toBe(2500);
    expect(decimalToCents('1843.5012')).toBe(184350);
    expect(decimalToCents('0.005')).toBe(1);
    expect(decimalToCents('0.0049')).toBe(0);
    expect(decimalToCents('-3.10')).toBe(-310);
  });

  it('rejects anything that is not a plain decimal', () => {
    for (const bad of ['', 'abc', '1e3', '1.2.3', '$5', 'NaN']) expect(() => decimalToCents(bad)).toThrow(/not a decimal/);
  });

  it('round-trips every cent amount (property)', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => decimalToCents(centsToDecimal(cents)) === cents));
  });

  it('sums exactly where floats drift (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 200 }), (amounts) => {
        const viaStrings = amounts.map(centsToDecimal).map(decimalToCents).reduce((a, b) => a + b, 0);
        return viaStrings === amounts.reduce((a, b) => a + b, 0);
      }),
    );
  });
});
