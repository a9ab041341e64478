import { describe, expect, it } from 'vitest';
import { createRng } from '../../sim/rng.ts';
import { generateCostSeries, HOUR_SHAPE } from './synthetic.ts';

describe('generateCostSeries', () => {
  it('is deterministic for a seed, evenly spaced, with quiet weekends', () => {
    const a = generateCostSeries({ rng: createRng(1), start: Date.UTC(2026, 0, 5), points: 70, granularity: 'day', level: 100, noise: 0.1, holidayChance: 0 });
    const b = generateCostSeries({ rng: createRng(1), start: Date.UTC(2026, 0, 5), points: 70, granularity: 'day', level: 100, noise: 0.1, holidayChance: 0 });
    expect(a).toEqual(b);
    expect(a[1]!.t - a[0]!.t).toBe(86_400_000);
    const sunday = a.filter((p) => new Date(p.t).getUTCDay() === 0).map((p) => p.value);
    const tuesday = a.filter((p) => new Date(p.t).getUTCDay() === 2).map((p) => p.value);
    expect(Math.max(...sunday)).toBeLessThan(Math.min(...tuesday));
  });
  it('multiplies the surge window by the factor', () => {
    const base = generateCostSeries({ rng: createRng(3), start: 0, points: 30, granularity: 'day', level: 100, noise: 0, holidayChance: 0 });
    const surged = generateCostSeries({ rng: createRng(3), start: 0, points: 30, granularity: 'day', level: 100, noise: 0, holidayChance: 0, surge: { startIndex: 10, factor: 5, length: 3 } });
    expect(surged.map((p, i) => Math.round(p.value / base[i]!.value))).toEqual(base.map((_, i) => (i >= 10 && i < 13 ? 5 : 1)));
  });
  it('spreads a day over working hours', () => {
    expect(HOUR_SHAPE.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(HOUR_SHAPE[3]!).toBeLessThan(HOUR_SHAPE[10]! / 10);
  });
});
