import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCompany } from '../app/demo/seed-demo-company.ts';
import { listPeople } from '../app/people/people.ts';
import { getSeatSummary } from '../app/seats/seat-summary.ts';
import { assignTier } from '../app/seats/assignments.ts';
import { migrateToLatest } from './migrate.ts';
import { createPgliteDatabase, createTestDatabase } from '../../test/db.ts';

// The same migrations and queries on the embedded engine the default install uses.
let pg: Awaited<ReturnType<typeof createPgliteDatabase>>;
beforeAll(async () => {
  pg = await createPgliteDatabase({ now: () => new Date('2026-11-27T12:00:00Z') });
}, 60_000);
afterAll(async () => pg?.drop());

describe('PGlite', () => {
  it('runs every migration, and a second run applies nothing', async () => {
    // Same tables and columns (with types) as the same migrations produce on PostgreSQL.
    const columns = (db: typeof pg.handle.db) =>
      sql<{ c: string }>`select table_name || '.' || column_name || ':' || data_type as c from information_schema.columns where table_schema = 'public' and table_name not like 'kysely%' order by 1`
        .execute(db)
        .then((r) => r.rows.map((row) => row.c));
    const postgres = await createTestDatabase();
    try {
      const [embedded, reference] = await Promise.all([columns(pg.handle.db), columns(postgres.handle.db)]);
      expect(embedded.length).toBeGreaterThan(200);
      expect(embedded).toEqual(reference);
    } finally {
      await postgres.drop();
    }
    expect((await migrateToLatest(pg.handle.db)).applied).toEqual([]);
  });

  it('loads the demo company and answers the same queries as PostgreSQL', async () => {
    const result = await seedDemoCompany(pg.ctx);
    expect(result).toMatchObject({ seeded: true, people: 100 });
    // Adoption day: four manager-approved premium seats went back to the pool (their holders got four
    // extra monthly standard seats) and one of the demo's sprint leases starts today.
    const page = await listPeople(pg.ctx, result.orgId, { tier: 'premium' }, { limit: 50, offset: 0 });
    expect(page.total).toBe(9);
    const seats = await getSeatSummary(pg.ctx, result.orgId);
    expect(seats.map((s) => [s.tier, s.purchased, s.assigned, s.monthlyCostCents])).toEqual([
      ['premium', 12, 9, 120000],
      ['standard', 92, 91, 88 * 2500 + 4 * 3000],
    ]);
    const leases = await pg.ctx.repos.leases.listAll(result.orgId, {});
    expect(leases.map((l) => l.status).sort()).toEqual(['active', 'requested', 'scheduled', 'scheduled', 'scheduled', 'waitlisted']);
    expect(await seedDemoCompany(pg.ctx)).toMatchObject({ seeded: false });
  }, 60_000);

  it('enforces capacity and the append-only audit log on the embedded engine too', async () => {
    const org = (await pg.ctx.repos.organizations.findPrimary())!;
    // Three premium seats are free today, but the demo's booked leases take them over the coming days:
    // a permanent premium seat does not fit around the bookings.
    const standard = await listPeople(pg.ctx, org.id, { tier: 'standard' }, { limit: 1, offset: 0 });
    await expect(assignTier(pg.ctx, { kind: 'cli', orgId: org.id }, { personId: standard.items[0]!.id, vendor: 'anthropic', plan: 'team', tier: 'premium' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('the lease pool is fully booked from') });
    await expect(sql`update audit_events set action = 'x'`.execute(pg.handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`.execute(pg.handle.db)).rejects.toThrow(/append-only/);
  });

  it('rolls a failed transaction back completely', async () => {
    const org = (await pg.ctx.repos.organizations.findPrimary())!;
    const before = await pg.ctx.repos.people.count(org.id);
    await expect(
      pg.ctx.transaction(async (repos) => {
        await repos.people.insert(org.id, { email: 'temp@x.example', name: 'T', departmentId: null, jobFamily: 'x', employmentStartDate: null });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await pg.ctx.repos.people.count(org.id)).toBe(before);
  });
});
