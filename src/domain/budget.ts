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

function daysInMonth(t: number): number {
  const d = new Date(t);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

/** Incremental cost of holding a more expensive tier over [from, to), per month, rounded per month to the cent. */
export function leaseCostByMonth(input: { from: number; to: number; premiumMonthCents: Cents; baseMonthCents: Cents }): Map<string, Cents> {
  const perMonthDays = new Map<string, { days: number; dim: number }>();
  for (let t = input.from; t < input.to; t += DAY_MS) {
    const key = monthKey(t);
    const entry = perMonthDays.get(key) ?? { days: 0, dim: daysInMonth(t) };
    entry.days += Math.min(1, (input.to - t) / DAY_MS);
    perMonthDays.set(key, entry);
  }
  const delta = Math.max(0, input.premiumMonthCents - input.baseMonthCents);
  return new Map([...perMonthDays].map(([k, { days, dim }]) => [k, Math.round((delta * days) / dim)]));
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
