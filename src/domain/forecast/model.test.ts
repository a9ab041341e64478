import { describe, expect, it } from 'vitest';
import { addDays, weekdayOf } from '../dates.ts';
import { createRng } from '../../sim/rng.ts';
import { fitUsageModel, runPaths, type ForecastPerson } from './model.ts';

const FIRST_DAY = '2026-12-07'; // a Monday
const HISTORY = 140;
const dayOf = (d: number) => addDays(FIRST_DAY, d - HISTORY);
/** A person whose history is `f(weekday, history index)` on every day. */
const person = (id: string, f: (weekday: number, d: number) => number, extra: Partial<ForecastPerson> = {}): ForecastPerson => ({
  id,
  departmentId: 'dept',
  history: Array.from({ length: HISTORY }, (_, d) => f(weekdayOf(dayOf(d)), d)),
  startsAt: 0,
  endsAt: null,
  ...extra,
});
const workweek = (level: number) => (weekday: number) => (weekday === 0 || weekday === 6 ? 0 : level);

function simulate(people: readonly ForecastPerson[], options: { horizonDays: number; paths: number; seed: number; holidays?: string[] }) {
  const input = { people, horizonDays: options.horizonDays, paths: options.paths, rng: createRng(options.seed), calendar: { firstDay: FIRST_DAY, holidays: options.holidays ?? [] } };
  const fit = fitUsageModel(input);
  const perDay = Array.from({ length: options.paths }, () => new Float64Array(options.horizonDays));
  const perPerson = people.map(() => new Float64Array(options.horizonDays));
  runPaths(fit, input, (path, i, demand) => {
    for (let h = 0; h < demand.length; h++) {
      perDay[path]![h]! += demand[h]!;
      perPerson[i]![h]! += demand[h]! / options.paths;
    }
  });
  return { fit, perDay, perPerson };
}

describe('fitUsageModel and runPaths', () => {
  const people = Array.from({ length: 8 }, (_, i) => person(`p${i}`, (wd, d) => workweek(2 + i)(wd) * (1 + 0.3 * Math.sin(d * 1.7 + i))));

  it('is deterministic for a seed', () => {
    const a = simulate(people, { horizonDays: 30, paths: 50, seed: 42 });
    const b = simulate(people, { horizonDays: 30, paths: 50, seed: 42 });
    expect(a.perDay).toEqual(b.perDay);
    const c = simulate(people, { horizonDays: 30, paths: 50, seed: 43 });
    expect(c.perDay).not.toEqual(a.perDay);
  });

  it('keeps weekday seasonality: replayed weekends stay empty', () => {
    const { perPerson } = simulate(people, { horizonDays: 28, paths: 40, seed: 1 });
    for (let h = 0; h < 28; h++) {
      const weekday = weekdayOf(addDays(FIRST_DAY, h));
      const total = perPerson.reduce((s, p) => s + p[h]!, 0);
      if (weekday === 0 || weekday === 6) expect(total).toBe(0);
      else expect(total).toBeGreaterThan(10);
    }
  });

  it('reproduces a flat, noiseless history exactly (no trend, no level spread)', () => {
    const flat = Array.from({ length: 6 }, (_, i) => person(`f${i}`, () => 3));
    const { fit, perDay } = simulate(flat, { horizonDays: 30, paths: 20, seed: 5 });
    expect(fit.growthPerDay).toBe(0);
    expect(fit.levelSigma).toBeCloseTo(0, 9);
    for (const path of perDay) for (const v of path) expect(v).toBeCloseTo(18, 9);
  });

  it('starts hires on their first day and stops leavers on their last', () => {
    const roster = [
      ...Array.from({ length: 4 }, (_, i) => person(`s${i}`, () => 2)),
      person('leaver', () => 2, { endsAt: 10 }),
      person('hire', () => Number.NaN, { startsAt: 5 }),
    ];
    const { perPerson, fit } = simulate(roster, { horizonDays: 20, paths: 10, seed: 3 });
    expect(fit.persons[5]!.window).toBeNull();
    expect(fit.persons[5]!.donors.length).toBe(5);
    for (let h = 0; h < 20; h++) {
      expect(perPerson[4]![h]! > 0).toBe(h < 10);
      expect(perPerson[5]![h]! > 0).toBe(h >= 5);
    }
  });
});

describe('company holidays', () => {
  // Everyone works weekdays at 4; the last week of the history and the first week ahead are holidays.
  const holidayWeek = (start: string) => Array.from({ length: 5 }, (_, k) => addDays(start, k));
  const pastHolidays = holidayWeek(addDays(FIRST_DAY, -14));
  const isPast = (d: number) => pastHolidays.includes(dayOf(d));
  const people = Array.from({ length: 10 }, (_, i) => person(`h${i}`, (wd, d) => workweek(4)(wd) * (isPast(d) ? 0.25 : 1) * (1 + 0.05 * Math.cos(i + d))));

  it('learns from past holidays how much of a normal day they keep', () => {
    const { fit } = simulate(people, { horizonDays: 14, paths: 10, seed: 9, holidays: [...pastHolidays, ...holidayWeek(FIRST_DAY)] });
    expect(fit.holidayFactorSource).toBe('history');
    expect(fit.holidayFactor).toBeGreaterThan(0.2);
    expect(fit.holidayFactor).toBeLessThan(0.3);
    // The holiday week is not replayed as a normal week.
    expect(fit.skippedWeeks).toContain(1);
  });

  it('forecasts holidays ahead at that share of a normal day', () => {
    const { perPerson } = simulate(people, { horizonDays: 14, paths: 30, seed: 9, holidays: [...pastHolidays, ...holidayWeek(FIRST_DAY)] });
    const day = (h: number) => perPerson.reduce((s, p) => s + p[h]!, 0);
    const ratio = (day(0) + day(1) + day(2) + day(3) + day(4)) / (day(7) + day(8) + day(9) + day(10) + day(11));
    expect(ratio).toBeGreaterThan(0.2);
    expect(ratio).toBeLessThan(0.3);
  });

  it('treats a holiday like a weekend day when the history has none', () => {
    const weekendUse = Array.from({ length: 10 }, (_, i) => person(`w${i}`, (wd) => (wd === 0 || wd === 6 ? 0.5 : 5)));
    const { fit } = simulate(weekendUse, { horizonDays: 14, paths: 5, seed: 2, holidays: holidayWeek(FIRST_DAY) });
    expect(fit.holidayFactorSource).toBe('weekend');
    expect(fit.holidayFactor).toBeCloseTo(0.1, 9);
  });
});
