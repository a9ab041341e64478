import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePlans, type PlanPerson, type PlanPrices } from './compare.ts';

const one = (...months: number[]) => months.map((v) => Float64Array.of(v));
const person = (tier: string | null, usage: number, extraIfStandard: number, extraIfPremium: number): PlanPerson => ({
  tier,
  usage: one(usage),
  extraIfStandard: one(extraIfStandard),
  extraIfPremium: one(extraIfPremium),
});

const PRICES: PlanPrices = { teamStandard: 25, teamPremium: 100, teamExtraUsageRate: 1, enterpriseSeat: 40, enterpriseUsageRate: 1 };

describe('comparePlans on a three-person org (one month, one path, numbers by hand)', () => {
  // A: heavy, holds standard: $300 of usage, $200 of it above the standard allowance, none above premium.
  // B: light, holds premium: $20 of usage.  C: light, holds standard: $10.  Bought: 2 standard + 1 premium.
  const people = [person('standard', 300, 200, 0), person('premium', 20, 0, 0), person('standard', 10, 0, 0)];
  const result = comparePlans({ months: ['2026-12'], paths: 1, people, purchased: { standard: 2, premium: 1 }, prices: PRICES, today: '2026-11-27', commitmentEndsOn: null });
  const byKind = Object.fromEntries(result.options.map((o) => [o.kind, o]));

  it('prices Team as bought: seats plus extra usage of each holder at their tier', () => {
    // 2 × 25 + 1 × 100 = 150 in seats; A runs 200 over the standard allowance; B and C nothing → 350.
    expect(byKind.team_current!.monthly).toEqual({ p10: 350, p50: 350, p90: 350 });
    expect(byKind.extra_usage!.monthly).toEqual({ p10: 200, p50: 200, p90: 200 });
  });

  it('moves premium to whoever saves more extra usage than the $75 price difference', () => {
    // A saves 200 − 0 = 200 > 75 → premium; B saves 0 → standard; C saves 0 → standard.
    // 2 × 25 + 1 × 100 + 0 extra = 150, a saving of 350 − 150 = 200.
    expect(byKind.team_optimal!.premiumSeats).toBe(1);
    expect(byKind.team_optimal!.standardSeats).toBe(2);
    expect(byKind.team_optimal!.monthly!.p50).toBe(150);
    expect(byKind.team_optimal!.saving!.p50).toBe(200);
    expect(byKind.team_optimal!.chanceCheaper).toBe(1);
  });

  it('prices Enterprise as a seat per holder plus all usage at API rates', () => {
    // 3 × 40 + (300 + 20 + 10) × 1.0 = 450, i.e. 100 more than today.
    expect(byKind.enterprise!.monthly!.p50).toBe(450);
    expect(byKind.enterprise!.saving!.p50).toBe(-100);
    expect(byKind.enterprise!.chanceCheaper).toBe(0);
  });

  it('answers plainly: switch to the cost-optimal Team mix, paying off at once without a commitment', () => {
    expect(result.recommendation.action).toBe('switch');
    expect(result.recommendation.option).toBe('team_optimal');
    expect(result.recommendation.paysOffFrom).toBe('2026-11-27');
    expect(result.recommendation.answer).toContain('$200 a month');
  });
});

describe('comparePlans recommendation timing and confidence', () => {
  it('waits for the commitment to end before dropping seats for Enterprise', () => {
    // Ten light users on 10 standard seats ($250); Enterprise at $10 a seat + $5 usage each = $150.
    const people = Array.from({ length: 10 }, () => person('standard', 5, 0, 0));
    const prices = { ...PRICES, enterpriseSeat: 10 };
    const r = comparePlans({ months: ['2026-12', '2027-01'], paths: 1, people: people.map((p) => ({ ...p, usage: one(5, 5), extraIfStandard: one(0, 0), extraIfPremium: one(0, 0) })), purchased: { standard: 10, premium: 0 }, prices, today: '2026-11-27', commitmentEndsOn: '2027-03-01' });
    const ent = r.options.find((o) => o.kind === 'enterprise')!;
    expect(ent.monthly!.p50).toBe(150);
    expect(r.recommendation).toMatchObject({ action: 'switch', option: 'enterprise', paysOffFrom: '2027-03-01' });
  });

  it('stays when the alternative is cheaper in too few simulations', () => {
    // Enterprise usage swings: 4 paths of $0, $0, $0 and $400 → cheaper in 3 of 4 paths (75% < 80%).
    const p: PlanPerson = { tier: 'standard', usage: [Float64Array.of(0, 0, 0, 400)], extraIfStandard: [new Float64Array(4)], extraIfPremium: [new Float64Array(4)] };
    const r = comparePlans({ months: ['2026-12'], paths: 4, people: [p], purchased: { standard: 1, premium: 0 }, prices: { ...PRICES, enterpriseSeat: 10 }, today: '2026-11-27', commitmentEndsOn: null });
    expect(r.recommendation.action).toBe('stay');
    expect(r.recommendation.answer).toContain('75%');
  });

  it('never picks a premium count whose expected cost beats the optimum (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 100 })), { minLength: 1, maxLength: 8 }), (rows) => {
        // extraIfPremium ≤ extraIfStandard, as a larger allowance can only cut extra usage.
        const people = rows.map(([xs, cut]) => person('standard', xs, xs, Math.max(0, xs - cut * 4)));
        const r = comparePlans({ months: ['2026-12'], paths: 1, people, purchased: { standard: people.length, premium: 0 }, prices: PRICES, today: '2026-11-27', commitmentEndsOn: null });
        const optimal = r.options.find((o) => o.kind === 'team_optimal')!.monthly!.p50;
        // Brute force every premium subset.
        let best = Number.POSITIVE_INFINITY;
        for (let mask = 0; mask < 1 << people.length; mask++) {
          let cost = 0;
          people.forEach((q, i) => { cost += mask & (1 << i) ? 100 + q.extraIfPremium[0]![0]! : 25 + q.extraIfStandard[0]![0]!; });
          best = Math.min(best, cost);
        }
        expect(optimal).toBeCloseTo(best, 6);
      }),
    );
  });
});
