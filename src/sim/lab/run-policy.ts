import { apportion } from '../../domain/apportionment.ts';
import { computeNeedScoreByDay } from '../../domain/need.ts';
import { admit, type DepartmentQuota } from '../../domain/quota.ts';
import { recommendTierByDay, type RightsizingPolicy } from '../../domain/rightsizing.ts';
import { orderWaitlist } from '../../domain/waitlist.ts';
import { createRng, type Rng } from '../rng.ts';
import { addHold, assignPermanent, type WaitEntry, createEngineState, departmentId, endHold, epochDay, holdInWeek, observedWindow, pruneHolds, requestLease, weekMs, type EngineState } from './engine-driver.ts';
import type { LabPolicy } from './policies.ts';
import { isEmployedInWeek, tenureYearsOn, type World } from './workforce.ts';

/**
 * Runs one policy over one world, week by week through the measured horizon, and returns the engine
 * state (who held premium which week) for the metrics. Human actors (a biased manager, non-compliant
 * seniors, people asking for leases) are simulated here; every grant goes through the engine.
 */
export type PolicyRun = Readonly<{ state: EngineState; poolSeats: number }>;

const QUARTER_WEEKS = 13;
/** P2's downgrade rule: the engine's rightsizing fed a one-week usage snapshot, without grace for bursts. */
const SNAPSHOT_RIGHTSIZING: RightsizingPolicy = { downgradeAfterWeeks: 1, newcomerGraceDays: 0, tierChangeGraceDays: 7 };

/** The owner's purchase rule for P5: the 90th percentile of weekly need concurrency seen in the warm-up. */
export function forecastPoolSize(world: World): number {
  const counts: number[] = [];
  for (let w = 0; w < world.warmupWeeks; w++) {
    let n = 0;
    for (let p = 0; p < world.people; p++) if (world.needDays[p * world.totalWeeks + w]! > 0) n++;
    counts.push(n);
  }
  if (counts.length === 0) return world.scenario.currentPremiumSeats;
  counts.sort((a, b) => a - b);
  return counts[Math.min(counts.length - 1, Math.ceil(0.9 * counts.length) - 1)]!;
}

function quotasFor(world: World, policy: LabPolicy, seats: number): DepartmentQuota[] {
  if (policy.quotas === 'none') return [];
  const weights: Record<string, number> = {};
  for (const name of world.departments) weights[name] = 0;
  for (let p = 0; p < world.people; p++) {
    const name = departmentId(world, p);
    if (policy.quotas === 'headcount') weights[name]! += isEmployedInWeek(world, p, world.warmupWeeks) ? 1 : 0;
    else for (let w = 0; w < world.warmupWeeks; w++) weights[name]! += world.needDays[p * world.totalWeeks + w]! > 0 ? 1 : 0;
  }
  const result = apportion({ method: 'hamilton', seats, weights });
  if (!result.ok) return [];
  return world.departments.map((d) => ({ departmentId: d, nominal: result.seats[d] ?? 0, borrowingLimit: null, lendingLimit: null }));
}

export function runPolicy(world: World, policy: LabPolicy): PolicyRun {
  const poolSeats = policy.pool === 'none' ? 0 : policy.pool === 'forecast' ? forecastPoolSize(world) : world.scenario.currentPremiumSeats;
  const quotas = quotasFor(world, policy, poolSeats);
  const budgets = new Map<string, number | null>();
  if (policy.budgetHeadroom !== null) {
    const { standardMonthCents, premiumMonthCents } = world.scenario.prices;
    for (const q of quotas) {
      let headcount = 0;
      for (let p = 0; p < world.people; p++) if (departmentId(world, p) === q.departmentId && isEmployedInWeek(world, p, world.warmupWeeks)) headcount++;
      budgets.set(q.departmentId, Math.round(headcount * standardMonthCents + q.nominal * (premiumMonthCents - standardMonthCents) * policy.budgetHeadroom));
    }
  }
  const state = createEngineState(world, policy.document, { capacity: poolSeats, quotas }, budgets);
  const rng = createRng((world.seed * 7919 + policy.id.charCodeAt(1)) >>> 0);
  if (policy.practice === 'payg') {
    for (let p = 0; p < world.people; p++) addHold(state, { person: p, fromWeek: world.warmupWeeks, toWeek: world.totalWeeks, isLease: false });
    return { state, poolSeats };
  }
  for (let week = world.warmupWeeks; week < world.totalWeeks; week++) {
    pruneHolds(state, week);
    releaseLeavers(state, week);
    switch (policy.practice) {
      case 'static-seniority':
        weekStaticSeniority(state, week);
        break;
      case 'survey-approval':
        weekSurveyApproval(state, week, rng);
        break;
      case 'sprint-leases':
        weekSprintLeases(state, week, false);
        break;
      case 'seatwise':
        weekSprintLeases(state, week, true);
        weekSeatwise(state, week);
        break;
    }
  }
  return { state, poolSeats };
}

