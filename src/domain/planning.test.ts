import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_STEP, nextQuarterStart, proposeQuota, quarterLabel, quarterStartOf, usageTrend, type PlanningInputs } from './planning.ts';

const base: PlanningInputs = {
  headcount: 10,
  currentNominal: 2,
  currentBudgetCents: 400_000,
  highNeedPeople: 2,
  meanNeed: 0.4,
  openRequests: 0,
  waitlisted: 0,
  deniedLastQuarter: 0,
  usageLastQuarter: 1000,
  usagePreviousQuarter: 1000,
  useCases: 0,
  surveyMonthlyCents: null,
  surveyCorrection: null,
  forecastMonthlyCents: null,
  prices: { premiumMonthCents: 15_000, standardMonthCents: 3_000 },
};

describe('proposeQuota', () => {
  it('keeps the quota when demand matches it and prices the budget with a 15% margin', () => {
    const p = proposeQuota(base);
    expect(p.nominalPremium).toBe(2);
    // (10 × $30 + 2 × $120) × 1.15 = $621.
    expect(p.monthlyBudgetCents).toBe(62_100);
    expect(p.reasons.find((r) => r.input === 'current quota')!.effect).toBe('unchanged');
  });

  it('counts one seat per two unmet requests and names the input that moved it', () => {
    const p = proposeQuota({ ...base, openRequests: 1, waitlisted: 1, deniedLastQuarter: 1 });
    expect(p.demand).toBe(4);
    expect(p.nominalPremium).toBe(4);
    expect(p.reasons.find((r) => r.input === 'unmet requests')!.effect).toContain('+2 seats');
  });

  it('scales demand by the usage trend, clamped to [0.8, 1.25]', () => {
    expect(proposeQuota({ ...base, highNeedPeople: 4, currentNominal: 4, usageLastQuarter: 3000 }).nominalPremium).toBe(5);
    expect(proposeQuota({ ...base, highNeedPeople: 4, currentNominal: 4, usageLastQuarter: 100 }).nominalPremium).toBe(3);
    expect(usageTrend(50, 0)).toBe(1);
  });

  it('moves at most two seats a quarter and never below zero', () => {
    expect(proposeQuota({ ...base, highNeedPeople: 9 }).nominalPremium).toBe(4);
    expect(proposeQuota({ ...base, currentNominal: 1, highNeedPeople: 0 }).nominalPremium).toBe(0);
    fc.assert(fc.property(
      fc.record({ current: fc.nat(20), high: fc.nat(40), open: fc.nat(10), last: fc.nat(10_000), prev: fc.nat(10_000) }),
      ({ current, high, open, last, prev }) => {
        const p = proposeQuota({ ...base, currentNominal: current, highNeedPeople: high, openRequests: open, usageLastQuarter: last, usagePreviousQuarter: prev });
        return p.nominalPremium >= 0 && Math.abs(p.nominalPremium - current) <= MAX_STEP && Number.isInteger(p.nominalPremium);
      },
    ));
  });

  it('never proposes less budget for more premium seats (money is monotonic in the quota)', () => {
    fc.assert(fc.property(fc.nat(30), fc.nat(30), fc.nat(50_000), (a, b, spend) => {
      const pa = proposeQuota({ ...base, currentNominal: a, highNeedPeople: a, forecastMonthlyCents: spend });
      const pb = proposeQuota({ ...base, currentNominal: b, highNeedPeople: b, forecastMonthlyCents: spend });
      return (pa.nominalPremium <= pb.nominalPremium) === (pa.monthlyBudgetCents <= pb.monthlyBudgetCents) || pa.nominalPremium === pb.nominalPremium;
    }));
  });

  it('corrects the survey by the learnt actual ÷ surveyed ratio, however large', () => {
    const p = proposeQuota({ ...base, surveyMonthlyCents: 100_000, surveyCorrection: 0.6 });
    expect(p.surveyCorrection).toBe(0.6);
    expect(p.usageSpendCents).toBe(60_000);
    expect(p.reasons.find((r) => r.input === 'survey')!.effect).toContain('× 0.60');
    // Surveys under-predict real use several times over: the correction is used as learnt, not capped.
    expect(proposeQuota({ ...base, surveyMonthlyCents: 10_000, surveyCorrection: 4.4 }).usageSpendCents).toBe(44_000);
    // Without a past survey to compare, the estimate is used as is.
    const raw = proposeQuota({ ...base, surveyMonthlyCents: 10_000, surveyCorrection: null });
    expect(raw.usageSpendCents).toBe(10_000);
    expect(raw.reasons.find((r) => r.input === 'survey')!.effect).toContain('no past survey');
    // The forecast wins over the survey when both exist.
    expect(proposeQuota({ ...base, surveyMonthlyCents: 100_000, forecastMonthlyCents: 20_000 }).usageSpendCents).toBe(20_000);
  });
});

describe('quarters', () => {
  it('finds the next quarter and the current one', () => {
    expect(nextQuarterStart('2026-11-27')).toBe('2027-01-01');
    expect(nextQuarterStart('2026-01-01')).toBe('2026-04-01');
    expect(nextQuarterStart('2026-09-30')).toBe('2026-10-01');
    expect(quarterStartOf('2026-11-27')).toBe('2026-10-01');
    expect(quarterLabel('2027-01-01')).toBe('2027 Q1');
    expect(quarterLabel('2026-10-01')).toBe('2026 Q4');
  });
});
