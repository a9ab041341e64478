import { leaseDays } from '../../domain/leases.ts';
import { AppError } from '../../errors.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { Lease, LeaseExtension } from '../../db/repositories/lease.repository.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import { evaluateLease } from './evaluate.ts';
import { moveLeaseEnd } from './lease-assignments.ts';
import { lockPool } from './pool-state.ts';
import { assertCanManage, assertSelfOrManager, isOwner } from './scope.ts';

type ExtensionOutcome = { status: 'approved' | 'requested' | 'denied'; rule: string; message: string };

async function judgeExtension(repos: Repositories, lease: Lease, newEndsAt: Date, decidedBy: 'engine' | 'lead' | 'owner', now: Date): Promise<ExtensionOutcome> {
  const evaluation = await evaluateLease(repos, { orgId: lease.orgId, departmentId: lease.departmentId, startsAt: lease.endsAt, endsAt: newEndsAt }, { decidedBy, now });
  const { policy } = evaluation.state;
  const total = leaseDays(lease.startsAt.getTime(), newEndsAt.getTime());
  if (total > policy.lease.maxDays) return { status: 'denied', rule: 'extension.max_days', message: `With the extension the lease would last ${total} days; the maximum is ${policy.lease.maxDays}. Request a new lease for the next sprint.` };
  const { outcome, rule, message } = evaluation.decision;
  // Auto-approval looks at the whole lease, so a chain of short extensions cannot dodge the lead.
  if (outcome === 'approve' && decidedBy === 'engine' && total > policy.autoApprove.maxDays) {
    return { status: 'requested', rule: 'extension.lead_approval.long_lease', message: `With the extension the lease lasts ${total} days, more than ${policy.autoApprove.maxDays}; the department lead decides` };
  }
  if (outcome === 'approve') return { status: 'approved', rule: `extension.${rule}`, message };
  if (outcome === 'queue_for_lead' || outcome === 'queue_for_owner') return { status: 'requested', rule: `extension.${rule}`, message };
  return { status: 'denied', rule: `extension.${rule}`, message: outcome === 'deny' ? message : 'No premium seat is free for the extra days' };
}

async function applyExtension(repos: Repositories, lease: Lease, newEndsAt: Date): Promise<void> {
  if (lease.status === 'active') await moveLeaseEnd(repos, lease, newEndsAt);
  await repos.leases.update(lease.orgId, lease.id, { endsAt: newEndsAt });
}

/** Asks to keep a lease longer. Auto-approved within policy when a seat is free for the extra days; otherwise the lead decides. */
export async function requestLeaseExtension(ctx: AppContext, actor: Actor, input: { leaseId: string; newEndsAt: Date; reason: string }): Promise<{ lease: Lease; extension: LeaseExtension }> {
  const now = ctx.now();
  const result = await ctx.transaction(async (repos) => {
    await lockPool(repos, actor.orgId);
    const lease = await repos.leases.lock(actor.orgId, input.leaseId);
    if (!lease) throw new AppError('NOT_FOUND', { message: `No lease ${input.leaseId}` });
    assertSelfOrManager(actor, lease.personId, lease.departmentId, 'extend this lease');
    if (lease.status !== 'active' && lease.status !== 'scheduled') throw new AppError('CONFLICT', { message: `A ${lease.status} lease cannot be extended` });
    if (lease.reclaimNoticeAt) throw new AppError('CONFLICT', { message: 'This seat is being reclaimed by its department and cannot be extended' });
    if (input.newEndsAt <= lease.endsAt) throw new AppError('VALIDATION_FAILED', { message: 'The new end must be after the current end', details: [{ path: 'body.newEndsAt', message: 'must be after the current end' }] });
    // One open request per lease (the lease is locked, so a double submit sees the first).
    const waiting = (await repos.leases.listExtensions(actor.orgId, [lease.id])).find((e) => e.status === 'requested');
    if (waiting) throw new AppError('CONFLICT', { message: `An extension to ${waiting.newEndsAt.toISOString().slice(0, 10)} already waits for the lead's decision` });
    const outcome = await judgeExtension(repos, lease, input.newEndsAt, 'engine', now);
    const extension = await repos.leases.insertExtension(actor.orgId, { leaseId: lease.id, newEndsAt: input.newEndsAt, reason: input.reason, status: outcome.status, decidedBy: null, decidedAt: outcome.status === 'requested' ? null : now, decisionRule: outcome.rule, decisionNote: outcome.message });
    if (outcome.status === 'approved') await applyExtension(repos, lease, input.newEndsAt);
    if (outcome.status === 'requested') {
      const leads = await repos.people.listIdsWithRole(actor.orgId, ['dept_lead'], lease.departmentId);
      await repos.allocation.notify(actor.orgId, leads.map((personId) => ({ personId, kind: 'lease.extension_requested', title: `${lease.personName} asks to extend a premium lease to ${input.newEndsAt.toISOString().slice(0, 10)}`, body: input.reason, leaseId: lease.id })));
    }
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: `lease.extension_${outcome.status}`, entityType: 'lease', entityId: lease.id, before: { endsAt: lease.endsAt }, after: { newEndsAt: input.newEndsAt, rule: outcome.rule }, reason: input.reason, rule: outcome.rule });
    return { lease: (await repos.leases.find(actor.orgId, lease.id))!, extension };
  });
  await ctx.jobs.scheduleLeaseSweep(actor.orgId, result.lease.endsAt);
  return result;
}

