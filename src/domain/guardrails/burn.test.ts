import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeBurn, daysInMonth, topContributors } from './burn.ts';

describe('computeBurn', () => {
  it('accumulates spend to date against a straight pace line over the whole month', () => {
    const burn = computeBurn({ period: '2026-11', today: '2026-11-15', budgetCents: 3000_00, daily: [{ day: '2026-11-01', cents: 100_00 }, { day: '2026-11-15', cents: 1400_00 }, { day: '2026-10-31', cents: 999_00 }] });
    expect(burn.points).toHaveLength(30);
    expect(burn.points[0]).toEqual({ day: '2026-11-01', spendCents: 100_00, cumulativeCents: 100_00, paceCents: 100_00 });
    expect(burn.points[14]).toMatchObject({ day: '2026-11-15', cumulativeCents: 1500_00, paceCents: 1500_00 });
    expect(burn.points[15]).toMatchObject({ cumulativeCents: null, paceCents: 1600_00 });
    expect(burn.points[29]!.paceCents).toBe(3000_00);
    expect(burn).toMatchObject({ spentCents: 1500_00, paceToDateCents: 1500_00, projectedCents: 3000_00, percentUsed: 50, status: 'on_pace' });
  });

  it('reports over pace, exhausted and no budget', () => {
    const daily = [{ day: '2026-02-01', cents: 500_00 }];
    expect(computeBurn({ period: '2026-02', today: '2026-02-02', budgetCents: 2800_00, daily }).status).toBe('over_pace');
    expect(computeBurn({ period: '2026-02', today: '2026-02-02', budgetCents: 500_00, daily }).status).toBe('exhausted');
    expect(computeBurn({ period: '2026-02', today: '2026-02-02', budgetCents: null, daily })).toMatchObject({ status: 'no_budget', percentUsed: null, paceToDateCents: null });
  });

  it('property: the last cumulative point equals the sum of the period’s spend to date, and pace ends at the budget', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ d: fc.integer({ min: 1, max: 28 }), cents: fc.nat({ max: 100_000 }) })), fc.integer({ min: 1, max: 28 }), fc.nat({ max: 10_000_00 }), (items, todayDay, budget) => {
        const day = (d: number) => `2026-02-${String(d).padStart(2, '0')}`;
        const burn = computeBurn({ period: '2026-02', today: day(todayDay), budgetCents: budget, daily: items.map((i) => ({ day: day(i.d), cents: i.cents })) });
        expect(burn.spentCents).toBe(items.filter((i) => i.d <= todayDay).reduce((a, i) => a + i.cents, 0));
        expect(burn.points[todayDay - 1]!.cumulativeCents).toBe(burn.spentCents);
        expect(burn.points.at(-1)!.paceCents).toBe(budget);
      }),
    );
  });

  it('knows month lengths', () => {
    expect([daysInMonth('2024-02'), daysInMonth('2026-02'), daysInMonth('2026-12')]).toEqual([29, 28, 31]);
  });
});

describe('topContributors', () => {
  it('lists the biggest spenders first, without zeros, at most the limit', () => {
    expect(topContributors([{ name: 'b', cents: 5 }, { name: 'a', cents: 5 }, { name: 'c', cents: 9 }, { name: 'z', cents: 0 }], 3).map((c) => c.name)).toEqual(['c', 'a', 'b']);
  });
});
