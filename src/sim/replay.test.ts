import { describe, expect, it } from 'vitest';
import { generateDemoCompany, DEMO_DEPARTMENTS } from './demo-company.ts';
import { replayPolicies, type ReplayHistory } from './replay.ts';
import { LAB_POLICIES } from './lab/policies.ts';

// The demo company's six months of usage, replayed as if it were real history (starting on a Monday).
const demo = generateDemoCompany({ today: '2026-11-30' });
const history: ReplayHistory = {
  start: '2026-06-01',
  weeks: 26,
  warmupWeeks: 8,
  premiumSeats: 12,
  departments: DEMO_DEPARTMENTS.map((d) => ({ name: d.name })),
  people: demo.people.map((p) => ({ id: String(p.key), department: p.department, employmentStartDate: p.employmentStartDate, isLead: p.isLead })),
  usage: demo.usage.map((u) => ({ personId: String(u.personKey), day: u.day, messages: u.messages, limitHits: u.limitHits })),
};

describe('replayPolicies', () => {
  const run = replayPolicies(history, LAB_POLICIES);

  it('counts days with limit hits as need and measures every policy against the oracle', () => {
    const needDays = demo.usage.filter((u) => u.limitHits > 0 && u.day >= '2026-07-27' && u.day < '2026-11-30').length;
    const p6 = run.policies.find((p) => p.policyId === 'P6')!;
    expect(p6.needDays).toBeGreaterThanOrEqual(needDays);
    expect(p6.unmetDays).toBe(0);
    expect(run.oracle.poolSeats).toBeGreaterThan(0);
    for (const m of run.policies) {
      expect(m.unmetDays).toBeLessThanOrEqual(m.needDays);
      expect(Number.isFinite(m.costRatioToOracle)).toBe(true);
    }
  });

  it('rejects a history that does not start on a Monday', () => {
    expect(() => replayPolicies({ ...history, start: '2026-06-02' })).toThrow(/must be a Monday/);
  });
});