/** The lead approves or denies a pending extension; approval re-checks capacity for the extra days. */
export async function decideLeaseExtension(ctx: AppContext, actor: Actor, input: { extensionId: string; approve: boolean; note?: string | null }): Promise<{ lease: Lease; extension: LeaseExtension }> {
  const now = ctx.now();
  return ctx.transaction(async (repos) => {
    const extension = await repos.leases.findExtension(actor.orgId, input.extensionId);
    if (!extension) throw new AppError('NOT_FOUND', { message: `No extension request ${input.extensionId}` });
    await lockPool(repos, actor.orgId);
    const lease = (await repos.leases.lock(actor.orgId, extension.leaseId))!;
    assertCanManage(actor, lease.departmentId, 'decide this extension');
    if (extension.status !== 'requested') throw new AppError('CONFLICT', { message: `This extension is already ${extension.status}` });
    if (lease.status !== 'active' && lease.status !== 'scheduled') throw new AppError('CONFLICT', { message: `The lease is ${lease.status}` });
    let outcome: ExtensionOutcome = { status: 'denied', rule: 'extension.denied_by_lead', message: input.note ?? '' };
    if (input.approve) outcome = await judgeExtension(repos, lease, extension.newEndsAt, isOwner(actor) ? 'owner' : 'lead', now);
    else if (!input.note?.trim()) throw new AppError('VALIDATION_FAILED', { message: 'Say why the extension is denied', details: [{ path: 'body.note', message: 'is required when denying' }] });
    if (outcome.status === 'requested') outcome = { ...outcome, status: 'denied' };
    await repos.leases.updateExtension(actor.orgId, extension.id, { status: outcome.status as 'approved' | 'denied', decidedBy: actor.kind === 'person' ? actor.personId : null, decidedAt: now, decisionRule: outcome.rule, decisionNote: input.note ?? outcome.message });
    if (outcome.status === 'approved') await applyExtension(repos, lease, extension.newEndsAt);
    await repos.allocation.notify(actor.orgId, [{ personId: lease.personId, kind: `lease.extension_${outcome.status}`, title: `Extension ${outcome.status}`, body: input.note ?? outcome.message, leaseId: lease.id }]);
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: `lease.extension_${outcome.status}`, entityType: 'lease', entityId: lease.id, before: { endsAt: lease.endsAt }, after: { newEndsAt: extension.newEndsAt, rule: outcome.rule }, reason: input.note ?? null, rule: outcome.rule });
    return { lease: (await repos.leases.find(actor.orgId, lease.id))!, extension: (await repos.leases.findExtension(actor.orgId, extension.id))! };
  });
}
