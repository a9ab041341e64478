import { checkBudget, leaseCostByMonth, sumMonthly, type BudgetCheck } from '../../domain/budget.ts';
import { leaseDays } from '../../domain/leases.ts';
import { decideLeaseRequest, type DecisionInput, type PolicyDocument } from '../../domain/policy.ts';
import { admit, planReclaim, type Hold, type Pool } from '../../domain/quota.ts';
import type { UsageDay } from '../../domain/need.ts';
import { addWorkingDays } from '../../domain/working-days.ts';
import { DAY_MS, WEEK_MS, type World } from './workforce.ts';

/**
 * The lab's driver of the live engine: the same pipeline as src/app/leases/evaluate.ts (admission over
 * the whole interval, reclaim plan when the department's own quota is lent out, the department budget,
 * then `decideLeaseRequest`), on in-memory holds instead of database rows. Time moves in weeks: tier
 * changes take effect on Mondays, so every hold starts and ends on a week boundary.
 */
export type Grant = { person: number; fromWeek: number; toWeek: number | null; isLease: boolean };

export type WaitEntry = { id: string; person: number; fromWeek: number; toWeek: number; requestedWeek: number; hasProject: boolean };

export type EngineState = {
  world: World;
  document: PolicyDocument;
  pool: Pool;
  /** Monthly budget per department id in cents (null: none). */
  budgets: Map<string, number | null>;
  holds: Hold[];
  grants: Map<string, Grant>;
  /** people × totalWeeks: 1 when premium is held that week. */
  premium: Uint8Array;
  waitlist: WaitEntry[];
  manualDecisions: number;
  nextId: number;
  prices: { standardMonthCents: number; premiumMonthCents: number };
};

export const weekMs = (world: World, week: number) => world.startMs + week * WEEK_MS;
export const departmentId = (world: World, p: number) => world.departments[world.department[p]!]!;

export function createEngineState(world: World, document: PolicyDocument, pool: Pool, budgets: Map<string, number | null>): EngineState {
  return {
    world,
    document,
    pool,
    budgets,
    holds: [],
    grants: new Map(),
    premium: new Uint8Array(world.people * world.totalWeeks),
    waitlist: [],
    manualDecisions: 0,
    nextId: 0,
    prices: { standardMonthCents: world.scenario.prices.standardMonthCents, premiumMonthCents: world.scenario.prices.premiumMonthCents },
  };
}

function markWeeks(state: EngineState, person: number, fromWeek: number, toWeek: number, value: 0 | 1): void {
  const row = person * state.world.totalWeeks;
  const end = Math.min(toWeek, state.world.totalWeeks, Math.ceil(state.world.leaveDay[person]! / 7));
  for (let w = Math.max(0, fromWeek); w < end; w++) state.premium[row + w] = value;
}

/** Records a seat held over [fromWeek, toWeek) (null: until changed); leases are reclaimable. */
export function addHold(state: EngineState, grant: Grant): string {
  const id = `h${state.nextId++}`;
  const { world } = state;
  state.holds.push({ id, departmentId: departmentId(world, grant.person), from: weekMs(world, grant.fromWeek), to: grant.toWeek === null ? null : weekMs(world, grant.toWeek), isReclaimable: grant.isLease, priority: grant.isLease ? 0 : Number.MAX_SAFE_INTEGER, requestedAt: weekMs(world, grant.fromWeek) });
  state.grants.set(id, grant);
  markWeeks(state, grant.person, grant.fromWeek, grant.toWeek ?? world.totalWeeks, 1);
  return id;
}

/** Ends a hold at the start of `week` (a return, a reclaim, a downgrade or the holder leaving). */
export function endHold(state: EngineState, id: string, week: number): void {
  const grant = state.grants.get(id);
  if (!grant) return;
  const end = Math.max(grant.fromWeek, week);
  markWeeks(state, grant.person, end, grant.toWeek ?? state.world.totalWeeks, 0);
  grant.toWeek = end;
  const at = weekMs(state.world, end);
  state.holds = state.holds.map((h) => (h.id === id ? { ...h, to: at } : h));
  if (end <= grant.fromWeek) {
    state.holds = state.holds.filter((h) => h.id !== id);
    state.grants.delete(id);
  }
}

