import { DAY_MS, leaseDays } from '../../domain/leases.ts';
import { decideLeaseRequest, type Decision, type DecisionInput } from '../../domain/policy.ts';
import { admit, planReclaim, type Hold, type ReclaimPlan } from '../../domain/quota.ts';
import { addWorkingDays } from '../../domain/working-days.ts';
import { toDay } from '../../domain/dates.ts';
import { monthKey, type BudgetCheck } from '../../domain/budget.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import { departmentBudgetCheck, loadBudgetFacts, loadPoolState, type BudgetFacts, type PoolState } from './pool-state.ts';

export type LeaseAsk = Readonly<{ orgId: string; departmentId: string; startsAt: Date; endsAt: Date; excludeLeaseId?: string }>;

export type Evaluation = Readonly<{
  decision: Decision;
  input: DecisionInput;
  reclaim: ReclaimPlan | undefined;
  budget: BudgetCheck;
  state: PoolState;
}>;

/**
 * What a decision reads besides the pool: the guardrail pause of a department for a month, and the
 * budget facts of a department on a day (only for departments with a budget). Loaded up front for the
 * requests about to be decided (`loadEvaluationFacts`), so the decision itself is a pure function.
 */
export type EvaluationFacts = Readonly<{
  /** `${departmentId}|${YYYY-MM}` of the paused departments. */
  paused: ReadonlySet<string>;
  /** Budget facts by `${departmentId}|${YYYY-MM-DD}`. */
  budget: ReadonlyMap<string, BudgetFacts>;
}>;

/** Loads the facts the asks (department and decision time) need: the pauses once per month, budget facts once per department and day. */
export async function loadEvaluationFacts(repos: Repositories, orgId: string, asks: ReadonlyArray<{ departmentId: string; now: Date }>, budgets: ReadonlyMap<string, number | null>): Promise<EvaluationFacts> {
  const paused = new Set<string>();
  const budget = new Map<string, BudgetFacts>();
  // Budget guardrail (src/app/alerts): a department that spent its month's budget gets no auto-approvals.
  for (const month of new Set(asks.map((a) => monthKey(a.now.getTime())))) {
    for (const pause of await repos.alerts.listPauses(orgId, month)) if (pause.liftedAt === null) paused.add(`${pause.departmentId}|${month}`);
  }
  for (const { departmentId, now } of asks) {
    const key = `${departmentId}|${toDay(now)}`;
    if ((budgets.get(departmentId) ?? null) !== null && !budget.has(key)) budget.set(key, await loadBudgetFacts(repos, orgId, departmentId, now));
  }
  return { paused, budget };
}

const overlaps = (h: Hold, from: number, to: number) => h.from < to && (h.to === null || h.to > from);

/**
 * The engine on one request, given the pool state and facts: capacity over the whole interval (with
 * reclaim when the department's own quota is lent out), the department budget, then the policy. Only
 * the holds overlapping the request count (exactly what `loadPoolState` loads for its window). Pure.
 * The returned input is exactly what the decision saw; it is stored with the lease.
 */
export function evaluateOnState(state: PoolState, facts: EvaluationFacts, ask: LeaseAsk, options: { decidedBy: DecisionInput['decidedBy']; now: Date }): Evaluation {
  const from = ask.startsAt.getTime();
  const to = ask.endsAt.getTime();
  const holds = state.holds.filter((h) => overlaps(h, from, to) && h.id !== ask.excludeLeaseId);
  const candidate = { departmentId: ask.departmentId, from, to };
  const admission = admit(state.pool, holds, candidate);
  const reclaimAt = addWorkingDays(options.now.getTime(), state.policy.reclaim.noticeWorkingDays);
  const reclaim = admission.ok ? undefined : planReclaim(state.pool, holds, candidate, reclaimAt);
  const budget = departmentBudgetCheck({ departmentId: ask.departmentId, from: ask.startsAt, to: ask.endsAt, holds, budgets: state.budgets }, () => {
    const found = facts.budget.get(`${ask.departmentId}|${toDay(options.now)}`);
    if (!found) throw new Error(`evaluateOnState: no budget facts loaded for ${ask.departmentId} on ${toDay(options.now)}`);
    return found;
  });
  const isAutoApprovalPaused = facts.paused.has(`${ask.departmentId}|${monthKey(options.now.getTime())}`);
  const input: DecisionInput = {
    departmentId: ask.departmentId,
    days: leaseDays(from, to),
    // A request may start today: anything before the start of the current day is in the past.
    startsInPast: from < Math.floor(options.now.getTime() / DAY_MS) * DAY_MS,
    admission: admission.ok ? { ok: true, isBorrowing: admission.isBorrowing } : { ok: false, reason: admission.reason, canReclaim: reclaim !== undefined && reclaim.victims.length > 0 },
    budget: { isWithin: budget.isWithin, monthlyBudgetCents: budget.monthlyBudgetCents, projectedCents: budget.projectedCents },
    decidedBy: options.decidedBy,
    ...(isAutoApprovalPaused ? { guardrail: { isAutoApprovalPaused } } : {}),
  };
  return { decision: decideLeaseRequest(state.policy, input), input, reclaim, budget, state };
}

/**
 * Runs the engine on one request inside the caller's transaction: locks and loads the pool state for
 * the request's window, loads the facts, then `evaluateOnState`.
 */
export async function evaluateLease(repos: Repositories, ask: LeaseAsk, options: { decidedBy: DecisionInput['decidedBy']; now: Date }): Promise<Evaluation> {
  const state = await loadPoolState(repos, ask.orgId, { from: ask.startsAt, to: ask.endsAt });
  const facts = await loadEvaluationFacts(repos, ask.orgId, [{ departmentId: ask.departmentId, now: options.now }], state.budgets);
  return evaluateOnState(state, facts, ask, options);
}