/** A leaver's seat returns to the pool in the week they leave. */
function releaseLeavers(state: EngineState, week: number): void {
  for (const [id, grant] of [...state.grants]) {
    const leaveWeek = Math.ceil(state.world.leaveDay[grant.person]! / 7);
    if (leaveWeek <= week && (grant.toWeek === null || grant.toWeek > week)) endHold(state, id, week);
  }
}

const employedNow = (world: World, week: number) => Array.from({ length: world.people }, (_, p) => p).filter((p) => isEmployedInWeek(world, p, week));

function weekStaticSeniority(state: EngineState, week: number): void {
  const { world } = state;
  const holders = new Set([...state.grants.values()].map((g) => g.person));
  const free = state.pool.capacity - holders.size;
  if (free <= 0) return;
  const bySeniority = employedNow(world, week).filter((p) => !holders.has(p)).sort((a, b) => world.hireDay[a]! - world.hireDay[b]! || a - b);
  let granted = 0;
  for (const p of bySeniority) {
    if (granted >= free) break;
    if (assignPermanent(state, p, week)) granted++;
    // The initial list is one decision; each later replacement is another.
    if (week > world.warmupWeeks) state.manualDecisions++;
  }
  if (week === world.warmupWeeks) state.manualDecisions++;
}

function weekSurveyApproval(state: EngineState, week: number, rng: Rng): void {
  const { world } = state;
  const actors = world.scenario.actors;
  const std = world.scenario.limits.standardDailyMessages;
  // Weekly usage snapshot: a holder whose last week fit a standard seat loses premium.
  if (week > world.warmupWeeks) {
    for (const [id, grant] of [...state.grants]) {
      if (grant.isLease || grant.fromWeek >= week - 1) continue;
      const last = week - 1;
      let quiet = true;
      for (let k = 0; k < 7 && quiet; k++) if (world.demand[grant.person * world.totalDays + last * 7 + k]! >= 0.6 * std) quiet = false;
      if (!quiet) continue;
      const usage = observedWindow(state, grant.person, week * 7 - 1, last * 7);
      const verdict = recommendTierByDay({
        asOfDay: epochDay(world, week * 7 - 1),
        tier: 'premium',
        isPermanent: true,
        messages: usage.messages,
        limitHits: usage.limitHits,
        peakSample: usage.peakSample.subarray(0, usage.recorded),
        standardDailyLimit: std,
        premiumDailyLimit: world.scenario.limits.premiumDailyMessages,
        hasScheduledWork: false,
        joinedOnDay: epochDay(world, Math.max(0, world.hireDay[grant.person]!)),
        tierSinceDay: epochDay(world, grant.fromWeek * 7),
        isOnLeave: false,
        prices: { premiumMonthCents: world.scenario.prices.premiumMonthCents, standardMonthCents: world.scenario.prices.standardMonthCents },
        policy: SNAPSHOT_RIGHTSIZING,
      });
      if (verdict.recommendation?.kind === 'downgrade') endHold(state, id, week);
    }
  }
  if ((week - world.warmupWeeks) % QUARTER_WEEKS !== 0) return;
  // Quarterly use-case compliance: reviewed by hand, enforced only on juniors.
  for (const [id, grant] of [...state.grants]) {
    state.manualDecisions++;
    const isSenior = tenureYearsOn(world, grant.person, week * 7) >= actors.seniorTenureYears;
    if (!isSenior && rng.chance(actors.juniorNonCompliance)) endHold(state, id, week);
    else if (isSenior) rng.chance(actors.seniorNonCompliance); // non-compliant or not, nothing happens
  }
  // Survey round: people who hit the limit in the last quarter ask; the manager ranks by the survey
  // answer (which under-predicts use) weighted toward seniority, and approves while seats are free.
  const holders = new Set([...state.grants.values()].map((g) => g.person));
  const employed = employedNow(world, week);
  const tenure = employed.map((p) => tenureYearsOn(world, p, week * 7));
  const mean = tenure.reduce((a, b) => a + b, 0) / Math.max(1, tenure.length);
  const sd = Math.sqrt(tenure.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, tenure.length)) || 1;
  const asks: { p: number; score: number }[] = [];
  employed.forEach((p, i) => {
    if (holders.has(p)) return;
    let hitWeeks = 0;
    for (let w = Math.max(0, week - QUARTER_WEEKS); w < week; w++) if (world.needDays[p * world.totalWeeks + w]! > 0) hitWeeks++;
    if (hitWeeks === 0) return;
    asks.push({ p, score: world.surveyMessages[p]! * Math.exp(actors.managerSeniorityBias * ((tenure[i]! - mean) / sd) + 0.3 * rng.normal()) });
  });
  asks.sort((a, b) => b.score - a.score || a.p - b.p);
  for (const ask of asks) {
    state.manualDecisions++;
    assignPermanent(state, ask.p, week);
  }
}

