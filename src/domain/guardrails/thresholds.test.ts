import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossedThresholds, EMPTY_WATCH, stepBudgetWatch, type BudgetEvent, type BudgetWatchState } from './thresholds.ts';

describe('crossedThresholds', () => {
  it('counts a threshold as reached exactly at its boundary, in integer cents', () => {
    expect(crossedThresholds(49_999, 100_000, [50, 80, 100])).toEqual([]);
    expect(crossedThresholds(50_000, 100_000, [50, 80, 100])).toEqual([50]);
    expect(crossedThresholds(80_001, 100_001, [50, 80, 100])).toEqual([50, 80]);
    expect(crossedThresholds(100_000, 100_000, [100, 50, 80])).toEqual([50, 80, 100]);
  });
  it('never fires without a budget', () => {
    expect(crossedThresholds(10_000, 0, [50])).toEqual([]);
  });
});

describe('stepBudgetWatch', () => {
  it('fires 50% once, then 80% and 100% together when spend jumps past both', () => {
    let state: BudgetWatchState = EMPTY_WATCH;
    const run = (spendCents: number) => {
      const r = stepBudgetWatch(state, { period: '2026-11', spendCents, budgetCents: 1000_00 });
      state = r.state;
      return r.events.map((e) => (e.kind === 'threshold' ? e.percent : e.kind));
    };
    expect(run(400_00)).toEqual([]);
    expect(run(500_00)).toEqual([50]);
    expect(run(700_00)).toEqual([]);
    expect(run(1200_00)).toEqual([80, 100]);
    expect(run(1300_00)).toEqual([]);
  });

  it('emits one reset notice when a new period starts, and re-arms the thresholds', () => {
    const first = stepBudgetWatch(EMPTY_WATCH, { period: '2026-10', spendCents: 900_00, budgetCents: 1000_00 });
    expect(first.events.filter((e) => e.kind === 'period_reset')).toEqual([]);
    const next = stepBudgetWatch(first.state, { period: '2026-11', spendCents: 0, budgetCents: 1000_00 });
    expect(next.events).toEqual([{ kind: 'period_reset', period: '2026-11', previousPeriod: '2026-10' }]);
    expect(next.state).toEqual({ period: '2026-11', fired: [] });
    const again = stepBudgetWatch(next.state, { period: '2026-11', spendCents: 10_00, budgetCents: 1000_00 });
    expect(again.events).toEqual([]);
  });

  it('property: over random spend sequences, each threshold fires at most once per period, and exactly once if crossed', () => {
    const observation = fc.record({ periodStep: fc.nat({ max: 1 }), spendCents: fc.nat({ max: 2_000_00 }) });
    fc.assert(
      fc.property(fc.array(observation, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 1_500_00 }), fc.uniqueArray(fc.integer({ min: 1, max: 150 }), { minLength: 1, maxLength: 5 }), (steps, budgetCents, thresholds) => {
        let state: BudgetWatchState = EMPTY_WATCH;
        let month = 1;
        const events: BudgetEvent[] = [];
        const maxSpend = new Map<string, number>();
        const periods: string[] = [];
        for (const step of steps) {
          month += step.periodStep;
          const period = `2026-${String(month).padStart(2, '0')}`;
          if (!periods.includes(period)) periods.push(period);
          maxSpend.set(period, Math.max(maxSpend.get(period) ?? 0, step.spendCents));
          const r = stepBudgetWatch(state, { period, spendCents: step.spendCents, budgetCents }, thresholds);
          state = r.state;
          events.push(...r.events);
        }
        for (const period of periods) {
          for (const pct of thresholds) {
            const fired = events.filter((e) => e.kind === 'threshold' && e.period === period && e.percent === pct).length;
            const isCrossed = maxSpend.get(period)! * 100 >= budgetCents * pct;
            expect(fired).toBe(isCrossed ? 1 : 0);
          }
        }
        // One reset notice per new period after the first.
        expect(events.filter((e) => e.kind === 'period_reset').map((e) => e.period)).toEqual(periods.slice(1));
      }),
      { numRuns: 500 },
    );
  });
});
