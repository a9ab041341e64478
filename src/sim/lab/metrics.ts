import { fourFifthsRatio, giniCoefficient, jainIndex } from '../../domain/fairness.ts';
import { solveOracle } from './oracle.ts';
import type { PolicyRun } from './run-policy.ts';
import type { LabPolicy } from './policies.ts';
import type { OracleResult, PolicyRunMetrics } from './types.ts';
import { isEmployedInWeek, tenureYearsOn, type World } from './workforce.ts';

/**
 * Metrics of a policy run over the measured horizon (weeks warmupWeeks … totalWeeks). Costs use daily
 * prices (monthly price × 12 / 365): standard seats for everyone employed, plus the premium pool's
 * premium-over-standard difference for every day of the horizon (seats are bought for the horizon).
 */
const dailyCents = (monthCents: number) => (monthCents * 12) / 365;
const DAYS_PER_MONTH = 365 / 12;
const QUARTER_WEEKS = 13;

function horizonDays(world: World): number {
  return (world.totalWeeks - world.warmupWeeks) * 7;
}

/** Standard seats for every employed person-day of the horizon: the part of the bill no seat policy changes. */
export function baseCostCents(world: World): number {
  return employedPersonDays(world) * dailyCents(world.scenario.prices.standardMonthCents);
}

function employedPersonDays(world: World): number {
  const from = world.warmupWeeks * 7;
  let n = 0;
  for (let p = 0; p < world.people; p++) n += Math.max(0, Math.min(world.totalDays, world.leaveDay[p]!) - Math.max(from, world.hireDay[p]!));
  return n;
}

export function poolSeatCostCents(world: World): number {
  const { premiumMonthCents, standardMonthCents } = world.scenario.prices;
  return dailyCents(premiumMonthCents - standardMonthCents) * horizonDays(world);
}

/** The oracle on a world: need weeks are the blocks (tier changes on Mondays, leases of whole weeks). */
export function oracleFor(world: World): OracleResult {
  const weeks = world.totalWeeks - world.warmupWeeks;
  const needs = new Uint8Array(world.people * weeks);
  for (let p = 0; p < world.people; p++) for (let w = 0; w < weeks; w++) needs[p * weeks + w] = world.needDays[p * world.totalWeeks + world.warmupWeeks + w]! > 0 ? 1 : 0;
  const result = solveOracle({ people: world.people, days: weeks, needs, cadenceDays: 1, baseCostCents: baseCostCents(world), poolSeatCostCents: poolSeatCostCents(world) });
  return { ...result, costCents: Math.round(result.costCents) };
}

export function measureRun(world: World, policy: LabPolicy, run: PolicyRun, oracle: OracleResult): PolicyRunMetrics {
  const { state, poolSeats } = run;
  const W = world.totalWeeks;
  const H0 = world.warmupWeeks;
  const prices = world.scenario.prices;
  let needDays = 0;
  let unmetDays = 0;
  let changes = 0;
  const shares: number[] = [];
  const asks = [0, 0];
  const grants = [0, 0];
  for (let p = 0; p < world.people; p++) {
    let needed = 0;
    let served = 0;
    for (let w = H0; w < W; w++) {
      const n = world.needDays[p * W + w]!;
      const held = state.premium[p * W + w] === 1;
      needed += n;
      if (held) served += n;
      if (w > H0 && isEmployedInWeek(world, p, w) && isEmployedInWeek(world, p, w - 1) && state.premium[p * W + w] !== state.premium[p * W + w - 1]) changes++;
    }
    for (let q = H0; q < W; q += QUARTER_WEEKS) {
      let hadNeed = false;
      let got = false;
      for (let w = q; w < Math.min(W, q + QUARTER_WEEKS); w++) {
        if (world.needDays[p * W + w]! > 0) {
          hadNeed = true;
          if (state.premium[p * W + w] === 1) got = true;
        }
      }
      if (!hadNeed) continue;
      const band = tenureYearsOn(world, p, q * 7) >= world.scenario.actors.seniorTenureYears ? 1 : 0;
      asks[band]!++;
      if (got) grants[band]!++;
    }
    needDays += needed;
    unmetDays += needed - served;
    if (needed > 0) shares.push(served / needed);
  }
  const personMonths = employedPersonDays(world) / DAYS_PER_MONTH;
  const months = horizonDays(world) / DAYS_PER_MONTH;
  let costCents: number;
  let budgetCents: number;
  if (policy.practice === 'payg') {
    let messages = 0;
    for (let p = 0; p < world.people; p++) for (let w = H0; w < W; w++) messages += world.weekMessages[p * W + w]!;
    costCents = employedPersonDays(world) * dailyCents(prices.enterpriseSeatMonthCents) + messages * prices.paygCentsPerMessage;
    // The plan: the survey's typical weekday answer × 5 working days a week, for those employed at the start.
    let planned = 0;
    for (let p = 0; p < world.people; p++) if (isEmployedInWeek(world, p, H0)) planned += world.surveyMessages[p]! * 5 * (W - H0);
    budgetCents = headcountAt(world, H0) * horizonDays(world) * dailyCents(prices.enterpriseSeatMonthCents) + planned * prices.paygCentsPerMessage;
  } else {
    costCents = baseCostCents(world) + poolSeats * poolSeatCostCents(world);
    budgetCents = headcountAt(world, H0) * horizonDays(world) * dailyCents(prices.standardMonthCents) + poolSeats * poolSeatCostCents(world);
  }
  costCents = Math.round(costCents);
  const rates = [asks[0]! > 0 ? grants[0]! / asks[0]! : null, asks[1]! > 0 ? grants[1]! / asks[1]! : null];
  return {
    policyId: policy.id,
    costCents,
    costRatioToOracle: oracle.costCents > 0 ? costCents / oracle.costCents : 1,
    poolSeats,
    needDays,
    unmetDays,
    unmetDemandShare: needDays > 0 ? unmetDays / needDays : 0,
    servedShare: needDays > 0 ? 1 - unmetDays / needDays : 1,
    gini: giniCoefficient(shares),
    jain: jainIndex(shares),
    tenureApprovalRatio: rates.includes(null) ? null : (fourFifthsRatio(rates) ?? 1),
    churn: personMonths > 0 ? changes / personMonths : 0,
    manualDecisionsPerMonth: state.manualDecisions / months,
    forecastError: budgetCents > 0 ? Math.abs(costCents - budgetCents) / budgetCents : 0,
  };
}

function headcountAt(world: World, week: number): number {
  let n = 0;
  for (let p = 0; p < world.people; p++) if (isEmployedInWeek(world, p, week)) n++;
  return n;
}
