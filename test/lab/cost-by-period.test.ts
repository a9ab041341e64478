import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runLab } from '../../src/sim/lab/lab.ts';
import { LAB_POLICIES } from '../../src/sim/lab/policies.ts';
import { parseScenario } from '../../src/sim/scenarios/schema.ts';

const scenario = parseScenario(JSON.parse(readFileSync(new URL('../../src/sim/scenarios/small-team.json', import.meta.url), 'utf8')));

describe('weekly cost series (costByPeriod)', () => {
  const result = runLab({ scenario, policies: LAB_POLICIES, seeds: [1, 2] });

  it('has one value per horizon week that sums to the run’s total cost', () => {
    for (const run of result.runs) {
      for (const m of [...run.policies, run.oracle]) {
        expect(m.costByPeriod).toHaveLength(scenario.horizon.weeks);
        const sum = m.costByPeriod!.reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - m.costCents)).toBeLessThanOrEqual(scenario.horizon.weeks);
      }
    }
  });

  it('summarizes each week over seeds as an interval in dollars', () => {
    for (const p of result.policies) {
      expect(p.costByPeriod).toHaveLength(scenario.horizon.weeks);
      const week0 = result.runs.map((r) => r.policies.find((x) => x.policyId === p.id)!.costByPeriod![0]! / 100);
      expect(p.costByPeriod![0]!.mean).toBeCloseTo((week0[0]! + week0[1]!) / 2, 6);
      expect(p.costByPeriod![0]!.lo).toBeLessThanOrEqual(p.costByPeriod![0]!.hi);
    }
    expect(result.oracle.costByPeriod).toHaveLength(scenario.horizon.weeks);
  });

  it('follows the messages for pay-as-you-go and stays flat-ish for seat plans', () => {
    const run = result.runs[0]!;
    const p6 = run.policies.find((p) => p.policyId === 'P6')!.costByPeriod!;
    const p1 = run.policies.find((p) => p.policyId === 'P1')!.costByPeriod!;
    expect(new Set(p6).size).toBeGreaterThan(new Set(p1).size);
  });
});
