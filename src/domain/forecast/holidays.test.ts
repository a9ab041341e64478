import { describe, expect, it } from 'vitest';
import { estimateHolidayFactor, holidayIndices } from './holidays.ts';

describe('holidayIndices', () => {
  it('maps working-day holidays to history and horizon indices and ignores weekend ones', () => {
    // Monday 7 December 2026 is the first forecast day (index 140 after 140 history days); Friday 4
    // December is the third-last history day; Saturday 12 and Sunday 6 December drop out.
    const idx = holidayIndices({ firstDay: '2026-12-07', holidays: ['2026-12-07', '2026-12-12', '2026-12-06', '2026-12-04'] }, 140);
    expect([...idx].sort((a, b) => a - b)).toEqual([137, 140]);
  });

  it('is empty without a calendar', () => {
    expect(holidayIndices(undefined, 10).size).toBe(0);
  });
});

describe('estimateHolidayFactor', () => {
  // Four weeks starting on a Monday: weekdays at 10 a head, weekends at 1.
  const weekday = (d: number) => d % 7;
  const base = Array.from({ length: 28 }, (_, d) => (weekday(d) >= 5 ? 1 : 10));

  it('learns the share from holidays in the history against the same weekday around them', () => {
    // Monday–Wednesday of week 3 were holidays at 3 a head: 9 against 30 → 0.3.
    const perCapita = base.map((v, d) => (d >= 14 && d <= 16 ? 3 : v));
    const r = estimateHolidayFactor({ perCapita, holidays: new Set([14, 15, 16]), weekdayOf: (d) => (weekday(d) + 1) % 7 });
    expect(r.source).toBe('history');
    expect(r.factor).toBeCloseTo(0.3, 12);
  });

  it('falls back to the weekend-to-weekday ratio with fewer than three past holidays', () => {
    const r = estimateHolidayFactor({ perCapita: base, holidays: new Set([30, 31]), weekdayOf: (d) => (weekday(d) + 1) % 7 });
    expect(r).toEqual({ factor: 0.1, source: 'weekend' });
  });
});
