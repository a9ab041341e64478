import { addDays, weekdayOf } from '../dates.ts';
import { estimateHolidayFactor, holidayIndices } from './holidays.ts';
import { anomalousWeeks, dampedDays, fitDampedTrend, TREND_DAMPING_PER_DAY, WINDOW_WEEKS, weeklyCompanyIndex, weeklyPerCapita } from './level.ts';
import { mean, studentT, type RandomSource } from './stats.ts';

/**
 * The usage model: a seeded Monte Carlo of every person's daily demand (USD at API rates).
 *
 * Each path replays each person's own recent history from a random week-aligned starting point (a
 * circular block bootstrap), so heavy tails, weekday seasonality and project bursts come from the data
 * rather than from a fitted curve. Company-wide swings are taken out of the replay (each replayed week
 * is rescaled to the company's current per-capita level) and put back as a forecast: a damped-trend
 * (Holt) fit of a robust weekly company index (level.ts), whose growth fades with the horizon, and a company-wide level
 * shock whose spread is calibrated on the history itself (the model's own 30-day errors at past
 * origins, minus the spread the bootstrap already produces). Company holidays come from the
 * organization's calendar (holidays.ts): they are left out of what is replayed and scaled down where
 * they fall in the horizon. People with little history borrow a colleague's (or, in a department with little
 * history, a survey-corrected level). See docs/forecasting.md.
 */

export type ForecastPerson = Readonly<{
  id: string;
  departmentId: string;
  /** Demand per history day, index 0 = the model's historyStart; NaN when not employed (or no seat). */
  history: readonly number[];
  /** Horizon day index (0 = first forecast day) from which the person is employed; 0 when already. */
  startsAt: number;
  /** Horizon day index from which the person has left, or null. */
  endsAt: number | null;
}>;

export type DepartmentPrior = Readonly<{ departmentId: string; expectedMonthlyUsd: number }>;

/** Dates for the model: the first forecast day (the day after the last history day) and company holidays. */
export type ModelCalendar = Readonly<{ firstDay: string; holidays: readonly string[] }>;

export type UsageModelInput = Readonly<{
  people: readonly ForecastPerson[];
  horizonDays: number;
  paths: number;
  rng: RandomSource;
  /** Survey-corrected expected monthly usage for departments with little history. */
  departmentPriors?: readonly DepartmentPrior[];
  /** The organization's calendar; without it no day is a holiday. */
  calendar?: ModelCalendar;
}>;

/** A person needs this many employed days in the window to be replayed from their own history. */
export const MIN_OWN_HISTORY_DAYS = 28;
/** A department needs this many people with their own history to lend to its thin members. */
export const MIN_DEPARTMENT_DONORS = 3;
const CALIBRATION_ORIGIN_STEP = 7;
const CALIBRATION_HORIZON = 30;
/** Spread of the company-wide level when the history is too short to calibrate it (log scale). */
export const PRIOR_LEVEL_SIGMA = 0.15;
const PILOT_PATHS = 200;
/** Calibration origins need this much history before them (the trend needs eight weeks). */
const MIN_CALIBRATION_HISTORY = 56;
const MAX_CALIBRATION_ORIGINS = 26;

export type PersonWindow = Readonly<{
  values: Float64Array;
  /** Week of each value, counted back from the last history day (0 = the last week). */
  weeks: Int32Array;
}>;
export type PersonFit = Readonly<{ window: PersonWindow | null; donors: readonly number[]; scale: number }>;

export type UsageFit = Readonly<{
  persons: readonly PersonFit[];
  /** Log per-capita demand of each window week (0 = the last), NaN when skipped. */
  weekLog: readonly number[];
  /** Holt level of log per-capita demand at the end of the history. */
  levelLog: number;
  /** Current per-capita growth per day (log), before damping. */
  growthPerDay: number;
  growthSe: number;
  dampingPerDay: number;
  levelBias: number;
  levelSigma: number;
  /** Degrees of freedom of the level shock (Student t: σ is itself estimated from few origins); null: normal. */
  levelDf: number | null;
  calibrationOrigins: number;
  /** Weeks (counted back from the last history day, 0 = the last week) left out: holidays and company-wide anomalies. */
  skippedWeeks: readonly number[];
  /** Department ids modelled from a prior because they lack history. */
  priorDepartments: readonly string[];
  /** Share of a normal day's demand kept on a company holiday (working days only). */
  holidayFactor: number;
  holidayFactorSource: 'history' | 'weekend' | 'none';
  /** History length the fit was made at; horizon day h is index historyLength + h of `holidayIndex`. */
  historyLength: number;
  /** Holiday working days as indices into the history (and beyond it, into the horizon). */
  holidayIndex: ReadonlySet<number>;
}>;

