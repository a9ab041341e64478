import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPriceOn, summarizeSeats, type CatalogPrice } from './seats.ts';

const price = (tier: string, cadence: 'annual' | 'monthly', cents: number, from: string, to: string | null = null): CatalogPrice => ({
  vendor: 'anthropic', plan: 'team', tier, cadence, pricePerSeatMonthCents: cents, usageMultiplier: null, effectiveFrom: from, effectiveTo: to,
});

const prices = [price('premium', 'annual', 10000, '2025-01-01', '2026-07-01'), price('premium', 'annual', 9000, '2026-07-01'), price('standard', 'annual', 2500, '2025-01-01'), price('premium', 'monthly', 12500, '2025-01-01')];

describe('findPriceOn', () => {
  it('picks the price in force on the day, with the end date exclusive', () => {
    const line = { vendor: 'anthropic', plan: 'team', tier: 'premium', cadence: 'annual' as const };
    expect(findPriceOn(prices, line, '2026-06-30')?.pricePerSeatMonthCents).toBe(10000);
    expect(findPriceOn(prices, line, '2026-07-01')?.pricePerSeatMonthCents).toBe(9000);
    expect(findPriceOn(prices, line, '2024-12-31')).toBeUndefined();
  });
});

describe('summarizeSeats', () => {
  it('bills purchased seats at the cadence price, assigned or not', () => {
    const summary = summarizeSeats({
      inventory: [
        { vendor: 'anthropic', plan: 'team', tier: 'premium', cadence: 'annual', seatsPurchased: 10 },
        { vendor: 'anthropic', plan: 'team', tier: 'premium', cadence: 'monthly', seatsPurchased: 2 },
        { vendor: 'anthropic', plan: 'team', tier: 'standard', cadence: 'annual', seatsPurchased: 88 },
      ],
      assignments: [...Array(7).fill({ vendor: 'anthropic', plan: 'team', tier: 'premium' }), ...Array(90).fill({ vendor: 'anthropic', plan: 'team', tier: 'standard' })],
      prices,
      day: '2026-11-27',
    });
    expect(summary).toEqual([
      { vendor: 'anthropic', plan: 'team', tier: 'premium', purchased: 12, assigned: 7, free: 5, isOverAssigned: false, monthlyCostCents: 10 * 9000 + 2 * 12500, unpricedSeats: 0 },
      { vendor: 'anthropic', plan: 'team', tier: 'standard', purchased: 88, assigned: 90, free: -2, isOverAssigned: true, monthlyCostCents: 88 * 2500, unpricedSeats: 0 },
    ]);
  });

  it('reports seats with no price instead of pricing them at zero silently', () => {
    const [row] = summarizeSeats({ inventory: [{ vendor: 'x', plan: 'y', tier: 'z', cadence: 'annual', seatsPurchased: 3 }], assignments: [], prices, day: '2026-01-01' });
    expect(row).toMatchObject({ monthlyCostCents: 0, unpricedSeats: 3 });
  });

  it('total cost equals the sum of seats times price, whatever the order of lines (property)', () => {
    const line = fc.record({ tier: fc.constantFrom('premium', 'standard'), cadence: fc.constantFrom('annual' as const, 'monthly' as const), seatsPurchased: fc.integer({ min: 0, max: 500 }) });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        const inventory = lines.map((l) => ({ vendor: 'anthropic', plan: 'team', ...l }));
        const total = summarizeSeats({ inventory, assignments: [], prices, day: '2026-11-27' }).reduce((n, t) => n + t.monthlyCostCents, 0);
        const reversed = summarizeSeats({ inventory: [...inventory].reverse(), assignments: [], prices, day: '2026-11-27' }).reduce((n, t) => n + t.monthlyCostCents, 0);
        const expected = inventory.reduce((n, l) => n + l.seatsPurchased * (findPriceOn(prices, l, '2026-11-27')?.pricePerSeatMonthCents ?? 0), 0);
        return total === expected && reversed === expected;
      }),
    );
  });
});
