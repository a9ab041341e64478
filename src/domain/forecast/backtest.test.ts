import { describe, expect, it } from 'vitest';
import { createRng } from '../../sim/rng.ts';
import { backtestUsage, peopleAtOrigin, rollingOrigins, type BacktestPerson } from './backtest.ts';

describe('rollingOrigins', () => {
  it('steps from the first origin while a whole horizon of actuals remains', () => {
    expect(rollingOrigins({ days: 100, first: 40, step: 7, horizonDays: 30 })).toEqual([40, 47, 54, 61, 68]);
    expect(rollingOrigins({ days: 60, first: 40, step: 7, horizonDays: 30 })).toEqual([]);
  });
});

describe('peopleAtOrigin', () => {
  const nan = Number.NaN;
  const people: BacktestPerson[] = [
    { id: 'stays', departmentId: 'd', demand: [1, 2, 3, 4, 5, 6] },
    { id: 'hired', departmentId: 'd', demand: [nan, nan, nan, nan, 5, 6] },
    { id: 'leaves', departmentId: 'd', demand: [1, 2, 3, 4, nan, nan] },
    { id: 'gone', departmentId: 'd', demand: [1, 2, nan, nan, nan, nan] },
  ];

  it('shows only the days before the origin, and the roster ahead', () => {
    const seen = peopleAtOrigin(people, 3, 3);
    expect(seen.map((p) => p.id)).toEqual(['stays', 'hired', 'leaves']);
    expect(seen[0]!.history).toEqual([1, 2, 3]);
    expect(seen[1]).toMatchObject({ startsAt: 1, endsAt: null });
    expect(seen[2]).toMatchObject({ startsAt: 0, endsAt: 1 });
  });
});

describe('backtestUsage', () => {
  const flat: BacktestPerson[] = Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, departmentId: 'd', demand: Array.from({ length: 200 }, () => 1 + i) }));

  it('scores a perfectly predictable history as exact', () => {
    const r = backtestUsage({ people: flat, origins: [112, 140], horizonDays: 30, paths: 20, rng: createRng(1) });
    // Six people using 1…6 a day: 21 × 30 = 630 over each horizon.
    expect(r.origins.map((o) => o.actual)).toEqual([630, 630]);
    expect(r.mape).toBeCloseTo(0, 9);
    expect(r.bias).toBeCloseTo(0, 9);
    expect(r.p90Coverage).toBe(1);
  });

  it('scores a forecast that misses a step change against what happened', () => {
    // Usage doubles from day 130: the origin at 112 sees none of it, so its P50 runs about half to a third low.
    const stepped = flat.map((p) => ({ ...p, demand: p.demand.map((v, d) => (d >= 130 ? 2 * v : v)) }));
    const r = backtestUsage({ people: stepped, origins: [112], horizonDays: 30, paths: 20, rng: createRng(1) });
    const o = r.origins[0]!;
    // 21 × 18 + 42 × 12 = 882 actual against 630 forecast.
    expect(o.actual).toBe(882);
    expect(o.absPctError).toBeCloseTo((882 - o.forecast.p50) / 882, 9);
    expect(r.bias).toBeLessThan(-0.2);
    expect(o.isBelowP90).toBe(882 <= o.forecast.p90);
  });
});
