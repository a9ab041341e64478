import { addDays } from '../../domain/dates.ts';
import { forecastCosts, ORG, type CostForecast, type GroupMonth } from '../../domain/forecast/forecast.ts';
import type { Band } from '../../domain/forecast/stats.ts';
import { hasAnyRole, ORG_READER_ROLES } from '../../domain/roles.ts';
import { AppError } from '../../errors.ts';
import { createRng } from '../../sim/rng.ts';
import type { Actor, AppContext } from '../context.ts';
import { loadForecastData, type ForecastData } from './load.ts';

export const DEFAULT_PATHS = 500;
export const FORECAST_SEED = 20261127;

export type MonthFigures = Readonly<{ cost: Band; seatFees: number; extraUsage: Band; usage: Band }>;
export type DayBand = Readonly<{ day: string } & Band>;
export type HistoryDay = Readonly<{ day: string; usageUsd: number }>;

export type OrgForecast = Readonly<{
  today: string;
  currency: 'USD';
  paths: number;
  seed: number;
  months: ReadonlyArray<Readonly<{ month: string; org: MonthFigures; departments: Readonly<Record<string, MonthFigures>> }>>;
  /** Daily usage at API rates: the last 90 days of history, then the forecast band. */
  daily: Readonly<{
    org: Readonly<{ history: readonly HistoryDay[]; forecast: readonly DayBand[] }>;
    departments: Readonly<Record<string, Readonly<{ history: readonly HistoryDay[]; forecast: readonly DayBand[] }>>>;
  }>;
  model: Readonly<{
    growthPerMonth: number;
    levelSigma: number;
    calibrationOrigins: number;
    skippedWeeks: number;
    /** Trend damping per day: growth h days ahead counts φ^h. */
    trendDampingPerDay: number;
    /** Company holidays (working days) in the horizon, and the share of a normal day forecast for each. */
    holidaysAhead: number;
    holidayFactor: number;
    holidayFactorSource: 'history' | 'weekend' | 'none';
    allowanceUsdPerDay: Readonly<Record<string, number>>;
    extraUsageRate: number | null;
    departmentsFromSurvey: readonly string[];
  }>;
}>;

export type ForecastOptions = Readonly<{ months: number; paths?: number; seed?: number; comparisonTiers?: readonly string[] }>;

/** Runs the cost forecast on loaded data (shared with plan comparison). */
export function runForecast(data: ForecastData, options: ForecastOptions): CostForecast {
  return forecastCosts({
    firstDay: data.today,
    horizonDays: data.horizonDays,
    people: data.people,
    departments: data.departments,
    pricing: data.pricing,
    paths: options.paths ?? DEFAULT_PATHS,
    rng: createRng(options.seed ?? FORECAST_SEED),
    departmentPriors: data.priors,
    holidays: data.holidays,
    ...(options.comparisonTiers ? { comparisonTiers: options.comparisonTiers } : {}),
  });
}

const HISTORY_SHOWN = 90;
const round2 = (v: number) => Math.round(v * 100) / 100;
const figures = (g: GroupMonth): MonthFigures => ({ cost: g.cost, seatFees: g.seatFees, extraUsage: g.extraUsage, usage: g.usage });

/**
 * The organization's cost forecast for the next `months` whole calendar months (1–3), per department
 * (keyed by name) and in total, with P10/P50/P90. Deterministic for a given seed and clock.
 */
export async function forecastOrganization(ctx: AppContext, orgId: string, options: ForecastOptions): Promise<OrgForecast> {
  return forecastFromData(await loadForecastData(ctx, orgId, { months: options.months }), options);
}

/** The organization's forecast on data already loaded (planning loads once for the forecast and the survey ratios). */
export function forecastFromData(data: ForecastData, options: ForecastOptions): OrgForecast {
  const result = runForecast(data, options);
  const name = new Map(data.departments.map((d) => [d.id, d.name]));
  const historyOf = (group: string): HistoryDay[] => {
    const series = data.historyByGroup.get(group) ?? [];
    return series.slice(-HISTORY_SHOWN).map((v, i) => ({ day: addDays(data.today, -Math.min(HISTORY_SHOWN, series.length) + i), usageUsd: round2(v) }));
  };
  const bandsOf = (group: string): DayBand[] => (result.daily[group] ?? []).map((d) => ({ day: d.day, ...d.usage }));
  return {
    today: data.today,
    currency: 'USD',
    paths: options.paths ?? DEFAULT_PATHS,
    seed: options.seed ?? FORECAST_SEED,
    months: result.monthly.map((m) => ({
      month: m.month,
      org: figures(m.groups[ORG]!),
      departments: Object.fromEntries(data.departments.map((d) => [d.name, figures(m.groups[d.id]!)])),
    })),
    daily: {
      org: { history: historyOf(ORG), forecast: bandsOf(ORG) },
      departments: Object.fromEntries(data.departments.map((d) => [d.name, { history: historyOf(d.id), forecast: bandsOf(d.id) }])),
    },
    model: {
      growthPerMonth: round2((Math.exp(result.fit.growthPerDay * 30.44) - 1) * 100) / 100,
      levelSigma: round2(result.fit.levelSigma * 100) / 100,
      calibrationOrigins: result.fit.calibrationOrigins,
      skippedWeeks: result.fit.skippedWeeks.length,
      trendDampingPerDay: result.fit.dampingPerDay,
      holidaysAhead: [...result.fit.holidayIndex].filter((d) => d >= result.fit.historyLength && d < result.fit.historyLength + data.horizonDays).length,
      holidayFactor: round2(result.fit.holidayFactor),
      holidayFactorSource: result.fit.holidayFactorSource,
      allowanceUsdPerDay: Object.fromEntries(Object.entries(data.pricing.allowanceUsdPerDay).map(([k, v]) => [k, round2(v)])),
      extraUsageRate: data.pricing.extraUsageRate,
      departmentsFromSurvey: result.fit.priorDepartments.map((id) => name.get(id) ?? id),
    },
  };
}

/** Department ids an actor may see in forecasts: all for owners, admins and auditors; a lead's own. */
export function forecastScope(actor: Actor): 'all' | readonly string[] {
  if (actor.kind === 'cli' || hasAnyRole(actor.grants, ORG_READER_ROLES)) return 'all';
  const led = actor.grants.filter((g) => g.role === 'dept_lead' && g.departmentId).map((g) => g.departmentId!);
  if (led.length === 0) throw new AppError('FORBIDDEN', { message: 'Forecasts are for owners, admins, auditors and department leads' });
  return led;
}

/** The forecast as an actor may see it: a lead gets the organization total and their own department only. */
export async function getForecast(ctx: AppContext, actor: Actor, options: ForecastOptions): Promise<OrgForecast> {
  const scope = forecastScope(actor);
  const forecast = await forecastOrganization(ctx, actor.orgId, options);
  if (scope === 'all') return forecast;
  const names = new Set((await Promise.all(scope.map((id) => ctx.repos.departments.findById(actor.orgId, id)))).flatMap((d) => (d ? [d.name] : [])));
  const keep = <T>(r: Readonly<Record<string, T>>) => Object.fromEntries(Object.entries(r).filter(([k]) => names.has(k)));
  return {
    ...forecast,
    months: forecast.months.map((m) => ({ ...m, departments: keep(m.departments) })),
    daily: { org: forecast.daily.org, departments: keep(forecast.daily.departments) },
  };
}
