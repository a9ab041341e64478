import { AppError } from '../../errors.ts';
import type { Lease } from '../../db/repositories/lease.repository.ts';
import type { Decision } from '../../domain/policy.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import { applyDecision, scheduleNextTransition } from './apply-decision.ts';
import { evaluateLease } from './evaluate.ts';
import { PREMIUM_LINE } from './pool-state.ts';
import { assertSelfOrManager } from './scope.ts';
import { offerToWaitlist } from './sweep.ts';

export type LeaseRequestInput = Readonly<{
  personId?: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  project?: string | null;
  deadline?: string | null;
}>;

/**
 * Anyone may ask for a premium lease for themselves (leads and admins may ask for their people). The
 * engine decides at once: approve (free or borrowed quota, or reclaiming a lent seat with notice),
 * queue for the lead or owner, waitlist when capacity is short, or deny. One transaction.
 */
export async function requestLease(ctx: AppContext, actor: Actor, input: LeaseRequestInput): Promise<{ lease: Lease; decision: Decision }> {
  if (input.endsAt <= input.startsAt) {
    throw new AppError('VALIDATION_FAILED', { message: 'The lease must end after it starts', details: [{ path: 'body.endsAt', message: 'must be after startsAt' }] });
  }
  const personId = input.personId ?? (actor.kind === 'person' ? actor.personId : undefined);
  if (!personId) throw new AppError('VALIDATION_FAILED', { message: 'Name the person the lease is for', details: [{ path: 'body.personId', message: 'is required' }] });
  const now = ctx.now();
  // Earlier waiters first: seats freed since they were waitlisted go to them before this request is decided.
  await offerToWaitlist(ctx, actor.orgId);
  const result = await ctx.transaction(async (repos) => {
    const person = await repos.people.findById(actor.orgId, personId, now);
    if (!person || person.status !== 'active') throw new AppError('NOT_FOUND', { message: `No active person ${personId}`, details: [{ path: 'body.personId', message: 'no such active person' }] });
    if (!person.departmentId) throw new AppError('CONFLICT', { message: `${person.name} belongs to no department; leases come from a department's quota` });
    assertSelfOrManager(actor, person.id, person.departmentId, 'request a lease for someone else');
    const ask = { orgId: actor.orgId, departmentId: person.departmentId, startsAt: input.startsAt, endsAt: input.endsAt };
    // The pool lock taken by evaluateLease also serializes this person's overlapping requests.
    const evaluation = await evaluateLease(repos, ask, { decidedBy: 'engine', now });
    const overlapping = await repos.leases.overlapsForPerson(actor.orgId, person.id, input.startsAt, input.endsAt);
    if (overlapping.length) throw new AppError('CONFLICT', { message: `${person.name} already has a lease or request overlapping these dates` });
    const history = await repos.seats.listPersonHistory(actor.orgId, person.id, PREMIUM_LINE.vendor);
    if (history.some((a) => a.tier === PREMIUM_LINE.tier && (a.validTo === null || a.validTo > input.startsAt) && a.validFrom < input.endsAt)) {
      throw new AppError('CONFLICT', { message: `${person.name} already holds a premium seat over these dates` });
    }
    const id = await repos.leases.insert(actor.orgId, {
      personId: person.id,
      departmentId: person.departmentId,
      ...PREMIUM_LINE,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      reason: input.reason,
      project: input.project ?? null,
      deadline: input.deadline ?? null,
      status: 'requested',
      queue: null,
      priority: 0,
      requestedBy: actor.kind === 'person' ? actor.personId : null,
      requestedAt: now,
      decidedBy: null,
      decidedAt: null,
      decisionRule: 'requested',
      decisionNote: null,
      decisionInputs: null,
      policyVersion: evaluation.state.policyVersion,
    });
    const created = (await repos.leases.find(actor.orgId, id))!;
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'lease.requested', entityType: 'lease', entityId: id, after: { personId: person.id, startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason, project: input.project ?? null } });
    const lease = await applyDecision(ctx, repos, { lease: created, evaluation, actor });
    return { lease, decision: evaluation.decision };
  });
  await scheduleNextTransition(ctx, result.lease);
  return result;
}
