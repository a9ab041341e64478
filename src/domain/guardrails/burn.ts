import type { Cents } from '../money.ts';

/** Budget burn: spend to date in a calendar month against a straight-line pace, and where it is heading. */
export type DailySpend = Readonly<{ day: string; cents: Cents }>;

export type BurnPoint = Readonly<{ day: string; spendCents: Cents | null; cumulativeCents: Cents | null; paceCents: Cents }>;

export type BurnStatus = 'no_budget' | 'under_pace' | 'on_pace' | 'over_pace' | 'exhausted';

export type Burn = Readonly<{
  period: string;
  budgetCents: Cents | null;
  spentCents: Cents;
  /** Where spend would end the month at the average daily rate so far. */
  projectedCents: Cents;
  paceToDateCents: Cents | null;
  /** Spent ÷ budget, in percent (null without a budget). */
  percentUsed: number | null;
  status: BurnStatus;
  points: readonly BurnPoint[];
}>;

const DAY_MS = 86_400_000;

export function daysInMonth(period: string): number {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function periodOf(day: string): string {
  return day.slice(0, 7);
}

/** Tolerance band of the pace: within ±10% of the straight line counts as on pace. */
const PACE_BAND = 0.1;

/**
 * Spend to date of `period` (YYYY-MM) through `today` (inclusive, the current day counted as elapsed),
 * with the pace line `budget × day / days in month` over the whole month, so a chart can show the rest of
 * the month. Days after `today` have no spend.
 */
export function computeBurn(input: { period: string; today: string; budgetCents: Cents | null; daily: readonly DailySpend[] }): Burn {
  const dim = daysInMonth(input.period);
  const byDay = new Map<string, Cents>();
  for (const d of input.daily) if (periodOf(d.day) === input.period) byDay.set(d.day, (byDay.get(d.day) ?? 0) + d.cents);
  const start = Date.parse(`${input.period}-01T00:00:00Z`);
  const points: BurnPoint[] = [];
  let cumulative = 0;
  let elapsed = 0;
  for (let i = 0; i < dim; i++) {
    const day = new Date(start + i * DAY_MS).toISOString().slice(0, 10);
    const pace = input.budgetCents === null ? 0 : Math.round((input.budgetCents * (i + 1)) / dim);
    if (day <= input.today) {
      const spend = byDay.get(day) ?? 0;
      cumulative += spend;
      elapsed = i + 1;
      points.push({ day, spendCents: spend, cumulativeCents: cumulative, paceCents: pace });
    } else points.push({ day, spendCents: null, cumulativeCents: null, paceCents: pace });
  }
  const projectedCents = elapsed === 0 ? 0 : Math.round((cumulative * dim) / elapsed);
  const paceToDate = input.budgetCents === null ? null : Math.round((input.budgetCents * elapsed) / dim);
  return {
    period: input.period,
    budgetCents: input.budgetCents,
    spentCents: cumulative,
    projectedCents,
    paceToDateCents: paceToDate,
    percentUsed: input.budgetCents ? Math.round((cumulative / input.budgetCents) * 1000) / 10 : null,
    status: burnStatus(cumulative, input.budgetCents, paceToDate),
    points,
  };
}

function burnStatus(spent: Cents, budget: Cents | null, paceToDate: Cents | null): BurnStatus {
  if (budget === null || paceToDate === null) return 'no_budget';
  if (spent >= budget) return 'exhausted';
  if (spent > paceToDate * (1 + PACE_BAND)) return 'over_pace';
  if (spent < paceToDate * (1 - PACE_BAND)) return 'under_pace';
  return 'on_pace';
}

/** The largest contributors to a spend, biggest first (ties by name), at most `limit`. */
export function topContributors<T extends { name: string; cents: Cents }>(items: readonly T[], limit = 3): T[] {
  return [...items].filter((i) => i.cents > 0).sort((a, b) => b.cents - a.cents || a.name.localeCompare(b.name)).slice(0, limit);
}
