import { checkBudget, leaseCostByMonth, sumMonthly, type BudgetCheck } from '../../domain/budget.ts';
import { toDay } from '../../domain/dates.ts';
import { decimalToCents, type Cents } from '../../domain/money.ts';
import { PolicyDocumentSchema, DEFAULT_POLICY, type PolicyDocument } from '../../domain/policy.ts';
import type { DepartmentQuota, Hold, Pool } from '../../domain/quota.ts';
import { findPriceOn } from '../../domain/seats.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import { toCatalogPrice } from '../seats/seat-summary.ts';

/** The premium line the allocation engine manages (Claude Team premium seats). */
export const PREMIUM_LINE = { vendor: 'anthropic', plan: 'team', tier: 'premium' } as const;
export const BASE_LINE = { vendor: 'anthropic', plan: 'team', tier: 'standard' } as const;

export type PoolState = Readonly<{
  pool: Pool;
  holds: readonly Hold[];
  policy: PolicyDocument;
  policyVersion: number;
  /** Monthly budget per department in cents (absent or null: no budget). */
  budgets: ReadonlyMap<string, number | null>;
}>;

export type TimeWindow = Readonly<{ from: Date; to: Date | null }>;

/** The windows as few disjoint intervals (overlapping or touching ones merged): a hold overlaps one of the result iff it overlaps one of the input. */
export function mergeWindows(windows: readonly TimeWindow[]): TimeWindow[] {
  const sorted = [...windows].sort((a, b) => a.from.getTime() - b.from.getTime());
  const merged: Array<{ from: Date; to: Date | null }> = [];
  for (const w of sorted) {
    const last = merged[merged.length - 1];
    if (last && (last.to === null || w.from.getTime() <= last.to.getTime())) {
      if (last.to !== null && (w.to === null || w.to > last.to)) last.to = w.to;
    } else {
      merged.push({ from: w.from, to: w.to });
    }
  }
  return merged;
}

/**
 * Takes the premium pool's lock (its inventory rows) for the transaction. Lock order: the pool
 * first, then leases and people. Admission holds the pool while it locks reclaim victims and the
 * requesters, so anything that locks a lease or a person and may then need the pool (an extension,
 * a return, a tier change) takes the pool before them, or two transactions wait on each other.
 */
export async function lockPool(repos: Repositories, orgId: string): Promise<number> {
  return repos.seats.lockTierInventory(orgId, PREMIUM_LINE);
}

/**
 * Loads what an admission decision needs, inside the caller's transaction. Locks the premium
 * inventory rows first: every grant in the organization serializes here, so concurrent requests (on
 * any number of server processes) can never oversubscribe the pool. With several windows (a batch of
 * requests), the holds overlapping any of them are loaded; the engine looks only at those overlapping
 * the request it decides.
 */
export async function loadPoolState(repos: Repositories, orgId: string, window: TimeWindow | readonly TimeWindow[]): Promise<PoolState> {
  const windows = mergeWindows(Array.isArray(window) ? (window as readonly TimeWindow[]) : [window as TimeWindow]);
  const capacity = await lockPool(repos, orgId);
  const [quotaRows, leases, permanent, policy] = await Promise.all([
    repos.allocation.listQuotas(orgId),
    repos.leases.listHoldsIn(orgId, PREMIUM_LINE, windows),
    repos.seats.listPermanentHoldsIn(orgId, PREMIUM_LINE, windows),
    repos.allocation.findActivePolicy(orgId),
  ]);
  const quotas: DepartmentQuota[] = quotaRows.map((q) => ({ departmentId: q.departmentId, nominal: q.nominalPremium, borrowingLimit: q.borrowingLimit, lendingLimit: q.lendingLimit }));
  const holds: Hold[] = [
    ...leases.map((l) => ({ id: l.id, departmentId: l.departmentId, from: l.startsAt.getTime(), to: l.endsAt.getTime(), isReclaimable: true, priority: l.priority, requestedAt: l.requestedAt.getTime() })),
    ...permanent.map((a) => ({ id: `assignment:${a.id}`, departmentId: a.departmentId ?? 'none', from: a.validFrom.getTime(), to: a.validTo?.getTime() ?? null, isReclaimable: false, priority: Number.MAX_SAFE_INTEGER })),
  ];
  return {
    pool: { capacity, quotas },
    holds,
    policy: policy ? PolicyDocumentSchema.parse(policy.document) : DEFAULT_POLICY,
    policyVersion: policy?.version ?? 0,
    budgets: new Map(quotaRows.map((q) => [q.departmentId, q.monthlyBudget ? decimalToCents(q.monthlyBudget) : null])),
  };
}

