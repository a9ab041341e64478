import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, weekdayOf } from './dates.ts';
import { computeNeedScore, type UsageDay } from './need.ts';
import { recommendTier, type RecommendationKind } from './rightsizing.ts';

const LIMIT = 45;
const START = '2026-01-05';

/** A synthetic person: a two-week burst near the limit every six weeks, light use otherwise. */
function burstyUsage(days: number, options: { period?: number; burst?: number; phase?: number } = {}): UsageDay[] {
  const period = options.period ?? 42;
  const burst = options.burst ?? 14;
  const out: UsageDay[] = [];
  for (let i = 0; i < days; i++) {
    const day = addDays(START, i);
    const w = weekdayOf(day);
    if (w === 0 || w === 6) continue;
    const inBurst = (i + (options.phase ?? 0)) % period < burst;
    out.push({ day, messages: inBurst ? LIMIT : 8, limitHits: inBurst ? 2 : 0 });
  }
  return out;
}

const score = (usage: UsageDay[], asOf: string, scheduled = false) => computeNeedScore({ asOf, usage, limitOn: () => LIMIT, hasScheduledWork: scheduled });

describe('computeNeedScore', () => {
  it('explains every component and the data behind it', () => {
    const s = score(burstyUsage(120), addDays(START, 119));
    expect(s.components.map((c) => c.name)).toEqual(['recent', 'peak', 'pressure', 'momentum', 'scheduled']);
    expect(s.components.every((c) => c.explanation.length > 20)).toBe(true);
    expect(s.limitHitDays84).toBeGreaterThan(0);
    expect(s.score).toBeCloseTo(s.components.reduce((n, c) => n + c.weight * c.value, 0), 2);
  });

  it('scores an idle person low and a person at the limit every day high', () => {
    expect(score([], '2026-06-01').level).toBe('low');
    const always: UsageDay[] = Array.from({ length: 84 }, (_, i) => ({ day: addDays('2026-03-10', i), messages: LIMIT, limitHits: 3 }));
    expect(score(always, addDays('2026-03-10', 83)).level).toBe('high');
  });

  it('does not drop to low in the idle weeks between regular project bursts', () => {
    const usage = burstyUsage(200);
    for (let i = 84; i < 200; i++) {
      const asOf = addDays(START, i);
      expect(score(usage, asOf).level, asOf).not.toBe('low');
    }
  });

  it('never lowers need when limit hits are added (property)', () => {
    const day = fc.integer({ min: 0, max: 90 }).map((i) => addDays('2026-02-01', i));
    const usage = fc.array(fc.record({ day, messages: fc.integer({ min: 0, max: 80 }), limitHits: fc.integer({ min: 0, max: 3 }) }), { maxLength: 60 });
    fc.assert(
      fc.property(usage, fc.array(day, { maxLength: 10 }), (rows, extraHitDays) => {
        const unique = [...new Map(rows.map((r) => [r.day, r])).values()];
        const more = unique.map((r) => (extraHitDays.includes(r.day) ? { ...r, limitHits: r.limitHits + 1 } : r));
        for (const d of extraHitDays) if (!more.some((r) => r.day === d)) more.push({ day: d, messages: 0, limitHits: 1 });
        const asOf = '2026-05-01';
        return score(more, asOf).score >= score(unique, asOf).score;
      }),
      { numRuns: 300 },
    );
  });
});

describe('recommendTier', () => {
  const base = { standardDailyLimit: LIMIT, premiumDailyLimit: 225, hasScheduledWork: false, joinedOn: '2025-01-01', tierSince: '2025-06-01', isOnLeave: false, prices: { premiumMonthCents: 10000, standardMonthCents: 2500 } } as const;

  it('recommends a lease for the next sprint to a bursty standard user, week after week, and never churns', () => {
    const usage = burstyUsage(240);
    const kinds: Array<RecommendationKind | null> = [];
    for (let i = 90; i < 240; i += 7) {
      const asOf = addDays(START, i);
      kinds.push(recommendTier({ ...base, asOf, tier: 'standard', isPermanent: false, usage: usage.filter((u) => u.day <= asOf) }).recommendation?.kind ?? null);
    }
    expect(kinds).toContain('lease_next_sprint');
    expect(kinds).not.toContain('downgrade');
    expect(kinds).not.toContain('upgrade');
  });

  it('offers a permanent bursty premium holder to convert to leases, never to downgrade between bursts', () => {
    const usage = burstyUsage(240);
    for (let i = 90; i < 240; i += 7) {
      const asOf = addDays(START, i);
      const r = recommendTier({ ...base, asOf, tier: 'premium', isPermanent: true, usage: usage.filter((u) => u.day <= asOf) });
      expect(r.recommendation?.kind, asOf).not.toBe('downgrade');
    }
  });

  it('downgrades only after the whole span is quiet and nothing is booked, with the saving at catalog prices', () => {
    const quiet: UsageDay[] = Array.from({ length: 90 }, (_, i) => ({ day: addDays('2026-03-01', i), messages: 10, limitHits: 0 }));
    const asOf = addDays('2026-03-01', 89);
    expect(recommendTier({ ...base, asOf, tier: 'premium', isPermanent: true, usage: quiet }).recommendation).toMatchObject({ kind: 'downgrade', monthlySavingCents: 7500 });
    expect(recommendTier({ ...base, asOf, tier: 'premium', isPermanent: true, usage: quiet, hasScheduledWork: true }).recommendation).toBeNull();
    // One quiet week after busy ones is not enough.
    const busyThenQuiet: UsageDay[] = quiet.map((u, i) => (i < 80 ? { ...u, messages: LIMIT, limitHits: 1 } : u));
    expect(recommendTier({ ...base, asOf, tier: 'premium', isPermanent: true, usage: busyThenQuiet }).recommendation?.kind).not.toBe('downgrade');
  });

  it('upgrades someone at the standard limit almost every week', () => {
    const usage: UsageDay[] = Array.from({ length: 90 }, (_, i) => ({ day: addDays('2026-03-01', i), messages: LIMIT, limitHits: 2 }));
    expect(recommendTier({ ...base, asOf: addDays('2026-03-01', 89), tier: 'standard', isPermanent: false, usage }).recommendation).toMatchObject({ kind: 'upgrade', monthlySavingCents: -7500 });
  });

  it('never targets newcomers, people on leave or people whose tier just changed', () => {
    const quiet: UsageDay[] = Array.from({ length: 90 }, (_, i) => ({ day: addDays('2026-03-01', i), messages: 1, limitHits: 0 }));
    const asOf = addDays('2026-03-01', 89);
    const input = { ...base, asOf, tier: 'premium' as const, isPermanent: true, usage: quiet };
    expect(recommendTier({ ...input, joinedOn: addDays(asOf, -10) })).toEqual({ recommendation: null, graceReason: 'joined less than 60 days ago' });
    expect(recommendTier({ ...input, isOnLeave: true }).graceReason).toBe('on recorded leave');
    expect(recommendTier({ ...input, tierSince: addDays(asOf, -5) }).graceReason).toBe('tier changed less than 30 days ago');
  });
});
