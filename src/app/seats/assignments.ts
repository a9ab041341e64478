import { AppError } from '../../errors.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { Assignment } from '../../db/repositories/types.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import { admit } from '../../domain/quota.ts';
import { loadPoolState, PREMIUM_LINE } from '../leases/pool-state.ts';

const isPremiumLine = (line: { vendor: string; plan: string; tier: string }) => line.vendor === PREMIUM_LINE.vendor && line.plan === PREMIUM_LINE.plan && line.tier === PREMIUM_LINE.tier;

export type AssignTierInput = Readonly<{
  personId: string;
  vendor: string;
  plan: string;
  tier: string;
  validFrom?: Date;
  validTo?: Date | null;
  reason?: string | null;
}>;

export async function getAssignment(ctx: AppContext, orgId: string, id: string): Promise<Assignment> {
  const a = await ctx.repos.seats.findAssignment(orgId, id);
  if (!a) throw new AppError('NOT_FOUND', { message: `No assignment ${id}` });
  return a;
}

/**
 * Puts a person on a tier from `validFrom` (default now). The assignment in force then ends at that
 * instant, so history stays gap-free and "current" is always derived. Capacity is checked under a lock
 * on the tier's inventory: a tier can never have more holders than seats bought.
 */
export async function assignTier(ctx: AppContext, actor: Actor, input: AssignTierInput): Promise<Assignment> {
  const created = await ctx.transaction((repos) => assignTierWith(repos, actor, input, ctx.now()));
  // A seat may have changed hands in the lease pool: let the waitlist look again.
  await ctx.jobs.scheduleLeaseSweep(actor.orgId, ctx.now());
  return created;
}

/**
 * Refuses (CONFLICT) unless a seat of the line is free for someone of the department from `from` to
 * `to`: fewer holders than seats bought at `from`, and for premium, room in the lease pool over the
 * whole period around every booked lease. The caller holds the tier's lock.
 */
async function assertFreeSeat(repos: Repositories, orgId: string, line: { vendor: string; plan: string; tier: string }, at: { purchased: number; departmentId: string | null; from: Date; to: Date | null; path: string }): Promise<void> {
  const holders = await repos.seats.countHoldersAt(orgId, line, at.from);
  if (holders + 1 > at.purchased) {
    throw new AppError('CONFLICT', {
      message: `No free ${line.tier} seat: ${at.purchased} purchased, ${holders} assigned. Buy seats or free one first.`,
      details: [{ path: at.path, message: 'no free seat' }],
    });
  }
  if (isPremiumLine(line)) {
    // Premium seats are the lease pool: a permanent seat must fit around every booked lease too.
    const state = await loadPoolState(repos, orgId, { from: at.from, to: at.to });
    const admission = admit(state.pool, state.holds, { departmentId: at.departmentId ?? 'none', from: at.from.getTime(), to: at.to?.getTime() ?? null });
    if (!admission.ok) {
      throw new AppError('CONFLICT', {
        message: `No free ${line.tier} seat for this period: the lease pool is fully booked from ${new Date(admission.at).toISOString().slice(0, 10)} (${admission.reason}).`,
        details: [{ path: at.path, message: 'no free seat over the period' }],
      });
    }
  }
}

/**
 * `assignTier` inside the caller's transaction (which then schedules the lease sweep after commit), for
 * a use case whose own change must stand or fall with the tier change.
 */
