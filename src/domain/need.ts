import { daysBetween, dayIndexOf, dayOfIndex, weekdayOfIndex } from './dates.ts';

/**
 * Need scores: how much a person needs a higher tier, from real usage over rolling windows and their
 * scheduled project work. Nothing about the person's seniority, title or role is an input.
 */
export type UsageDay = Readonly<{ day: string; messages: number; limitHits: number }>;

export type NeedInput = Readonly<{
  asOf: string;
  /** Daily usage (any order; missing days mean no use). */
  usage: readonly UsageDay[];
  /** Daily message limit of the tier held on a day (the tier's usage multiplier × a base). */
  limitOn: (day: string) => number;
  /** An active or upcoming lease or project within the next 14 days. */
  hasScheduledWork: boolean;
}>;

export type NeedComponent = Readonly<{ name: 'recent' | 'peak' | 'pressure' | 'momentum' | 'scheduled'; weight: number; value: number; explanation: string }>;

export type NeedLevel = 'high' | 'medium' | 'low';

export type NeedScore = Readonly<{ score: number; level: NeedLevel; components: readonly NeedComponent[]; workdays84: number; limitHitDays84: number }>;

export const NEED_WEIGHTS = { recent: 0.25, peak: 0.3, pressure: 0.25, momentum: 0.1, scheduled: 0.1 } as const;
export const NEED_LEVELS = { high: 0.6, medium: 0.35 } as const;

const round = (v: number) => Math.round(v * 1000) / 1000;

/** The q-quantile (0..1) of values by nearest rank; 0 for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The need windows reach back 84 days (12 weeks) including asOf. */
export const NEED_WINDOW_DAYS = 84;

/**
 * The need score's input by day index: the 84 days ending on `asOfDay` (index 83 is asOfDay). A day
 * without use is 0 messages and 0 hits; `limits` is read on working days only. The fast path the live
 * service (through `computeNeedScore`) and the policy lab share.
 */
export type NeedWindow = Readonly<{
  /** Days since 1970-01-01 (UTC) of the last day of the window. */
  asOfDay: number;
  messages: ArrayLike<number>;
  limitHits: ArrayLike<number>;
  limits: ArrayLike<number>;
  hasScheduledWork: boolean;
}>;

/** The q-quantile by nearest rank of the first n values of a scratch array (sorted in place). */
export function quantileInPlace(values: Float64Array, n: number, q: number): number {
  if (n === 0) return 0;
  const sorted = values.subarray(0, n).sort();
  return sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!;
}

/**
 * Scores need in [0, 1] as a weighted sum of five explained components:
 * recent (90th percentile of daily use relative to the limit, last 28 days), peak (95th percentile, last
 * 84 days: a regular project burst keeps need up through the idle weeks between bursts), pressure
 * (share of working days with limit hits in 84 days, ×3, capped), momentum (mean use, last 7 days) and
 * scheduled work. More limit hits never lower the score. Works on day indices and arrays, no dates.
 */
