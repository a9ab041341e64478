import { createHash } from 'node:crypto';
import { measureRun, oracleFor } from '../../src/sim/lab/metrics.ts';
import { LAB_POLICIES } from '../../src/sim/lab/policies.ts';
import { runPolicy } from '../../src/sim/lab/run-policy.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { generateWorld } from '../../src/sim/lab/workforce.ts';

/**
 * A fingerprint of every policy run on one seed: a hash of the person × week premium grid (who held
 * premium which week), the hand-made decisions and the measured metrics. Two engines that agree on
 * every decision give the same fingerprint.
 */
export type RunFingerprint = { policyId: string; premiumSha256: string; manualDecisions: number; costCents: number; unmetDays: number; needDays: number; churn: number };

export function fingerprintSeed(scenario: Scenario, seed: number): { seed: number; people: number; oracleCents: number; runs: RunFingerprint[] } {
  const world = generateWorld(scenario, seed);
  const oracle = oracleFor(world);
  const runs = LAB_POLICIES.map((policy) => {
    const run = runPolicy(world, policy);
    const m = measureRun(world, policy, run, oracle);
    return {
      policyId: policy.id,
      premiumSha256: createHash('sha256').update(run.state.premium).digest('hex'),
      manualDecisions: run.state.manualDecisions,
      costCents: m.costCents,
      unmetDays: m.unmetDays,
      needDays: m.needDays,
      churn: m.churn,
    };
  });
  return { seed, people: world.people, oracleCents: oracle.costCents, runs };
}
