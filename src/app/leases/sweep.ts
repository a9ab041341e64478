import { orderWaitlist } from '../../domain/waitlist.ts';
import { toDay } from '../../domain/dates.ts';
import { getNeedScore } from '../usage/need.ts';
import type { Lease } from '../../db/repositories/lease.repository.ts';
import type { AppContext } from '../context.ts';
import { applyDecision } from './apply-decision.ts';
import { endLeaseInTransaction } from './end-lease.ts';
import { evaluateLease } from './evaluate.ts';
import { writeLeaseAssignments } from './lease-assignments.ts';
import { loadPoolState, lockPool } from './pool-state.ts';

export type SweepResult = Readonly<{ started: number; ended: number; granted: number; offered: number; reminded: number }>;

/**
 * Brings leases up to date with the clock: starts what is due, ends what has run out (expired, or
 * reclaimed after its notice), offers freed capacity to the waitlist in priority order, and reminds
 * deciders of requests that wait too long. Idempotent and safe to run concurrently from several
 * processes: each transition locks its lease and re-checks its state, so it happens exactly once.
 * The service runs it on start (catching up on anything missed while down) and whenever a job fires.
 */
export async function runLeaseSweep(ctx: AppContext, orgId: string): Promise<SweepResult> {
  const now = ctx.now();
  let started = 0;
  let ended = 0;
  for (const due of await ctx.repos.leases.listDue(orgId, now)) {
    await ctx.transaction(async (repos) => {
      const lease = await repos.leases.lock(orgId, due.id);
      if (!lease) return;
      let current: Lease = lease;
      if (current.status === 'scheduled' && current.startsAt <= now) {
        if (await repos.leases.updateIfStatus(orgId, current.id, 'scheduled', { status: 'active', startedAt: now })) {
          current = (await repos.leases.find(orgId, current.id))!;
          await writeLeaseAssignments(repos, current);
          await repos.audit.append({ orgId, actor: { kind: 'system' }, action: 'lease.started', entityType: 'lease', entityId: current.id, before: { status: 'scheduled' }, after: { status: 'active' } });
          started++;
        }
      }
      if (current.status === 'active' && current.endsAt <= now) {
        const reason = current.reclaimNoticeAt ? 'reclaimed' : 'expired';
        if (await endLeaseInTransaction(repos, { lease: current, reason, at: now, actor: { kind: 'system', orgId }, note: null })) ended++;
      }
    });
  }
  const { granted, offered } = await offerToWaitlist(ctx, orgId);
  const reminded = await remindDeciders(ctx, orgId);
  const next = await ctx.repos.leases.nextTransitionAt(orgId, now);
  if (next) await ctx.jobs.scheduleLeaseSweep(orgId, next);
  return { started, ended, granted, offered, reminded };
}

/**
 * Offers capacity to waitlisted requests in priority order. Runs in the sweep, and before a new request
 * is decided, so that a newcomer never takes a seat an earlier waiter could have had.
 */
