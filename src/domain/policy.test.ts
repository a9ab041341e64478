import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideLeaseRequest, DEFAULT_POLICY, PolicyDocumentSchema, type DecisionInput } from './policy.ts';
import { checkBudget, leaseCostByMonth } from './budget.ts';

const input = (extra: Partial<DecisionInput> = {}): DecisionInput => ({
  departmentId: 'd1',
  days: 14,
  startsInPast: false,
  admission: { ok: true, isBorrowing: false },
  budget: { isWithin: true, monthlyBudgetCents: null, projectedCents: 0 },
  decidedBy: 'engine',
  ...extra,
});

describe('PolicyDocumentSchema', () => {
  it('fills every default from an empty document', () => {
    expect(DEFAULT_POLICY).toEqual({
      lease: { minDays: 1, maxDays: 90 },
      autoApprove: { enabled: true, maxDays: 28, allowBorrowing: true },
      budget: { onExceed: 'owner_approval' },
      reclaim: { noticeWorkingDays: 2 },
      approvals: { reminderAfterHours: 24 },
      waitlist: { onCapacityFreed: 'auto_grant' },
    });
  });
  it('rejects unknown keys and bad values with their paths', () => {
    const result = PolicyDocumentSchema.safeParse({ autoApprove: { maxDays: 0, seniorityBonus: 5 }, budget: { onExceed: 'shrug' } });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['autoApprove', 'autoApprove.maxDays', 'budget.onExceed']);
  });
});

describe('decideLeaseRequest', () => {
  it('auto-approves a short lease with free quota, naming the rule', () => {
    expect(decideLeaseRequest(DEFAULT_POLICY, input())).toMatchObject({ outcome: 'approve', rule: 'auto_approve.free_quota' });
    expect(decideLeaseRequest(DEFAULT_POLICY, input({ admission: { ok: true, isBorrowing: true } }))).toMatchObject({ outcome: 'approve', rule: 'auto_approve.borrowed_quota' });
  });
  it('sends long leases and, if the policy says so, borrowing to the lead', () => {
    expect(decideLeaseRequest(DEFAULT_POLICY, input({ days: 40 }))).toMatchObject({ outcome: 'queue_for_lead', rule: 'lead_approval.long_lease' });
    const strict = PolicyDocumentSchema.parse({ autoApprove: { allowBorrowing: false } });
    expect(decideLeaseRequest(strict, input({ admission: { ok: true, isBorrowing: true } }))).toMatchObject({ outcome: 'queue_for_lead', rule: 'lead_approval.borrowing' });
    expect(decideLeaseRequest(PolicyDocumentSchema.parse({ autoApprove: { enabled: false } }), input())).toMatchObject({ outcome: 'queue_for_lead', rule: 'lead_approval.required' });
  });
  it('denies leases outside the allowed duration or in the past', () => {
    expect(decideLeaseRequest(DEFAULT_POLICY, input({ days: 91 }))).toMatchObject({ outcome: 'deny', rule: 'lease.max_days' });
    expect(decideLeaseRequest(DEFAULT_POLICY, input({ startsInPast: true }))).toMatchObject({ outcome: 'deny', rule: 'lease.starts_in_past' });
  });
  it('routes over-budget requests per policy, and lets an owner approve them', () => {
    const over = input({ budget: { isWithin: false, monthlyBudgetCents: 10000, projectedCents: 12000 } });
    expect(decideLeaseRequest(DEFAULT_POLICY, over)).toMatchObject({ outcome: 'queue_for_owner', rule: 'budget.owner_approval' });
    expect(decideLeaseRequest(PolicyDocumentSchema.parse({ budget: { onExceed: 'deny' } }), over)).toMatchObject({ outcome: 'deny', rule: 'budget.deny' });
    expect(decideLeaseRequest(DEFAULT_POLICY, { ...over, decidedBy: 'owner' })).toMatchObject({ outcome: 'approve', rule: 'approval.owner' });
  });
  it('waitlists when capacity is short, and reclaims when the department’s own quota is lent out', () => {
    expect(decideLeaseRequest(DEFAULT_POLICY, input({ admission: { ok: false, reason: 'POOL_FULL', canReclaim: false } }))).toMatchObject({ outcome: 'waitlist', rule: 'capacity.pool_full' });
    expect(decideLeaseRequest(DEFAULT_POLICY, input({ admission: { ok: false, reason: 'POOL_FULL', canReclaim: true } }))).toMatchObject({ outcome: 'reclaim_and_approve', rule: 'capacity.reclaim' });
  });
  it('is a function of its inputs only (property: same inputs, same decision)', () => {
    const arb = fc.record({
      days: fc.integer({ min: 0, max: 120 }),
      startsInPast: fc.boolean(),
      isOk: fc.boolean(),
      isBorrowing: fc.boolean(),
      canReclaim: fc.boolean(),
      isWithin: fc.boolean(),
      decidedBy: fc.constantFrom('engine' as const, 'lead' as const, 'owner' as const),
    });
    fc.assert(
      fc.property(arb, (a) => {
        const i = input({
          days: a.days,
          startsInPast: a.startsInPast,
          admission: a.isOk ? { ok: true, isBorrowing: a.isBorrowing } : { ok: false, reason: 'POOL_FULL', canReclaim: a.canReclaim },
          budget: { isWithin: a.isWithin, monthlyBudgetCents: 1, projectedCents: 2 },
          decidedBy: a.decidedBy,
        });
        const d = decideLeaseRequest(DEFAULT_POLICY, i);
        return JSON.stringify(d) === JSON.stringify(decideLeaseRequest(DEFAULT_POLICY, structuredClone(i))) && d.rule.length > 0;
      }),
    );
  });
});

describe('budget', () => {
  it('prorates the premium-over-standard difference by calendar month', () => {
    const cost = leaseCostByMonth({ from: Date.parse('2026-11-23T00:00:00Z'), to: Date.parse('2026-12-07T00:00:00Z'), premiumMonthCents: 10000, baseMonthCents: 2500 });
    // 8 of 30 November days and 6 of 31 December days at $75 a month.
    expect([...cost]).toEqual([['2026-11', 2000], ['2026-12', 1452]]);
  });
  it('flags the month a lease would push over budget', () => {
    const check = checkBudget({ monthlyBudgetCents: 100_000, committed: new Map([['2026-12', 99_000]]), addition: new Map([['2026-11', 2000], ['2026-12', 1452]]) });
    expect(check).toEqual({ isWithin: false, worstMonth: '2026-12', projectedCents: 100_452, monthlyBudgetCents: 100_000 });
    expect(checkBudget({ monthlyBudgetCents: null, committed: new Map(), addition: new Map([['2026-12', 1]]) }).isWithin).toBe(true);
  });
  it('never charges more than the monthly difference for any month (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 50_000 }), (start, len, delta) => {
        const from = Date.parse('2026-01-01T00:00:00Z') + start * 86_400_000;
        const cost = leaseCostByMonth({ from, to: from + len * 86_400_000, premiumMonthCents: 2500 + delta, baseMonthCents: 2500 });
        return [...cost.values()].every((c) => c >= 0 && c <= delta);
      }),
    );
  });
});
