import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBudget, forEachLeaseMonthCost, leaseCostByMonth, monthKey, sumMonthly } from './budget.ts';

const DAY_MS = 86_400_000;
const at = (day: string) => Date.parse(`${day}T00:00:00Z`);
const prices = { premiumMonthCents: 10_000, baseMonthCents: 2_500 };

/** The day-by-day costing the month-by-month fast path replaced: the reference it must equal. */
function referenceLeaseCostByMonth(input: { from: number; to: number; premiumMonthCents: number; baseMonthCents: number }): Map<string, number> {
  const daysInMonth = (t: number) => { const d = new Date(t); return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(); };
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

describe('leaseCostByMonth', () => {
  it('prorates a lease across a month boundary by the days of each month', () => {
    const cost = leaseCostByMonth({ from: at('2027-01-25'), to: at('2027-02-08'), ...prices });
    expect([...cost]).toEqual([['2027-01', Math.round((7_500 * 7) / 31)], ['2027-02', Math.round((7_500 * 7) / 28)]]);
  });

  it('charges a whole month for a lease over the whole month, and nothing for an empty interval', () => {
    expect([...leaseCostByMonth({ from: at('2028-02-01'), to: at('2028-03-01'), ...prices })]).toEqual([['2028-02', 7_500]]);
    expect(leaseCostByMonth({ from: at('2028-02-01'), to: at('2028-02-01'), ...prices }).size).toBe(0);
  });

  it('counts the fraction of a last partial day', () => {
    const cost = leaseCostByMonth({ from: at('2027-03-01'), to: at('2027-03-02') + DAY_MS / 2, ...prices });
    expect(cost.get('2027-03')).toBe(Math.round((7_500 * 1.5) / 31));
  });

  it('equals the day-by-day reference on random intervals, aligned or not (property)', () => {
    const instant = fc.integer({ min: at('1999-01-01'), max: at('2040-01-01') });
    const aligned = fc.integer({ min: 10_600, max: 25_500 }).map((d) => d * DAY_MS);
    fc.assert(
      fc.property(fc.oneof(instant, aligned), fc.integer({ min: 0, max: 200 * DAY_MS }), fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 50_000 }), (from, length, premium, base) => {
        const input = { from, to: from + length, premiumMonthCents: premium, baseMonthCents: base };
        expect([...leaseCostByMonth(input)]).toEqual([...referenceLeaseCostByMonth(input)]);
      }),
      { numRuns: 400 },
    );
  });

  it('visits months in ascending order with their first instant', () => {
    const seen: Array<[string, number]> = [];
    forEachLeaseMonthCost({ from: at('2027-12-20'), to: at('2028-01-10'), ...prices }, (monthStart, cents) => seen.push([new Date(monthStart).toISOString(), cents]));
    expect(seen.map(([m]) => m)).toEqual(['2027-12-01T00:00:00.000Z', '2028-01-01T00:00:00.000Z']);
  });
});

describe('checkBudget', () => {
  it('reports the worst month and whether it stays within the budget', () => {
    const committed = sumMonthly([new Map([['2027-01', 5_000], ['2027-02', 1_000]]), new Map([['2027-01', 500]])]);
    const check = checkBudget({ monthlyBudgetCents: 6_000, committed, addition: new Map([['2027-01', 600], ['2027-02', 600]]) });
    expect(check).toEqual({ isWithin: false, worstMonth: '2027-01', projectedCents: 6_100, monthlyBudgetCents: 6_000 });
    expect(checkBudget({ monthlyBudgetCents: null, committed, addition: new Map([['2027-01', 1e9]]) }).isWithin).toBe(true);
  });
});
