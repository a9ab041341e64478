import type { Scenario } from '../scenarios/schema.ts';
import { measureRun, oracleFor } from './metrics.ts';
import type { LabPolicy } from './policies.ts';
import { runPolicy } from './run-policy.ts';
import type { Interval, LabResult, PolicyRunMetrics, PolicySummary, SeedRun } from './types.ts';
import { generateWorld, type World } from './workforce.ts';

/** Runs every policy on one seed's world and measures each against that world's oracle. */
export function runSeed(scenario: Scenario, policies: readonly LabPolicy[], seed: number): SeedRun {
  return runWorld(generateWorld(scenario, seed), policies);
}

/** Runs every policy on a given world (synthetic, or built from real history by replayPolicies). */
export function runWorld(world: World, policies: readonly LabPolicy[]): SeedRun {
  const oracle = oracleFor(world);
  const weeks = weeklyTotals(world);
  return {
    seed: world.seed,
    people: world.people,
    oracle: { ...oracle, costByPeriod: weeklyCostCents(world, weeks, 'seats', oracle.poolSeats) },
    policies: policies.map((policy) => {
      const metrics = measureRun(world, policy, runPolicy(world, policy), oracle);
      return { ...metrics, costByPeriod: weeklyCostCents(world, weeks, policy.practice === 'payg' ? 'payg' : 'seats', metrics.poolSeats) };
    }),
  };
}

type WeeklyTotals = Readonly<{ employedDays: Float64Array; messages: Float64Array }>;

/** Employed person-days and wanted messages of each week of the measured horizon (one pass over the world). */
function weeklyTotals(world: World): WeeklyTotals {
  const W = world.totalWeeks;
  const n = W - world.warmupWeeks;
  const employedDays = new Float64Array(n);
  const messages = new Float64Array(n);
  for (let p = 0; p < world.people; p++) {
    const hire = world.hireDay[p]!;
    const leave = Math.min(world.totalDays, world.leaveDay[p]!);
    for (let i = 0; i < n; i++) {
      const from = (world.warmupWeeks + i) * 7;
      employedDays[i]! += Math.max(0, Math.min(from + 7, leave) - Math.max(from, hire));
      messages[i]! += world.weekMessages[p * W + world.warmupWeeks + i]!;
    }
  }
  return { employedDays, messages };
}

/**
 * The bill of each week of the measured horizon in cents, by the same pricing as the metrics' total
 * (daily rate = monthly price × 12 / 365): seat plans pay a standard seat per employed person-day plus
 * the pool's premium-over-standard difference every day; pay-as-you-go pays the platform fee per employed
 * person-day plus every wanted message. Derived from the world and the pool size only, so it needs
 * nothing from the policy run beyond its metrics.
 */
export function weeklyCostCents(world: World, weeks: WeeklyTotals, plan: 'seats' | 'payg', poolSeats: number): number[] {
  const prices = world.scenario.prices;
  const daily = (monthCents: number) => (monthCents * 12) / 365;
  return Array.from(weeks.employedDays, (employedDays, i) =>
    Math.round(
      plan === 'payg'
        ? employedDays * daily(prices.enterpriseSeatMonthCents) + weeks.messages[i]! * prices.paygCentsPerMessage
        : employedDays * daily(prices.standardMonthCents) + poolSeats * daily(prices.premiumMonthCents - prices.standardMonthCents) * 7,
    ),
  );
}

// Two-sided 97.5% Student t quantiles for 1…30 degrees of freedom; 1.96 beyond.
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** Mean with a 95% confidence interval (Student t over the values; a single value is its own interval). */
export function interval(values: readonly number[]): Interval {
  const n = values.length;
  if (n === 0) return { mean: NaN, lo: NaN, hi: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, lo: mean, hi: mean };
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = (T975[n - 2] ?? 1.96) * (sd / Math.sqrt(n));
  return { mean, lo: mean - half, hi: mean + half };
}

/** Summarizes per-seed runs (in seed order) into the lab result. */
export function summarize(scenario: Scenario, policies: readonly LabPolicy[], runs: readonly SeedRun[]): LabResult {
  const of = (id: string) => runs.map((r) => r.policies.find((p) => p.policyId === id)!);
  const summaries: PolicySummary[] = policies.map((policy) => {
    const m = of(policy.id);
    const pick = (f: (x: PolicyRunMetrics) => number) => interval(m.map(f));
    const ratios = m.map((x) => x.tenureApprovalRatio).filter((x): x is number => x !== null);
    return {
      id: policy.id,
      name: policy.name,
      cost: pick((x) => x.costCents / 100),
      costRatioToOracle: pick((x) => x.costRatioToOracle),
      poolSeats: pick((x) => x.poolSeats),
      unmetDemandShare: pick((x) => x.unmetDemandShare),
      servedShare: pick((x) => x.servedShare),
      gini: pick((x) => x.gini),
      jain: pick((x) => x.jain),
      tenureApprovalRatio: ratios.length ? interval(ratios) : null,
      churn: pick((x) => x.churn),
      manualDecisionsPerMonth: pick((x) => x.manualDecisionsPerMonth),
      forecastError: pick((x) => x.forecastError),
      ...periodIntervals(m.map((x) => x.costByPeriod)),
    };
  });
  return {
    scenario: { id: scenario.id, name: scenario.name, weeks: scenario.horizon.weeks, start: scenario.horizon.start },
    seeds: runs.map((r) => r.seed),
    currency: 'USD',
    oracle: { cost: interval(runs.map((r) => r.oracle.costCents / 100)), poolSeats: interval(runs.map((r) => r.oracle.poolSeats)), ...periodIntervals(runs.map((r) => r.oracle.costByPeriod)) },
    policies: summaries,
    runs,
  };
}

/** Per-week USD intervals over seeds, when every seed carries a weekly series of the same length. */
function periodIntervals(series: ReadonlyArray<readonly number[] | undefined>): { costByPeriod?: Interval[] } {
  const first = series[0];
  if (!first || series.some((s) => !s || s.length !== first.length)) return {};
  return { costByPeriod: first.map((_, i) => interval(series.map((s) => s![i]! / 100))) };
}

/** Runs the lab in this thread: seeds 1…n (or the given list). */
export function runLab(input: { scenario: Scenario; policies: readonly LabPolicy[]; seeds: readonly number[] }): LabResult {
  return summarize(input.scenario, input.policies, input.seeds.map((seed) => runSeed(input.scenario, input.policies, seed)));
}
