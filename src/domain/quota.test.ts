import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admit, checkUsage, planReclaim, quotasInForce, usageAt, type Hold, type Pool, type QuotaRecord } from './quota.ts';
import { addWorkingDays } from './working-days.ts';

// The worked examples of docs/quotas.md, one test each.
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
let n = 0;
const hold = (departmentId: string, from: string, to: string | null = null, extra: Partial<Hold> = {}): Hold => ({
  id: extra.id ?? `h${n++}`,
  departmentId,
  from: day(from),
  to: to ? day(to) : null,
  isReclaimable: true,
  priority: 0,
  ...extra,
});
const holds = (count: number, departmentId: string, from = '2026-11-01') => Array.from({ length: count }, () => hold(departmentId, from));

describe('Example 1: within nominal quota', () => {
  const pool: Pool = { capacity: 12, quotas: [{ departmentId: 'software', nominal: 4, borrowingLimit: 2, lendingLimit: null }] };
  it('admits a fourth seat for Software without borrowing', () => {
    expect(admit(pool, holds(3, 'software'), { departmentId: 'software', from: day('2026-12-01'), to: day('2026-12-15') })).toEqual({ ok: true, isBorrowing: false, maxBorrowed: 0 });
  });
});

describe('Example 2: borrowing spare seats, up to the borrowing limit', () => {
  const pool: Pool = {
    capacity: 12,
    quotas: [
      { departmentId: 'software', nominal: 4, borrowingLimit: 2, lendingLimit: null },
      { departmentId: 'embedded', nominal: 4, borrowingLimit: null, lendingLimit: 2 },
      { departmentId: 'electronics', nominal: 2, borrowingLimit: null, lendingLimit: null },
    ],
  };
  const candidate = { departmentId: 'software', from: day('2026-12-01'), to: day('2026-12-15') };
  it('admits a fifth seat as borrowed', () => {
    expect(admit(pool, holds(4, 'software'), candidate)).toEqual({ ok: true, isBorrowing: true, maxBorrowed: 1 });
  });
  it('refuses a seventh: Software may borrow at most 2', () => {
    expect(admit(pool, holds(6, 'software'), candidate)).toMatchObject({ ok: false, reason: 'BORROWING_LIMIT', isWithinNominal: false });
  });
});

describe('Example 3: the lending limit caps what others may borrow', () => {
  const pool: Pool = {
    capacity: 6,
    quotas: [
      { departmentId: 'software', nominal: 2, borrowingLimit: null, lendingLimit: null },
      { departmentId: 'embedded', nominal: 4, borrowingLimit: null, lendingLimit: 1 },
    ],
  };
  const base = [...holds(2, 'software'), ...holds(1, 'embedded')];
  const candidate = { departmentId: 'software', from: day('2026-12-01'), to: day('2026-12-15') };
  it('lends one of Embedded’s three idle seats', () => {
    expect(admit(pool, base, candidate)).toMatchObject({ ok: true, isBorrowing: true });
  });
  it('refuses a second loan although three seats sit idle', () => {
    expect(admit(pool, [...base, hold('software', '2026-11-20')], candidate)).toMatchObject({ ok: false, reason: 'NO_LENDABLE_CAPACITY' });
  });
});

describe('Example 4: future bookings count over the whole interval', () => {
  const pool: Pool = { capacity: 2, quotas: [{ departmentId: 'software', nominal: 2, borrowingLimit: null, lendingLimit: null }] };
  const booked = [hold('software', '2026-12-01'), hold('software', '2026-12-15', '2026-12-29')];
  it('refuses [Dec 8, Dec 22): the seat booked from Dec 15 collides', () => {
    expect(admit(pool, booked, { departmentId: 'software', from: day('2026-12-08'), to: day('2026-12-22') })).toMatchObject({ ok: false, reason: 'POOL_FULL', at: day('2026-12-15') });
  });
  it('admits [Dec 1, Dec 15) and [Dec 29, Jan 12), which touch the booking but do not overlap it', () => {
    expect(admit(pool, booked, { departmentId: 'software', from: day('2026-12-01'), to: day('2026-12-15') }).ok).toBe(true);
    expect(admit(pool, booked, { departmentId: 'software', from: day('2026-12-29'), to: day('2027-01-12') }).ok).toBe(true);
  });
});

