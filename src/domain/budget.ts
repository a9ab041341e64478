import type { Cents } from './money.ts';

/**
 * Chargeback budgets: a department is charged for the seat-days its people hold. A premium lease
 * costs the difference between the premium and the standard seat price for each day it covers,
 * prorated by calendar month (days in the month). Month keys are 'YYYY-MM' (UTC).
 */
export type MonthlyCost = ReadonlyMap<string, Cents>;

const DAY_MS = 86_400_000;

export function monthKey(t: number): string {
  return new Date(t).toISOString().slice(0, 7);
}

/**
 * The same cost as `leaseCostByMonth`, visited month by month in ascending order (`monthStart` is the
 * epoch ms of the month's first day, UTC) without a string or a map per day: the fast path the budget
 * check of the live service and the policy lab share. Days are the steps from, from + 1 day, … < to; the
 * last one counts the fraction of a day left. Valid for instants from year 1970 on.
 */
export function forEachLeaseMonthCost(input: { from: number; to: number; premiumMonthCents: Cents; baseMonthCents: Cents }, visit: (monthStart: number, cents: Cents) => void): void {
  const delta = Math.max(0, input.premiumMonthCents - input.baseMonthCents);
  let t = input.from;
  while (t < input.to) {
    const d = new Date(t);
    const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    const steps = Math.ceil((Math.min(input.to, next) - t) / DAY_MS);
    const last = t + (steps - 1) * DAY_MS;
    const days = input.to - last >= DAY_MS ? steps : steps - 1 + (input.to - last) / DAY_MS;
    visit(monthStart, Math.round((delta * days) / Math.round((next - monthStart) / DAY_MS)));
    t = last + DAY_MS;
  }
}

/** Incremental cost of holding a more expensive tier over [from, to), per month, rounded per month to the cent. */
export function leaseCostByMonth(input: { from: number; to: number; premiumMonthCents: Cents; baseMonthCents: Cents }): Map<string, Cents> {
  const out = new Map<string, Cents>();
  forEachLeaseMonthCost(input, (monthStart, cents) => out.set(monthKey(monthStart), cents));
  return out;
}

/** Adds monthly costs together. */
export function sumMonthly(parts: readonly MonthlyCost[]): Map<string, Cents> {
  const total = new Map<string, Cents>();
  for (const part of parts) for (const [k, v] of part) total.set(k, (total.get(k) ?? 0) + v);
  return total;
}

export type BudgetCheck = Readonly<{ isWithin: boolean; worstMonth: string | null; projectedCents: Cents; monthlyBudgetCents: Cents | null }>;

/**
 * Would adding `addition` to what is committed exceed the monthly budget in any month it touches?
 * No budget means always within.
 */
export function checkBudget(input: { monthlyBudgetCents: Cents | null; committed: MonthlyCost; addition: MonthlyCost }): BudgetCheck {
  let worst: { month: string; cents: Cents } | null = null;
  for (const [month, add] of input.addition) {
    const projected = (input.committed.get(month) ?? 0) + add;
    if (!worst || projected > worst.cents) worst = { month, cents: projected };
  }
  const projectedCents = worst?.cents ?? 0;
  return {
    isWithin: input.monthlyBudgetCents === null || projectedCents <= input.monthlyBudgetCents,
    worstMonth: worst?.month ?? null,
    projectedCents,
    monthlyBudgetCents: input.monthlyBudgetCents,
  };
}