export async function assignTierWith(repos: Repositories, actor: Actor, input: AssignTierInput, now: Date): Promise<Assignment> {
  const validFrom = input.validFrom ?? now;
  const validTo = input.validTo ?? null;
  if (validTo && validTo <= validFrom) {
    throw new AppError('VALIDATION_FAILED', { message: 'validTo must be after validFrom', details: [{ path: 'body.validTo', message: 'must be after validFrom' }] });
  }
  const catalog = await repos.seats.listCatalog({ vendor: input.vendor });
  if (!catalog.some((c) => c.plan === input.plan && c.tier === input.tier)) {
    throw new AppError('VALIDATION_FAILED', {
      message: `${input.vendor}/${input.plan} has no tier "${input.tier}" in the price catalog`,
      details: [{ path: 'body.tier', message: 'unknown tier for this vendor and plan' }],
    });
  }
  // The tier's inventory before the person (for premium, the pool's lock order: see lockPool).
  const purchased = await repos.seats.lockTierInventory(actor.orgId, input);
  if (!(await repos.people.lockById(actor.orgId, input.personId))) {
    throw new AppError('NOT_FOUND', { message: `No person ${input.personId}`, details: [{ path: 'body.personId', message: 'no such person' }] });
  }
  const person = await repos.people.findById(actor.orgId, input.personId, validFrom);
  if (person?.status !== 'active') throw new AppError('CONFLICT', { message: `${person?.name ?? 'This person'} has left; seats go to active people only` });

  const history = await repos.seats.listPersonHistory(actor.orgId, input.personId, input.vendor);
  const later = history.find((a) => a.validFrom >= validFrom);
  if (later) {
    throw new AppError('CONFLICT', { message: `${person.name} already has an assignment starting ${later.validFrom.toISOString()}; change that one instead` });
  }
  const current = history.find((a) => a.validFrom < validFrom && (a.validTo === null || a.validTo > validFrom));
  if (current && current.plan === input.plan && current.tier === input.tier) {
    throw new AppError('CONFLICT', { message: `${person.name} already holds ${input.tier}` });
  }

  await assertFreeSeat(repos, actor.orgId, input, { purchased, departmentId: person.departmentId, from: validFrom, to: validTo, path: 'body.tier' });
  if (current) await repos.seats.updateAssignment(actor.orgId, current.id, { validTo: validFrom });
  const [created] = await repos.seats.insertAssignments(actor.orgId, [
    { personId: input.personId, vendor: input.vendor, plan: input.plan, tier: input.tier, validFrom, validTo, reason: input.reason ?? null, createdBy: actor.kind === 'person' ? actor.personId : null },
  ]);
  await repos.audit.append({
    orgId: actor.orgId,
    actor: auditActorOf(actor),
    action: 'assignment.created',
    entityType: 'seat_assignment',
    entityId: created!.id,
    before: current ? { id: current.id, tier: current.tier, validTo: current.validTo } : null,
    after: created,
    reason: input.reason ?? null,
  });
  return created!;
}

/** Changes the reason or the end of an assignment (ending it frees the seat from that instant). */
export async function updateAssignment(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: { validTo?: Date | null; reason?: string | null },
): Promise<Assignment> {
  const updated = await ctx.transaction(async (repos) => {
    const found = await repos.seats.findAssignment(actor.orgId, id);
    if (!found) throw new AppError('NOT_FOUND', { message: `No assignment ${id}` });
    // The tier's lock before the person's (see lockPool), then the row as it is now.
    const purchased = await repos.seats.lockTierInventory(actor.orgId, found);
    await repos.people.lockById(actor.orgId, found.personId);
    const before = (await repos.seats.findAssignment(actor.orgId, id))!;
    if (patch.validTo && patch.validTo <= before.validFrom) {
      throw new AppError('VALIDATION_FAILED', { message: 'validTo must be after the assignment starts', details: [{ path: 'body.validTo', message: 'must be after validFrom' }] });
    }
    const isLonger = patch.validTo !== undefined && before.validTo !== null && (patch.validTo === null || patch.validTo > before.validTo);
    // A lease's premium interval ends with its lease (the base-tier row a lease leaves behind is an ordinary seat).
    if (patch.validTo !== undefined && before.leaseId && isPremiumLine(before) && patch.validTo?.getTime() !== before.validTo?.getTime()) {
      throw new AppError('CONFLICT', { message: 'This interval belongs to a lease; extend or return the lease instead', details: [{ path: 'body.validTo', message: 'set by its lease' }] });
    }
    if (isLonger) {
      // Running longer must not overlap the person's next assignment, and needs a free seat for the
      // extra time like a new assignment would.
      const history = await repos.seats.listPersonHistory(actor.orgId, before.personId, before.vendor);
      const next = history.find((a) => a.id !== id && a.validFrom >= before.validFrom && (patch.validTo === null || a.validFrom < patch.validTo!));
      if (next) {
        throw new AppError('CONFLICT', {
          message: patch.validTo === null ? 'A later assignment exists; this one cannot be reopened' : `A later assignment starts ${next.validFrom.toISOString().slice(0, 10)}; this one cannot run past it`,
          details: [{ path: 'body.validTo', message: 'overlaps a later assignment' }],
        });
      }
      const person = await repos.people.findById(actor.orgId, before.personId, before.validTo!);
      await assertFreeSeat(repos, actor.orgId, before, { purchased, departmentId: person?.departmentId ?? null, from: before.validTo!, to: patch.validTo ?? null, path: 'body.validTo' });
    }
    await repos.seats.updateAssignment(actor.orgId, id, patch);
    const after = await repos.seats.findAssignment(actor.orgId, id);
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'assignment.updated', entityType: 'seat_assignment', entityId: id, before, after, reason: patch.reason ?? null });
    return after!;
  });
  // Ending a premium assignment frees a seat of the lease pool, now or when it ends.
  await ctx.jobs.scheduleLeaseSweep(actor.orgId, updated.validTo && updated.validTo > ctx.now() ? updated.validTo : ctx.now());
  return updated;
}
