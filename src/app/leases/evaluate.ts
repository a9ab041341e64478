import { DAY_MS, leaseDays } from '../../domain/leases.ts';
import { decideLeaseRequest, type Decision, type DecisionInput } from '../../domain/policy.ts';
import { admit, planReclaim, type ReclaimPlan } from '../../domain/quota.ts';
import { addWorkingDays } from '../../domain/working-days.ts';
import type { BudgetCheck } from '../../domain/budget.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import { checkDepartmentBudget, loadPoolState, type PoolState } from './pool-state.ts';

export type LeaseAsk = Readonly<{ orgId: string; departmentId: string; startsAt: Date; endsAt: Date; excludeLeaseId?: string }>;

export type Evaluation = Readonly<{
  decision: Decision;
  input: DecisionInput;
  reclaim: ReclaimPlan | undefined;
  budget: BudgetCheck;
  state: PoolState;
}>;

/**
 * Runs the engine on one request inside the caller's transaction: capacity over the whole interval
 * (with reclaim when the department's own quota is lent out), the department budget, then the policy.
 * The returned input is exactly what the decision saw; it is stored with the lease.
 */
export async function evaluateLease(repos: Repositories, ask: LeaseAsk, options: { decidedBy: DecisionInput['decidedBy']; now: Date }): Promise<Evaluation> {
  const state = await loadPoolState(repos, ask.orgId, { from: ask.startsAt, to: ask.endsAt });
  const holds = ask.excludeLeaseId ? state.holds.filter((h) => h.id !== ask.excludeLeaseId) : state.holds;
  const candidate = { departmentId: ask.departmentId, from: ask.startsAt.getTime(), to: ask.endsAt.getTime() };
  const admission = admit(state.pool, holds, candidate);
  const reclaimAt = addWorkingDays(options.now.getTime(), state.policy.reclaim.noticeWorkingDays);
  const reclaim = admission.ok ? undefined : planReclaim(state.pool, holds, candidate, reclaimAt);
  const budget = await checkDepartmentBudget(repos, { orgId: ask.orgId, departmentId: ask.departmentId, from: ask.startsAt, to: ask.endsAt, holds, now: options.now, budgets: state.budgets });
  // Budget guardrail (src/app/alerts): a department that spent its month's budget gets no auto-approvals.
  const isAutoApprovalPaused = await repos.alerts.isPaused(ask.orgId, ask.departmentId, options.now.toISOString().slice(0, 7));
  const input: DecisionInput = {
    departmentId: ask.departmentId,
    days: leaseDays(ask.startsAt.getTime(), ask.endsAt.getTime()),
    // A request may start today: anything before the start of the current day is in the past.
    startsInPast: ask.startsAt.getTime() < Math.floor(options.now.getTime() / DAY_MS) * DAY_MS,
    admission: admission.ok ? { ok: true, isBorrowing: admission.isBorrowing } : { ok: false, reason: admission.reason, canReclaim: reclaim !== undefined && reclaim.victims.length > 0 },
    budget: { isWithin: budget.isWithin, monthlyBudgetCents: budget.monthlyBudgetCents, projectedCents: budget.projectedCents },
    decidedBy: options.decidedBy,
    ...(isAutoApprovalPaused ? { guardrail: { isAutoApprovalPaused } } : {}),
  };
  return { decision: decideLeaseRequest(state.policy, input), input, reclaim, budget, state };
}