export async function offerToWaitlist(ctx: AppContext, orgId: string): Promise<{ granted: number; offered: number }> {
  const now = ctx.now();
  const waiting = await ctx.repos.leases.listAll(orgId, { statuses: ['waitlisted'] });
  if (waiting.length === 0) return { granted: 0, offered: 0 };
  // Evidence of need (usage over rolling windows) joins declared need and waiting time in the order.
  const today = toDay(now);
  const entries = [];
  for (const l of waiting) {
    const need = await getNeedScore(ctx.repos, orgId, l.personId, today);
    entries.push({ id: l.id, requestedAt: l.requestedAt.getTime(), deadline: l.deadline ? Date.parse(`${l.deadline}T00:00:00Z`) : null, hasProject: l.project !== null, needScore: need.score });
  }
  const order = orderWaitlist(entries, now.getTime());
  let granted = 0;
  let offered = 0;
  // Best-effort priority order: a request that does not fit does not block smaller ones behind it.
  for (const entry of order) {
    await ctx.transaction(async (repos) => {
      await lockPool(repos, orgId);
      const lease = await repos.leases.lock(orgId, entry.id);
      if (!lease || lease.status !== 'waitlisted') return;
      if (lease.endsAt <= now) {
        await applyDecision(ctx, repos, { lease, evaluation: { ...(await evaluateLease(repos, { orgId, departmentId: lease.departmentId, startsAt: lease.startsAt, endsAt: lease.endsAt, excludeLeaseId: lease.id }, { decidedBy: 'engine', now })), decision: { outcome: 'deny', rule: 'waitlist.expired', message: 'No seat freed before the requested period ended' } }, actor: { kind: 'system', orgId } });
        return;
      }
      const startsAt = lease.startsAt < now ? now : lease.startsAt;
      if (startsAt !== lease.startsAt) await repos.leases.update(orgId, lease.id, { startsAt });
      const shifted = { ...lease, startsAt };
      const evaluation = await evaluateLease(repos, { orgId, departmentId: lease.departmentId, startsAt, endsAt: lease.endsAt, excludeLeaseId: lease.id }, { decidedBy: 'engine', now });
      if (evaluation.decision.outcome === 'waitlist') return;
      const { policy } = await loadPoolState(repos, orgId, { from: startsAt, to: lease.endsAt });
      if (evaluation.decision.outcome === 'approve' && policy.waitlist.onCapacityFreed === 'offer_to_lead') {
        await applyDecision(ctx, repos, { lease: shifted, evaluation: { ...evaluation, decision: { outcome: 'queue_for_lead', rule: 'waitlist.offer_to_lead', message: 'A seat is free; the lead decides whether to grant it' } }, actor: { kind: 'system', orgId } });
        offered++;
        return;
      }
      await applyDecision(ctx, repos, { lease: shifted, evaluation: { ...evaluation, decision: { ...evaluation.decision, rule: `waitlist.${evaluation.decision.rule}` } }, actor: { kind: 'system', orgId } });
      if (evaluation.decision.outcome === 'approve' || evaluation.decision.outcome === 'reclaim_and_approve') granted++;
    });
  }
  return { granted, offered };
}

async function remindDeciders(ctx: AppContext, orgId: string): Promise<number> {
  const now = ctx.now();
  const pending = await ctx.repos.leases.listAll(orgId, { statuses: ['requested'] });
  if (pending.length === 0) return 0;
  const policy = (await ctx.repos.allocation.findActivePolicy(orgId))?.document as { approvals?: { reminderAfterHours?: number } } | undefined;
  const afterMs = (policy?.approvals?.reminderAfterHours ?? 24) * 3_600_000;
  const isDue = (lease: Lease) => lease.status === 'requested' && lease.queue !== null && now.getTime() - (lease.remindedAt ?? lease.requestedAt).getTime() >= afterMs;
  let reminded = 0;
  for (const candidate of pending) {
    if (!isDue(candidate)) continue;
    // Locked and looked at again: a concurrent sweep may have reminded, or a decider decided, meanwhile.
    const sent = await ctx.transaction(async (repos) => {
      const lease = await repos.leases.lock(orgId, candidate.id);
      if (!lease || !isDue(lease)) return false;
      const deciders = lease.queue === 'owner' ? await repos.people.listIdsWithRole(orgId, ['primary_owner', 'owner']) : await repos.people.listIdsWithRole(orgId, ['dept_lead'], lease.departmentId);
      const hours = Math.floor((now.getTime() - lease.requestedAt.getTime()) / 3_600_000);
      await repos.allocation.notify(orgId, deciders.map((personId) => ({ personId, kind: 'lease.reminder', title: `Reminder: ${lease.personName}'s request has waited ${hours} hours`, body: lease.reason, leaseId: lease.id })));
      await repos.leases.update(orgId, lease.id, { remindedAt: now });
      return true;
    });
    if (sent) reminded++;
  }
  return reminded;
}
