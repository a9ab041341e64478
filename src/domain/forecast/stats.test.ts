import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../sim/rng.ts';
import { bandOf, linearTrend, mean, quantileSorted, roundBand, roundUsd, studentT } from './stats.ts';

describe('quantileSorted', () => {
  it('interpolates linearly between order statistics (type 7)', () => {
    // (n − 1)·q = 3 × 0.5 = 1.5 → halfway between 2 and 3; 3 × 0.1 = 0.3 → 1 + 0.3 × (2 − 1).
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 12);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([7], 0.9)).toBe(7);
  });

  it('is NaN for an empty sample', () => {
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});

describe('bandOf', () => {
  it('orders p10 ≤ p50 ≤ p90 within the sample range and leaves the input untouched', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), (values) => {
        const copy = [...values];
        const b = bandOf(values);
        expect(b.p10).toBeLessThanOrEqual(b.p50);
        expect(b.p50).toBeLessThanOrEqual(b.p90);
        expect(b.p10).toBeGreaterThanOrEqual(Math.min(...values));
        expect(b.p90).toBeLessThanOrEqual(Math.max(...values));
        expect(values).toEqual(copy);
      }),
    );
  });

  it('gives the same value three times for a constant sample', () => {
    expect(bandOf([5, 5, 5])).toEqual({ p10: 5, p50: 5, p90: 5 });
  });
});

describe('linearTrend', () => {
  it('recovers an exact line with zero standard error', () => {
    const r = linearTrend([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(r.slope).toBeCloseTo(2, 12);
    expect(r.intercept).toBeCloseTo(1, 12);
    expect(r.slopeSe).toBeCloseTo(0, 12);
  });

  it('reports no trend and infinite error below three points', () => {
    expect(linearTrend([0, 1], [1, 9])).toEqual({ slope: 0, intercept: 5, slopeSe: Number.POSITIVE_INFINITY });
  });
});

describe('rounding and means', () => {
  it('rounds money to cents', () => {
    expect(roundUsd(1.005 + 1e-9)).toBe(1.01);
    expect(roundBand({ p10: 1.234, p50: 2.345 + 1e-9, p90: 3.456 })).toEqual({ p10: 1.23, p50: 2.35, p90: 3.46 });
  });

  it('takes the mean of nothing as zero', () => {
    expect(mean([])).toBe(0);
    expect(mean([1, 2, 6])).toBe(3);
  });
});

describe('studentT', () => {
  it('has heavier tails with few degrees of freedom than the normal', () => {
    const rng = createRng(11);
    const draws = (df: number | null) => Array.from({ length: 4000 }, () => Math.abs(studentT(rng, df)));
    const beyond = (xs: number[]) => xs.filter((x) => x > 2.5).length / xs.length;
    expect(beyond(draws(3))).toBeGreaterThan(2 * beyond(draws(null)));
  });
});