/**
 * People request a lease for each sprint of the project calendar `leaseLeadWeeks` ahead (at the start
 * of the horizon, for sprints already under way). The waitlist is retried every week in the engine's
 * order; with `useNeed`, the need score orders it.
 */
function weekSprintLeases(state: EngineState, week: number, useNeed: boolean): void {
  const { world } = state;
  retryWaitlist(state, week, useNeed);
  const lead = world.scenario.actors.leaseLeadWeeks;
  for (const project of world.projects) {
    const end = project.startWeek + project.weeks;
    const asksNow = week === world.warmupWeeks ? project.startWeek <= week + lead && end > week : project.startWeek === week + lead;
    if (!asksNow) continue;
    for (const p of project.members) {
      if (!isEmployedInWeek(world, p, week)) continue;
      const from = Math.max(project.startWeek, week);
      const held = holdInWeek(state, p, from);
      if (held && (held.grant.toWeek === null || held.grant.toWeek >= end)) continue;
      requestLease(state, { person: p, fromWeek: held ? held.grant.toWeek! : from, toWeek: end, nowWeek: week, hasProject: true });
    }
  }
}

function retryWaitlist(state: EngineState, week: number, useNeed: boolean): void {
  const { world } = state;
  const live = state.waitlist.filter((e) => e.toWeek > week && isEmployedInWeek(world, e.person, week));
  state.waitlist = [];
  if (live.length === 0) return;
  // Seats are offered to the waitlist when capacity frees: an entry with no capacity for its interval
  // keeps waiting without a new decision (granting others only takes capacity away).
  const fits = (e: WaitEntry) => admit(state.pool, state.holds, { departmentId: departmentId(world, e.person), from: weekMs(world, Math.max(e.fromWeek, week)), to: weekMs(world, e.toWeek) }).ok;
  const offered = live.filter(fits);
  state.waitlist = live.filter((e) => !offered.includes(e));
  if (offered.length === 0) return;
  const now = weekMs(world, week);
  const byId = new Map(offered.map((e) => [e.id, e]));
  const entries = offered.map((e) => ({
    id: e.id,
    requestedAt: weekMs(world, e.requestedWeek),
    deadline: weekMs(world, e.toWeek),
    hasProject: e.hasProject,
    needScore: useNeed && offered.length > 1 ? needScoreOf(state, e.person, week) : null,
  }));
  for (const entry of orderWaitlist(entries, now)) {
    const e = byId.get(entry.id)!;
    if (!fits(e)) {
      state.waitlist.push(e);
      continue;
    }
    const before = state.waitlist.length;
    requestLease(state, { person: e.person, fromWeek: Math.max(e.fromWeek, week), toWeek: e.toWeek, nowWeek: week, hasProject: e.hasProject });
    // Still waiting: keep the original request time (aging) rather than a new entry.
    if (state.waitlist.length > before) state.waitlist[state.waitlist.length - 1] = { ...e };
  }
}