describe('Example 5: reclaim with notice', () => {
  const pool: Pool = {
    capacity: 4,
    quotas: [
      { departmentId: 'software', nominal: 2, borrowingLimit: null, lendingLimit: null },
      { departmentId: 'embedded', nominal: 2, borrowingLimit: null, lendingLimit: null },
    ],
  };
  const software = [
    hold('software', '2026-10-01', null, { id: 's1', isReclaimable: false }),
    hold('software', '2026-10-05', null, { id: 's2', isReclaimable: false }),
    hold('software', '2026-11-02', '2026-12-31', { id: 'L3' }),
    hold('software', '2026-11-09', '2026-12-31', { id: 'L4' }),
  ];
  const friday = day('2026-11-27');
  const notice = addWorkingDays(friday, 2);
  const candidate = { departmentId: 'embedded', from: friday, to: day('2026-12-11') };

  it('counts the notice in working days: Friday plus two is Tuesday', () => {
    expect(new Date(notice).toISOString().slice(0, 10)).toBe('2026-12-01');
  });
  it('Embedded is within its nominal quota but the pool is lent out', () => {
    expect(admit(pool, software, candidate)).toMatchObject({ ok: false, reason: 'POOL_FULL', isWithinNominal: true });
  });
  it('reclaims the borrowed lease that started most recently; Embedded starts when the notice ends', () => {
    expect(planReclaim(pool, software, candidate, notice)).toEqual({ victims: [software[3]], reclaimAt: notice, effectiveFrom: notice });
  });
  it('takes the lowest priority first, whatever its start', () => {
    const prioritized = software.map((h) => (h.id === 'L4' ? { ...h, priority: 5 } : h));
    expect(planReclaim(pool, prioritized, candidate, notice)?.victims.map((h) => h.id)).toEqual(['L3']);
  });
  it('never reclaims for a department that is itself borrowing', () => {
    const borrower = { departmentId: 'marketing', from: friday, to: day('2026-12-11') };
    expect(planReclaim(pool, software, borrower, notice)).toBeUndefined();
  });
  it('never reclaims permanent seats', () => {
    const permanent = software.map((h) => ({ ...h, isReclaimable: false }));
    expect(planReclaim(pool, permanent, candidate, notice)).toBeUndefined();
  });
});

// Properties: whatever the sequence of requests, admitting only what `admit` accepts keeps every instant valid.
const poolArb = fc.record({
  capacity: fc.integer({ min: 0, max: 8 }),
  quotas: fc.uniqueArray(
    fc.record({ departmentId: fc.constantFrom('a', 'b', 'c'), nominal: fc.integer({ min: 0, max: 4 }), borrowingLimit: fc.option(fc.integer({ min: 0, max: 3 })), lendingLimit: fc.option(fc.integer({ min: 0, max: 3 })) }),
    { selector: (q) => q.departmentId, maxLength: 3 },
  ),
});
const requestArb = fc.record({ departmentId: fc.constantFrom('a', 'b', 'c', 'd'), start: fc.integer({ min: 0, max: 30 }), length: fc.option(fc.integer({ min: 1, max: 20 }), { freq: 4 }) });

