import { leaseCostByMonth } from '../../domain/budget.ts';
import { addDays, dayToDate, toDay } from '../../domain/dates.ts';
import { quotaOf, quotasInForce, usageAt, type QuotaRecord } from '../../domain/quota.ts';
import { hasAnyRole } from '../../domain/roles.ts';
import { AppError } from '../../errors.ts';
import type { Lease, LeaseExtension } from '../../db/repositories/lease.repository.ts';
import type { Actor, AppContext } from '../context.ts';
import { checkDepartmentBudget, loadPoolState, loadSeatPrices } from './pool-state.ts';
import { canManageDepartment } from './scope.ts';
import { admit } from '../../domain/quota.ts';

export async function getLease(ctx: AppContext, actor: Actor, id: string): Promise<{ lease: Lease; extensions: LeaseExtension[] }> {
  const lease = await ctx.repos.leases.find(actor.orgId, id);
  if (!lease) throw new AppError('NOT_FOUND', { message: `No lease ${id}` });
  return { lease, extensions: await ctx.repos.leases.listExtensions(actor.orgId, [id]) };
}

export type QueueItem = Readonly<{
  lease: Lease;
  extensions: readonly LeaseExtension[];
  /** What granting would do: capacity verdict now, and the department's quota use and budget. */
  impact: Readonly<{ fits: boolean; isBorrowing: boolean; reason: string | null; nominal: number; usedAtStart: number; monthlyBudgetCents: number | null; projectedCents: number; addedCostCents: number }>;
}>;

/**
 * The decider's queue: requests waiting for this lead (their departments) or owner (budget overruns),
 * plus pending extensions, each with the evidence and what granting it would do.
 */
export async function getApprovalQueue(ctx: AppContext, actor: Actor): Promise<QueueItem[]> {
  const now = ctx.now();
  const pending = (await ctx.repos.leases.listAll(actor.orgId, { statuses: ['requested', 'waitlisted', 'scheduled', 'active'] })).filter((l) => canManageDepartment(actor, l.departmentId));
  const extensions = await ctx.repos.leases.listExtensions(actor.orgId, pending.map((l) => l.id));
  const isOwner = actor.kind === 'cli' || hasAnyRole(actor.grants, ['primary_owner', 'owner']);
  const items: QueueItem[] = [];
  for (const lease of pending) {
    const pendingExtensions = extensions.filter((e) => e.leaseId === lease.id && e.status === 'requested');
    const isWaiting = lease.status === 'requested' && lease.queue !== null && (lease.queue === 'lead' || isOwner);
    if (!isWaiting && pendingExtensions.length === 0) continue;
    // For a pending extension, what granting does is about the extra days only.
    const from = isWaiting ? lease.startsAt : lease.endsAt;
    const to = isWaiting ? lease.endsAt : pendingExtensions[0]!.newEndsAt;
    const state = await loadPoolState(ctx.repos, actor.orgId, { from, to });
    const holds = isWaiting ? state.holds.filter((h) => h.id !== lease.id) : state.holds;
    const admission = admit(state.pool, holds, { departmentId: lease.departmentId, from: from.getTime(), to: to.getTime() });
    const budget = await checkDepartmentBudget(ctx.repos, { orgId: actor.orgId, departmentId: lease.departmentId, from, to, holds, now, budgets: state.budgets });
    const prices = await loadSeatPrices(ctx.repos, now);
    const added = [...leaseCostByMonth({ from: from.getTime(), to: to.getTime(), premiumMonthCents: prices.premium, baseMonthCents: prices.base }).values()].reduce((a, b) => a + b, 0);
    items.push({
      lease,
      extensions: pendingExtensions,
      impact: {
        fits: admission.ok,
        isBorrowing: admission.ok && admission.isBorrowing,
        reason: admission.ok ? null : admission.reason,
        nominal: quotaOf(state.pool, lease.departmentId).nominal,
        usedAtStart: usageAt(holds, from.getTime()).get(lease.departmentId) ?? 0,
        monthlyBudgetCents: budget.monthlyBudgetCents,
        projectedCents: budget.projectedCents,
        addedCostCents: added,
      },
    });
  }
  return items;
}

export type TimelinePoint = Readonly<{ day: string; used: number; nominal: number; borrowed: number; lent: number }>;

/**
 * A department's premium quota day by day: seats used, its nominal quota, seats borrowed from others
 * and seats of its idle quota lent to others (attributed in proportion to what each lender could lend).
 */
export async function getQuotaTimeline(ctx: AppContext, orgId: string, departmentId: string, range: { from: string; days: number }): Promise<TimelinePoint[]> {
  const from = dayToDate(range.from);
  const to = dayToDate(addDays(range.from, range.days));
  const [state, history] = await Promise.all([loadPoolState(ctx.repos, orgId, { from, to }), ctx.repos.allocation.listQuotaHistory(orgId)]);
  const records: QuotaRecord[] = history.map((r) => ({ departmentId: r.departmentId, nominal: r.nominalPremium, borrowingLimit: r.borrowingLimit, lendingLimit: r.lendingLimit, validFrom: r.validFrom.getTime() }));
  const recorded = new Set(records.map((r) => r.departmentId));
  const points: TimelinePoint[] = [];
  for (let i = 0; i < range.days; i++) {
    const day = addDays(range.from, i);
    // Sample at midday so leases that begin or end on that day count the way the UI shows them.
    const t = dayToDate(day).getTime() + 12 * 3_600_000;
    // Each day against the quotas in force that day (the history), today's for departments never recorded.
    const pool = { capacity: state.pool.capacity, quotas: [...quotasInForce(records, t), ...state.pool.quotas.filter((q) => !recorded.has(q.departmentId))] };
    const usage = usageAt(state.holds, t);
    const q = quotaOf(pool, departmentId);
    const used = usage.get(departmentId) ?? 0;
    const borrowed = Math.max(0, used - q.nominal);
    let totalBorrowed = 0;
    let totalLendable = 0;
    let mineLendable = 0;
    for (const d of new Set([...usage.keys(), ...pool.quotas.map((x) => x.departmentId)])) {
      const dq = quotaOf(pool, d);
      const u = usage.get(d) ?? 0;
      totalBorrowed += Math.max(0, u - dq.nominal);
      const idle = Math.max(0, dq.nominal - u);
      const lendable = dq.lendingLimit === null ? idle : Math.min(idle, dq.lendingLimit);
      totalLendable += lendable;
      if (d === departmentId) mineLendable = lendable;
    }
    const spare = Math.max(0, pool.capacity - pool.quotas.reduce((n, x) => n + x.nominal, 0));
    const fromQuotas = Math.max(0, totalBorrowed - spare);
    const lent = totalLendable === 0 ? 0 : Math.round((fromQuotas * mineLendable) / totalLendable);
    points.push({ day, used, nominal: q.nominal, borrowed, lent: Math.min(lent, mineLendable) });
  }
  return points;
}

export function todayOf(ctx: AppContext): string {
  return toDay(ctx.now());
}
