import { addDays } from '../dates.ts';
import { fitUsageModel, runPaths, type DepartmentPrior, type ForecastPerson, type UsageFit } from './model.ts';
import { bandOf, roundBand, type Band, type RandomSource } from './stats.ts';

/**
 * Cost forecast on top of the usage model: per day and per calendar month, per department and for the
 * organization, with P10/P50/P90. Cost = seat fees (deterministic: the seats held each day at the
 * catalog price, prorated by the days of the month) + metered extra usage (demand above the tier's
 * daily allowance, billed at the plan's extra-usage rate, when the plan has one).
 */

export type CostPerson = ForecastPerson & Readonly<{
  /** Tier held on each horizon day (null: no seat). */
  tiers: readonly (string | null)[];
}>;

export type CostPricing = Readonly<{
  /** Seat price in USD per horizon day, per tier (monthly price / days in that month). */
  seatUsdPerDay: Readonly<Record<string, readonly number[]>>;
  /** The organization's bill for purchased seats per horizon day (held or idle). */
  orgSeatUsdPerDay: readonly number[];
  /** Usage included per seat per day, USD at API rates; a tier missing here has no known limit. */
  allowanceUsdPerDay: Readonly<Record<string, number>>;
  /** Multiplier on API rates for usage above the allowance; null when the plan has no extra usage. */
  extraUsageRate: number | null;
}>;

export type CostForecastInput = Readonly<{
  firstDay: string;
  horizonDays: number;
  people: readonly CostPerson[];
  departments: readonly Readonly<{ id: string; name: string }>[];
  pricing: CostPricing;
  paths: number;
  rng: RandomSource;
  departmentPriors?: readonly DepartmentPrior[];
  /** Company holidays ('YYYY-MM-DD') of the history and the horizon, from the organization's calendar. */
  holidays?: readonly string[];
  /** Tiers to price every person at, for plan comparison ('standard', 'premium'). */
  comparisonTiers?: readonly string[];
}>;

export type GroupDay = Readonly<{ day: string; usage: Band; cost: Band }>;
export type GroupMonth = Readonly<{ usage: Band; extraUsage: Band; seatFees: number; cost: Band }>;

/** Per person, per month, per path: usage (USD at API rates) and extra usage above each comparison tier's allowance. */
export type PersonMonthSamples = Readonly<{
  usage: readonly Float64Array[][];
  extraByTier: Readonly<Record<string, readonly Float64Array[][]>>;
}>;

export type CostForecast = Readonly<{
  firstDay: string;
  months: readonly string[];
  /** Group ids: each department id, and 'org'. */
  daily: Readonly<Record<string, readonly GroupDay[]>>;
  monthly: readonly Readonly<{ month: string; groups: Readonly<Record<string, GroupMonth>> }>[];
  fit: UsageFit;
  personMonths: PersonMonthSamples;
}>;

export const ORG = 'org';

/** Whole calendar months ('YYYY-MM') that lie entirely inside the horizon. */
export function monthsInHorizon(firstDay: string, horizonDays: number): string[] {
  const lastDay = addDays(firstDay, horizonDays - 1);
  const out: string[] = [];
  for (let h = 0; h < horizonDays; h++) {
    const month = addDays(firstDay, h).slice(0, 7);
    if (!out.includes(month) && `${month}-01` >= firstDay && monthEnd(month) <= lastDay) out.push(month);
  }
  return out;
}

