import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayIndexOf, weekdayOf } from './dates.ts';
import { computeNeedScore, computeNeedScoreByDay, NEED_LEVELS, NEED_WEIGHTS, quantile, type NeedInput, type NeedScore, type UsageDay } from './need.ts';
import { DEFAULT_RIGHTSIZING, recommendTier, recommendTierByDay, type RightsizingInput, type RightsizingResult } from './rightsizing.ts';

/**
 * The day-index fast paths against the string-date implementations they replaced (kept here verbatim
 * as references): same score, components, explanations and recommendations on random usage.
 */
function referenceNeedScore(input: NeedInput): NeedScore {
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const byDay = new Map<string, UsageDay>();
  for (const u of input.usage) byDay.set(u.day, u);
  const workdays = (days: number) => {
    const out: string[] = [];
    for (let i = days - 1; i >= 0; i--) {
      const d = addDays(input.asOf, -i);
      const w = weekdayOf(d);
      if (w !== 0 && w !== 6) out.push(d);
    }
    return out;
  };
  const utilization = (d: string) => Math.min(1.5, (byDay.get(d)?.messages ?? 0) / Math.max(1, input.limitOn(d)));
  const w84 = workdays(84);
  const w28 = workdays(28);
  const w7 = workdays(7);
  const hitDays = w84.filter((d) => (byDay.get(d)?.limitHits ?? 0) > 0).length;
  const recent = Math.min(1, quantile(w28.map(utilization), 0.9));
  const peak = Math.min(1, quantile(w84.map(utilization), 0.95));
  const pressure = Math.min(1, (hitDays / Math.max(1, w84.length)) * 3);
  const momentum = Math.min(1, w7.map(utilization).reduce((a, b) => a + b, 0) / Math.max(1, w7.length));
  const scheduled = input.hasScheduledWork ? 1 : 0;
  const values = { recent, peak, pressure, momentum, scheduled };
  const components = (Object.keys(values) as Array<keyof typeof values>).map((name) => ({ name, weight: NEED_WEIGHTS[name], value: name === 'scheduled' ? scheduled : round(values[name]) }));
  const score = round(components.reduce((n, c) => n + c.weight * c.value, 0));
  return { score, level: score >= NEED_LEVELS.high ? 'high' : score >= NEED_LEVELS.medium ? 'medium' : 'low', components: components as unknown as NeedScore['components'], workdays84: w84.length, limitHitDays84: hitDays };
}

function referenceRecommendTier(input: RightsizingInput): Pick<RightsizingResult, 'graceReason'> & { kind: string | null; evidence: unknown; saving: number | null } {
  const policy = input.policy ?? DEFAULT_RIGHTSIZING;
  const none = (graceReason: string | null) => ({ kind: null, evidence: null, saving: null, graceReason });
  if (input.isOnLeave) return none('on recorded leave');
  if (input.joinedOn > addDays(input.asOf, -policy.newcomerGraceDays)) return none(`joined less than ${policy.newcomerGraceDays} days ago`);
  if (input.tierSince > addDays(input.asOf, -policy.tierChangeGraceDays)) return none(`tier changed less than ${policy.tierChangeGraceDays} days ago`);
  const byDay = new Map(input.usage.map((u) => [u.day, u]));
  const weeks: Array<{ peak: number; hits: number }> = [];
  for (let w = 11; w >= 0; w--) {
    let peak = 0;
    let hits = 0;
    for (let d = 0; d < 7; d++) {
      const u = byDay.get(addDays(input.asOf, -(w * 7 + d)));
      if (!u) continue;
      peak = Math.max(peak, u.messages / input.standardDailyLimit);
      hits += u.limitHits;
    }
    weeks.push({ peak, hits });
  }
  const busyWeeks = weeks.filter((w) => w.peak >= 0.9 || w.hits > 0).length;
  const quietWeeks = weeks.filter((w) => w.peak < 0.6 && w.hits === 0).length;
  const recentQuiet = weeks.slice(-policy.downgradeAfterWeeks).every((w) => w.peak < 0.6 && w.hits === 0);
  const p95 = quantile(input.usage.filter((u) => u.day > addDays(input.asOf, -84)).map((u) => u.messages / input.standardDailyLimit), 0.95);
  const saving = input.prices.premiumMonthCents - input.prices.standardMonthCents;
  const evidence = { busyWeeks, quietWeeks, weeks: weeks.length, peakVsStandardP95: Math.round(p95 * 100) / 100 };
  const isBursty = busyWeeks >= 2 && quietWeeks >= 3;
  const rec = (kind: string, s: number) => ({ kind, evidence, saving: s, graceReason: null });
  if (input.tier === 'standard') {
    if (busyWeeks >= 9) return rec('upgrade', -saving);
    if (isBursty) return rec('lease_next_sprint', 0);
    return none(null);
  }
  if (!input.isPermanent) return none(null);
  if (recentQuiet && !input.hasScheduledWork && p95 < 0.6) return rec('downgrade', saving);
  if (isBursty && busyWeeks < 9) return rec('convert_to_lease', Math.round((saving * quietWeeks) / 12));
  return none(null);
}

