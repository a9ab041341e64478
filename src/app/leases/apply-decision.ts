import { transitionLease, type LeaseEvent, type LeaseStatus } from '../../domain/leases.ts';
import type { Decision } from '../../domain/policy.ts';
import { waitlistPriority } from '../../domain/waitlist.ts';
import { toDay } from '../../domain/dates.ts';
import { getNeedScore } from '../usage/need.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { Lease } from '../../db/repositories/lease.repository.ts';
import { AppError } from '../../errors.ts';
import type { AuditEventInput } from '../../db/repositories/audit.repository.ts';
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

/** What a decision does to a pending lease: its next status, its start (a reclaim may push it back) and queue. */
export type DecisionEffect = Readonly<{ status: LeaseStatus; startsAt: Date; queue: 'lead' | 'owner' | null; isQueued: boolean; isWaiting: boolean }>;

/** The effect of an engine decision on a lease in `status` starting at `startsAt`; CONFLICT when the lease cannot make that move. Pure. */
export function decisionEffect(status: LeaseStatus, leaseStartsAt: Date, evaluation: Pick<Evaluation, 'decision' | 'reclaim'>, now: Date): DecisionEffect {
  const { decision } = evaluation;
  const isQueued = decision.outcome === 'queue_for_lead' || decision.outcome === 'queue_for_owner';
  const startsAt = decision.outcome === 'reclaim_and_approve' && evaluation.reclaim ? new Date(evaluation.reclaim.effectiveFrom) : leaseStartsAt;
  const transition = isQueued ? { ok: true as const, status: 'requested' as const, endReason: null } : transitionLease(status, eventFor(decision, startsAt <= now));
  if (!transition.ok) throw new AppError('CONFLICT', { message: transition.message });
  return {
    status: transition.status,
    startsAt,
    queue: decision.outcome === 'queue_for_lead' ? 'lead' : decision.outcome === 'queue_for_owner' ? 'owner' : null,
    isQueued,
    // Need evidence only matters while a request waits (the waitlist sweep recomputes it fresh).
    isWaiting: decision.outcome === 'waitlist' || isQueued,
  };
}

/** Schedules the sweep for a lease's next transition. Call after the transaction commits. */
export async function scheduleNextTransition(ctx: AppContext, lease: Lease): Promise<void> {
  if (lease.status === 'scheduled') await ctx.jobs.scheduleLeaseSweep(lease.orgId, lease.startsAt);
  else if (lease.status === 'active') await ctx.jobs.scheduleLeaseSweep(lease.orgId, lease.endsAt);
}

type DecisionActor = Actor | { kind: 'system'; orgId: string };
type Note = { personId: string; kind: string; title: string; body: string; leaseId: string | null };

const auditActor = (actor: DecisionActor) => (actor.kind === 'system' ? { kind: 'system' as const } : auditActorOf(actor));

/**
 * Applies an engine decision to a pending lease inside the caller's transaction: the state change,
 * reclaim notices, seat history, notifications and one audit event carrying the rule and its inputs.
 */
export async function applyDecision(
  ctx: AppContext,
  repos: Repositories,
  input: { lease: Lease; evaluation: Evaluation; actor: DecisionActor; note?: string | null },
): Promise<Lease> {
  const { lease, evaluation, actor } = input;
  const { decision } = evaluation;
  const now = ctx.now();
  const effect = decisionEffect(lease.status, lease.startsAt, evaluation, now);
  const needScore = effect.isWaiting ? (await getNeedScore(repos, lease.orgId, lease.personId, toDay(now))).score : null;
  await repos.leases.update(lease.orgId, lease.id, {
    status: effect.status,
    startsAt: effect.startsAt,
    queue: effect.queue,
    priority: leasePriority(lease, needScore, now),
    decidedBy: effect.isQueued ? null : decidedByOf(actor, evaluation),
    decidedAt: effect.isQueued ? null : now,
    decisionRule: decision.rule,
    decisionNote: input.note ?? decision.message,
    decisionInputs: evaluation.input,
    policyVersion: evaluation.state.policyVersion,
    ...(effect.status === 'active' ? { startedAt: now } : {}),
  });
  const updated = (await repos.leases.find(lease.orgId, lease.id))!;

  const notes: Note[] = [];
  const events: AuditEventInput[] = [];
  await noticeReclaimVictims(repos, { lease: updated, evaluation, actor, now }, notes, events);
  if (effect.status === 'active') await writeLeaseAssignments(repos, updated);
  notes.push(...(await decisionNotes(repos, { lease: updated, evaluation, effect, note: input.note ?? null })));
  if (!effect.isQueued) await repos.allocation.markLeaseNotificationsRead(lease.orgId, lease.id, DECIDER_NOTIFICATIONS, now);
  await repos.allocation.notify(lease.orgId, notes);
  events.push(decisionAuditEvent({ before: lease, after: updated, evaluation, effect, actor, note: input.note ?? null }));
  await repos.audit.appendMany(events);
  return updated;
}

/** Automatic decisions are the engine's, not the requester's. */
export function decidedByOf(actor: DecisionActor, evaluation: Evaluation): string | null {
  return actor.kind === 'person' && evaluation.input.decidedBy !== 'engine' ? actor.personId : null;
}

