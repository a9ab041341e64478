import { transitionLease, type LeaseEndReason } from '../../domain/leases.ts';
import { AppError } from '../../errors.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { Lease } from '../../db/repositories/lease.repository.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import { moveLeaseEnd } from './lease-assignments.ts';
import { DECIDER_NOTIFICATIONS } from './apply-decision.ts';
import { lockPool } from './pool-state.ts';
import { assertCanManage, assertSelfOrManager } from './scope.ts';

/** Ends a scheduled or active lease at `at` (returned, revoked, expired or reclaimed); the base tier resumes then. */
export async function endLeaseInTransaction(repos: Repositories, input: { lease: Lease; reason: LeaseEndReason; at: Date; actor: Actor | { kind: 'system'; orgId: string }; note: string | null }): Promise<boolean> {
  const { lease } = input;
  const next = transitionLease(lease.status, { kind: 'end', reason: input.reason });
  if (!next.ok) throw new AppError('CONFLICT', { message: next.message });
  const endsAt = lease.status === 'active' && input.at < lease.endsAt ? input.at : lease.endsAt;
  const done = await repos.leases.updateIfStatus(lease.orgId, lease.id, lease.status, { status: 'ended', endReason: input.reason, endsAt, endedAt: input.at });
  if (!done) return false;
  if (lease.status === 'active' && endsAt.getTime() !== lease.endsAt.getTime()) await moveLeaseEnd(repos, lease, endsAt);
  await repos.allocation.notify(lease.orgId, [
    { personId: lease.personId, kind: `lease.${input.reason}`, title: `Your premium lease has ended (${input.reason})`, body: input.note ?? `You are back on your base tier from ${endsAt.toISOString().slice(0, 10)}.`, leaseId: lease.id },
  ]);
  await repos.audit.append({
    orgId: lease.orgId,
    actor: input.actor.kind === 'system' ? { kind: 'system' } : auditActorOf(input.actor),
    action: `lease.${input.reason}`,
    entityType: 'lease',
    entityId: lease.id,
    before: { status: lease.status, endsAt: lease.endsAt },
    after: { status: 'ended', endReason: input.reason, endsAt },
    reason: input.note,
  });
  return true;
}

/** The holder gives the seat back early (or before it starts); it returns to the pool at once. */
export async function returnLease(ctx: AppContext, actor: Actor, leaseId: string, note: string | null): Promise<Lease> {
  return endBy(ctx, actor, leaseId, 'returned', note, (lease) => assertSelfOrManager(actor, lease.personId, lease.departmentId, 'return this lease'));
}

/** An admin or the lead takes a lease back (for example, someone left the project). Needs a reason. */
export async function revokeLease(ctx: AppContext, actor: Actor, leaseId: string, note: string | null): Promise<Lease> {
  if (!note?.trim()) throw new AppError('VALIDATION_FAILED', { message: 'Say why the lease is revoked', details: [{ path: 'body.note', message: 'is required' }] });
  return endBy(ctx, actor, leaseId, 'revoked', note, (lease) => assertCanManage(actor, lease.departmentId, 'revoke a lease'));
}

async function endBy(ctx: AppContext, actor: Actor, leaseId: string, reason: LeaseEndReason, note: string | null, authorize: (lease: Lease) => void): Promise<Lease> {
  const lease = await ctx.transaction(async (repos) => {
    // The pool first: an admission deciding now (perhaps reclaiming this very lease) finishes with
    // the pool as it saw it, and the seat comes back after.
    await lockPool(repos, actor.orgId);
    const found = await repos.leases.lock(actor.orgId, leaseId);
    if (!found) throw new AppError('NOT_FOUND', { message: `No lease ${leaseId}` });
    authorize(found);
    await endLeaseInTransaction(repos, { lease: found, reason, at: ctx.now(), actor, note });
    return (await repos.leases.find(actor.orgId, leaseId))!;
  });
  // Capacity freed: let the waitlist move now rather than at the next sweep.
  await ctx.jobs.scheduleLeaseSweep(actor.orgId, ctx.now());
  return lease;
}

/** The requester withdraws a pending request. */
export async function cancelLeaseRequest(ctx: AppContext, actor: Actor, leaseId: string): Promise<Lease> {
  return ctx.transaction(async (repos) => {
    const lease = await repos.leases.lock(actor.orgId, leaseId);
    if (!lease) throw new AppError('NOT_FOUND', { message: `No lease ${leaseId}` });
    assertSelfOrManager(actor, lease.personId, lease.departmentId, 'cancel this request');
    const next = transitionLease(lease.status, { kind: 'cancel' });
    if (!next.ok) throw new AppError('CONFLICT', { message: next.message });
    await repos.leases.update(actor.orgId, leaseId, { status: 'cancelled', queue: null, decidedAt: ctx.now() });
    await repos.allocation.markLeaseNotificationsRead(actor.orgId, leaseId, DECIDER_NOTIFICATIONS, ctx.now());
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'lease.cancelled', entityType: 'lease', entityId: leaseId, before: { status: lease.status }, after: { status: 'cancelled' } });
    return (await repos.leases.find(actor.orgId, leaseId))!;
  });
}
