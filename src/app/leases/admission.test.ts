import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolicyDocumentSchema } from '../../domain/policy.ts';
import type { Hold } from '../../domain/quota.ts';
import { decideBatch, type AdmissionRequest, type AdmissionVerdict, type LiveLease, type PremiumInterval } from './admission.ts';
import { decisionEffect, leasePriority } from './apply-decision.ts';
import { evaluateOnState, type EvaluationFacts } from './evaluate.ts';
import type { PoolState } from './pool-state.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 23, 9); // a Monday, 09:00
const DEPARTMENTS = ['d0', 'd1', 'd2'];
const PEOPLE = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
const departmentOf = (person: string) => DEPARTMENTS[Number(person.slice(1)) % DEPARTMENTS.length]!;

/** A stored lease row as the database would hold it between two requests decided one at a time. */
type Row = { id: string; personId: string; departmentId: string; from: number; to: number; status: string; priority: number; requestedAt: number };

const quota = fc.record({ nominal: fc.integer({ min: 0, max: 3 }), borrowingLimit: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }), lendingLimit: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }) });
const world = fc.record({
  capacity: fc.integer({ min: 1, max: 6 }),
  quotas: fc.tuple(quota, quota, quota),
  budgets: fc.tuple(...DEPARTMENTS.map(() => fc.option(fc.integer({ min: 2_000, max: 40_000 }), { nil: null }))),
  paused: fc.subarray(DEPARTMENTS),
  policy: fc.record({ autoMax: fc.integer({ min: 3, max: 40 }), allowBorrowing: fc.boolean(), notice: fc.integer({ min: 0, max: 5 }), onExceed: fc.constantFrom('deny' as const, 'owner_approval' as const) }),
  existing: fc.array(fc.record({ person: fc.constantFrom(...PEOPLE), start: fc.integer({ min: -5, max: 20 }), days: fc.integer({ min: 1, max: 30 }), priority: fc.integer({ min: 0, max: 60 }) }), { maxLength: 6 }),
  permanent: fc.array(fc.record({ person: fc.constantFrom(...PEOPLE), start: fc.integer({ min: -30, max: 20 }), days: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }) }), { maxLength: 2 }),
  requests: fc.array(
    fc.record({ person: fc.constantFrom(...PEOPLE), start: fc.integer({ min: -2, max: 25 }), days: fc.integer({ min: 1, max: 45 }), project: fc.boolean(), deadline: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }) }),
    { minLength: 1, maxLength: 14 },
  ),
});
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function build(w: World) {
  const policy = PolicyDocumentSchema.parse({ autoApprove: { maxDays: w.policy.autoMax, allowBorrowing: w.policy.allowBorrowing }, reclaim: { noticeWorkingDays: w.policy.notice }, budget: { onExceed: w.policy.onExceed } });
  const day = (d: number) => Math.floor(T0 / DAY) * DAY + d * DAY;
  const rows: Row[] = w.existing.map((e, i) => ({ id: `old${i}`, personId: e.person, departmentId: departmentOf(e.person), from: day(e.start), to: day(e.start + e.days), status: 'scheduled', priority: e.priority, requestedAt: T0 - (10 - i) * DAY }));
  const permanentHolds: Hold[] = w.permanent.map((p, i) => ({ id: `assignment:${i}`, departmentId: departmentOf(p.person), from: day(p.start), to: p.days === null ? null : day(p.start + p.days), isReclaimable: false, priority: Number.MAX_SAFE_INTEGER }));
  const premium: PremiumInterval[] = w.permanent.map((p) => ({ personId: p.person, validFrom: new Date(day(p.start)), validTo: p.days === null ? null : new Date(day(p.start + p.days)) }));
  const state = (holdingRows: readonly Row[]): PoolState => ({
    pool: { capacity: w.capacity, quotas: DEPARTMENTS.map((d, i) => ({ departmentId: d, ...w.quotas[i]! })) },
    holds: [...holdingRows.map((r) => ({ id: r.id, departmentId: r.departmentId, from: r.from, to: r.to, isReclaimable: true, priority: r.priority, requestedAt: r.requestedAt })), ...permanentHolds],
    policy,
    policyVersion: 3,
    budgets: new Map(DEPARTMENTS.map((d, i) => [d, w.budgets[i]!])),
  });
  const requests: AdmissionRequest[] = w.requests.map((r, i) => ({
    leaseId: `new${i}`,
    orgId: 'org',
    personId: r.person,
    departmentId: departmentOf(r.person),
    startsAt: new Date(day(r.start)),
    endsAt: new Date(day(r.start + r.days)),
    deadline: r.deadline === null ? null : new Date(day(r.deadline)).toISOString().slice(0, 10),
    project: r.project ? 'P' : null,
    // Arrival order; the last ones arrive a day later (a batch may straddle midnight).
    now: new Date(T0 + i * 60_000 + (i > 10 ? DAY : 0)),
  }));
  const budgetFacts = new Map<string, { prices: { premium: number; base: number }; headcount: number }>();
  for (const r of requests) budgetFacts.set(`${r.departmentId}|${r.now.toISOString().slice(0, 10)}`, { prices: { premium: 10_000, base: 2_500 }, headcount: 2 });
  const facts: EvaluationFacts = { paused: new Set(w.paused.flatMap((d) => ['2026-11', '2026-12'].map((m) => `${d}|${m}`))), budget: budgetFacts };
  return { rows, premium, state, requests, facts };
}

