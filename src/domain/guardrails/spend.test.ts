import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dailyTotals, seatCostByPersonDay } from './spend.ts';

const prices = new Map([['standard', 25_00], ['premium', 100_00]]);
const t = (day: string) => Date.parse(`${day}T00:00:00Z`);

describe('seatCostByPersonDay', () => {
  it('charges each held day at the monthly price ÷ days in the month, only through the given day', () => {
    const rows = seatCostByPersonDay({ holds: [{ personId: 'a', tier: 'premium', from: t('2026-10-01'), to: null }], monthlyPriceCents: prices, period: '2026-11', through: '2026-11-10' });
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.cents === Math.round(100_00 / 30))).toBe(true);
  });
  it('prorates a seat changed mid-day and skips unpriced tiers', () => {
    const rows = seatCostByPersonDay({
      holds: [
        { personId: 'a', tier: 'standard', from: t('2026-11-01'), to: t('2026-11-02') + 12 * 3_600_000 },
        { personId: 'a', tier: 'premium', from: t('2026-11-02') + 12 * 3_600_000, to: null },
        { personId: 'b', tier: 'mystery', from: t('2026-11-01'), to: null },
      ],
      monthlyPriceCents: prices,
      period: '2026-11',
      through: '2026-11-02',
    });
    expect(dailyTotals(rows)).toEqual([{ day: '2026-11-01', cents: Math.round(25_00 / 30) }, { day: '2026-11-02', cents: Math.round((25_00 / 30) * 0.5 + (100_00 / 30) * 0.5) }]);
  });
  it('property: a whole month of one seat costs its monthly price (within rounding)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom('2026-02', '2026-04', '2026-07'), (price, period) => {
        const rows = seatCostByPersonDay({ holds: [{ personId: 'a', tier: 'x', from: t(`${period}-01`), to: null }], monthlyPriceCents: new Map([['x', price]]), period, through: `${period}-31` });
        expect(Math.abs(rows.reduce((s, r) => s + r.cents, 0) - price)).toBeLessThanOrEqual(rows.length / 2);
      }),
    );
  });
});
