import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, weekdayOf } from '../dates.ts';
import { createRng } from '../../sim/rng.ts';
import { forecastCosts, monthEnd, monthsInHorizon, ORG, type CostForecastInput, type CostPerson, type CostPricing } from './forecast.ts';

const FIRST = '2026-12-01';
const H = 62; // December and January
const HISTORY = 140;
const flat = (usd: number) => Array.from({ length: HISTORY }, () => usd);
const tiersFor = (f: (h: number) => string | null) => Array.from({ length: H }, (_, h) => f(h));
const costPerson = (id: string, history: number[], tiers: (string | null)[], extra: Partial<CostPerson> = {}): CostPerson => ({ id, departmentId: 'eng', history, startsAt: 0, endsAt: null, tiers, ...extra });

// Standard $31/month and premium $62/month: $1 and $2 a day in 31-day months. The org bought 3 seats at $31.
const pricing = (over: Partial<CostPricing> = {}): CostPricing => ({
  seatUsdPerDay: { standard: Array.from({ length: H }, () => 1), premium: Array.from({ length: H }, () => 2) },
  orgSeatUsdPerDay: Array.from({ length: H }, () => 3),
  allowanceUsdPerDay: { standard: 2, premium: 5 },
  extraUsageRate: 1.5,
  ...over,
});
const run = (people: CostPerson[], over: Partial<CostForecastInput> = {}) =>
  forecastCosts({ firstDay: FIRST, horizonDays: H, people, departments: [{ id: 'eng', name: 'Engineering' }], pricing: pricing(), paths: 20, rng: createRng(7), ...over });

describe('monthsInHorizon', () => {
  it('keeps only whole calendar months', () => {
    expect(monthsInHorizon('2026-12-01', 62)).toEqual(['2026-12', '2027-01']);
    // 27 November + 64 days = 30 January: January is not whole.
    expect(monthsInHorizon('2026-11-27', 65)).toEqual(['2026-12']);
    expect(monthEnd('2028-02')).toBe('2028-02-29');
  });
});

describe('forecastCosts on a flat history (numbers by hand)', () => {
  // A holds standard throughout; B has a scheduled premium lease 10–20 December (horizon days 9–19).
  // Both use $3 a day: $1 above the standard allowance ($1.50 billed), nothing above premium.
  const people = [costPerson('a', flat(3), tiersFor(() => 'standard')), costPerson('b', flat(3), tiersFor((h) => (h >= 9 && h <= 19 ? 'premium' : 'standard')))];
  const result = run(people);
  const [dec, jan] = result.monthly;

  it('counts seat fees from scheduled leases in the months they fall in', () => {
    // December: A 31 × $1; B 11 days × $2 + 20 days × $1 = $42 → $73. January: 2 × 31 × $1 = $62.
    expect(dec!.groups.eng!.seatFees).toBe(73);
    expect(jan!.groups.eng!.seatFees).toBe(62);
    // The organization pays for its 3 purchased seats, held or idle: 31 × $3.
    expect(dec!.groups[ORG]!.seatFees).toBe(93);
  });

  it('bills extra usage only above the allowance of the tier held that day', () => {
    // December: A 31 days × $1.50; B 20 standard days × $1.50 → $76.50. January: 62 × $1.50 = $93.
    expect(dec!.groups.eng!.extraUsage).toEqual({ p10: 76.5, p50: 76.5, p90: 76.5 });
    expect(jan!.groups.eng!.extraUsage.p50).toBe(93);
    expect(dec!.groups.eng!.cost.p50).toBe(149.5);
    expect(dec!.groups[ORG]!.cost.p50).toBe(93 + 76.5);
    expect(dec!.groups.eng!.usage.p50).toBe(2 * 31 * 3);
  });

  it('bills nothing above the allowance when the plan has no extra usage', () => {
    const r = run(people, { pricing: pricing({ extraUsageRate: null }) });
    expect(r.monthly[0]!.groups.eng!.extraUsage.p90).toBe(0);
    expect(r.monthly[0]!.groups.eng!.cost.p50).toBe(73);
  });

  it('drops a leaver’s usage and seat from their last day', () => {
    const leaver = costPerson('c', flat(3), tiersFor((h) => (h < 31 ? 'standard' : null)), { endsAt: 31 });
    const r = run([...people, leaver]);
    expect(r.monthly[1]!.groups.eng!.usage.p50).toBe(2 * 31 * 3);
    expect(r.monthly[0]!.groups.eng!.usage.p50).toBe(3 * 31 * 3);
  });
});

describe('forecastCosts with weekday seasonality', () => {
  it('shows the weekly pattern in the daily output and orders every band', () => {
    const weekdays = (i: number) => Array.from({ length: HISTORY }, (_, d) => {
      const wd = weekdayOf(addDays(FIRST, d - HISTORY));
      return wd === 0 || wd === 6 ? 0 : 2 + i + Math.sin(d + i);
    });
    const people = Array.from({ length: 6 }, (_, i) => costPerson(`p${i}`, weekdays(i), tiersFor(() => 'standard')));
    const r = run(people);
    for (const d of r.daily[ORG]!) {
      const wd = weekdayOf(d.day);
      if (wd === 0 || wd === 6) expect(d.usage.p90).toBe(0);
      else expect(d.usage.p10).toBeGreaterThan(5);
      expect(d.usage.p10).toBeLessThanOrEqual(d.usage.p50);
      expect(d.usage.p50).toBeLessThanOrEqual(d.usage.p90);
    }
    expect(run(people).daily).toEqual(r.daily);
  });
});

describe('forecastCosts money properties', () => {
  it('costs seat fees plus rate × demand above the allowance, never less than the fees', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 300 }), (usageCents, allowanceCents, ratePct) => {
        const usage = usageCents / 100;
        const rate = ratePct / 100;
        const people = [costPerson('a', flat(usage), tiersFor(() => 'standard'))];
        const r = run(people, { pricing: pricing({ allowanceUsdPerDay: { standard: allowanceCents / 100 }, extraUsageRate: rate }), paths: 5 });
        const dec = r.monthly[0]!.groups.eng!;
        const expected = 31 * rate * Math.max(0, usage - allowanceCents / 100);
        expect(dec.extraUsage.p50).toBeCloseTo(expected, 1);
        expect(dec.cost.p10).toBeGreaterThanOrEqual(dec.seatFees);
        expect(dec.cost.p50).toBeCloseTo(dec.seatFees + dec.extraUsage.p50, 1);
      }),
      { numRuns: 25 },
    );
  });
});
