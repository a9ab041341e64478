import { linearTrend, mean, type RandomSource } from './stats.ts';

/**
 * The usage model: a seeded Monte Carlo of every person's daily demand (USD at API rates).
 *
 * Each path replays each person's own recent history from a random week-aligned starting point (a
 * circular block bootstrap), so heavy tails, weekday seasonality and project bursts come from the data
 * rather than from a fitted curve. The replay is scaled by the organization's per-capita growth (a
 * log-linear trend over the last twelve weeks, drawn per path from its estimate and standard error) and
 * by a company-wide level shock whose spread is calibrated on the history itself: the model's own
 * 30-day errors at past origins, minus the spread the bootstrap already produces. People with little
 * history borrow a colleague's (or, in a department with little history, a survey-corrected level).
 * See docs/forecasting.md.
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

export type UsageModelInput = Readonly<{
  people: readonly ForecastPerson[];
  horizonDays: number;
  paths: number;
  rng: RandomSource;
  /** Survey-corrected expected monthly usage for departments with little history. */
  departmentPriors?: readonly DepartmentPrior[];
}>;

export const WINDOW_DAYS = 84;
/** A person needs this many employed days in the window to be replayed from their own history. */
export const MIN_OWN_HISTORY_DAYS = 28;
/** A department needs this many people with their own history to lend to its thin members. */
export const MIN_DEPARTMENT_DONORS = 3;
const MAX_DAILY_GROWTH = 0.005;
const CALIBRATION_ORIGIN_STEP = 7;
const CALIBRATION_HORIZON = 30;
/** Spread of the company-wide level when the history is too short to calibrate it (log scale). */
export const PRIOR_LEVEL_SIGMA = 0.15;
const PILOT_PATHS = 200;
/** Calibration origins need this much history before them (the trend needs eight weeks). */
const MIN_CALIBRATION_HISTORY = 56;
const MAX_CALIBRATION_ORIGINS = 26;

export type PersonWindow = Readonly<{ values: Float64Array; ages: Float64Array }>;
export type PersonFit = Readonly<{ window: PersonWindow | null; donors: readonly number[]; scale: number }>;

export type UsageFit = Readonly<{
  persons: readonly PersonFit[];
  growthPerDay: number;
  growthSe: number;
  levelBias: number;
  levelSigma: number;
  calibrationOrigins: number;
  /** Weeks (counted back from the last history day, 0 = the last week) left out as company-wide anomalies. */
  skippedWeeks: readonly number[];
  /** Department ids modelled from a prior because they lack history. */
  priorDepartments: readonly string[];
}>;

const WINDOW_WEEKS = WINDOW_DAYS / 7;
/** Weeks replayed per person (the most recent of the window); older weeks only inform the trend. */
export const REPLAY_WEEKS = 8;
/** A week whose per-capita demand falls below this share of the window's median is a company-wide
 * anomaly (a holiday shutdown): it is not replayed and not used for the trend. */
const ANOMALOUS_WEEK_SHARE = 0.6;

/** Per-capita demand of each of the last twelve whole weeks (index 0 = the latest), NaN when nobody worked. */
export function weeklyPerCapita(people: readonly ForecastPerson[], historyLength: number): number[] {
  const weeks = Math.min(WINDOW_WEEKS, Math.floor(historyLength / 7));
  const out: number[] = [];
  for (let w = 0; w < weeks; w++) {
    const from = historyLength - (w + 1) * 7;
    let total = 0;
    let personDays = 0;
    for (const p of people) {
      for (let d = from; d < from + 7; d++) {
        const v = p.history[d];
        if (v === undefined || Number.isNaN(v)) continue;
        total += v;
        personDays++;
      }
    }
    out.push(personDays > 0 ? total / personDays : Number.NaN);
  }
  return out;
}

/** Weeks (0 = the latest) whose per-capita demand is far below the median of the window. */
export function anomalousWeeks(weekly: readonly number[]): number[] {
  const valid = weekly.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (valid.length < 4) return [];
  const median = valid[Math.floor(valid.length / 2)]!;
  return weekly.flatMap((v, w) => (!Number.isNaN(v) && v < ANOMALOUS_WEEK_SHARE * median ? [w] : []));
}

/** The person's employed whole weeks of the window, skipping anomalous weeks; null below four weeks. */
function personWindow(history: readonly number[], skipped: ReadonlySet<number>): PersonWindow | null {
  const weeks: number[] = [];
  const n = history.length;
  // The latest REPLAY_WEEKS whole weeks the person worked, skipping company-wide anomalies.
  for (let w = 0; w < WINDOW_WEEKS && weeks.length < REPLAY_WEEKS; w++) {
    const from = n - (w + 1) * 7;
    if (from < 0) break;
    if (skipped.has(w)) continue;
    if (history.slice(from, from + 7).some((v) => Number.isNaN(v))) break;
    weeks.unshift(from);
  }
  if (weeks.length * 7 < MIN_OWN_HISTORY_DAYS) return null;
  const values: number[] = [];
  const ages: number[] = [];
  for (const from of weeks) {
    for (let k = 0; k < 7; k++) {
      values.push(history[from + k]!);
      ages.push(n - (from + k));
    }
  }
  return { values: Float64Array.from(values), ages: Float64Array.from(ages) };
}

/**
 * Per-capita growth per day: Theil–Sen slope of log weekly per-capita demand over the last twelve
 * weeks (anomalous weeks left out), shrunk toward zero by its own noise (b·b²/(b²+se²)) so a trend is
 * extrapolated only when the data clearly show one.
 */
