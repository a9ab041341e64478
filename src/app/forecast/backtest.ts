import { addDays, daysBetween } from '../../domain/dates.ts';
import { backtestUsage, rollingOrigins, type BacktestPerson, type BacktestResult } from '../../domain/forecast/backtest.ts';
import { createRng } from '../../sim/rng.ts';
import { companyHolidays, generateUsageSeries } from '../../sim/usage-series.ts';
import type { Actor, AppContext } from '../context.ts';
import { forecastScope } from './forecast.ts';
import { HISTORY_DAYS, loadForecastData } from './load.ts';

export const BACKTEST_HORIZON = 30;

export type BacktestReport = Readonly<{
  name: string;
  description: string;
  horizonDays: number;
  origins: number;
  paths: number;
  mape: number;
  p90Coverage: number;
  p10p90Coverage: number;
  bias: number;
  detail: ReadonlyArray<Readonly<{ origin: string; actual: number; p10: number; p50: number; p90: number }>>;
}>;

function report(name: string, description: string, startDay: string, paths: number, r: BacktestResult): BacktestReport {
  const r4 = (v: number) => Math.round(v * 10_000) / 10_000;
  const r2 = (v: number) => Math.round(v * 100) / 100;
  return {
    name,
    description,
    horizonDays: r.horizonDays,
    origins: r.origins.length,
    paths,
    mape: r4(r.mape),
    p90Coverage: r4(r.p90Coverage),
    p10p90Coverage: r4(r.p10p90Coverage),
    bias: r4(r.bias),
    detail: r.origins.map((o) => ({ origin: addDays(startDay, o.origin), actual: r2(o.actual), p10: r2(o.forecast.p10), p50: r2(o.forecast.p50), p90: r2(o.forecast.p90) })),
  };
}

export type SyntheticBacktestOptions = Readonly<{ seeds?: readonly number[]; days?: number; step?: number; paths?: number }>;

/** Seeds of the default synthetic run: never used to develop the method (docs/forecasting.md). */
export const DEFAULT_SYNTHETIC_SEEDS: readonly number[] = [201, 202, 203, 204];

/**
 * Rolling-origin backtest on synthetic companies from the known generator (src/sim/usage-series.ts):
 * one run per seed, origins every `step` days from day 112, 30-day horizon, the generator's holiday
 * calendar given in advance. Metrics pool all origins.
 */
export function runSyntheticBacktest(options: SyntheticBacktestOptions = {}): BacktestReport {
  const seeds = options.seeds ?? DEFAULT_SYNTHETIC_SEEDS;
  const days = options.days ?? 420;
  const paths = options.paths ?? 100;
  const results = seeds.map((seed) => {
    const series = generateUsageSeries({ seed, days });
    const origins = rollingOrigins({ days, first: 112, step: options.step ?? 7, horizonDays: BACKTEST_HORIZON });
    return { series, result: backtestUsage({ people: series.people, origins, horizonDays: BACKTEST_HORIZON, paths, rng: createRng(seed * 7919), calendar: { startDay: series.startDay, holidays: companyHolidays(series) } }) };
  });
  const all = results.flatMap((x) => x.result.origins);
  const n = Math.max(1, all.length);
  const pooled: BacktestResult = {
    horizonDays: BACKTEST_HORIZON,
    origins: all,
    mape: all.reduce((s, o) => s + o.absPctError, 0) / n,
    p90Coverage: all.filter((o) => o.isBelowP90).length / n,
    p10p90Coverage: all.filter((o) => o.isInsideP10P90).length / n,
    bias: all.reduce((s, o) => s + (o.forecast.p50 - o.actual) / o.actual, 0) / n,
  };
  return report('synthetic', `Known generator, seeds ${seeds.join(', ')}, ${days} days each; total organization usage over 30 days`, results[0]?.series.startDay ?? '', paths, pooled);
}

/** The same backtest on the organization's own history (origins every week once eight weeks exist). */
export async function runHistoryBacktest(ctx: AppContext, actor: Actor, options: { paths?: number; step?: number } = {}): Promise<BacktestReport> {
  forecastScope(actor);
  const data = await loadForecastData(ctx, actor.orgId, { months: 1 });
  const people: BacktestPerson[] = data.people.map((p) => ({ id: p.id, departmentId: p.departmentId, demand: p.history }));
  const paths = options.paths ?? 300;
  const origins = rollingOrigins({ days: HISTORY_DAYS, first: 84, step: options.step ?? 7, horizonDays: BACKTEST_HORIZON });
  const result = backtestUsage({ people, origins, horizonDays: BACKTEST_HORIZON, paths, rng: createRng(20261127), calendar: { startDay: data.historyStart, holidays: data.holidays } });
  return report('history', `This organization's last ${HISTORY_DAYS} days (${daysBetween(data.historyStart, data.today)} days of history); total usage over 30 days`, data.historyStart, paths, result);
}
