import { addDays, daysBetween, dayToDate, toDay } from '../../domain/dates.ts';
import type { CostPerson, CostPricing } from '../../domain/forecast/forecast.ts';
import type { DepartmentPrior } from '../../domain/forecast/model.ts';
import { correctedMonthlyUsd, learnSurveyRatios, type SurveyRatio } from '../../domain/forecast/survey.ts';
import { demandOf, estimateAllowances } from '../../domain/plans/allowance.ts';
import { findPriceOn, type CatalogPrice } from '../../domain/seats.ts';
import type { TierInterval } from '../../db/repositories/forecast.repository.ts';
import type { InventoryEntry } from '../../db/repositories/types.ts';
import type { AppContext } from '../context.ts';
import { toCatalogPrice } from '../seats/seat-summary.ts';

/** The plan the forecast prices: the organization's Anthropic Team seats. */
export const TEAM_LINE = { vendor: 'anthropic', plan: 'team' } as const;
/** Days of usage history the model reads. */
export const HISTORY_DAYS = 182;

export type ForecastData = Readonly<{
  today: string;
  historyStart: string;
  horizonDays: number;
  people: CostPerson[];
  departments: Array<{ id: string; name: string }>;
  pricing: CostPricing;
  priors: DepartmentPrior[];
  survey: { departments: SurveyRatio[]; orgRatio: number | null };
  catalog: CatalogPrice[];
  inventory: InventoryEntry[];
  /** Today's tier per person id. */
  currentTier: Map<string, string | null>;
  /** Company holidays from the organization's calendar, history start to horizon end. */
  holidays: string[];
  /** Actual organization and department demand (usage at API rates plus what limits blocked) per history day. */
  historyByGroup: Map<string, number[]>;
}>;

/** The first day of the month `months` after today's month ends: the horizon is today up to the day before. */
export function horizonFor(today: string, months: number): number {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const end = new Date(Date.UTC(y, m + months, 1)).toISOString().slice(0, 10);
  return daysBetween(today, end);
}

function tierOnDay(intervals: readonly TierInterval[], day: string): string | null {
  const t = dayToDate(day).getTime() + 12 * 3_600_000;
  let found: string | null = null;
  for (const i of intervals) if (i.validFrom.getTime() <= t && (i.validTo === null || t < i.validTo.getTime())) found = i.tier;
  return found;
}

