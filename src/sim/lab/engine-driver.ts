import { checkBudget, forEachLeaseMonthCost, monthKey, type BudgetCheck } from '../../domain/budget.ts';
import { leaseDays } from '../../domain/leases.ts';
import { decideLeaseRequest, type DecisionInput, type PolicyDocument } from '../../domain/policy.ts';
import { admit, planReclaim, type Hold, type Pool } from '../../domain/quota.ts';
import { NEED_WINDOW_DAYS } from '../../domain/need.ts';
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
  /**
   * Committed premium cost per department and calendar month (cents), kept in step with `holds`: each
   * hold's cost per month as the budget check computes it (`forEachLeaseMonthCost`, rounded per hold
   * and month). Null when no department has a budget.
   */
  ledger: BudgetLedger | null;
};

/** Months from the month of day 0 through a margin after the horizon; `cents` is departments × months. */
export type BudgetLedger = { firstMonth: number; start: number; end: number; months: number; keys: string[]; cents: Map<string, Float64Array> };

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
    ledger: [...budgets.values()].some((b) => b !== null) ? createLedger(world) : null,
  };
}

const monthOf = (t: number) => {
  const d = new Date(t);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

function createLedger(world: World): BudgetLedger {
  const first = new Date(world.startMs);
  const start = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1);
  // Requests end at most a few weeks past the horizon; the margin keeps their months inside the ledger.
  const last = new Date(world.startMs + (world.totalWeeks + 8) * WEEK_MS);
  const end = Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 1);
  const months = monthOf(end) - monthOf(start);
  const keys = Array.from({ length: months }, (_, m) => monthKey(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + m, 1)));
  return { firstMonth: monthOf(start), start, end, months, keys, cents: new Map(world.departments.map((d) => [d, new Float64Array(months)])) };
}

/** Adds (sign 1) or removes (sign −1) a hold's monthly cost in the ledger. */
function ledgerApply(state: EngineState, h: Hold, sign: 1 | -1): void {
  const ledger = state.ledger;
  if (!ledger) return;
  const row = ledger.cents.get(h.departmentId);
  if (!row) return;
  const from = Math.max(h.from, ledger.start);
  const to = Math.min(h.to ?? ledger.end, ledger.end);
  if (from >= to) return;
  let m = monthOf(from) - ledger.firstMonth;
  forEachLeaseMonthCost({ from, to, premiumMonthCents: state.prices.premiumMonthCents, baseMonthCents: state.prices.standardMonthCents }, (_, cents) => {
    row[m++]! += sign * cents;
  });
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
  const hold: Hold = { id, departmentId: departmentId(world, grant.person), from: weekMs(world, grant.fromWeek), to: grant.toWeek === null ? null : weekMs(world, grant.toWeek), isReclaimable: grant.isLease, priority: grant.isLease ? 0 : Number.MAX_SAFE_INTEGER, requestedAt: weekMs(world, grant.fromWeek) };
  state.holds.push(hold);
  ledgerApply(state, hold, 1);
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
  state.holds = state.holds.map((h) => {
    if (h.id !== id) return h;
    const ended = { ...h, to: at };
    ledgerApply(state, h, -1);
    ledgerApply(state, ended, 1);
    return ended;
  });
  if (end <= grant.fromWeek) {
    state.holds = state.holds.filter((h) => {
      if (h.id !== id) return true;
      ledgerApply(state, h, -1);
      return false;
    });
    state.grants.delete(id);
  }
}

/** Drops holds that ended before `week` so admission only sees what can still overlap. */
export function pruneHolds(state: EngineState, week: number): void {
  const now = weekMs(state.world, week);
  if (state.holds.some((h) => h.to !== null && h.to <= now)) {
    state.holds = state.holds.filter((h) => {
      const keep = h.to === null || h.to > now;
      if (!keep) {
        state.grants.delete(h.id);
        ledgerApply(state, h, -1);
      }
      return keep;
    });
  }
}

/**
 * The department budget check of the live engine (src/app/leases/pool-state.ts), on in-memory holds:
 * the same committed cost (base seats + each hold's cost per month, rounded per hold and month, read
 * from the ledger) and the same `checkBudget` decision over the months the request touches (the only
 * months `checkBudget` reads). Holds start and end on week boundaries (midnight), so a hold's cost in a
 * month does not depend on where the live service would clip it.
 */
