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
  return { seed: world.seed, people: world.people, oracle, policies: policies.map((policy) => measureRun(world, policy, runPolicy(world, policy), oracle)) };
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
    };
  });
  return {
    scenario: { id: scenario.id, name: scenario.name, weeks: scenario.horizon.weeks, start: scenario.horizon.start },
    seeds: runs.map((r) => r.seed),
    currency: 'USD',
    oracle: { cost: interval(runs.map((r) => r.oracle.costCents / 100)), poolSeats: interval(runs.map((r) => r.oracle.poolSeats)) },
    policies: summaries,
    runs,
  };
}

/** Runs the lab in this thread: seeds 1…n (or the given list). */
export function runLab(input: { scenario: Scenario; policies: readonly LabPolicy[]; seeds: readonly number[] }): LabResult {
  return summarize(input.scenario, input.policies, input.seeds.map((seed) => runSeed(input.scenario, input.policies, seed)));
}
