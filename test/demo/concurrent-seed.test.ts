import { describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app/context.ts';
import { seedDemoCompany } from '../../src/app/demo/seed-demo-company.ts';
import { createOrganization } from '../../src/app/org.ts';
import { openDatabase } from '../../src/db/client.ts';
import { createTestDatabase } from '../db.ts';

// Servers started together on one empty PostgreSQL database each fill the price catalog and try to
// seed the demo (or an operator runs `org create` while one starts): exactly one catalog and one
// organization come out, seeded once.
describe('seeding an empty database from several processes at once', { timeout: 180_000 }, () => {
  it('seeds the demo once; the others find it and leave it alone', async () => {
    const db = await createTestDatabase();
    const other = await openDatabase({ kind: 'postgres', url: db.url });
    try {
      const results = await Promise.all([seedDemoCompany(db.ctx), seedDemoCompany(createAppContext(other.db))]);
      expect(results.map((r) => r.seeded).sort()).toEqual([false, true]);
      expect(await db.ctx.repos.organizations.count()).toBe(1);
      const [a, b] = results;
      expect(a!.orgId).toBe(b!.orgId);
      expect(a!.people).toBe(b!.people);
      expect(await db.ctx.repos.people.count(a!.orgId)).toBe(a!.people);
    } finally {
      await other.close();
      await db.drop();
    }
  });

  it('lets `org create` and the demo seed race without two organizations', async () => {
    const db = await createTestDatabase();
    const other = await openDatabase({ kind: 'postgres', url: db.url });
    try {
      const [created, seeded] = await Promise.allSettled([
        createOrganization(createAppContext(other.db), { name: 'Real Co', owner: { email: 'owner@real.example', name: 'Owner' }, departments: ['Software'] }),
        seedDemoCompany(db.ctx),
      ]);
      expect(await db.ctx.repos.organizations.count()).toBe(1);
      if (created.status === 'fulfilled') {
        // org create went first: the seed saw a real organization and left it alone.
        expect(seeded).toMatchObject({ status: 'fulfilled', value: { seeded: false, orgId: created.value.organization.id, people: 1 } });
      } else {
        expect(seeded).toMatchObject({ status: 'fulfilled', value: { seeded: true } });
        expect(created.reason).toMatchObject({ code: 'CONFLICT' });
      }
    } finally {
      await other.close();
      await db.drop();
    }
  });
});
