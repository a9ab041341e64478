import { transitionLease, type LeaseEvent } from '../../domain/leases.ts';
import type { Decision } from '../../domain/policy.ts';
import { waitlistPriority } from '../../domain/waitlist.ts';
import { toDay } from '../../domain/dates.ts';
import { getNeedScore } from '../usage/need.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { Lease } from '../../db/repositories/lease.repository.ts';
import { AppError } from '../../errors.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import type { Evaluation } from './evaluate.ts';
import { moveLeaseEnd, writeLeaseAssignments } from './lease-assignments.ts';

const fmt = (d: Date) => d.toISOString().slice(0, 10);

/** Notifications that ask someone to decide; settled once the request no longer waits. */
export const DECIDER_NOTIFICATIONS = ['lease.awaiting_decision', 'lease.reminder'] as const;

function eventFor(decision: Decision, startsNow: boolean): LeaseEvent {
  switch (decision.outcome) {
    case 'approve':
    case 'reclaim_and_approve':
      return { kind: 'approve', startsNow };
    case 'waitlist':
      return { kind: 'waitlist' };
    case 'deny':
      return { kind: 'deny' };
    case 'queue_for_lead':
    case 'queue_for_owner':
      return { kind: 'waitlist' };
  }
}

/** Schedules the sweep for a lease's next transition. Call after the transaction commits. */
export async function scheduleNextTransition(ctx: AppContext, lease: Lease): Promise<void> {
  if (lease.status === 'scheduled') await ctx.jobs.scheduleLeaseSweep(lease.orgId, lease.startsAt);
  else if (lease.status === 'active') await ctx.jobs.scheduleLeaseSweep(lease.orgId, lease.endsAt);
}

/**
 * Applies an engine decision to a pending lease inside the caller's transaction: the state change,
 * reclaim notices, seat history, notifications and one audit event carrying the rule and its inputs.
 */
