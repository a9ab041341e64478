import { addDays, weekdayOf } from '../domain/dates.ts';
import { createRng, type Rng } from './rng.ts';

/**
 * A synthetic company's daily usage with a known generator: the ground truth the forecast backtest is
 * scored against. Pure and seeded: the same options give the same series on every machine.
 *
 * Per person: a heavy-tailed intensity (log-normal across people, σ 0.9), weekday seasonality, project
 * bursts (a sprint of 8–15 days at 2–5x every 4–9 weeks for most people), a personal adoption start,
 * day-to-day log-normal noise and days off. Across the company: an adoption curve (logistic, from
 * about 55% to 130% of the base level), an AR(1) company-wide mood (crunches and quiet spells), one
 * company holiday week a year, and headcount changes (hires and leavers at about one a month each).
 * Costs are in USD at API rates.
 */

export type SeriesDepartment = Readonly<{ id: string; name: string; headcount: number; baseUsdPerDay: number }>;

export type SeriesPerson = Readonly<{
  id: string;
  departmentId: string;
  /** First day employed (index into the series, 0 = startDay). */
  activeFromIndex: number;
  /** First day no longer employed, or null. */
  activeUntilIndex: number | null;
  /** Demand per day in USD at API rates; NaN on days the person is not employed. */
  demand: readonly number[];
}>;

export type UsageSeries = Readonly<{
  startDay: string;
  days: number;
  departments: readonly SeriesDepartment[];
  people: readonly SeriesPerson[];
}>;

export const SERIES_DEPARTMENTS: readonly SeriesDepartment[] = [
  { id: 'd-electronics', name: 'Electronics', headcount: 18, baseUsdPerDay: 0.16 },
  { id: 'd-embedded', name: 'Embedded', headcount: 20, baseUsdPerDay: 0.23 },
  { id: 'd-software', name: 'Software', headcount: 24, baseUsdPerDay: 0.33 },
  { id: 'd-systems', name: 'Systems', headcount: 14, baseUsdPerDay: 0.19 },
  { id: 'd-pm', name: 'Project Management', headcount: 12, baseUsdPerDay: 0.14 },
  { id: 'd-ops', name: 'Operations', headcount: 12, baseUsdPerDay: 0.07 },
];

// Sunday … Saturday.
const WEEKDAY = [0.05, 1.0, 1.08, 1.1, 1.02, 0.78, 0.07];

export type UsageSeriesOptions = Readonly<{
  seed: number;
  days: number;
  startDay?: string;
  departments?: readonly SeriesDepartment[];
  /** Expected hires and leavers per 30 days (each). */
  turnoverPerMonth?: number;
}>;

/** Generates the series. Everything random comes from one seeded stream. */
export function generateUsageSeries(options: UsageSeriesOptions): UsageSeries {
  const rng = createRng(options.seed);
  const startDay = options.startDay ?? '2025-06-02';
  const departments = options.departments ?? SERIES_DEPARTMENTS;
  const days = options.days;
  const turnover = options.turnoverPerMonth ?? 1;
  const org = companyFactors(rng, startDay, days);
  const people: SeriesPerson[] = [];
  let key = 0;
  const addPerson = (dept: SeriesDepartment, from: number, until: number | null) => {
    people.push({ id: `p-${key++}`, departmentId: dept.id, activeFromIndex: from, activeUntilIndex: until, demand: personDemand(rng, { dept, from, until, days, startDay, org }) });
  };
  const leaverDays = new Map<number, number>();
  for (const dept of departments) {
    for (let i = 0; i < dept.headcount; i++) {
      // About one leaver a month across the company, spread over the founding staff.
      const leaves = rng.chance((turnover * days) / 30 / departments.reduce((n, d) => n + d.headcount, 0));
      const until = leaves ? rng.int(20, days - 1) : null;
      addPerson(dept, 0, until);
      if (until !== null) leaverDays.set(until, (leaverDays.get(until) ?? 0) + 1);
    }
  }
  // Hires: Poisson-ish arrivals, into a department drawn by size.
  const totalHeadcount = departments.reduce((n, d) => n + d.headcount, 0);
  for (let d = 1; d < days; d++) {
    if (!rng.chance(turnover / 30)) continue;
    let pick = rng.next() * totalHeadcount;
    const dept = departments.find((x) => (pick -= x.headcount) < 0) ?? departments[0]!;
    addPerson(dept, d, null);
  }
  return { startDay, days, departments, people };
}

/** The synthetic company's holiday calendar: closed from 23 December to 2 January. */
export function isCompanyHoliday(day: string): boolean {
  return day.slice(5) >= '12-23' || day.slice(5) <= '01-02';
}

/** The company holidays of a series (and `extraDays` beyond its end), as its calendar would list them in advance. */
export function companyHolidays(series: Pick<UsageSeries, 'startDay' | 'days'>, extraDays = 0): string[] {
  const out: string[] = [];
  for (let d = 0; d < series.days + extraDays; d++) {
    const day = addDays(series.startDay, d);
    if (isCompanyHoliday(day)) out.push(day);
  }
  return out;
}

/** Company-wide multiplicative factor per day: adoption curve × AR(1) mood × holiday week. */
function companyFactors(rng: Rng, startDay: string, days: number): number[] {
  const midpoint = rng.int(Math.floor(days * 0.3), Math.floor(days * 0.7));
  const steepness = 1 / rng.int(45, 90);
  const out: number[] = [];
  let mood = 0;
  for (let d = 0; d < days; d++) {
    mood = 0.96 * mood + 0.04 * rng.normal();
    const adoption = 0.55 + 0.75 / (1 + Math.exp(-(d - midpoint) * steepness));
    const isHoliday = isCompanyHoliday(addDays(startDay, d));
    out.push(adoption * Math.exp(mood) * (isHoliday ? 0.25 : 1));
  }
  return out;
}

function personDemand(rng: Rng, input: { dept: SeriesDepartment; from: number; until: number | null; days: number; startDay: string; org: readonly number[] }): number[] {
  const intensity = input.dept.baseUsdPerDay * rng.logNormal(-0.4, 0.9);
  const hasBursts = rng.chance(0.7);
  const period = rng.int(28, 63);
  const phase = rng.int(0, period - 1);
  const burstLength = rng.int(8, 15);
  const burstFactor = 2 + rng.next() * 3;
  // New people ramp up over their first weeks.
  const rampDays = rng.int(10, 40);
  const vacations = [rng.int(0, input.days), rng.int(0, input.days)];
  const demand: number[] = [];
  for (let d = 0; d < input.days; d++) {
    if (d < input.from || (input.until !== null && d >= input.until)) {
      demand.push(Number.NaN);
      continue;
    }
    const day = addDays(input.startDay, d);
    const onVacation = vacations.some((v) => d >= v && d < v + 7);
    if (onVacation || rng.chance(0.08)) {
      demand.push(0);
      continue;
    }
    const ramp = Math.min(1, (d - input.from + 1) / rampDays);
    const inBurst = hasBursts && (d + phase) % period < burstLength;
    const value = intensity * input.org[d]! * WEEKDAY[weekdayOf(day)]! * ramp * (inBurst ? burstFactor : 1) * rng.logNormal(0, 0.45);
    demand.push(Math.round(value * 10_000) / 10_000);
  }
  return demand;
}

/** Total demand per day across everyone employed (NaN counts as zero). */
export function totalDemandByDay(series: UsageSeries): number[] {
  const out = new Array<number>(series.days).fill(0);
  for (const p of series.people) p.demand.forEach((v, i) => { if (!Number.isNaN(v)) out[i]! += v; });
  return out;
}
