import { apportion, type ApportionmentMethod } from '../../domain/apportionment.ts';
import { AppError } from '../../errors.ts';
import type { DepartmentQuotaRow, QuotaUpsert } from '../../db/repositories/allocation.repository.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import { PREMIUM_LINE } from '../leases/pool-state.ts';

export async function listQuotas(ctx: AppContext, orgId: string): Promise<{ capacity: number; quotas: DepartmentQuotaRow[] }> {
  const [quotas, inventory] = await Promise.all([ctx.repos.allocation.listQuotas(orgId), ctx.repos.seats.listInventory(orgId)]);
  const capacity = inventory.filter((i) => i.vendor === PREMIUM_LINE.vendor && i.plan === PREMIUM_LINE.plan && i.tier === PREMIUM_LINE.tier).reduce((n, i) => n + i.seatsPurchased, 0);
  return { capacity, quotas };
}

/** Sets one department's quota, limits and monthly budget, with an audit event. */
export async function setQuota(ctx: AppContext, actor: Actor, departmentId: string, quota: QuotaUpsert & { reason?: string | null }): Promise<DepartmentQuotaRow> {
  return ctx.transaction(async (repos) => {
    await repos.allocation.lockQuotas(actor.orgId);
    const department = await repos.departments.findById(actor.orgId, departmentId);
    if (!department) throw new AppError('NOT_FOUND', { message: `No department ${departmentId}` });
    const before = (await repos.allocation.listQuotas(actor.orgId)).find((q) => q.departmentId === departmentId);
    const { reason, ...values } = quota;
    await repos.allocation.upsertQuota(actor.orgId, departmentId, values, ctx.now());
    const after = (await repos.allocation.listQuotas(actor.orgId)).find((q) => q.departmentId === departmentId)!;
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'quota.set', entityType: 'department_quota', entityId: departmentId, before, after, reason: reason ?? null });
    return after;
  });
}

export type QuotaChange = Readonly<{ departmentId: string; departmentName: string; weight: number; before: number; after: number }>;

/**
 * Apportions the premium pool to departments (weights: active headcount unless given) and returns the
 * diff against the current nominal quotas. With `apply`, writes the new quotas and one audit event
 * naming the method, seats and weights; without, changes nothing (the preview).
 */
export async function apportionQuotas(
  ctx: AppContext,
  actor: Actor,
  input: { method: ApportionmentMethod; seats?: number; weights?: Readonly<Record<string, number>>; minimum?: 0 | 1; apply: boolean; reason?: string | null },
): Promise<{ method: ApportionmentMethod; seats: number; changes: QuotaChange[]; applied: boolean }> {
  return ctx.transaction(async (repos) => {
    if (input.apply) await repos.allocation.lockQuotas(actor.orgId);
    const { capacity, quotas } = await listQuotas({ ...ctx, repos }, actor.orgId);
    const departments = await repos.departments.listWithStats(actor.orgId, ctx.now());
    const byName = new Map(departments.map((d) => [d.name, d]));
    if (input.weights) {
      const unknown = Object.keys(input.weights).filter((name) => !byName.has(name));
      if (unknown.length) throw new AppError('VALIDATION_FAILED', { message: `Unknown departments in weights: ${unknown.join(', ')}`, details: unknown.map((n) => ({ path: `weights.${n}`, message: 'no such department' })) });
    }
    const weights = input.weights ?? Object.fromEntries(departments.map((d) => [d.name, d.headcount]));
    const seats = input.seats ?? capacity;
    const result = apportion({ method: input.method, seats, weights, minimum: input.minimum ?? 0 });
    if (!result.ok) throw new AppError('VALIDATION_FAILED', { message: result.message, details: [{ path: 'method', message: result.reason }] });
    const changes = Object.keys(weights).map((name) => {
      const d = byName.get(name)!;
      return { departmentId: d.id, departmentName: name, weight: weights[name]!, before: quotas.find((q) => q.departmentId === d.id)?.nominalPremium ?? 0, after: result.seats[name] ?? 0 };
    });
    if (input.apply) {
      for (const change of changes) {
        const q = quotas.find((x) => x.departmentId === change.departmentId);
        await repos.allocation.upsertQuota(actor.orgId, change.departmentId, { nominalPremium: change.after, borrowingLimit: q?.borrowingLimit ?? null, lendingLimit: q?.lendingLimit ?? null, monthlyBudget: q?.monthlyBudget ?? null }, ctx.now());
      }
      await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'quota.apportioned', entityType: 'organization', entityId: actor.orgId, before: Object.fromEntries(changes.map((c) => [c.departmentName, c.before])), after: { method: input.method, seats, weights, quotas: Object.fromEntries(changes.map((c) => [c.departmentName, c.after])) }, reason: input.reason ?? null });
    }
    return { method: input.method, seats, changes, applied: input.apply };
  });
}