function needScoreOf(state: EngineState, person: number, week: number): number {
  const { world } = state;
  const usage = observedWindow(state, person, week * 7 - 1);
  return computeNeedScoreByDay({ asOfDay: epochDay(world, week * 7 - 1), messages: usage.messages, limitHits: usage.limitHits, limits: usage.limits, hasScheduledWork: hasSprintSoon(world, person, week) }).score;
}

/** Does one of the person's calendar sprints start within the next two weeks (scheduled work)? */
const sprintStarts = new WeakMap<World, number[][]>();
function hasSprintSoon(world: World, person: number, week: number): boolean {
  let starts = sprintStarts.get(world);
  if (!starts) {
    starts = Array.from({ length: world.people }, () => [] as number[]);
    for (const pr of world.projects) for (const p of new Set(pr.members)) starts[p]!.push(pr.startWeek);
    sprintStarts.set(world, starts);
  }
  return starts[person]!.some((s) => s >= week && s <= week + 2);
}

/**
 * Seatwise's other evidence: a person on standard who hit the limit on two or more days last week asks
 * for a two-week lease; every four weeks the engine's rightsizing upgrades sustained heavy users to a
 * permanent seat and turns bursty or idle permanent seats back into the pool.
 */
function weekSeatwise(state: EngineState, week: number): void {
  const { world } = state;
  const std = world.scenario.limits.standardDailyMessages;
  const lastRow = (p: number) => p * world.totalWeeks + week - 1;
  for (let p = 0; p < world.people; p++) {
    if (!isEmployedInWeek(world, p, week) || state.premium[lastRow(p)] === 1 || world.needDays[lastRow(p)]! < 2) continue;
    if (holdInWeek(state, p, week) || state.waitlist.some((e) => e.person === p)) continue;
    requestLease(state, { person: p, fromWeek: week, toWeek: week + 2, nowWeek: week, hasProject: false });
  }
  if ((week - world.warmupWeeks) % 4 !== 0) return;
  for (let p = 0; p < world.people; p++) {
    if (!isEmployedInWeek(world, p, week)) continue;
    const held = holdInWeek(state, p, week);
    const isPermanent = held !== undefined && held.grant.toWeek === null;
    let busy = 0;
    for (let w = week - 12; w < week; w++) if (w >= 0 && world.needDays[p * world.totalWeeks + w]! > 0) busy++;
    // Only sustained need can earn an upgrade (9 busy weeks of 12): skip the engine call otherwise.
    if (!isPermanent && busy < 9) continue;
    const usage = observedWindow(state, p, week * 7 - 1);
    const result = recommendTierByDay({
      asOfDay: epochDay(world, week * 7 - 1),
      tier: held ? 'premium' : 'standard',
      isPermanent,
      messages: usage.messages,
      limitHits: usage.limitHits,
      peakSample: usage.peakSample.subarray(0, usage.recorded),
      standardDailyLimit: std,
      premiumDailyLimit: world.scenario.limits.premiumDailyMessages,
      hasScheduledWork: hasSprintSoon(world, p, week),
      joinedOnDay: epochDay(world, Math.max(0, world.hireDay[p]!)),
      tierSinceDay: epochDay(world, held ? held.grant.fromWeek * 7 : Math.max(0, world.hireDay[p]!)),
      isOnLeave: false,
      prices: { premiumMonthCents: world.scenario.prices.premiumMonthCents, standardMonthCents: world.scenario.prices.standardMonthCents },
    });
    const kind = result.recommendation?.kind;
    if (kind === 'upgrade' && !held) assignPermanent(state, p, week);
    else if (isPermanent && (kind === 'downgrade' || kind === 'convert_to_lease')) endHold(state, held.id, week);
  }
}