export async function applyDecision(
  ctx: AppContext,
  repos: Repositories,
  input: { lease: Lease; evaluation: Evaluation; actor: Actor | { kind: 'system'; orgId: string }; note?: string | null },
): Promise<Lease> {
  const { lease, evaluation, actor } = input;
  const { decision } = evaluation;
  const now = ctx.now();
  const isQueued = decision.outcome === 'queue_for_lead' || decision.outcome === 'queue_for_owner';
  const startsAt = decision.outcome === 'reclaim_and_approve' && evaluation.reclaim ? new Date(evaluation.reclaim.effectiveFrom) : lease.startsAt;
  const startsNow = startsAt <= now;
  const transition = isQueued ? { ok: true as const, status: 'requested' as const, endReason: null } : transitionLease(lease.status, eventFor(decision, startsNow));
  if (!transition.ok) throw new AppError('CONFLICT', { message: transition.message });

  // Automatic decisions are the engine's, not the requester's.
  const decidedBy = actor.kind === 'person' && evaluation.input.decidedBy !== 'engine' ? actor.personId : null;
  // Need evidence only matters while a request waits (the waitlist sweep recomputes it fresh); an
  // approved lease's priority orders reclaims by declared need and age alone.
  const isWaiting = decision.outcome === 'waitlist' || isQueued;
  const needScore = isWaiting ? (await getNeedScore(repos, lease.orgId, lease.personId, toDay(now))).score : null;
  const priority = waitlistPriority({ id: lease.id, requestedAt: lease.requestedAt.getTime(), deadline: lease.deadline ? Date.parse(`${lease.deadline}T00:00:00Z`) : null, hasProject: lease.project !== null, needScore }, now.getTime());
  await repos.leases.update(lease.orgId, lease.id, {
    status: transition.status,
    startsAt,
    queue: decision.outcome === 'queue_for_lead' ? 'lead' : decision.outcome === 'queue_for_owner' ? 'owner' : null,
    priority,
    decidedBy: isQueued ? null : decidedBy,
    decidedAt: isQueued ? null : now,
    decisionRule: decision.rule,
    decisionNote: input.note ?? decision.message,
    decisionInputs: evaluation.input,
    policyVersion: evaluation.state.policyVersion,
    ...(transition.status === 'active' ? { startedAt: now } : {}),
  });
  const updated = (await repos.leases.find(lease.orgId, lease.id))!;

  const notes: Array<{ personId: string; kind: string; title: string; body: string; leaseId: string | null }> = [];
  if (decision.outcome === 'reclaim_and_approve' && evaluation.reclaim) {
    for (const victim of evaluation.reclaim.victims) {
      const victimLease = await repos.leases.lock(lease.orgId, victim.id);
      if (!victimLease) continue;
      const endsAt = new Date(evaluation.reclaim.reclaimAt);
      if (victimLease.status === 'active') await moveLeaseEnd(repos, victimLease, endsAt);
      await repos.leases.update(lease.orgId, victim.id, { endsAt, reclaimNoticeAt: now });
      notes.push({ personId: victimLease.personId, kind: 'lease.reclaim_notice', title: 'Your borrowed premium seat is being reclaimed', body: `${updated.departmentName} needs its seat back. Your lease now ends ${fmt(endsAt)} (notice: ${evaluation.state.policy.reclaim.noticeWorkingDays} working days).`, leaseId: victim.id });
      await repos.audit.append({ orgId: lease.orgId, actor: auditActorOf(actor as Actor), action: 'lease.reclaim_noticed', entityType: 'lease', entityId: victim.id, before: { endsAt: victimLease.endsAt }, after: { endsAt, forLease: lease.id }, reason: decision.rule, rule: decision.rule });
    }
  }
  if (transition.status === 'active') await writeLeaseAssignments(repos, updated);
  if (transition.status === 'scheduled' || transition.status === 'active') {
    notes.push({ personId: updated.personId, kind: 'lease.approved', title: `Premium lease approved from ${fmt(updated.startsAt)} to ${fmt(updated.endsAt)}`, body: decision.message, leaseId: lease.id });
  } else if (transition.status === 'denied') {
    notes.push({ personId: updated.personId, kind: 'lease.denied', title: 'Premium lease request denied', body: input.note ?? decision.message, leaseId: lease.id });
  } else if (transition.status === 'waitlisted') {
    notes.push({ personId: updated.personId, kind: 'lease.waitlisted', title: 'You are on the premium waitlist', body: decision.message, leaseId: lease.id });
  } else if (isQueued) {
    const deciders = decision.outcome === 'queue_for_owner'
      ? await repos.people.listIdsWithRole(lease.orgId, ['primary_owner', 'owner'])
      : await repos.people.listIdsWithRole(lease.orgId, ['dept_lead'], updated.departmentId);
    for (const personId of deciders) {
      notes.push({ personId, kind: 'lease.awaiting_decision', title: `${updated.personName} asks for premium ${fmt(updated.startsAt)}–${fmt(updated.endsAt)}`, body: `${decision.message}. Reason: ${updated.reason}`, leaseId: lease.id });
    }
  }
  if (!isQueued) await repos.allocation.markLeaseNotificationsRead(lease.orgId, lease.id, DECIDER_NOTIFICATIONS, now);
  await repos.allocation.notify(lease.orgId, notes);
  await repos.audit.append({
    orgId: lease.orgId,
    actor: actor.kind === 'system' ? { kind: 'system' } : auditActorOf(actor),
    action: `lease.${isQueued ? 'queued' : transition.status === 'active' || transition.status === 'scheduled' ? 'approved' : transition.status}`,
    entityType: 'lease',
    entityId: lease.id,
    before: { status: lease.status },
    after: { status: updated.status, startsAt: updated.startsAt, endsAt: updated.endsAt, rule: decision.rule, inputs: evaluation.input, policyVersion: evaluation.state.policyVersion },
    reason: input.note ?? decision.message,
    rule: decision.rule,
  });
  return updated;
}
