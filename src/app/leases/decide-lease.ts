import { AppError } from '../../errors.ts';
import type { Lease } from '../../db/repositories/lease.repository.ts';
import type { Decision } from '../../domain/policy.ts';
import type { Actor, AppContext } from '../context.ts';
import { applyDecision, scheduleNextTransition } from './apply-decision.ts';
import { evaluateLease } from './evaluate.ts';
import { lockPool } from './pool-state.ts';
import { assertCanManage, isOwner } from './scope.ts';

/**
 * A lead (or, for the owner queue, an owner) approves or denies a pending request with a reason.
 * Approval re-runs the engine as that decider: capacity is checked again over the whole interval, so
 * an approval can still land on the waitlist if the seats went meanwhile. Budget overruns need an owner.
 */
export async function decideLease(
  ctx: AppContext,
  actor: Actor,
  input: { leaseId: string; approve: boolean; note?: string | null },
): Promise<{ lease: Lease; decision: Decision }> {
  const now = ctx.now();
  const result = await ctx.transaction(async (repos) => {
    await lockPool(repos, actor.orgId);
    const lease = await repos.leases.lock(actor.orgId, input.leaseId);
    if (!lease) throw new AppError('NOT_FOUND', { message: `No lease ${input.leaseId}` });
    if (lease.status !== 'requested' && lease.status !== 'waitlisted') throw new AppError('CONFLICT', { message: `This request is already ${lease.status}` });
    if (lease.queue === 'owner' && !isOwner(actor)) throw new AppError('FORBIDDEN', { message: 'This request exceeds the department budget; only an owner can decide it' });
    assertCanManage(actor, lease.departmentId, 'decide this request');
    if (!input.approve) {
      if (!input.note?.trim()) throw new AppError('VALIDATION_FAILED', { message: 'Say why the request is denied', details: [{ path: 'body.note', message: 'is required when denying' }] });
      const decision: Decision = { outcome: 'deny', rule: `denied_by.${lease.queue === 'owner' ? 'owner' : 'lead'}`, message: input.note };
      const evaluation = await evaluateLease(repos, { orgId: lease.orgId, departmentId: lease.departmentId, startsAt: lease.startsAt, endsAt: lease.endsAt, excludeLeaseId: lease.id }, { decidedBy: isOwner(actor) ? 'owner' : 'lead', now });
      return { lease: await applyDecision(ctx, repos, { lease, evaluation: { ...evaluation, decision }, actor, note: input.note }), decision };
    }
    const decidedBy = lease.queue === 'owner' || (isOwner(actor) && actor.kind === 'person') ? 'owner' : 'lead';
    const evaluation = await evaluateLease(repos, { orgId: lease.orgId, departmentId: lease.departmentId, startsAt: lease.startsAt, endsAt: lease.endsAt, excludeLeaseId: lease.id }, { decidedBy, now });
    const updated = await applyDecision(ctx, repos, { lease, evaluation, actor, note: input.note ?? null });
    return { lease: updated, decision: evaluation.decision };
  });
  await scheduleNextTransition(ctx, result.lease);
  return result;
}
