import { describe, expect, it } from 'vitest';
import { anomalousWeeks, dampedDays, fitDampedTrend, TREND_DAMPING_PER_DAY, weeklyCompanyIndex, weeklyPerCapita } from './level.ts';
import type { ForecastPerson } from './model.ts';

const HISTORY = 84;
const person = (id: string, f: (d: number) => number): ForecastPerson => ({ id, departmentId: 'd', history: Array.from({ length: HISTORY }, (_, d) => f(d)), startsAt: 0, endsAt: null });

describe('weeklyPerCapita and anomalousWeeks', () => {
  it('averages per person-day, latest week first, and flags a shutdown week', () => {
    // Two people at 2 and 4 a day; the third-latest week (days 63–69) everyone is at a tenth.
    const shutdown = (d: number) => (d >= 63 && d < 70 ? 0.1 : 1);
    const weekly = weeklyPerCapita([person('a', (d) => 2 * shutdown(d)), person('b', (d) => 4 * shutdown(d))], HISTORY);
    expect(weekly).toHaveLength(12);
    expect(weekly[0]).toBe(3);
    expect(weekly[2]).toBeCloseTo(0.3, 12);
    expect(anomalousWeeks(weekly)).toEqual([2]);
  });
});

describe('weeklyCompanyIndex', () => {
  it('is not moved by one heavy user’s burst', () => {
    const people = [...Array.from({ length: 9 }, (_, i) => person(`n${i}`, () => 1)), person('heavy', (d) => (d >= HISTORY - 7 ? 500 : 50))];
    const index = weeklyCompanyIndex(people, HISTORY, []);
    expect(index[0]).toBeCloseTo(index[3]!, 9);
  });

  it('moves when everyone moves', () => {
    const people = Array.from({ length: 10 }, (_, i) => person(`p${i}`, (d) => (1 + i) * (d >= HISTORY - 7 ? 1.5 : 1)));
    const index = weeklyCompanyIndex(people, HISTORY, []);
    expect(index[0]! / index[1]!).toBeCloseTo(1.5, 9);
  });
});

describe('fitDampedTrend', () => {
  it('finds no growth in a flat series', () => {
    const r = fitDampedTrend(Array.from({ length: 12 }, () => 10), []);
    expect(r.perDay).toBe(0);
    expect(r.levelLog).toBeCloseTo(Math.log(10), 12);
  });

  it('follows clear growth, capped at 0.5% a day', () => {
    // Index 0 is the latest week: 2% a week of growth.
    const growing = Array.from({ length: 12 }, (_, w) => 10 * Math.exp(-0.02 * w));
    expect(fitDampedTrend(growing, []).perDay).toBeCloseTo(0.02 / 7, 4);
    expect(fitDampedTrend(growing, []).levelLog).toBeCloseTo(Math.log(10), 3);
    const steep = Array.from({ length: 12 }, (_, w) => 10 * Math.exp(-0.2 * w));
    expect(fitDampedTrend(steep, []).perDay).toBe(0.005);
  });

  it('ignores skipped weeks', () => {
    const withHoliday = Array.from({ length: 12 }, (_, w) => (w === 1 ? 2 : 10));
    expect(fitDampedTrend(withHoliday, [1])).toMatchObject({ perDay: 0 });
    expect(fitDampedTrend(withHoliday, [1]).levelLog).toBeCloseTo(Math.log(10), 12);
  });
});

describe('dampedDays', () => {
  it('adds at most φ/(1−φ) days of growth however far ahead', () => {
    const cap = TREND_DAMPING_PER_DAY / (1 - TREND_DAMPING_PER_DAY);
    let previous = 0;
    for (const k of [1, 7, 30, 90, 365]) {
      const d = dampedDays(k);
      expect(d).toBeGreaterThan(previous);
      expect(d).toBeLessThan(cap);
      previous = d;
    }
    expect(dampedDays(1)).toBeCloseTo(TREND_DAMPING_PER_DAY, 12);
    expect(dampedDays(30, 1)).toBe(30);
  });
});
