import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { runCli, tempFiles } from '../cli/run-cli.ts';

const interval = { mean: expect.any(Number), lo: expect.any(Number), hi: expect.any(Number) };

describe('seatwise simulate', () => {
  it('prints the documented JSON for a small scenario, and the same seeds give the same output', async () => {
    const args = ['simulate', '--scenario', 'small-team', '--policies', 'all', '--seeds', '3', '--format', 'json'];
    const [first, second] = await Promise.all([runCli(args, {}), runCli([...args, '--threads', '1'], {})]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const json = JSON.parse(first.stdout);
    expect(json.seeds).toBe(3);
    expect(json.policies.map((p: { id: string }) => p.id)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
    for (const p of json.policies) {
      expect(p).toMatchObject({ id: expect.any(String), cost: interval, costRatioToOracle: interval, unmetDemandShare: interval, gini: interval, jain: interval, churn: interval, manualDecisionsPerMonth: interval });
      expect(p.tenureApprovalRatio === null || typeof p.tenureApprovalRatio.mean === 'number').toBe(true);
      expect(p.cost.lo).toBeLessThanOrEqual(p.cost.mean);
      expect(p.cost.hi).toBeGreaterThanOrEqual(p.cost.mean);
    }
    expect(json.policies.find((p: { id: string }) => p.id === 'P6').unmetDemandShare.mean).toBe(0);
    // Deterministic: parallel workers and a single thread give byte-identical JSON.
    expect(second.stdout).toBe(first.stdout);
  }, 120_000);

  it('writes the report through the --report hook and rejects bad input with CODE: message', async () => {
    const files = tempFiles('seatwise-sim-');
    try {
      const report = `${files.dir}/lab.html`;
      const ok = await runCli(['simulate', '--scenario', 'small-team', '--policies', 'P1,P5', '--seeds', '1', '--report', report], {});
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('P5 Seatwise recommended');
      expect(fs.readFileSync(report, 'utf8')).toContain('<!doctype html>');
      const bad = await runCli(['simulate', '--scenario', 'small-team', '--policies', 'P9', '--seeds', '1'], {});
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^INVALID_POLICIES: unknown policy "P9"/);
      const invalid = files.file('bad.yaml', 'id: bad\nname: Bad\nhorizon: { start: "2027-01-05" }\ndepartments: []\n');
      const badScenario = await runCli(['simulate', '--scenario', invalid, '--seeds', '1'], {});
      expect(badScenario.code).toBe(1);
      expect(badScenario.stderr).toMatch(/^INVALID_SCENARIO: .*horizon\.start: must be a Monday/);
    } finally {
      files.remove();
    }
  }, 120_000);
});
