import { linearTrend, mean } from './stats.ts';
import type { ForecastPerson } from './model.ts';

/**
 * The company-wide level of the usage model: weekly per-capita demand, a robust company index, and a
 * damped-trend (Holt) fit of it. Pure; see docs/forecasting.md.
 */

export const WINDOW_DAYS = 84;
export const WINDOW_WEEKS = WINDOW_DAYS / 7;
const MAX_DAILY_GROWTH = 0.005;
/** Daily damping of the trend: growth t days ahead counts φ^t, so at most φ/(1−φ) ≈ 19 days of growth are extrapolated. */
export const TREND_DAMPING_PER_DAY = 0.95;
/** Holt smoothing of the weekly log company index: level (α) and trend (β), chosen on the development seeds. */
const HOLT_ALPHA = 0.5;
const HOLT_BETA = 0.1;
/** A week whose per-capita demand falls below this share of the window's median is a company-wide
 * anomaly (an unannounced shutdown): it is not replayed and not used for the trend. */
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

/**
 * A robust company-wide index per window week (0 = the latest; NaN when skipped or unknown): the median
 * over people of their week's demand ÷ their own mean week. One heavy user's project burst moves the
 * per-capita mean a lot but this median hardly, so the index tracks what moves everyone (adoption,
 * crunches, quiet spells).
 */
export function weeklyCompanyIndex(people: readonly ForecastPerson[], historyLength: number, skipped: readonly number[]): number[] {
  const weeks = Math.min(WINDOW_WEEKS, Math.floor(historyLength / 7));
  const ratios: number[][] = Array.from({ length: weeks }, () => []);
  for (const p of people) {
    const sums: number[] = [];
    for (let w = 0; w < weeks; w++) {
      const from = historyLength - (w + 1) * 7;
      let s = 0;
      for (let d = from; d < from + 7; d++) {
        const v = p.history[d];
        if (v === undefined || Number.isNaN(v)) {
          s = Number.NaN;
          break;
        }
        s += v;
      }
      sums.push(skipped.includes(w) ? Number.NaN : s);
    }
    const valid = sums.filter((v) => !Number.isNaN(v));
    if (valid.length < 4) continue;
    const m = mean(valid);
    if (m <= 0) continue;
    sums.forEach((v, w) => {
      if (!Number.isNaN(v)) ratios[w]!.push(v / m);
    });
  }
  return ratios.map((r) => {
    if (r.length < 5) return Number.NaN;
    r.sort((a, b) => a - b);
    const mid = r.length / 2;
    return r.length % 2 === 1 ? r[Math.floor(mid)]! : (r[mid - 1]! + r[mid]!) / 2;
  });
}

/** Weeks (0 = the latest) whose per-capita demand is far below the median of the window. */
export function anomalousWeeks(weekly: readonly number[]): number[] {
  const valid = weekly.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (valid.length < 4) return [];
  const median = valid[Math.floor(valid.length / 2)]!;
  return weekly.flatMap((v, w) => (!Number.isNaN(v) && v < ANOMALOUS_WEEK_SHARE * median ? [w] : []));
}

/**
 * Damped-trend exponential smoothing (Holt) of a weekly series (index 0 = the latest week), on the log scale. The
 * trend starts from the Theil–Sen slope shrunk toward zero by its own noise (b·b²/(b²+se²)), so a trend
 * is followed only when the data clearly show one. Returns the level at the last week and the daily
 * growth (log) with its standard error.
 */
export function fitDampedTrend(weekly: readonly number[], skipped: readonly number[]): { levelLog: number; perDay: number; se: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  weekly.forEach((v, w) => {
    if (Number.isNaN(v) || v <= 0 || skipped.includes(w)) return;
    xs.unshift(-w * 7);
    ys.unshift(Math.log(v));
  });
  if (xs.length === 0) return { levelLog: Number.NaN, perDay: 0, se: 0 };
  if (xs.length < 4) return { levelLog: mean(ys), perDay: 0, se: 0 };
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) slopes.push((ys[j]! - ys[i]!) / (xs[j]! - xs[i]!));
  slopes.sort((a, b) => a - b);
  const slope = slopes[Math.floor(slopes.length / 2)]!;
  const se = Math.min(MAX_DAILY_GROWTH, linearTrend(xs, ys).slopeSe);
  let trend = (slope * slope * slope) / (slope * slope + se * se || 1);
  // Level and trend run on the actual spacing of the kept weeks (skipped weeks leave gaps).
  let level = ys[0]!;
  for (let t = 1; t < ys.length; t++) {
    const gap = xs[t]! - xs[t - 1]!;
    const predicted = level + trend * gap;
    const error = ys[t]! - predicted;
    level = predicted + HOLT_ALPHA * error;
    trend += (HOLT_ALPHA * HOLT_BETA * error) / gap;
  }
  return { levelLog: level, perDay: Math.max(-MAX_DAILY_GROWTH, Math.min(MAX_DAILY_GROWTH, trend)), se };
}

/** Σ φ^i for i = 1..k: how many days of growth the damped trend adds k days after its reference point. */
export function dampedDays(k: number, phi = TREND_DAMPING_PER_DAY): number {
  return phi >= 1 ? k : (phi * (1 - phi ** k)) / (1 - phi);
}
