import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayIndexOf, dayOfIndex, daysBetween, weekdayOf, weekdayOfIndex } from './dates.ts';

describe('day indices', () => {
  it('counts whole days since 1970-01-01', () => {
    expect(dayIndexOf('1970-01-01')).toBe(0);
    expect(dayIndexOf('2027-01-04')).toBe(daysBetween('1970-01-01', '2027-01-04'));
    expect(dayOfIndex(dayIndexOf('2028-02-29'))).toBe('2028-02-29');
    expect(weekdayOfIndex(dayIndexOf('2027-01-04'))).toBe(1);
  });

  it('rejects a day that is not a date', () => {
    expect(() => dayIndexOf('2027-13-01')).toThrow(RangeError);
  });

  it('agrees with the string helpers on every day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3_000, max: 60_000 }), fc.integer({ min: -400, max: 400 }), (index, offset) => {
        const day = dayOfIndex(index);
        expect(dayIndexOf(day)).toBe(index);
        expect(weekdayOfIndex(index)).toBe(weekdayOf(day));
        expect(dayOfIndex(index + offset)).toBe(addDays(day, offset));
      }),
    );
  });
});