describe('admission (properties)', () => {
  it('never oversubscribes the pool, a borrowing limit or a lending limit at any instant', () => {
    fc.assert(
      fc.property(poolArb, fc.array(requestArb, { maxLength: 25 }), (pool, requests) => {
        const admitted: Hold[] = [];
        for (const [i, r] of requests.entries()) {
          const from = r.start * 86_400_000;
          const to = r.length === null ? null : from + r.length * 86_400_000;
          if (admit(pool, admitted, { departmentId: r.departmentId, from, to }).ok) admitted.push({ id: `x${i}`, departmentId: r.departmentId, from, to, isReclaimable: true, priority: 0 });
        }
        for (const t of new Set(admitted.flatMap((h) => [h.from, h.to ?? h.from]))) {
          if (!checkUsage(pool, usageAt(admitted, t)).ok) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('a reclaim plan, once applied, admits the request', () => {
    fc.assert(
      fc.property(poolArb, fc.array(requestArb, { maxLength: 20 }), requestArb, fc.integer({ min: 0, max: 10 }), (pool, requests, ask, noticeDays) => {
        const admitted: Hold[] = [];
        for (const [i, r] of requests.entries()) {
          const from = r.start * 86_400_000;
          const to = r.length === null ? null : from + r.length * 86_400_000;
          if (admit(pool, admitted, { departmentId: r.departmentId, from, to }).ok) admitted.push({ id: `x${i}`, departmentId: r.departmentId, from, to, isReclaimable: i % 3 !== 0, priority: i % 2 });
        }
        const candidate = { departmentId: ask.departmentId, from: ask.start * 86_400_000, to: ask.length === null ? null : (ask.start + ask.length) * 86_400_000 };
        const reclaimAt = noticeDays * 86_400_000;
        const plan = planReclaim(pool, admitted, candidate, reclaimAt);
        if (!plan) return true;
        const victims = new Set(plan.victims.map((v) => v.id));
        const after = admitted.map((h) => (victims.has(h.id) ? { ...h, to: Math.max(h.from, reclaimAt) } : h));
        return plan.victims.every((v) => v.isReclaimable) && admit(pool, after, { ...candidate, from: plan.effectiveFrom }).ok;
      }),
      { numRuns: 300 },
    );
  });
});

/** The instant-by-instant admission (a usage map per instant, checked by `checkUsage`) that `admit` must equal. */
function referenceAdmit(pool: Pool, holds: readonly Hold[], candidate: { departmentId: string; from: number; to: number | null }) {
  const nominal = pool.quotas.find((q) => q.departmentId === candidate.departmentId)?.nominal ?? 0;
  const relevant = holds.filter((h) => (candidate.to === null || h.from < candidate.to) && (h.to === null || h.to > candidate.from));
  const points = new Set<number>([candidate.from]);
  for (const h of relevant) for (const t of [h.from, h.to]) if (t !== null && t > candidate.from && (candidate.to === null || t < candidate.to)) points.add(t);
  let maxBorrowed = 0;
  for (const t of [...points].sort((a, b) => a - b)) {
    const usage = usageAt(relevant, t);
    const mine = (usage.get(candidate.departmentId) ?? 0) + 1;
    usage.set(candidate.departmentId, mine);
    const check = checkUsage(pool, usage);
    if (!check.ok) return { ok: false, reason: check.reason, at: t, isWithinNominal: mine <= nominal };
    maxBorrowed = Math.max(maxBorrowed, check.borrowed.get(candidate.departmentId) ?? 0);
  }
  return { ok: true, isBorrowing: maxBorrowed > 0, maxBorrowed };
}

describe('admit (equivalence)', () => {
  // Quotas may repeat a department (the first row counts) and holds may come from departments without a quota.
  const loosePoolArb = fc.record({
    capacity: fc.integer({ min: 0, max: 10 }),
    quotas: fc.array(fc.record({ departmentId: fc.constantFrom('a', 'b', 'c'), nominal: fc.integer({ min: 0, max: 4 }), borrowingLimit: fc.option(fc.integer({ min: 0, max: 3 })), lendingLimit: fc.option(fc.integer({ min: 0, max: 3 })) }), { maxLength: 4 }),
  });
  it('equals the instant-by-instant reference on random pools, holds and requests (property)', () => {
    fc.assert(
      fc.property(loosePoolArb, fc.array(requestArb, { maxLength: 30 }), requestArb, (pool, requests, ask) => {
        const holds: Hold[] = requests.map((r, i) => ({ id: `x${i}`, departmentId: r.departmentId, from: r.start * 86_400_000, to: r.length === null ? null : (r.start + r.length) * 86_400_000, isReclaimable: true, priority: 0 }));
        const candidate = { departmentId: ask.departmentId, from: ask.start * 86_400_000, to: ask.length === null ? null : (ask.start + ask.length) * 86_400_000 };
        expect(admit(pool, holds, candidate)).toEqual(referenceAdmit(pool, holds, candidate));
      }),
      { numRuns: 500 },
    );
  });
});

describe('quotasInForce (quota history)', () => {
  const rec = (departmentId: string, nominal: number, from: string): QuotaRecord => ({ departmentId, nominal, borrowingLimit: null, lendingLimit: null, validFrom: day(from) });
  const history = [rec('Software', 3, '2026-06-01'), rec('Embedded', 2, '2026-07-01'), rec('Software', 5, '2026-10-01'), rec('Software', 4, '2026-10-01')];
  const at = (iso: string) => Object.fromEntries(quotasInForce(history, day(iso) + 12 * 3_600_000).map((q) => [q.departmentId, q.nominal]));

  it('gives each department the last quota recorded on or before the instant', () => {
    expect(at('2026-08-15')).toEqual({ Software: 3, Embedded: 2 });
    // Two changes at the same instant: the later record wins.
    expect(at('2026-10-01')).toEqual({ Software: 4, Embedded: 2 });
    expect(at('2026-11-27')).toEqual({ Software: 4, Embedded: 2 });
  });

  it('assumes a department’s first recorded quota before it was recorded', () => {
    expect(at('2026-01-15')).toEqual({ Software: 3, Embedded: 2 });
    expect(at('2026-06-15')).toEqual({ Software: 3, Embedded: 2 });
  });

  it('equals a reference scan on random histories (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ d: fc.constantFrom('A', 'B', 'C'), nominal: fc.nat(9), at: fc.nat(100) }), { maxLength: 20 }), fc.nat(120), (raw, t) => {
        const records = raw.map((r) => ({ departmentId: r.d, nominal: r.nominal, borrowingLimit: null, lendingLimit: null, validFrom: r.at })).sort((a, b) => a.validFrom - b.validFrom);
        const got = new Map(quotasInForce(records, t).map((q) => [q.departmentId, q.nominal]));
        for (const d of ['A', 'B', 'C']) {
          const mine = records.filter((r) => r.departmentId === d);
          const inForce = mine.filter((r) => r.validFrom <= t);
          const expected = mine.length === 0 ? undefined : (inForce.length ? inForce[inForce.length - 1]! : mine[0]!).nominal;
          if (got.get(d) !== expected) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