/** Monthly seat prices (premium and base) in force on a day, for chargeback. */
export async function loadSeatPrices(repos: Repositories, day: Date): Promise<{ premium: Cents; base: Cents }> {
  const catalog = (await repos.seats.listCatalog({ vendor: PREMIUM_LINE.vendor })).map(toCatalogPrice);
  const price = (tier: string) => findPriceOn(catalog, { ...PREMIUM_LINE, tier, cadence: 'annual' }, toDay(day))?.pricePerSeatMonthCents ?? 0;
  return { premium: price(PREMIUM_LINE.tier), base: price(BASE_LINE.tier) };
}

const monthStart = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const nextMonthStart = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

/** What the budget check reads besides the holds: seat prices in force today and the department's headcount. */
export type BudgetFacts = Readonly<{ prices: { premium: Cents; base: Cents }; headcount: number }>;

/**
 * Would a premium hold over [from, to) push the department's monthly chargeback over its budget?
 * Chargeback per month: every active person's base seat, plus the premium-over-base difference for
 * each premium seat-day the department holds (docs/quotas.md, "Budgets"). Pure; `facts` is only read
 * when the department has a budget.
 */
export function departmentBudgetCheck(
  input: { departmentId: string; from: Date; to: Date; holds: readonly Hold[]; budgets: ReadonlyMap<string, number | null> },
  facts: () => BudgetFacts,
): BudgetCheck {
  const budget = input.budgets.get(input.departmentId) ?? null;
  // Without a budget there is nothing to check (and no reason to price the lease under the pool lock).
  if (budget === null) return { isWithin: true, worstMonth: null, projectedCents: 0, monthlyBudgetCents: null };
  const { prices, headcount } = facts();
  const addition = leaseCostByMonth({ from: input.from.getTime(), to: input.to.getTime(), premiumMonthCents: prices.premium, baseMonthCents: prices.base });
  const windowFrom = monthStart(input.from.getTime());
  const windowTo = nextMonthStart(input.to.getTime() - 1);
  const base = new Map([...addition.keys()].map((month) => [month, headcount * prices.base]));
  const held = input.holds
    .filter((h) => h.departmentId === input.departmentId)
    .map((h) => leaseCostByMonth({ from: Math.max(h.from, windowFrom), to: Math.min(h.to ?? windowTo, windowTo), premiumMonthCents: prices.premium, baseMonthCents: prices.base }));
  const committed = sumMonthly([base, ...held]);
  return checkBudget({ monthlyBudgetCents: budget, committed, addition });
}

/** Loads the budget facts for a department as of `now` (seat prices and active headcount). */
export async function loadBudgetFacts(repos: Repositories, orgId: string, departmentId: string, now: Date): Promise<BudgetFacts> {
  const prices = await loadSeatPrices(repos, now);
  const department = await repos.departments.findWithStats(orgId, departmentId, now);
  return { prices, headcount: department?.headcount ?? 0 };
}

/** `departmentBudgetCheck` with its facts loaded from the database (only when the department has a budget). */
export async function checkDepartmentBudget(
  repos: Repositories,
  input: { orgId: string; departmentId: string; from: Date; to: Date; holds: readonly Hold[]; now: Date; budgets: ReadonlyMap<string, number | null> },
): Promise<BudgetCheck> {
  const hasBudget = (input.budgets.get(input.departmentId) ?? null) !== null;
  const facts = hasBudget ? await loadBudgetFacts(repos, input.orgId, input.departmentId, input.now) : undefined;
  return departmentBudgetCheck(input, () => facts!);
}