/** Drops holds that ended before `week` so admission only sees what can still overlap. */
export function pruneHolds(state: EngineState, week: number): void {
  const now = weekMs(state.world, week);
  if (state.holds.some((h) => h.to !== null && h.to <= now)) {
    state.holds = state.holds.filter((h) => {
      const keep = h.to === null || h.to > now;
      if (!keep) state.grants.delete(h.id);
      return keep;
    });
  }
}

/** The department budget check of the live engine (src/app/leases/pool-state.ts), on in-memory holds. */
export function checkDepartmentBudget(state: EngineState, dept: string, from: number, to: number): BudgetCheck {
  const budget = state.budgets.get(dept) ?? null;
  if (budget === null) return { isWithin: true, worstMonth: null, projectedCents: 0, monthlyBudgetCents: null };
  const { premiumMonthCents, standardMonthCents } = state.prices;
  const addition = leaseCostByMonth({ from, to, premiumMonthCents, baseMonthCents: standardMonthCents });
  const fromDate = new Date(from);
  const windowFrom = Date.UTC(fromDate.getUTCFullYear(), fromDate.getUTCMonth(), 1);
  const toDate = new Date(to - 1);
  const windowTo = Date.UTC(toDate.getUTCFullYear(), toDate.getUTCMonth() + 1, 1);
  const headcount = departmentHeadcount(state, dept, Math.floor((from - state.world.startMs) / DAY_MS));
  const base = new Map([...addition.keys()].map((month) => [month, headcount * standardMonthCents]));
  const held = state.holds
    .filter((h) => h.departmentId === dept && (h.to === null || h.to > windowFrom) && h.from < windowTo)
    .map((h) => leaseCostByMonth({ from: Math.max(h.from, windowFrom), to: Math.min(h.to ?? windowTo, windowTo), premiumMonthCents, baseMonthCents: standardMonthCents }));
  return checkBudget({ monthlyBudgetCents: budget, committed: sumMonthly([base, ...held]), addition });
}