export function computeNeedScoreByDay(input: NeedWindow): NeedScore {
  const u84 = new Float64Array(NEED_WINDOW_DAYS);
  const u28 = new Float64Array(28);
  let n84 = 0;
  let n28 = 0;
  let n7 = 0;
  let sum7 = 0;
  let hitDays = 0;
  const first = input.asOfDay - (NEED_WINDOW_DAYS - 1);
  for (let i = 0; i < NEED_WINDOW_DAYS; i++) {
    const w = weekdayOfIndex(first + i);
    if (w === 0 || w === 6) continue;
    const u = Math.min(1.5, (input.messages[i] ?? 0) / Math.max(1, input.limits[i]!));
    u84[n84++] = u;
    if ((input.limitHits[i] ?? 0) > 0) hitDays++;
    if (i >= NEED_WINDOW_DAYS - 28) u28[n28++] = u;
    if (i >= NEED_WINDOW_DAYS - 7) {
      sum7 += u;
      n7++;
    }
  }
  const recent = Math.min(1, quantileInPlace(u28, n28, 0.9));
  const peak = Math.min(1, quantileInPlace(u84, n84, 0.95));
  const pressure = Math.min(1, (hitDays / Math.max(1, n84)) * 3);
  const momentum = Math.min(1, sum7 / Math.max(1, n7));
  const scheduled = input.hasScheduledWork ? 1 : 0;
  const components: NeedComponent[] = [
    { name: 'recent', weight: NEED_WEIGHTS.recent, value: round(recent), explanation: `On busy days of the last 4 weeks you used ${Math.round(recent * 100)}% of your tier's daily limit (90th percentile).` },
    { name: 'peak', weight: NEED_WEIGHTS.peak, value: round(peak), explanation: `Your peak days of the last 12 weeks reached ${Math.round(peak * 100)}% of the limit (95th percentile), so project bursts count even in quiet weeks.` },
    { name: 'pressure', weight: NEED_WEIGHTS.pressure, value: round(pressure), explanation: `You hit the limit on ${hitDays} of ${n84} working days in the last 12 weeks.` },
    { name: 'momentum', weight: NEED_WEIGHTS.momentum, value: round(momentum), explanation: `This week you averaged ${Math.round(momentum * 100)}% of the limit.` },
    { name: 'scheduled', weight: NEED_WEIGHTS.scheduled, value: scheduled, explanation: scheduled ? 'You have project work booked in the next two weeks.' : 'No project work is booked in the next two weeks.' },
  ];
  const score = round(components.reduce((n, c) => n + c.weight * c.value, 0));
  return { score, level: score >= NEED_LEVELS.high ? 'high' : score >= NEED_LEVELS.medium ? 'medium' : 'low', components, workdays84: n84, limitHitDays84: hitDays };
}

/**
 * The need score from dated usage: places each day's record (the last one of a day wins) in the
 * 84-day window ending asOf and scores it with `computeNeedScoreByDay`.
 */
export function computeNeedScore(input: NeedInput): NeedScore {
  const asOfDay = dayIndexOf(input.asOf);
  const first = asOfDay - (NEED_WINDOW_DAYS - 1);
  const messages = new Float64Array(NEED_WINDOW_DAYS);
  const limitHits = new Float64Array(NEED_WINDOW_DAYS);
  const limits = new Float64Array(NEED_WINDOW_DAYS);
  for (const u of input.usage) {
    const i = usageIndex(u.day, first);
    if (i === undefined) continue;
    messages[i] = u.messages;
    limitHits[i] = u.limitHits;
  }
  for (let i = 0; i < NEED_WINDOW_DAYS; i++) {
    const w = weekdayOfIndex(first + i);
    if (w !== 0 && w !== 6) limits[i] = input.limitOn(dayOfIndex(first + i));
  }
  return computeNeedScoreByDay({ asOfDay, messages, limitHits, limits, hasScheduledWork: input.hasScheduledWork });
}

/**
 * The position of a record's day in the 84-day window whose first day has index `first`, or undefined
 * outside the window or for a day not written 'YYYY-MM-DD'.
 */
export function usageIndex(day: string, first: number): number | undefined {
  const t = Date.parse(`${day}T00:00:00.000Z`);
  if (Number.isNaN(t)) return undefined;
  const i = Math.round(t / 86_400_000) - first;
  return i >= 0 && i < NEED_WINDOW_DAYS && dayOfIndex(first + i) === day ? i : undefined;
}

/** Days since the most recent usage, or undefined if none. */
export function daysSinceLastUse(usage: readonly UsageDay[], asOf: string): number | undefined {
  const last = usage.filter((u) => u.messages > 0 && u.day <= asOf).map((u) => u.day).sort().at(-1);
  return last ? daysBetween(last, asOf) : undefined;
}
