import { describe, expect, it } from 'vitest';
import { demandOf, estimateAllowances } from './allowance.ts';

describe('estimateAllowances', () => {
  it('takes the median usage on limit-hit days per tier', () => {
    const days = [
      { tier: 'standard', costUsd: 0.5, limitHits: 1 },
      { tier: 'standard', costUsd: 0.6, limitHits: 2 },
      { tier: 'standard', costUsd: 0.7, limitHits: 1 },
      { tier: 'standard', costUsd: 0.1, limitHits: 0 },
    ];
    expect(estimateAllowances({ days, multipliers: {} })).toEqual({ standard: 0.6 });
  });

  it('scales a tier without limit hits from another by the catalog multipliers', () => {
    // standard allows 0.5/day; premium = 0.5 × 6.25 / 1.25 = 2.5/day.
    const out = estimateAllowances({ days: [{ tier: 'standard', costUsd: 0.5, limitHits: 1 }], multipliers: { standard: 1.25, premium: 6.25 } });
    expect(out.premium).toBeCloseTo(2.5, 10);
  });

  it('knows nothing without limit-hit days', () => {
    expect(estimateAllowances({ days: [{ tier: 'standard', costUsd: 3, limitHits: 0 }], multipliers: { standard: 1.25 } })).toEqual({});
  });
});

describe('demandOf', () => {
  it('adds a quarter allowance per limit hit', () => {
    expect(demandOf({ costUsd: 0.5, limitHits: 2 }, 0.5)).toBeCloseTo(0.75, 10);
    expect(demandOf({ costUsd: 0.5, limitHits: 0 }, 0.5)).toBe(0.5);
    expect(demandOf({ costUsd: 0.5, limitHits: 3 }, undefined)).toBe(0.5);
  });
});
