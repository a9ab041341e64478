import type { SeriesPoint } from './detector.ts';

/** The RNG a generator needs (src/sim/rng.ts provides one); passed in, never created here. */
export type SeriesRng = Readonly<{ next: () => number; normal: () => number }>;

export type Granularity = 'day' | 'hour';

/** Share of a normal weekday's cost by weekday, Sunday first: engineers rarely work weekends. */
export const WEEKDAY_SHAPE = [0.2, 1, 1.08, 1.05, 1, 0.85, 0.18] as const;

/** Share of a day's cost by hour (UTC), a working-day profile with a lunch dip; sums to about 1. */
export const HOUR_SHAPE: readonly number[] = (() => {
  const raw = Array.from({ length: 24 }, (_, h) => (h < 7 || h > 19 ? 0.02 : h === 12 ? 0.6 : 1));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => v / total);
})();

export type SurgeSpec = Readonly<{ startIndex: number; factor: number; length: number }>;

export type SyntheticSeriesInput = Readonly<{
  rng: SeriesRng;
  /** First point's instant (ms, UTC midnight for daily series). */
  start: number;
  points: number;
  granularity: Granularity;
  /** Typical weekday cost per day. */
  level: number;
  /** Log-normal noise (sigma) per point. */
  noise: number;
  /** Growth over a year (0.3 = +30%). */
  yearlyGrowth?: number;
  /** Chance that a day is a holiday (cost at 25%). */
  holidayChance?: number;
  surge?: SurgeSpec;
}>;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * A synthetic cost series with weekday (and hour-of-day) seasonality, growth, holidays and log-normal
 * noise, optionally with a multiplicative surge. Used to measure the detector, and by the demo data.
 */
export function generateCostSeries(input: SyntheticSeriesInput): SeriesPoint[] {
  const step = input.granularity === 'day' ? DAY_MS : HOUR_MS;
  const holidays = new Map<number, boolean>();
  const out: SeriesPoint[] = [];
  for (let i = 0; i < input.points; i++) {
    const t = input.start + i * step;
    const date = new Date(t);
    const dayIndex = Math.floor(t / DAY_MS);
    if (!holidays.has(dayIndex)) holidays.set(dayIndex, input.rng.next() < (input.holidayChance ?? 0.015));
    const years = (t - input.start) / (365 * DAY_MS);
    let value = input.level * (1 + (input.yearlyGrowth ?? 0.25) * years) * WEEKDAY_SHAPE[date.getUTCDay()]!;
    if (input.granularity === 'hour') value *= HOUR_SHAPE[date.getUTCHours()]!;
    const surge = input.surge;
    const isSurging = surge !== undefined && i >= surge.startIndex && i < surge.startIndex + surge.length;
    // A surge is measured against the normal level: on a holiday it replaces the dip rather than
    // multiplying it (5x a quarter-day would be no surge at all).
    if (holidays.get(dayIndex) && !isSurging) value *= 0.25;
    value *= Math.exp(input.noise * input.rng.normal() - (input.noise * input.noise) / 2);
    if (isSurging) value *= surge.factor;
    out.push({ t, value: Math.round(value * 10_000) / 10_000 });
  }
  return out;
}