/** Weeks replayed per person (the most recent of the window); older weeks only inform the trend. */
export const REPLAY_WEEKS = 8;

/** The person's employed whole weeks of the window, skipping holiday and anomalous weeks; null below four weeks. */
function personWindow(history: readonly number[], historyLength: number, skipped: ReadonlySet<number>): PersonWindow | null {
  const weeks: number[] = [];
  for (let w = 0; w < WINDOW_WEEKS && weeks.length < REPLAY_WEEKS; w++) {
    const from = historyLength - (w + 1) * 7;
    if (from < 0) break;
    if (skipped.has(w)) continue;
    if (history.slice(from, from + 7).some((v) => Number.isNaN(v))) break;
    weeks.unshift(w);
  }
  if (weeks.length * 7 < MIN_OWN_HISTORY_DAYS) return null;
  const values: number[] = [];
  const weekOf: number[] = [];
  for (const w of weeks) {
    const from = historyLength - (w + 1) * 7;
    for (let k = 0; k < 7; k++) {
      values.push(history[from + k]!);
      weekOf.push(w);
    }
  }
  return { values: Float64Array.from(values), weeks: Int32Array.from(weekOf) };
}

function fitPersons(input: { people: readonly ForecastPerson[]; historyLength: number; priors: readonly DepartmentPrior[]; skipped: readonly number[] }): { persons: PersonFit[]; priorDepartments: string[] } {
  const skipped = new Set(input.skipped);
  const windows = input.people.map((p) => personWindow(p.history, input.historyLength, skipped));
  const byDept = new Map<string, number[]>();
  windows.forEach((w, i) => {
    if (!w) return;
    const id = input.people[i]!.departmentId;
    byDept.set(id, [...(byDept.get(id) ?? []), i]);
  });
  const everyone = windows.flatMap((w, i) => (w ? [i] : []));
  const orgMeanDaily = mean(everyone.map((i) => meanOf(windows[i]!.values)));
  const headcount = new Map<string, number>();
  for (const p of input.people) if (p.endsAt === null || p.endsAt > 0) headcount.set(p.departmentId, (headcount.get(p.departmentId) ?? 0) + 1);
  const priorDepartments = new Set<string>();
  const persons = input.people.map((p, i): PersonFit => {
    if (windows[i]) return { window: windows[i]!, donors: [], scale: 1 };
    const own = byDept.get(p.departmentId) ?? [];
    if (own.length >= MIN_DEPARTMENT_DONORS) return { window: null, donors: own, scale: 1 };
    const prior = input.priors.find((x) => x.departmentId === p.departmentId);
    if (prior) priorDepartments.add(p.departmentId);
    const perPersonDaily = prior ? prior.expectedMonthlyUsd / 30.44 / Math.max(1, headcount.get(p.departmentId) ?? 1) : orgMeanDaily;
    return { window: null, donors: everyone, scale: orgMeanDaily > 0 ? perPersonDaily / orgMeanDaily : 0 };
  });
  return { persons, priorDepartments: [...priorDepartments] };
}

function meanOf(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return values.length === 0 ? 0 : s / values.length;
}

/** Rescales a replayed value from its week's company level to the current level (1 when unknown). */
function weekScale(fit: UsageFit, week: number): number {
  const w = fit.weekLog[week];
  return w === undefined || Number.isNaN(w) || Number.isNaN(fit.levelLog) ? 1 : Math.exp(fit.levelLog - w);
}

/** The level's reference point is the middle of the last history week, four days before horizon day 0. */
const LEVEL_LAG_DAYS = 4;

type PathDraw = Readonly<{ growth: number; level: number; drift: number }>;

/**
 * Replays every person over the horizon for each path and hands each (path, person) demand series to
 * `visit`. The buffer is reused between calls; copy what you keep.
 */
