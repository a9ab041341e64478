import type { Hold } from '../../domain/quota.ts';
import { decisionEffect, leasePriority, type DecisionEffect } from './apply-decision.ts';
import { evaluateOnState, type Evaluation, type EvaluationFacts } from './evaluate.ts';
import type { PoolState } from './pool-state.ts';

/** One lease request waiting for admission, after the checks that need no lock (person, scope, dates). */
export type AdmissionRequest = Readonly<{
  /** The id the lease will have if it is created. */
  leaseId: string;
  orgId: string;
  personId: string;
  departmentId: string;
  startsAt: Date;
  endsAt: Date;
  deadline: string | null;
  project: string | null;
  /** When the request arrived: its decision time and `requestedAt`. */
  now: Date;
}>;

/** A lease of one of the requesting people that is pending or holds a seat (it blocks overlapping requests). */
export type LiveLease = Readonly<{ id: string; personId: string; startsAt: Date; endsAt: Date }>;
/** A premium seat assignment of one of the requesting people. */
export type PremiumInterval = Readonly<{ personId: string; validFrom: Date; validTo: Date | null }>;

export type AdmissionVerdict =
  | Readonly<{ ok: true; evaluation: Evaluation; effect: DecisionEffect }>
  | Readonly<{ ok: false; conflict: 'overlapping_request' | 'holds_premium' }>;

/**
 * Decides a batch of requests in arrival order under one pool lock, exactly as if each had been decided
 * alone, one after the other: every request goes through `evaluateOnState` (the one decision pipeline),
 * and what a decision changes is applied to the in-memory state before the next one is decided — a grant
 * adds its hold, a reclaim moves its victims' ends, any lease that is not denied blocks later overlapping
 * requests of the same person. A request refused for its person (an overlapping lease or request, or a
 * premium seat already held over those dates) changes nothing. Pure; the caller writes the outcome.
 */
export function decideBatch(
  initial: PoolState,
  facts: EvaluationFacts,
  requests: readonly AdmissionRequest[],
  people: Readonly<{ live: readonly LiveLease[]; premium: readonly PremiumInterval[] }>,
): AdmissionVerdict[] {
  let holds: Hold[] = [...initial.holds];
  const live = new Map<string, LiveLease[]>();
  for (const l of people.live) pushTo(live, l.personId, l);
  const premium = new Map<string, PremiumInterval[]>();
  for (const a of people.premium) pushTo(premium, a.personId, a);

  return requests.map((request): AdmissionVerdict => {
    const { startsAt, endsAt } = request;
    if ((live.get(request.personId) ?? []).some((l) => l.startsAt < endsAt && l.endsAt > startsAt)) return { ok: false, conflict: 'overlapping_request' };
    if ((premium.get(request.personId) ?? []).some((a) => (a.validTo === null || a.validTo > startsAt) && a.validFrom < endsAt)) return { ok: false, conflict: 'holds_premium' };

    const state: PoolState = { ...initial, holds };
    const evaluation = evaluateOnState(state, facts, { orgId: request.orgId, departmentId: request.departmentId, startsAt, endsAt }, { decidedBy: 'engine', now: request.now });
    const effect = decisionEffect('requested', startsAt, evaluation, request.now);

    if (evaluation.decision.outcome === 'reclaim_and_approve' && evaluation.reclaim) {
      const reclaimAt = evaluation.reclaim.reclaimAt;
      const victims = new Set(evaluation.reclaim.victims.map((v) => v.id));
      holds = holds.map((h) => (victims.has(h.id) ? { ...h, to: reclaimAt } : h));
      for (const leases of live.values()) {
        for (let i = 0; i < leases.length; i++) if (victims.has(leases[i]!.id)) leases[i] = { ...leases[i]!, endsAt: new Date(reclaimAt) };
      }
    }
    if (effect.status === 'scheduled' || effect.status === 'active') {
      const priority = leasePriority({ id: request.leaseId, requestedAt: request.now, deadline: request.deadline, project: request.project }, null, request.now);
      holds = [...holds, { id: request.leaseId, departmentId: request.departmentId, from: effect.startsAt.getTime(), to: endsAt.getTime(), isReclaimable: true, priority, requestedAt: request.now.getTime() }];
    }
    if (effect.status !== 'denied') pushTo(live, request.personId, { id: request.leaseId, personId: request.personId, startsAt: effect.startsAt, endsAt });
    return { ok: true, evaluation, effect };
  });
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
