import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays } from './working-days.ts';

const at = (iso: string) => Date.parse(iso);

/** The Date-based count the day-index weekday replaced. */
function referenceAddWorkingDays(from: number, days: number): number {
  let t = from;
  let left = days;
  while (left > 0) {
    t += 86_400_000;
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return t;
}

describe('addWorkingDays', () => {
  it('skips the weekend: three working days after a Friday is the next Wednesday, same time of day', () => {
    expect(addWorkingDays(at('2027-01-08T15:30:00Z'), 3)).toBe(at('2027-01-13T15:30:00Z'));
  });

  it('returns the instant itself for zero days', () => {
    expect(addWorkingDays(at('2027-01-09T00:00:00Z'), 0)).toBe(at('2027-01-09T00:00:00Z'));
  });

  it('equals the Date-based count on any instant, before or after 1970 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: at('1950-01-01T00:00:00Z'), max: at('2100-01-01T00:00:00Z') }), fc.integer({ min: 0, max: 40 }), (from, days) => {
        expect(addWorkingDays(from, days)).toBe(referenceAddWorkingDays(from, days));
      }),
    );
  });
});
