import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, type TestOrg } from '../../../../test/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { call, startTestServer, type TestServer } from '../../../../test/http.ts';

// The clock moves between quota changes, so each change is in force from a known instant.
let clock = new Date('2026-10-01T09:00:00Z');
let db: TestDatabase;
let server: TestServer;
let org: TestOrg;
beforeAll(async () => {
  db = await createTestDatabase({ now: () => clock });
  org = await buildOrg(db.ctx, { premiumSeats: 6 });
  server = await startTestServer(db.ctx);
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const owner = () => org.people.owner.token;
const setSoftware = (nominalPremium: number) => call(server.baseUrl, 'PUT', `/api/quotas/${org.departments.Software}`, { token: owner(), body: { nominalPremium, reason: 'test' } });

describe('GET /api/departments/:id/quota-timeline', () => {
  it('measures each day against the quota in force that day, not today’s', async () => {
    expect((await setSoftware(1)).status).toBe(200);
    clock = new Date('2026-11-01T09:00:00Z');
    expect((await setSoftware(3)).status).toBe(200);
    clock = new Date('2026-11-27T10:00:00Z');
    // Two permanent premium seats in Software since September 20: above its quota of 1 in October.
    for (const person of [org.people.member, org.people.dept_lead]) {
      await db.ctx.repos.seats.insertAssignments(org.orgId, [{ personId: person.id, vendor: 'anthropic', plan: 'team', tier: 'premium', validFrom: new Date('2026-09-20T00:00:00Z'), validTo: null, reason: 'test', createdBy: null }]);
    }

    const history = (await db.ctx.repos.allocation.listQuotaHistory(org.orgId)).filter((h) => h.departmentId === org.departments.Software);
    expect(history.map((h) => [h.nominalPremium, h.validFrom.toISOString()])).toEqual([
      [1, '2026-10-01T09:00:00.000Z'],
      [3, '2026-11-01T09:00:00.000Z'],
    ]);

    const r = await call(server.baseUrl, 'GET', `/api/departments/${org.departments.Software}/quota-timeline?from=2026-09-28&days=40`, { token: org.people.dept_lead.token });
    expect(r.status).toBe(200);
    const byDay = new Map(r.json.items.map((p: { day: string }) => [p.day, p]));
    // Before the first recorded quota, the first one is assumed.
    expect(byDay.get('2026-09-28')).toMatchObject({ used: 2, nominal: 1, borrowed: 1 });
    expect(byDay.get('2026-10-15')).toMatchObject({ used: 2, nominal: 1, borrowed: 1 });
    expect(byDay.get('2026-10-31')).toMatchObject({ used: 2, nominal: 1, borrowed: 1 });
    expect(byDay.get('2026-11-01')).toMatchObject({ used: 2, nominal: 3, borrowed: 0 });
    expect(byDay.get('2026-11-06')).toMatchObject({ used: 2, nominal: 3, borrowed: 0 });
  });
});