export function runPaths(
  fit: UsageFit,
  input: Readonly<{ people: readonly ForecastPerson[]; horizonDays: number; paths: number; rng: RandomSource; shock?: boolean }>,
  visit: (path: number, person: number, demand: Float64Array) => void,
): void {
  const H = input.horizonDays;
  const buffer = new Float64Array(H);
  const useShock = input.shock ?? true;
  const damped = Float64Array.from({ length: H }, (_, h) => dampedDays(h + LEVEL_LAG_DAYS, fit.dampingPerDay));
  const holiday = Float64Array.from({ length: H }, (_, h) => (fit.holidayIndex.has(fit.historyLength + h) ? fit.holidayFactor : 1));
  const scales = fit.persons.map((pf) => (pf.window ? Float64Array.from(pf.window.weeks, (w) => weekScale(fit, w)) : null));
  for (let path = 0; path < input.paths; path++) {
    const draw: PathDraw = {
      growth: fit.growthPerDay + fit.growthSe * input.rng.normal(),
      level: useShock ? fit.levelBias + fit.levelSigma * studentT(input.rng, fit.levelDf) : 0,
      drift: useShock ? fit.levelSigma * studentT(input.rng, fit.levelDf) : 0,
    };
    for (let i = 0; i < input.people.length; i++) {
      const person = input.people[i]!;
      const pf = fit.persons[i]!;
      const d = pf.window ? i : pf.donors.length > 0 ? pf.donors[Math.floor(input.rng.next() * pf.donors.length)]! : -1;
      const window = d >= 0 ? fit.persons[d]!.window : null;
      const scale = d >= 0 ? scales[d]! : null;
      buffer.fill(0);
      if (window && scale && pf.scale > 0) {
        const W = window.values.length;
        // Week-aligned start keeps weekdays in place: window index (s + h) falls on the weekday of horizon day h.
        const s = 7 * Math.floor(input.rng.next() * (W / 7));
        for (let h = Math.max(0, person.startsAt); h < H && (person.endsAt === null || h < person.endsAt); h++) {
          const j = (s + h) % W;
          // Beyond the calibrated 30 days the company level keeps drifting like a random walk.
          const extra = h > CALIBRATION_HORIZON ? draw.drift * Math.sqrt((h - CALIBRATION_HORIZON) / CALIBRATION_HORIZON) : 0;
          buffer[h] = window.values[j]! * scale[j]! * pf.scale * holiday[h]! * Math.exp(draw.growth * damped[h]! + draw.level + extra);
        }
      }
      visit(path, i, buffer);
    }
  }
}

/**
 * Fits the model to the history (all people share one history length) and calibrates the company-wide
 * level spread on the history's own 30-day errors at past origins. The level is median-unbiased by
 * construction: calibration only widens the band.
 */
export function fitUsageModel(input: UsageModelInput): UsageFit {
  const historyLength = input.people[0]?.history.length ?? 0;
  const holidays = holidayIndices(input.calendar, historyLength);
  const weekdayAt = input.calendar ? (d: number) => weekdayOf(addDays(input.calendar!.firstDay, d - historyLength)) : () => 1;
  const fitAtOrigin = (origin: number) => fitAt({ people: input.people, historyLength: origin, priors: input.departmentPriors ?? [], holidays, hasCalendar: input.calendar !== undefined, weekdayAt });
  const base = fitAtOrigin(historyLength);
  const errors = pastErrors(input.people, historyLength, fitAtOrigin);
  if (errors.length < 4) return { ...base, levelSigma: PRIOR_LEVEL_SIGMA, calibrationOrigins: errors.length };
  const n = errors.length;
  const meanSquare = errors.reduce((s, e) => s + e * e, 0) / (n - 1);
  // The bootstrap alone already spreads the 30-day total; the level shock adds only what is missing.
  const pilot = pilotSpread(base, input);
  return { ...base, levelSigma: Math.sqrt(Math.max(0, meanSquare - pilot ** 2)), levelDf: n - 1, calibrationOrigins: n };
}