/**
 * The specification: each request decided alone, in arrival order, against the rows as the database
 * would hold them after the previous request committed (pool state re-derived from the rows each time).
 */
function decideOneAtATime(w: World): AdmissionVerdict[] {
  const { rows: initial, premium, state, requests, facts } = build(w);
  const rows = initial.map((r) => ({ ...r }));
  return requests.map((request): AdmissionVerdict => {
    const from = request.startsAt.getTime();
    const to = request.endsAt.getTime();
    const pending = rows.filter((r) => r.personId === request.personId && ['requested', 'waitlisted', 'scheduled', 'active'].includes(r.status));
    if (pending.some((r) => r.from < to && r.to > from)) return { ok: false, conflict: 'overlapping_request' };
    if (premium.some((a) => a.personId === request.personId && (a.validTo === null || a.validTo.getTime() > from) && a.validFrom.getTime() < to)) return { ok: false, conflict: 'holds_premium' };
    const holding = rows.filter((r) => r.status === 'scheduled' || r.status === 'active');
    const evaluation = evaluateOnState(state(holding), facts, { orgId: 'org', departmentId: request.departmentId, startsAt: request.startsAt, endsAt: request.endsAt }, { decidedBy: 'engine', now: request.now });
    const effect = decisionEffect('requested', request.startsAt, evaluation, request.now);
    if (evaluation.decision.outcome === 'reclaim_and_approve' && evaluation.reclaim) {
      for (const victim of evaluation.reclaim.victims) rows.find((r) => r.id === victim.id)!.to = evaluation.reclaim.reclaimAt;
    }
    rows.push({ id: request.leaseId, personId: request.personId, departmentId: request.departmentId, from: effect.startsAt.getTime(), to, status: effect.status, priority: leasePriority({ id: request.leaseId, requestedAt: request.now, deadline: request.deadline, project: request.project }, null, request.now), requestedAt: request.now.getTime() });
    return { ok: true, evaluation, effect };
  });
}

function decideAsBatch(w: World): AdmissionVerdict[] {
  const { rows, premium, state, requests, facts } = build(w);
  const live: LiveLease[] = rows.map((r) => ({ id: r.id, personId: r.personId, startsAt: new Date(r.from), endsAt: new Date(r.to) }));
  return decideBatch(state(rows), facts, requests, { live, premium });
}

/** What a verdict records: the outcome, the rule, the inputs the decision saw, the reclaim plan and the lease's next state. */
const summary = (verdicts: readonly AdmissionVerdict[]) =>
  verdicts.map((v) => (v.ok ? { decision: v.evaluation.decision, input: v.evaluation.input, reclaim: v.evaluation.reclaim && { victims: v.evaluation.reclaim.victims.map((h) => h.id), reclaimAt: v.evaluation.reclaim.reclaimAt, effectiveFrom: v.evaluation.reclaim.effectiveFrom }, budget: v.evaluation.budget, effect: v.effect } : v));

describe('batched admission', () => {
  it('decides a batch exactly as deciding its requests one at a time in arrival order (property)', () => {
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(world, (w) => {
        const batch = summary(decideAsBatch(w));
        expect(batch).toEqual(summary(decideOneAtATime(w)));
        for (const v of batch) outcomes.add('decision' in v ? v.decision.outcome : v.conflict);
      }),
      { numRuns: 400 },
    );
    // The generator reaches the interesting verdicts: grants, reclaims, waits, queues and refusals.
    for (const outcome of ['approve', 'reclaim_and_approve', 'waitlist', 'queue_for_lead', 'deny', 'overlapping_request', 'holds_premium']) expect(outcomes).toContain(outcome);
  });

  it('lets a later request of the batch see an earlier grant: the second of two requests for the last seat waits', () => {
    const w: World = {
      capacity: 1,
      quotas: [{ nominal: 1, borrowingLimit: null, lendingLimit: null }, { nominal: 0, borrowingLimit: null, lendingLimit: null }, { nominal: 0, borrowingLimit: null, lendingLimit: null }],
      budgets: [null, null, null],
      paused: [],
      policy: { autoMax: 28, allowBorrowing: true, notice: 2, onExceed: 'owner_approval' },
      existing: [],
      permanent: [],
      requests: [
        { person: 'p0', start: 1, days: 5, project: false, deadline: null },
        { person: 'p3', start: 2, days: 5, project: false, deadline: null },
        { person: 'p0', start: 3, days: 2, project: false, deadline: null },
      ],
    };
    const verdicts = decideAsBatch(w);
    expect(verdicts.map((v) => (v.ok ? `${v.evaluation.decision.outcome}:${v.effect.status}` : v.conflict))).toEqual(['approve:scheduled', 'waitlist:waitlisted', 'overlapping_request']);
  });
});