const headcounts = new WeakMap<EngineState, Map<string, number>>();
export function departmentHeadcount(state: EngineState, dept: string, day: number): number {
  const { world } = state;
  let cache = headcounts.get(state);
  if (!cache) headcounts.set(state, (cache = new Map()));
  const key = `${dept}\u0000${day}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  let n = 0;
  for (let p = 0; p < world.people; p++) if (departmentId(world, p) === dept && Math.max(0, world.hireDay[p]!) <= day && world.leaveDay[p]! > day) n++;
  cache.set(key, n);
  return n;
}

const alignToWeek = (world: World, t: number) => world.startMs + Math.ceil((t - world.startMs) / WEEK_MS) * WEEK_MS;

export type LeaseOutcome = 'granted' | 'waitlisted' | 'denied';

/**
 * Requests a premium lease over [fromWeek, toWeek) at `nowWeek` and applies the engine's decision.
 * Leads and owners are actors: a request queued for them is decided by hand (counted) and, as in the
 * live service, approving re-runs the engine as that role, so capacity is checked again.
 */
export function requestLease(state: EngineState, ask: { person: number; fromWeek: number; toWeek: number; nowWeek: number; hasProject: boolean }, decidedBy: DecisionInput['decidedBy'] = 'engine'): LeaseOutcome {
  const { world } = state;
  const dept = departmentId(world, ask.person);
  const from = weekMs(world, ask.fromWeek);
  const to = weekMs(world, ask.toWeek);
  const now = weekMs(world, ask.nowWeek);
  const candidate = { departmentId: dept, from, to };
  const admission = admit(state.pool, state.holds, candidate);
  const reclaimAt = alignToWeek(world, addWorkingDays(now, state.document.reclaim.noticeWorkingDays));
  const reclaim = admission.ok ? undefined : planReclaim(state.pool, state.holds, candidate, reclaimAt);
  const budget = checkDepartmentBudget(state, dept, from, to);
  const input: DecisionInput = {
    departmentId: dept,
    days: leaseDays(from, to),
    startsInPast: from < now,
    admission: admission.ok ? { ok: true, isBorrowing: admission.isBorrowing } : { ok: false, reason: admission.reason, canReclaim: reclaim !== undefined && reclaim.victims.length > 0 },
    budget: { isWithin: budget.isWithin, monthlyBudgetCents: budget.monthlyBudgetCents, projectedCents: budget.projectedCents },
    decidedBy,
  };
  const decision = decideLeaseRequest(state.document, input);
  switch (decision.outcome) {
    case 'approve':
      addHold(state, { person: ask.person, fromWeek: ask.fromWeek, toWeek: ask.toWeek, isLease: true });
      return 'granted';
    case 'reclaim_and_approve': {
      const reclaimWeek = Math.round((reclaim!.reclaimAt - world.startMs) / WEEK_MS);
      for (const victim of reclaim!.victims) endHold(state, victim.id, reclaimWeek);
      const startWeek = Math.round((reclaim!.effectiveFrom - world.startMs) / WEEK_MS);
      if (startWeek >= ask.toWeek) return 'denied';
      addHold(state, { person: ask.person, fromWeek: startWeek, toWeek: ask.toWeek, isLease: true });
      return 'granted';
    }
    case 'queue_for_lead':
    case 'queue_for_owner':
      state.manualDecisions++;
      return requestLease(state, ask, decision.outcome === 'queue_for_lead' ? 'lead' : 'owner');
    case 'waitlist':
      state.waitlist.push({ id: `w${state.nextId++}`, person: ask.person, fromWeek: ask.fromWeek, toWeek: ask.toWeek, requestedWeek: ask.nowWeek, hasProject: ask.hasProject });
      return 'waitlisted';
    case 'deny':
      return 'denied';
  }
}

/** Admission of a permanent premium assignment (not a lease): the pool must have room from `fromWeek` on. */
export function assignPermanent(state: EngineState, person: number, fromWeek: number): boolean {
  const admission = admit(state.pool, state.holds, { departmentId: departmentId(state.world, person), from: weekMs(state.world, fromWeek), to: null });
  if (!admission.ok) return false;
  addHold(state, { person, fromWeek, toWeek: null, isLease: false });
  return true;
}

/** The hold (id) a person has in force in `week`, if any. */
export function holdInWeek(state: EngineState, person: number, week: number): { id: string; grant: Grant } | undefined {
  for (const [id, grant] of state.grants) if (grant.person === person && grant.fromWeek <= week && (grant.toWeek === null || grant.toWeek > week)) return { id, grant };
  return undefined;
}

const dayStrings = new WeakMap<World, string[]>();
function dayString(world: World, day: number): string {
  let days = dayStrings.get(world);
  if (!days) {
    days = Array.from({ length: world.totalDays }, (_, d) => new Date(world.startMs + d * DAY_MS).toISOString().slice(0, 10));
    dayStrings.set(world, days);
  }
  return days[day]!;
}

export function dayOf(world: World, day: number): string {
  return dayString(world, Math.max(0, Math.min(world.totalDays - 1, day)));
}

/** Observed usage (what the vendor reports) over weeks [fromWeek, toWeek): use is capped by the tier held. */
export function observedUsage(state: EngineState, person: number, fromWeek: number, toWeek: number): UsageDay[] {
  const { world } = state;
  const std = world.scenario.limits.standardDailyMessages;
  const prem = world.scenario.limits.premiumDailyMessages;
  const out: UsageDay[] = [];
  for (let w = Math.max(0, fromWeek); w < toWeek; w++) {
    const limit = state.premium[person * world.totalWeeks + w] === 1 ? prem : std;
    for (let k = 0; k < 7; k++) {
      const d = w * 7 + k;
      const wanted = world.demand[person * world.totalDays + d]!;
      if (wanted <= 0) continue;
      out.push({ day: dayString(world, d), messages: Math.round(Math.min(wanted, limit)), limitHits: wanted > limit ? 1 : 0 });
    }
  }
  return out;
}