function fitAt(input: { people: readonly ForecastPerson[]; historyLength: number; priors: readonly DepartmentPrior[]; holidays: ReadonlySet<number>; hasCalendar: boolean; weekdayAt: (d: number) => number }): UsageFit {
  const { people, historyLength, holidays } = input;
  const weekly = weeklyPerCapita(people, historyLength);
  const holidayWeeks = weekly.flatMap((_, w) => {
    const from = historyLength - (w + 1) * 7;
    for (let d = from; d < from + 7; d++) if (holidays.has(d)) return [w];
    return [];
  });
  const skippedWeeks = [...new Set([...holidayWeeks, ...anomalousWeeks(weekly.map((v, w) => (holidayWeeks.includes(w) ? Number.NaN : v)))])].sort((a, b) => a - b);
  const { persons, priorDepartments } = fitPersons({ people, historyLength, priors: input.priors, skipped: skippedWeeks });
  const index = weeklyCompanyIndex(people, historyLength, skippedWeeks);
  const trend = fitDampedTrend(index, skippedWeeks);
  const weekLog = index.map((v, w) => (v > 0 && !skippedWeeks.includes(w) ? Math.log(v) : Number.NaN));
  const holiday = input.hasCalendar ? estimateHolidayFactor({ perCapita: dailyPerCapita(people, historyLength), holidays, weekdayOf: input.weekdayAt }) : { factor: 1, source: 'none' as const };
  return {
    persons,
    weekLog,
    levelLog: trend.levelLog,
    growthPerDay: trend.perDay,
    growthSe: trend.se,
    dampingPerDay: TREND_DAMPING_PER_DAY,
    levelBias: 0,
    levelSigma: 0,
    levelDf: null,
    calibrationOrigins: 0,
    skippedWeeks,
    priorDepartments,
    holidayFactor: holiday.factor,
    holidayFactorSource: holiday.source,
    historyLength,
    holidayIndex: holidays,
  };
}

/** Per-capita demand of every history day (NaN when nobody was employed). */
function dailyPerCapita(people: readonly ForecastPerson[], historyLength: number): number[] {
  const out: number[] = [];
  for (let d = 0; d < historyLength; d++) {
    let total = 0;
    let n = 0;
    for (const p of people) {
      const v = p.history[d];
      if (v === undefined || Number.isNaN(v)) continue;
      total += v;
      n++;
    }
    out.push(n > 0 ? total / n : Number.NaN);
  }
  return out;
}

/** Log errors (actual / expected) of the model's 30-day mean forecast at weekly origins inside the history. */
function pastErrors(people: readonly ForecastPerson[], historyLength: number, fitAtOrigin: (origin: number) => UsageFit): number[] {
  const errors: number[] = [];
  for (let origin = historyLength - CALIBRATION_HORIZON; origin >= MIN_CALIBRATION_HISTORY; origin -= CALIBRATION_ORIGIN_STEP) {
    const fit = fitAtOrigin(origin);
    const phase = fit.persons.map((pf) => (pf.window ? phaseMeans(pf.window, fit) : null));
    let predicted = 0;
    let actual = 0;
    people.forEach((p, i) => {
      const pf = fit.persons[i]!;
      const donors = (pf.window ? [i] : pf.donors).map((d) => phase[d]!);
      for (let h = 0; h < CALIBRATION_HORIZON; h++) {
        const v = p.history[origin + h];
        if (v === undefined || Number.isNaN(v)) continue;
        actual += v;
        let level = 0;
        for (const m of donors) level += m[h % 7]! / donors.length;
        const holiday = fit.holidayIndex.has(origin + h) ? fit.holidayFactor : 1;
        predicted += level * pf.scale * holiday * Math.exp(fit.growthPerDay * dampedDays(h + LEVEL_LAG_DAYS, fit.dampingPerDay));
      }
    });
    if (predicted > 0 && actual > 0) errors.push(Math.log(actual / predicted));
    if (errors.length >= MAX_CALIBRATION_ORIGINS) break;
  }
  return errors;
}

/** Mean rescaled value of a window per position in the week (replay position h % 7). */
function phaseMeans(window: PersonWindow, fit: UsageFit): Float64Array {
  const sums = new Float64Array(7);
  const counts = new Float64Array(7);
  for (let j = 0; j < window.values.length; j++) {
    sums[j % 7]! += window.values[j]! * weekScale(fit, window.weeks[j]!);
    counts[j % 7]!++;
  }
  return sums.map((s, k) => (counts[k]! > 0 ? s / counts[k]! : 0));
}

/** Standard deviation of the log 30-day total from the bootstrap alone (no level shock). */
function pilotSpread(fit: UsageFit, input: UsageModelInput): number {
  const totals = new Float64Array(PILOT_PATHS);
  runPaths(fit, { people: input.people, horizonDays: CALIBRATION_HORIZON, paths: PILOT_PATHS, rng: input.rng, shock: false }, (path, _i, demand) => {
    for (let h = 0; h < demand.length; h++) totals[path]! += demand[h]!;
  });
  const logs = [...totals].filter((t) => t > 0).map(Math.log);
  const m = mean(logs);
  return logs.length < 2 ? 0 : Math.sqrt(logs.reduce((s, x) => s + (x - m) ** 2, 0) / (logs.length - 1));
}
