import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideLeaseRequest, DEFAULT_POLICY, type DecisionInput } from '../policy.ts';

// The budget guardrail's effect on lease decisions (src/domain/policy.ts): a department that spent its
// month's budget gets no automatic approvals; people still decide.
const input = (extra: Partial<DecisionInput> = {}): DecisionInput => ({
  departmentId: 'd1',
  days: 14,
  startsInPast: false,
  admission: { ok: true, isBorrowing: false },
  budget: { isWithin: true, monthlyBudgetCents: null, projectedCents: 0 },
  decidedBy: 'engine',
  ...extra,
});
const paused = { guardrail: { isAutoApprovalPaused: true } };

describe('decideLeaseRequest under a budget guardrail pause', () => {
  it('sends what would be auto-approved to the lead instead, naming the guardrail', () => {
    expect(decideLeaseRequest(DEFAULT_POLICY, input(paused))).toMatchObject({ outcome: 'queue_for_lead', rule: 'guardrail.budget_exhausted' });
    expect(decideLeaseRequest(DEFAULT_POLICY, input({ ...paused, admission: { ok: true, isBorrowing: true } }))).toMatchObject({ outcome: 'queue_for_lead', rule: 'guardrail.budget_exhausted' });
    expect(decideLeaseRequest(DEFAULT_POLICY, input({ ...paused, admission: { ok: false, reason: 'NO_LENDABLE_CAPACITY', canReclaim: true } }))).toMatchObject({ outcome: 'queue_for_lead', rule: 'guardrail.budget_exhausted' });
  });
  it('lets the lead and the owner still approve, and keeps denials and the waitlist as they were', () => {
    expect(decideLeaseRequest(DEFAULT_POLICY, input({ ...paused, decidedBy: 'lead' }))).toMatchObject({ outcome: 'approve', rule: 'approval.lead' });
    expect(decideLeaseRequest(DEFAULT_POLICY, input({ ...paused, days: 91 }))).toMatchObject({ outcome: 'deny', rule: 'lease.max_days' });
    expect(decideLeaseRequest(DEFAULT_POLICY, input({ ...paused, admission: { ok: false, reason: 'POOL_FULL', canReclaim: false } }))).toMatchObject({ outcome: 'waitlist' });
  });
  it('property: without a pause the decision is exactly what it was; with one, the engine never approves', () => {
    const arb = fc.record({
      days: fc.integer({ min: 1, max: 120 }),
      startsInPast: fc.boolean(),
      admission: fc.oneof(fc.record({ ok: fc.constant(true as const), isBorrowing: fc.boolean() }), fc.record({ ok: fc.constant(false as const), reason: fc.constantFrom('POOL_FULL' as const, 'BORROWING_LIMIT' as const, 'NO_LENDABLE_CAPACITY' as const), canReclaim: fc.boolean() })),
      isWithin: fc.boolean(),
      decidedBy: fc.constantFrom('engine' as const, 'lead' as const, 'owner' as const),
    });
    fc.assert(
      fc.property(arb, (a) => {
        const base = input({ days: a.days, startsInPast: a.startsInPast, admission: a.admission, budget: { isWithin: a.isWithin, monthlyBudgetCents: 100, projectedCents: 0 }, decidedBy: a.decidedBy });
        expect(decideLeaseRequest(DEFAULT_POLICY, { ...base, guardrail: { isAutoApprovalPaused: false } })).toEqual(decideLeaseRequest(DEFAULT_POLICY, base));
        const decision = decideLeaseRequest(DEFAULT_POLICY, { ...base, ...paused });
        if (a.decidedBy === 'engine') expect(['approve', 'reclaim_and_approve']).not.toContain(decision.outcome);
        else expect(decision).toEqual(decideLeaseRequest(DEFAULT_POLICY, base));
      }),
    );
  });
});
