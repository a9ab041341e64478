import type { Cents } from '../money.ts';
import { daysInMonth } from './burn.ts';

/**
 * Spend against a budget, per person and day: the seat chargeback (each seat-day at its tier's monthly
 * price ÷ days in the month, docs/quotas.md "Budgets") plus usage billed per use (metered sources).
 */
export type SeatHold = Readonly<{ personId: string; tier: string; from: number; to: number | null }>;

export type PersonDaySpend = Readonly<{ personId: string; day: string; cents: Cents }>;

const DAY_MS = 86_400_000;

/** Seat cost per person and day of `period` up to and including `through`, prorated by the part of each day held. */
export function seatCostByPersonDay(input: { holds: readonly SeatHold[]; monthlyPriceCents: ReadonlyMap<string, Cents>; period: string; through: string }): PersonDaySpend[] {
  const dim = daysInMonth(input.period);
  const start = Date.parse(`${input.period}-01T00:00:00Z`);
  const lastDay = Math.min(dim, Math.floor((Date.parse(`${input.through}T00:00:00Z`) - start) / DAY_MS) + 1);
  const perPersonDay = new Map<string, number>();
  for (const hold of input.holds) {
    const price = input.monthlyPriceCents.get(hold.tier) ?? 0;
    if (price === 0) continue;
    for (let i = 0; i < lastDay; i++) {
      const dayFrom = start + i * DAY_MS;
      const overlap = Math.min(dayFrom + DAY_MS, hold.to ?? Number.POSITIVE_INFINITY) - Math.max(dayFrom, hold.from);
      if (overlap <= 0) continue;
      const key = `${hold.personId}|${new Date(dayFrom).toISOString().slice(0, 10)}`;
      perPersonDay.set(key, (perPersonDay.get(key) ?? 0) + (price / dim) * (overlap / DAY_MS));
    }
  }
  return [...perPersonDay].map(([key, cents]) => {
    const [personId, day] = key.split('|') as [string, string];
    return { personId, day, cents: Math.round(cents) };
  });
}

/** Sums spend by day. */
export function dailyTotals(items: readonly { day: string; cents: Cents }[]): Array<{ day: string; cents: Cents }> {
  const byDay = new Map<string, Cents>();
  for (const i of items) byDay.set(i.day, (byDay.get(i.day) ?? 0) + i.cents);
  return [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, cents]) => ({ day, cents }));
}
