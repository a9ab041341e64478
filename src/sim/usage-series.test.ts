import { describe, expect, it } from 'vitest';
import { addDays, weekdayOf } from '../domain/dates.ts';
import { companyHolidays, generateUsageSeries, isCompanyHoliday, totalDemandByDay } from './usage-series.ts';

const series = generateUsageSeries({ seed: 3, days: 420 });
const total = totalDemandByDay(series);

describe('generateUsageSeries', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateUsageSeries({ seed: 3, days: 420 })).toEqual(series);
    expect(totalDemandByDay(generateUsageSeries({ seed: 4, days: 420 }))).not.toEqual(total);
  });

  it('has a heavy tail: the top tenth of people use over a third of everything', () => {
    const perPerson = series.people.map((p) => p.demand.reduce((s, v) => s + (Number.isNaN(v) ? 0 : v), 0)).sort((a, b) => b - a);
    const all = perPerson.reduce((a, b) => a + b, 0);
    const top = perPerson.slice(0, Math.ceil(perPerson.length / 10)).reduce((a, b) => a + b, 0);
    expect(top / all).toBeGreaterThan(0.35);
  });

  it('has a working-week pattern: weekends carry under a tenth of a weekday', () => {
    const byWeekday = Array.from({ length: 7 }, () => [0, 0]);
    total.forEach((v, d) => {
      const day = addDays(series.startDay, d);
      if (isCompanyHoliday(day)) return;
      byWeekday[weekdayOf(day)]![0]! += v;
      byWeekday[weekdayOf(day)]![1]!++;
    });
    const avg = byWeekday.map(([s, n]) => s! / n!);
    for (const weekday of [1, 2, 3, 4, 5]) expect(avg[0]! / avg[weekday]!).toBeLessThan(0.1);
    expect(avg[6]! / avg[3]!).toBeLessThan(0.1);
  });

  it('closes the company from 23 December to 2 January at about a quarter of normal use', () => {
    const holidays = companyHolidays(series);
    expect(holidays[0]).toBe('2025-12-23');
    expect(holidays.at(-1)).toBe('2026-01-02');
    expect(holidays).toHaveLength(11);
    const index = (day: string) => Math.round((Date.parse(day) - Date.parse(series.startDay)) / 86_400_000);
    // Weekdays of the holiday against the same weekdays two and three weeks before.
    const inside = holidays.filter((d) => weekdayOf(d) >= 1 && weekdayOf(d) <= 5).map(index);
    const share = inside.reduce((s, d) => s + total[d]!, 0) / inside.reduce((s, d) => s + (total[d - 14]! + total[d - 21]!) / 2, 0);
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.45);
  });

  it('has project surges: most people have a fortnight at over twice their usual level', () => {
    const founders = series.people.filter((p) => p.activeFromIndex === 0 && p.activeUntilIndex === null);
    const surging = founders.filter((p) => {
      const weekly: number[] = [];
      for (let w = 0; w + 14 <= 140; w += 7) weekly.push(p.demand.slice(w, w + 14).reduce((a, b) => a + b, 0));
      const sorted = [...weekly].sort((a, b) => a - b);
      return sorted.at(-1)! > 2 * sorted[Math.floor(sorted.length / 2)]!;
    });
    expect(surging.length / founders.length).toBeGreaterThan(0.4);
  });

  it('hires and loses people, with no demand outside their employment', () => {
    const hires = series.people.filter((p) => p.activeFromIndex > 0);
    const leavers = series.people.filter((p) => p.activeUntilIndex !== null);
    expect(hires.length).toBeGreaterThan(5);
    expect(leavers.length).toBeGreaterThan(5);
    for (const p of [...hires, ...leavers]) {
      p.demand.forEach((v, d) => expect(Number.isNaN(v)).toBe(d < p.activeFromIndex || (p.activeUntilIndex !== null && d >= p.activeUntilIndex)));
    }
  });
});