export function estimateGrowth(weekly: readonly number[], skipped: readonly number[]): { perDay: number; se: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  weekly.forEach((v, w) => {
    if (Number.isNaN(v) || v <= 0 || skipped.includes(w)) return;
    xs.push(-w * 7);
    ys.push(Math.log(v));
  });
  if (xs.length < 4) return { perDay: 0, se: 0 };
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) slopes.push((ys[j]! - ys[i]!) / (xs[j]! - xs[i]!));
  slopes.sort((a, b) => a - b);
  const slope = slopes[Math.floor(slopes.length / 2)]!;
  const se = Math.min(MAX_DAILY_GROWTH, linearTrend(xs, ys).slopeSe);
  const shrunk = (slope * slope * slope) / (slope * slope + se * se || 1);
  return { perDay: Math.max(-MAX_DAILY_GROWTH, Math.min(MAX_DAILY_GROWTH, shrunk)), se };
}

function fitPersons(input: { people: readonly ForecastPerson[]; priors: readonly DepartmentPrior[]; skipped: readonly number[] }): { persons: PersonFit[]; priorDepartments: string[] } {
  const skipped = new Set(input.skipped);
  const windows = input.people.map((p) => personWindow(p.history, skipped));
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
  for (let path = 0; path < input.paths; path++) {
    const draw: PathDraw = {
      growth: fit.growthPerDay + fit.growthSe * input.rng.normal(),
      level: useShock ? fit.levelBias + fit.levelSigma * input.rng.normal() : 0,
      drift: useShock ? fit.levelSigma * input.rng.normal() : 0,
    };
    for (let i = 0; i < input.people.length; i++) {
      const person = input.people[i]!;
      const pf = fit.persons[i]!;
      const donor = pf.window ? pf : pf.donors.length > 0 ? fit.persons[pf.donors[Math.floor(input.rng.next() * pf.donors.length)]!]! : null;
      const window = donor?.window;
      buffer.fill(0);
      if (window && pf.scale > 0) {
        const W = window.values.length;
        // Week-aligned start keeps weekdays in place: window index (s + h) falls on the weekday of horizon
        // day h (every window day's age is a multiple of 7 away from the others on its weekday).
        const s = 7 * Math.floor(input.rng.next() * (W / 7));
        for (let h = Math.max(0, person.startsAt); h < H && (person.endsAt === null || h < person.endsAt); h++) {
          const j = (s + h) % W;
          const age = window.ages[j]! + h;
          // Beyond the calibrated 30 days the company level keeps drifting like a random walk.
          const extra = h > CALIBRATION_HORIZON ? draw.drift * Math.sqrt((h - CALIBRATION_HORIZON) / CALIBRATION_HORIZON) : 0;
          buffer[h] = window.values[j]! * pf.scale * Math.exp(draw.growth * age + draw.level + extra);
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
  const base = fitAt(input.people, historyLength, input.departmentPriors ?? []);
  const errors = pastErrors(input.people, historyLength, input.departmentPriors ?? []);
  if (errors.length < 4) return { ...base, levelSigma: PRIOR_LEVEL_SIGMA, calibrationOrigins: errors.length };
  const n = errors.length;
  const meanSquare = errors.reduce((s, e) => s + e * e, 0) / (n - 1);
  // The bootstrap alone already spreads the 30-day total; the level shock adds only what is missing.
  const pilot = pilotSpread(base, input);
  return { ...base, levelSigma: Math.sqrt(Math.max(0, meanSquare - pilot ** 2)), calibrationOrigins: n };
}

function fitAt(people: readonly ForecastPerson[], historyLength: number, priors: readonly DepartmentPrior[]): UsageFit {
  const truncated = historyLength === (people[0]?.history.length ?? 0) ? people : people.map((p) => ({ ...p, history: p.history.slice(0, historyLength) }));
  const weekly = weeklyPerCapita(truncated, historyLength);
  const skippedWeeks = anomalousWeeks(weekly);
  const { persons, priorDepartments } = fitPersons({ people: truncated, priors, skipped: skippedWeeks });
  const growth = estimateGrowth(weekly, skippedWeeks);
  return { persons, growthPerDay: growth.perDay, growthSe: growth.se, levelBias: 0, levelSigma: 0, calibrationOrigins: 0, skippedWeeks, priorDepartments };
}

/** Log errors (actual / expected) of the model's 30-day mean forecast at weekly origins inside the history. */
function pastErrors(people: readonly ForecastPerson[], historyLength: number, priors: readonly DepartmentPrior[]): number[] {
  const errors: number[] = [];
  for (let origin = historyLength - CALIBRATION_HORIZON; origin >= MIN_CALIBRATION_HISTORY; origin -= CALIBRATION_ORIGIN_STEP) {
    const fit = fitAt(people, origin, priors);
    let predicted = 0;
    let actual = 0;
    people.forEach((p, i) => {
      const pf = fit.persons[i]!;
      const donors = pf.window ? [pf] : pf.donors.map((d) => fit.persons[d]!);
      let level = 0;
      for (const d of donors) level += expectedDaily(d.window!, fit.growthPerDay) / donors.length;
      level *= pf.scale;
      for (let h = 0; h < CALIBRATION_HORIZON; h++) {
        const v = p.history[origin + h];
        if (v === undefined || Number.isNaN(v)) continue;
        actual += v;
        predicted += level * Math.exp(fit.growthPerDay * h);
      }
    });
    if (predicted > 0 && actual > 0) errors.push(Math.log(actual / predicted));
    if (errors.length >= MAX_CALIBRATION_ORIGINS) break;
  }
  return errors;
}

/** Mean of a window's days, each grown to the first forecast day. */
function expectedDaily(window: PersonWindow, growth: number): number {
  let s = 0;
  for (let i = 0; i < window.values.length; i++) s += window.values[i]! * Math.exp(growth * window.ages[i]!);
  return s / window.values.length;
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
