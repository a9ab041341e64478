import { addDays } from '../dates.ts';
import { fitUsageModel, runPaths, type DepartmentPrior, type ForecastPerson } from './model.ts';
import { bandOf, type Band, type RandomSource } from './stats.ts';

/**
 * Rolling-origin evaluation: at each origin the model sees only the days before it (plus the roster,
 * as the live service knows hires and leavers in advance), forecasts the next `horizonDays` of
 * organization usage, and is scored against what happened.
 *
 * MAPE: mean over origins of |P50 − actual| / actual of the horizon's total. P90 coverage: share of
 * origins whose actual total is at or below the forecast P90 (a calibrated P90 covers 90%). P10–P90
 * coverage: share inside [P10, P90] (calibrated: 80%).
 */

export type BacktestPerson = Readonly<{
  id: string;
  departmentId: string;
  /** Demand per day in USD at API rates; NaN when not employed. */
  demand: readonly number[];
}>;

export type BacktestOrigin = Readonly<{ origin: number; actual: number; forecast: Band; absPctError: number; isBelowP90: boolean; isInsideP10P90: boolean }>;

export type BacktestResult = Readonly<{
  horizonDays: number;
  origins: readonly BacktestOrigin[];
  mape: number;
  p90Coverage: number;
  p10p90Coverage: number;
  /** Mean of (P50 − actual) / actual: positive means the forecast runs high. */
  bias: number;
}>;

/** Origins every `step` days from `first` while a whole horizon of actuals remains. */
export function rollingOrigins(input: { days: number; first: number; step: number; horizonDays: number }): number[] {
  const out: number[] = [];
  for (let o = input.first; o + input.horizonDays <= input.days; o += input.step) out.push(o);
  return out;
}

/** The people as the model sees them at `origin`: history before it, employment span after it. */
export function peopleAtOrigin(people: readonly BacktestPerson[], origin: number, horizonDays: number): ForecastPerson[] {
  const out: ForecastPerson[] = [];
  for (const p of people) {
    const future = p.demand.slice(origin, origin + horizonDays);
    const startsAt = future.findIndex((v) => !Number.isNaN(v));
    if (startsAt < 0) continue;
    const gone = future.findIndex((v, i) => i > startsAt && Number.isNaN(v));
    out.push({ id: p.id, departmentId: p.departmentId, history: p.demand.slice(0, origin), startsAt, endsAt: gone < 0 ? null : gone });
  }
  return out;
}

/** Runs the rolling-origin backtest of the organization's total usage over `horizonDays`. */
export function backtestUsage(input: {
  people: readonly BacktestPerson[];
  origins: readonly number[];
  horizonDays: number;
  paths: number;
  rng: RandomSource;
  departmentPriors?: readonly DepartmentPrior[];
  /** The day of index 0 and the company holidays, known in advance as in the live service. */
  calendar?: Readonly<{ startDay: string; holidays: readonly string[] }>;
}): BacktestResult {
  const origins = input.origins.map((origin): BacktestOrigin => {
    const people = peopleAtOrigin(input.people, origin, input.horizonDays);
    let actual = 0;
    for (const p of input.people) {
      for (let d = origin; d < origin + input.horizonDays; d++) {
        const v = p.demand[d];
        if (v !== undefined && !Number.isNaN(v)) actual += v;
      }
    }
    const calendar = input.calendar ? { firstDay: addDays(input.calendar.startDay, origin), holidays: input.calendar.holidays } : undefined;
    const modelInput = { people, horizonDays: input.horizonDays, paths: input.paths, rng: input.rng, departmentPriors: input.departmentPriors ?? [], ...(calendar ? { calendar } : {}) };
    const fit = fitUsageModel(modelInput);
    const totals = new Float64Array(input.paths);
    runPaths(fit, modelInput, (path, _i, demand) => {
      for (let h = 0; h < demand.length; h++) totals[path]! += demand[h]!;
    });
    const forecast = bandOf(totals);
    return {
      origin,
      actual,
      forecast,
      absPctError: actual > 0 ? Math.abs(forecast.p50 - actual) / actual : 0,
      isBelowP90: actual <= forecast.p90,
      isInsideP10P90: actual >= forecast.p10 && actual <= forecast.p90,
    };
  });
  const n = Math.max(1, origins.length);
  return {
    horizonDays: input.horizonDays,
    origins,
    mape: origins.reduce((s, o) => s + o.absPctError, 0) / n,
    p90Coverage: origins.filter((o) => o.isBelowP90).length / n,
    p10p90Coverage: origins.filter((o) => o.isInsideP10P90).length / n,
    bias: origins.reduce((s, o) => s + (o.actual > 0 ? (o.forecast.p50 - o.actual) / o.actual : 0), 0) / n,
  };
}