/** The last day of a month 'YYYY-MM'. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Runs the Monte Carlo and summarizes cost per group per day and per whole month. */
export function forecastCosts(input: CostForecastInput): CostForecast {
  const H = input.horizonDays;
  const P = input.paths;
  const groups = [...input.departments.map((d) => d.id), ORG];
  const gIndex = new Map(groups.map((g, i) => [g, i]));
  const usage = groups.map(() => new Float64Array(P * H));
  const extra = groups.map(() => new Float64Array(P * H));
  const days = Array.from({ length: H }, (_, h) => addDays(input.firstDay, h));
  const months = monthsInHorizon(input.firstDay, H);
  const monthOf = days.map((d) => months.indexOf(d.slice(0, 7)));
  const tiers = input.comparisonTiers ?? [];
  const personUsage = input.people.map(() => months.map(() => new Float64Array(P)));
  const personExtra = Object.fromEntries(tiers.map((t) => [t, input.people.map(() => months.map(() => new Float64Array(P)))]));
  const rate = input.pricing.extraUsageRate ?? 0;
  const allowance = (tier: string | null) => (tier === null ? Number.POSITIVE_INFINITY : input.pricing.allowanceUsdPerDay[tier] ?? Number.POSITIVE_INFINITY);

  const modelInput = { people: input.people, horizonDays: H, paths: P, rng: input.rng, departmentPriors: input.departmentPriors ?? [], calendar: { firstDay: input.firstDay, holidays: input.holidays ?? [] } };
  const fit = fitUsageModel(modelInput);
  runPaths(fit, modelInput, (path, i, demand) => {
    const person = input.people[i]!;
    const g = gIndex.get(person.departmentId);
    const org = gIndex.get(ORG)!;
    for (let h = 0; h < H; h++) {
      const v = demand[h]!;
      if (v === 0) continue;
      const over = rate * Math.max(0, v - allowance(person.tiers[h] ?? null));
      const k = path * H + h;
      usage[org]![k]! += v;
      extra[org]![k]! += over;
      if (g !== undefined) {
        usage[g]![k]! += v;
        extra[g]![k]! += over;
      }
      const m = monthOf[h]!;
      if (m < 0) continue;
      personUsage[i]![m]![path]! += v;
      for (const t of tiers) personExtra[t]![i]![m]![path]! += rate * Math.max(0, v - allowance(t));
    }
  });

  const seatFees = groups.map((group) => days.map((_, h) => (group === ORG ? input.pricing.orgSeatUsdPerDay[h] ?? 0 : departmentFee(input, group, h))));
  const daily: Record<string, GroupDay[]> = {};
  groups.forEach((group, gi) => {
    daily[group] = days.map((day, h) => {
      const u = new Float64Array(P);
      const c = new Float64Array(P);
      for (let p = 0; p < P; p++) {
        u[p] = usage[gi]![p * H + h]!;
        c[p] = seatFees[gi]![h]! + extra[gi]![p * H + h]!;
      }
      return { day, usage: roundBand(bandOf(u)), cost: roundBand(bandOf(c)) };
    });
  });
  const monthly = months.map((month, m) => {
    const inMonth = days.flatMap((_, h) => (monthOf[h] === m ? [h] : []));
    const out: Record<string, GroupMonth> = {};
    groups.forEach((group, gi) => {
      const fees = inMonth.reduce((s, h) => s + seatFees[gi]![h]!, 0);
      const u = new Float64Array(P);
      const x = new Float64Array(P);
      for (let p = 0; p < P; p++) for (const h of inMonth) {
        u[p]! += usage[gi]![p * H + h]!;
        x[p]! += extra[gi]![p * H + h]!;
      }
      const cost = x.map((v) => v + fees);
      out[group] = { usage: roundBand(bandOf(u)), extraUsage: roundBand(bandOf(x)), seatFees: Math.round(fees * 100) / 100, cost: roundBand(bandOf(cost)) };
    });
    return { month, groups: out };
  });
  return { firstDay: input.firstDay, months, daily, monthly, fit, personMonths: { usage: personUsage, extraByTier: personExtra } };
}

function departmentFee(input: CostForecastInput, departmentId: string, h: number): number {
  let fee = 0;
  for (const p of input.people) {
    if (p.departmentId !== departmentId) continue;
    const tier = p.tiers[h];
    if (tier) fee += input.pricing.seatUsdPerDay[tier]?.[h] ?? 0;
  }
  return fee;
}