export function checkDepartmentBudget(state: EngineState, dept: string, from: number, to: number): BudgetCheck {
  const budget = state.budgets.get(dept) ?? null;
  if (budget === null || !state.ledger) return { isWithin: true, worstMonth: null, projectedCents: 0, monthlyBudgetCents: null };
  const { premiumMonthCents, standardMonthCents } = state.prices;
  const ledger = state.ledger;
  const row = ledger.cents.get(dept);
  const base = departmentHeadcount(state, dept, Math.floor((from - state.world.startMs) / DAY_MS)) * standardMonthCents;
  const committed = new Map<string, number>();
  const addition = new Map<string, number>();
  forEachLeaseMonthCost({ from, to, premiumMonthCents, baseMonthCents: standardMonthCents }, (monthStart, cents) => {
    const m = monthOf(monthStart) - ledger.firstMonth;
    if (!row || m < 0 || m >= ledger.months) throw new RangeError(`month ${monthKey(monthStart)} is outside the budget ledger`);
    const key = ledger.keys[m]!;
    committed.set(key, base + row[m]!);
    addition.set(key, cents);
  });
  return checkBudget({ monthlyBudgetCents: budget, committed, addition });
}

/** People of a department employed on a day; memoized per world and department by day (−1: not yet counted). */
const headcounts = new WeakMap<World, Map<string, Int32Array>>();
export function departmentHeadcount(state: EngineState, dept: string, day: number): number {
  const { world } = state;
  let cache = headcounts.get(world);
  if (!cache) headcounts.set(world, (cache = new Map()));
  let byDay = cache.get(dept);
  if (!byDay) cache.set(dept, (byDay = new Int32Array(world.totalDays + 28).fill(-1)));
  const known = day >= 0 && day < byDay.length ? byDay[day]! : -1;
  if (known >= 0) return known;
  let n = 0;
  for (let p = 0; p < world.people; p++) if (departmentId(world, p) === dept && Math.max(0, world.hireDay[p]!) <= day && world.leaveDay[p]! > day) n++;
  if (day >= 0 && day < byDay.length) byDay[day] = n;
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

/**
 * Observed usage (what the vendor reports) over the 84 days ending on `asOf` (a day index of the
 * world), as the day-indexed window the engine's need scoring and rightsizing read: use is capped by
 * the tier held that week, a day without demand has no record (0, 0), `limits` is the tier's daily
 * limit per day, and `peakSample` the messages of each recorded day. Reuses one set of arrays per world.
 */
export type UsageWindow = { messages: Float64Array; limitHits: Float64Array; limits: Float64Array; peakSample: Float64Array; recorded: number };

const windows = new WeakMap<World, UsageWindow>();
export function observedWindow(state: EngineState, person: number, asOf: number, fromDay = asOf - (NEED_WINDOW_DAYS - 1)): UsageWindow {
  const { world } = state;
  let win = windows.get(world);
  if (!win) windows.set(world, (win = { messages: new Float64Array(NEED_WINDOW_DAYS), limitHits: new Float64Array(NEED_WINDOW_DAYS), limits: new Float64Array(NEED_WINDOW_DAYS), peakSample: new Float64Array(NEED_WINDOW_DAYS), recorded: 0 }));
  const std = world.scenario.limits.standardDailyMessages;
  const prem = world.scenario.limits.premiumDailyMessages;
  const first = asOf - (NEED_WINDOW_DAYS - 1);
  const weekRow = person * world.totalWeeks;
  const dayRow = person * world.totalDays;
  win.recorded = 0;
  for (let i = 0; i < NEED_WINDOW_DAYS; i++) {
    const d = first + i;
    const limit = d >= 0 && state.premium[weekRow + Math.floor(d / 7)] === 1 ? prem : std;
    win.limits[i] = limit;
    const wanted = d >= Math.max(0, fromDay) && d < world.totalDays ? world.demand[dayRow + d]! : 0;
    if (wanted <= 0) {
      win.messages[i] = 0;
      win.limitHits[i] = 0;
      continue;
    }
    const messages = Math.round(Math.min(wanted, limit));
    win.messages[i] = messages;
    win.limitHits[i] = wanted > limit ? 1 : 0;
    win.peakSample[win.recorded++] = messages;
  }
  return win;
}

/** Day index (days since 1970-01-01) of a world day. */
export const epochDay = (world: World, day: number) => Math.round(world.startMs / DAY_MS) + day;
