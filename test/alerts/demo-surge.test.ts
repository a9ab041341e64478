import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { seedDemoCompany } from '../../src/app/demo/seed-demo-company.ts';
import { createTestDatabase } from '../db.ts';

// The demo's guardrails story (a department's CI job in a retry loop) must show whatever day the demo is
// loaded: on weekends (no usual weekday to compare with) and at the end of a month, when little of
// the departments' budgets is left (the surge may not exhaust one: that would pause auto-approvals).
describe('the demo company’s cost surge', { timeout: 180_000 }, () => {
  it.each(['2026-11-26', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-31'])('is a critical department surge and pauses nothing when loaded on %s', async (day) => {
    const now = new Date(`${day}T10:00:00Z`);
    const db = await createTestDatabase({ now: () => now });
    try {
      const { orgId } = await seedDemoCompany(db.ctx);
      const surges = await sql<{ departmentId: string | null; severity: string; title: string }>`select department_id, severity, title from alerts where org_id = ${orgId} and kind = 'surge'`.execute(db.handle.db);
      const departmental = surges.rows.filter((s) => s.departmentId !== null);
      expect(departmental, JSON.stringify(surges.rows)).toHaveLength(1);
      expect(departmental[0]).toMatchObject({ severity: 'critical', title: expect.stringMatching(/^Cost surge in [\w ]+ on \d{4}-\d{2}-\d{2}: [\d.]+× the usual$/) });
      const paused = await sql<{ n: number }>`select count(*)::int as n from guardrail_pauses where org_id = ${orgId}`.execute(db.handle.db);
      expect(paused.rows[0]!.n).toBe(0);
    } finally {
      await db.drop();
    }
  });
});