/** Loads everything the forecast needs through the repositories and shapes it for the domain. */
export async function loadForecastData(ctx: AppContext, orgId: string, options: { months: number }): Promise<ForecastData> {
  const today = toDay(ctx.now());
  const historyStart = addDays(today, -HISTORY_DAYS);
  const horizonDays = horizonFor(today, options.months);
  const repos = ctx.repos;
  const [people, usage, intervals, scheduled, catalogRows, inventoryAll, departments, estimates, holidayRows] = await Promise.all([
    repos.forecast.listPeople(orgId, historyStart),
    repos.forecast.usageByPersonDay(orgId, historyStart, today),
    repos.forecast.tierIntervals(orgId, TEAM_LINE, dayToDate(historyStart)),
    repos.forecast.scheduledLeases(orgId, TEAM_LINE),
    repos.seats.listCatalog({ vendor: TEAM_LINE.vendor }),
    repos.seats.listInventory(orgId),
    repos.departments.listNames(orgId),
    repos.forecast.listSurveyEstimates(orgId),
    repos.forecast.listHolidays(orgId, { from: historyStart, to: addDays(today, horizonDays) }),
  ]);
  const catalog = catalogRows.map(toCatalogPrice);
  const inventory = inventoryAll.filter((l) => l.vendor === TEAM_LINE.vendor && l.plan === TEAM_LINE.plan);
  const byPerson = new Map<string, TierInterval[]>();
  for (const i of [...intervals, ...scheduled]) byPerson.set(i.personId, [...(byPerson.get(i.personId) ?? []), i]);

  const historyDays = Array.from({ length: HISTORY_DAYS }, (_, d) => addDays(historyStart, d));
  const usageByPerson = new Map<string, Map<string, { costUsd: number; limitHits: number }>>();
  for (const u of usage) {
    const m = usageByPerson.get(u.personId) ?? new Map();
    m.set(u.day, u);
    usageByPerson.set(u.personId, m);
  }
  const multipliers: Record<string, number> = {};
  for (const c of catalog) if (c.plan === TEAM_LINE.plan && c.usageMultiplier && (c.tier === 'standard' || c.tier === 'premium')) multipliers[c.tier] = c.usageMultiplier;
  const allowanceDays = usage.flatMap((u) => {
    const tier = tierOnDay(byPerson.get(u.personId) ?? [], u.day);
    return tier ? [{ tier, costUsd: u.costUsd, limitHits: u.limitHits }] : [];
  });
  const allowances = estimateAllowances({ days: allowanceDays, multipliers });

  const departmentList = [...departments].map(([name, id]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  const historyByGroup = new Map<string, number[]>([['org', historyDays.map(() => 0)], ...departmentList.map((d) => [d.id, historyDays.map(() => 0)] as [string, number[]])]);
  const currentTier = new Map<string, string | null>();
  const costPeople: CostPerson[] = [];
  for (const p of people) {
    const seat = byPerson.get(p.id) ?? [];
    const days = usageByPerson.get(p.id);
    const history = historyDays.map((day, d) => {
      const employed = (p.employmentStartDate === null || p.employmentStartDate <= day) && (p.leftOn === null || day < p.leftOn);
      const tier = tierOnDay(seat, day);
      const u = days?.get(day);
      // Demand: what was used plus what limits blocked; the chart's history shows the same quantity.
      const demand = u ? demandOf(u, tier ? allowances[tier] : undefined) : 0;
      historyByGroup.get('org')![d]! += demand;
      if (p.departmentId) historyByGroup.get(p.departmentId)![d]! += demand;
      if (!employed || (tier === null && !u)) return Number.NaN;
      return demand;
    });
    const startsAt = p.employmentStartDate && p.employmentStartDate > today ? daysBetween(today, p.employmentStartDate) : 0;
    const endsAt = p.leftOn ? Math.max(0, daysBetween(today, p.leftOn)) : null;
    if (endsAt === 0) continue;
    const tiers = Array.from({ length: horizonDays }, (_, h) => tierOnDay(seat, addDays(today, h)) ?? 'standard');
    currentTier.set(p.id, tierOnDay(seat, today));
    costPeople.push({ id: p.id, departmentId: p.departmentId ?? '', history, startsAt, endsAt, tiers });
  }

  const pricing = buildPricing({ catalog, inventory, today, horizonDays, allowances });
  const actualByDepartmentDay = new Map(departmentList.map((d) => [d.id, new Map(historyDays.map((day, i) => [day, historyByGroup.get(d.id)![i]!]))]));
  const surveyInputs = estimates.map((e) => ({ departmentId: e.departmentId, periodStart: e.periodStart, periodEnd: e.periodEnd, estimatedMonthlyUsd: Number(e.estimatedMonthlyUsd) }));
  const survey = learnSurveyRatios({ estimates: surveyInputs, actualByDepartmentDay, historyStart, today });
  const priors = departmentList.flatMap((d) => {
    const v = correctedMonthlyUsd({ estimates: surveyInputs, departmentId: d.id, ratios: survey.departments, orgRatio: survey.orgRatio });
    return v === null ? [] : [{ departmentId: d.id, expectedMonthlyUsd: v }];
  });
  return { today, historyStart, horizonDays, people: costPeople, departments: departmentList, pricing, priors, survey, catalog, inventory, currentTier, historyByGroup, holidays: holidayRows.map((h) => h.day) };
}

function daysInMonthOf(day: string): number {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Prices per horizon day from the catalog (effective-dated), never from constants. */
export function buildPricing(input: { catalog: readonly CatalogPrice[]; inventory: readonly InventoryEntry[]; today: string; horizonDays: number; allowances: Record<string, number> }): CostPricing {
  const days = Array.from({ length: input.horizonDays }, (_, h) => addDays(input.today, h));
  const cadence = input.inventory[0]?.cadence ?? 'annual';
  const tiers = ['standard', 'premium'];
  const seatUsdPerDay = Object.fromEntries(tiers.map((tier) => [tier, days.map((day) => (findPriceOn(input.catalog, { ...TEAM_LINE, tier, cadence }, day)?.pricePerSeatMonthCents ?? 0) / 100 / daysInMonthOf(day))]));
  const orgSeatUsdPerDay = days.map((day) => input.inventory.reduce((s, line) => s + (line.seatsPurchased * (findPriceOn(input.catalog, line, day)?.pricePerSeatMonthCents ?? 0)) / 100 / daysInMonthOf(day), 0));
  const extra = findPriceOn(input.catalog, { ...TEAM_LINE, tier: 'extra-usage', cadence: 'monthly' }, input.today);
  return { seatUsdPerDay, orgSeatUsdPerDay, allowanceUsdPerDay: input.allowances, extraUsageRate: extra?.usageMultiplier ?? null };
}