/** Waitlist priority of a lease (an approved lease's priority orders reclaims by declared need and age alone). */
export function leasePriority(lease: Pick<Lease, 'id' | 'requestedAt' | 'deadline' | 'project'>, needScore: number | null, now: Date): number {
  return waitlistPriority({ id: lease.id, requestedAt: lease.requestedAt.getTime(), deadline: lease.deadline ? Date.parse(`${lease.deadline}T00:00:00Z`) : null, hasProject: lease.project !== null, needScore }, now.getTime());
}

/** Ends the borrowed leases a reclaim chose at the reclaim instant, with notice; adds their notes and audit events. */
export async function noticeReclaimVictims(repos: Repositories, input: { lease: Lease; evaluation: Evaluation; actor: DecisionActor; now: Date }, notes: Note[], events: AuditEventInput[]): Promise<void> {
  const { lease, evaluation, now } = input;
  if (evaluation.decision.outcome !== 'reclaim_and_approve' || !evaluation.reclaim) return;
  for (const victim of evaluation.reclaim.victims) {
    const victimLease = await repos.leases.lock(lease.orgId, victim.id);
    if (!victimLease || (victimLease.status !== 'active' && victimLease.status !== 'scheduled')) continue;
    const endsAt = new Date(evaluation.reclaim.reclaimAt);
    if (victimLease.status === 'active') await moveLeaseEnd(repos, victimLease, endsAt);
    await repos.leases.update(lease.orgId, victim.id, { endsAt, reclaimNoticeAt: now });
    notes.push({ personId: victimLease.personId, kind: 'lease.reclaim_notice', title: 'Your borrowed premium seat is being reclaimed', body: `${lease.departmentName} needs its seat back. Your lease now ends ${fmt(endsAt)} (notice: ${evaluation.state.policy.reclaim.noticeWorkingDays} working days).`, leaseId: victim.id });
    events.push({ orgId: lease.orgId, actor: auditActorOf(input.actor as Actor), action: 'lease.reclaim_noticed', entityType: 'lease', entityId: victim.id, before: { endsAt: victimLease.endsAt }, after: { endsAt, forLease: lease.id }, reason: evaluation.decision.rule, rule: evaluation.decision.rule });
  }
}

/** The in-app notifications a decision sends: to the requester, or to the deciders when it is queued. */
export async function decisionNotes(
  repos: Repositories,
  input: { lease: Lease; evaluation: Evaluation; effect: DecisionEffect; note: string | null },
  listDeciders: (queue: 'lead' | 'owner', departmentId: string) => Promise<readonly string[]> = (queue, departmentId) =>
    queue === 'owner' ? repos.people.listIdsWithRole(input.lease.orgId, ['primary_owner', 'owner']) : repos.people.listIdsWithRole(input.lease.orgId, ['dept_lead'], departmentId),
): Promise<Note[]> {
  const { lease, effect } = input;
  const { decision } = input.evaluation;
  if (effect.status === 'scheduled' || effect.status === 'active') {
    return [{ personId: lease.personId, kind: 'lease.approved', title: `Premium lease approved from ${fmt(lease.startsAt)} to ${fmt(lease.endsAt)}`, body: decision.message, leaseId: lease.id }];
  }
  if (effect.status === 'denied') return [{ personId: lease.personId, kind: 'lease.denied', title: 'Premium lease request denied', body: input.note ?? decision.message, leaseId: lease.id }];
  if (effect.status === 'waitlisted') return [{ personId: lease.personId, kind: 'lease.waitlisted', title: 'You are on the premium waitlist', body: decision.message, leaseId: lease.id }];
  if (effect.isQueued) {
    const deciders = await listDeciders(effect.queue === 'owner' ? 'owner' : 'lead', lease.departmentId);
    return deciders.map((personId) => ({ personId, kind: 'lease.awaiting_decision', title: `${lease.personName} asks for premium ${fmt(lease.startsAt)}–${fmt(lease.endsAt)}`, body: `${decision.message}. Reason: ${lease.reason}`, leaseId: lease.id }));
  }
  return [];
}

/** The audit event of a decision: the rule that fired and the inputs it saw. */
export function decisionAuditEvent(input: { before: Pick<Lease, 'status'>; after: Lease; evaluation: Evaluation; effect: DecisionEffect; actor: DecisionActor; note: string | null }): AuditEventInput {
  const { after, evaluation, effect } = input;
  const { decision } = evaluation;
  return {
    orgId: after.orgId,
    actor: auditActor(input.actor),
    action: `lease.${effect.isQueued ? 'queued' : effect.status === 'active' || effect.status === 'scheduled' ? 'approved' : effect.status}`,
    entityType: 'lease',
    entityId: after.id,
    before: { status: input.before.status },
    after: { status: after.status, startsAt: after.startsAt, endsAt: after.endsAt, rule: decision.rule, inputs: evaluation.input, policyVersion: evaluation.state.policyVersion },
    reason: input.note ?? decision.message,
    rule: decision.rule,
  };
}
