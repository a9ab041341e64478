import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { seedDemoCompany } from '../../src/app/demo/seed-demo-company.ts';
import { DEMO_CONTRACTOR_EMAIL } from '../../src/app/usage/demo.ts';
import { generateDemoCompany } from '../../src/sim/demo-company.ts';
import { createTestDatabase } from '../db.ts';

// The demo's last week of usage goes through the real CSV importer (a refused upload, then the corrected
// file), so the import history and the unmatched list have something to show, and usage_daily ends up
// holding exactly the generated history.
describe('the demo company’s usage imports', { timeout: 120_000 }, () => {
  it('leaves a refused and a succeeded import, two unmatched identities, and the whole generated history', async () => {
    // A clock that moves (a millisecond a reading), as a real one does: the history is ordered by time.
    let tick = 0;
    const db = await createTestDatabase({ now: () => new Date(Date.parse('2026-11-28T10:00:00Z') + tick++) });
    try {
      const { orgId, usageRows } = await seedDemoCompany(db.ctx);
      const generated = generateDemoCompany({ today: '2026-11-28' });
      expect(usageRows).toBe(generated.usage.length);

      const history = await db.ctx.repos.usageImports.list(orgId, { limit: 10, offset: 0 });
      expect(history.map((h) => h.status)).toEqual(['succeeded', 'failed']);
      const [succeeded, failed] = history as [(typeof history)[number], (typeof history)[number]];
      expect(succeeded.filename).toBe('claude-ai-usage-2026-11-21-to-2026-11-27.csv');
      expect(failed.filename).toBe(succeeded.filename);
      // The refused file names its two bad rows by line and field, and wrote nothing.
      expect(failed.errors).toEqual([
        { line: 5, path: 'date', message: expect.stringMatching(/is not a date in YYYY-MM-DD form/) },
        { line: 14, path: 'cost_usd', message: expect.stringMatching(/has a decimal comma; write \d+\.\d{4}$/) },
      ]);
      const lastWeek = generated.usage.filter((u) => u.day >= '2026-11-21');
      expect(succeeded).toMatchObject({ status: 'succeeded', inserted: lastWeek.length, updated: 0, unchanged: 0, errors: [] });
      expect(succeeded.unmatched).toBeGreaterThan(0);
      expect(succeeded.rows).toBe(lastWeek.length + succeeded.unmatched);

      // Every generated row is stored once, with the generated values, whichever way it arrived.
      const stored = await sql<{ n: number; messages: number; cost: string }>`select count(*)::int as n, sum(messages)::int as messages, sum(cost_usd)::text as cost from usage_daily where org_id = ${orgId} and source = 'claude_ai'`.execute(db.handle.db);
      const totalCost = generated.usage.reduce((sum, u) => sum + Math.round(Number(u.costUsd) * 10_000), 0);
      expect(stored.rows[0]).toEqual({ n: generated.usage.length, messages: generated.usage.reduce((s, u) => s + u.messages, 0), cost: (totalCost / 10_000).toFixed(4) });
      const imported = await sql<{ n: number }>`select count(*)::int as n from usage_daily where org_id = ${orgId} and import_id = ${succeeded.id}::uuid`.execute(db.handle.db);
      expect(imported.rows[0]!.n).toBe(lastWeek.length);

      const unmatched = await db.ctx.repos.usage.listUnmatched(orgId);
      expect(unmatched).toHaveLength(2);
      expect(unmatched.map((u) => u.identity)).toEqual(expect.arrayContaining([DEMO_CONTRACTOR_EMAIL, expect.stringMatching(/@kestrel-devices\.example$/)]));
      expect(unmatched.every((u) => u.status === 'open')).toBe(true);
    } finally {
      await db.drop();
    }
  });
});