const ASOF_MIN = dayIndexOf('2025-01-01');
const dayArb = (asOf: string) => fc.integer({ min: -100, max: 5 }).map((offset) => addDays(asOf, offset));
const usageArb = (asOf: string) =>
  fc.array(fc.record({ day: dayArb(asOf), messages: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 20, max: 60 }), fc.double({ min: 0, max: 300, noNaN: true })), limitHits: fc.integer({ min: 0, max: 3 }) }), { maxLength: 120 });
const asOfArb = fc.integer({ min: ASOF_MIN, max: ASOF_MIN + 1500 }).map((i) => addDays('1970-01-01', i));

describe('computeNeedScoreByDay (via computeNeedScore)', () => {
  it('equals the string-date reference on random usage, limits by tier and duplicate days (property)', () => {
    fc.assert(
      fc.property(
        asOfArb.chain((asOf) => fc.tuple(fc.constant(asOf), usageArb(asOf), fc.integer({ min: 0, max: 7 }), fc.boolean())),
        ([asOf, usage, premiumEvery, scheduled]) => {
          const limitOn = (day: string) => (premiumEvery > 0 && dayIndexOf(day) % premiumEvery === 0 ? 225 : 45);
          const fast = computeNeedScore({ asOf, usage, limitOn, hasScheduledWork: scheduled });
          const ref = referenceNeedScore({ asOf, usage, limitOn, hasScheduledWork: scheduled });
          expect({ ...fast, components: fast.components.map(({ name, weight, value }) => ({ name, weight, value })) }).toEqual(ref);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('takes day-indexed arrays directly', () => {
    const asOfDay = dayIndexOf('2027-03-05');
    const messages = new Float32Array(84).fill(45);
    const limitHits = new Uint8Array(84).fill(1);
    const limits = new Float64Array(84).fill(45);
    const s = computeNeedScoreByDay({ asOfDay, messages, limitHits, limits, hasScheduledWork: false });
    expect(s.workdays84).toBe(60);
    expect(s.limitHitDays84).toBe(60);
    expect(s.level).toBe('high');
  });
});

describe('recommendTierByDay (via recommendTier)', () => {
  const policyArb = fc.option(fc.record({ downgradeAfterWeeks: fc.integer({ min: 0, max: 14 }), newcomerGraceDays: fc.integer({ min: 0, max: 90 }), tierChangeGraceDays: fc.integer({ min: 0, max: 40 }) }), { nil: undefined });
  it('equals the string-date reference on random usage, tiers, grace and policies (property)', () => {
    fc.assert(
      fc.property(
        asOfArb.chain((asOf) => fc.tuple(fc.constant(asOf), usageArb(asOf), dayArb(asOf), dayArb(asOf))),
        fc.constantFrom('standard' as const, 'premium' as const),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        policyArb,
        ([asOf, usage, joinedOn, tierSince], tier, isPermanent, hasScheduledWork, isOnLeave, policy) => {
          const input: RightsizingInput = { asOf, tier, isPermanent, usage, standardDailyLimit: 45, premiumDailyLimit: 225, hasScheduledWork, joinedOn, tierSince, isOnLeave, prices: { premiumMonthCents: 10_000, standardMonthCents: 2_500 }, ...(policy ? { policy } : {}) };
          const fast = recommendTier(input);
          const ref = referenceRecommendTier(input);
          expect({ kind: fast.recommendation?.kind ?? null, evidence: fast.recommendation?.evidence ?? null, saving: fast.recommendation?.monthlySavingCents ?? null, graceReason: fast.graceReason }).toEqual(ref);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('decides from day-indexed arrays: a standard holder at the limit every week is upgraded', () => {
    const asOfDay = dayIndexOf('2027-06-30');
    const messages = new Float64Array(84).fill(45);
    const result = recommendTierByDay({ asOfDay, joinedOnDay: asOfDay - 400, tierSinceDay: asOfDay - 400, tier: 'standard', isPermanent: false, messages, limitHits: new Float64Array(84).fill(1), peakSample: messages, standardDailyLimit: 45, premiumDailyLimit: 225, hasScheduledWork: false, isOnLeave: false, prices: { premiumMonthCents: 10_000, standardMonthCents: 2_500 } });
    expect(result.recommendation?.kind).toBe('upgrade');
    expect(result.recommendation?.evidence).toMatchObject({ busyWeeks: 12, quietWeeks: 0 });
  });
});
