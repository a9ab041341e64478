import { addDays, daysBetween, weekdayOf } from './dates.ts';

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

/**
 * Scores need in [0, 1] as a weighted sum of five explained components:
 * recent (90th percentile of daily use relative to the limit, last 28 days), peak (95th percentile, last
 * 84 days: a regular project burst keeps need up through the idle weeks between bursts), pressure
 * (share of working days with limit hits in 84 days, ×3, capped), momentum (mean use, last 7 days) and
 * scheduled work. More limit hits never lower the score.
 */
export function computeNeedScore(input: NeedInput): NeedScore {
  const byDay = new Map<string, UsageDay>();
  for (const u of input.usage) byDay.set(u.day, u);
  const workdays = (days: number) => {
    const out: string[] = [];
    for (let i = days - 1; i >= 0; i--) {
      const d = addDays(input.asOf, -i);
      const w = weekdayOf(d);
      if (w !== 0 && w !== 6) out.push(d);
    }
    return out;
  };
  const utilization = (d: string) => Math.min(1.5, (byDay.get(d)?.messages ?? 0) / Math.max(1, input.limitOn(d)));
  const w84 = workdays(84);
  const w28 = workdays(28);
  const w7 = workdays(7);
  const hitDays = w84.filter((d) => (byDay.get(d)?.limitHits ?? 0) > 0).length;
  const recent = Math.min(1, quantile(w28.map(utilization), 0.9));
  const peak = Math.min(1, quantile(w84.map(utilization), 0.95));
  const pressure = Math.min(1, (hitDays / Math.max(1, w84.length)) * 3);
  const momentum = Math.min(1, w7.map(utilization).reduce((a, b) => a + b, 0) / Math.max(1, w7.length));
  const scheduled = input.hasScheduledWork ? 1 : 0;
  const components: NeedComponent[] = [
    { name: 'recent', weight: NEED_WEIGHTS.recent, value: round(recent), explanation: `On busy days of the last 4 weeks you used ${Math.round(recent * 100)}% of your tier's daily limit (90th percentile).` },
    { name: 'peak', weight: NEED_WEIGHTS.peak, value: round(peak), explanation: `Your peak days of the last 12 weeks reached ${Math.round(peak * 100)}% of the limit (95th percentile), so project bursts count even in quiet weeks.` },
    { name: 'pressure', weight: NEED_WEIGHTS.pressure, value: round(pressure), explanation: `You hit the limit on ${hitDays} of ${w84.length} working days in the last 12 weeks.` },
    { name: 'momentum', weight: NEED_WEIGHTS.momentum, value: round(momentum), explanation: `This week you averaged ${Math.round(momentum * 100)}% of the limit.` },
    { name: 'scheduled', weight: NEED_WEIGHTS.scheduled, value: scheduled, explanation: scheduled ? 'You have project work booked in the next two weeks.' : 'No project work is booked in the next two weeks.' },
  ];
  const score = round(components.reduce((n, c) => n + c.weight * c.value, 0));
  return { score, level: score >= NEED_LEVELS.high ? 'high' : score >= NEED_LEVELS.medium ? 'medium' : 'low', components, workdays84: w84.length, limitHitDays84: hitDays };
}

/** Days since the most recent usage, or undefined if none. */
export function daysSinceLastUse(usage: readonly UsageDay[], asOf: string): number | undefined {
  const last = usage.filter((u) => u.messages > 0 && u.day <= asOf).map((u) => u.day).sort().at(-1);
  return last ? daysBetween(last, asOf) : undefined;
}
