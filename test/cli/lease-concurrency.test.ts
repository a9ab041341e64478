import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/app/audit/verify-audit-chain.ts';
import { createApiToken } from '../../src/app/auth/auth.ts';
import type { Actor } from '../../src/app/context.ts';
import { requestLease } from '../../src/app/leases/request-lease.ts';
import { setQuota } from '../../src/app/quotas/quotas.ts';
import { ensureDefaultCatalog } from '../../src/app/seats/ensure-catalog.ts';
import { admit, type Hold } from '../../src/domain/quota.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { freePort, startServe } from './run-cli.ts';

let db: TestDatabase;
afterAll(async () => db?.drop());

/** Everyone in one department whose quota is the whole pool, so no request can reclaim another's seat. */
async function seedOrg(people: number, premiumSeats: number) {
  await ensureDefaultCatalog(db.ctx);
  const org = await db.ctx.repos.organizations.create({ name: 'Race Co', slug: 'race' });
  const operator: Actor = { kind: 'cli', orgId: org.id };
  const software = await db.ctx.repos.departments.create(org.id, 'Software');
  await db.ctx.repos.seats.insertInventory(org.id, { vendor: 'anthropic', plan: 'team', tier: 'premium', cadence: 'annual', seatsPurchased: premiumSeats, commitmentEndsOn: null });
  await setQuota(db.ctx, operator, software.id, { nominalPremium: premiumSeats, borrowingLimit: null, lendingLimit: null, monthlyBudget: null });
  const ids = await db.ctx.repos.people.insertMany(
    org.id,
    Array.from({ length: people }, (_, i) => ({ email: `p${i}@race.example`, name: `Person ${i}`, departmentId: software.id, jobFamily: 'software_engineer', employmentStartDate: null })),
  );
  const tokens: string[] = [];
  for (const id of ids) {
    await db.ctx.repos.people.grantRole(org.id, id, 'member', null);
    tokens.push((await createApiToken(db.ctx, operator, { name: 'race', personId: id })).token);
  }
  return { orgId: org.id, operator, ids, tokens };
}

describe('200 concurrent lease requests for 10 free seats through two server processes', () => {
  let org: Awaited<ReturnType<typeof seedOrg>>;
  beforeAll(async () => {
    db = await createTestDatabase();
    org = await seedOrg(200, 10);
  }, 120_000);

  it('grants exactly 10, waitlists the rest with a reason, and never oversubscribes the pool', async () => {
    const env = { DATABASE_URL: db.url, SEATWISE_DEMO_SEED: 'never' };
    const [a, b] = await Promise.all([startServe(env, await freePort()), startServe(env, await freePort())]);
    try {
      const start = new Date(Date.now() + 86_400_000);
      const body = (i: number) => JSON.stringify({ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 14 * 86_400_000).toISOString(), reason: `Sprint work ${i}` });
      const responses = await Promise.all(
        org.tokens.map(async (token, i) => {
          const res = await fetch(`${(i % 2 ? a : b).baseUrl}/api/leases`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body(i) });
          return { status: res.status, json: (await res.json()) as { lease: { status: string }; decision: { rule: string; message: string } } };
        }),
      );
      expect(responses.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
      const granted = responses.filter((r) => r.json.lease.status === 'scheduled');
      const waitlisted = responses.filter((r) => r.json.lease.status === 'waitlisted');
      expect(granted).toHaveLength(10);
      expect(waitlisted).toHaveLength(190);
      for (const r of waitlisted) {
        expect(r.json.decision.rule).toMatch(/^capacity\./);
        expect(r.json.decision.message.length).toBeGreaterThan(10);
      }

      // The database agrees, and at no instant do holding leases exceed the seats bought.
      const holding = await db.ctx.repos.leases.listAll(org.orgId, { statuses: ['scheduled', 'active'] });
      expect(holding).toHaveLength(10);
      const holds: Hold[] = holding.map((l) => ({ id: l.id, departmentId: l.departmentId, from: l.startsAt.getTime(), to: l.endsAt.getTime(), isReclaimable: true, priority: 0 }));
      for (const t of holds.map((h) => h.from)) {
        expect(holds.filter((h) => h.from <= t && (h.to === null || t < h.to)).length).toBeLessThanOrEqual(10);
      }
      const anyDepartment = holding[0]!.departmentId;
      expect(admit({ capacity: 10, quotas: [] }, holds, { departmentId: anyDepartment, from: start.getTime(), to: start.getTime() + 86_400_000 }).ok).toBe(false);

      // The audit hash chain stayed one unbroken line through 400 concurrent appends from two processes.
      const chain = await verifyAuditChain(db.ctx, org.orgId);
      expect(chain).toMatchObject({ ok: true, entries: await db.ctx.repos.audit.countByOrg(org.orgId) });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 180_000);

  it('replays a POST with the same Idempotency-Key instead of creating a second request', async () => {
    const env = { DATABASE_URL: db.url, SEATWISE_DEMO_SEED: 'never', SEATWISE_JOBS: '0' };
    const server = await startServe(env, await freePort());
    try {
      const start = new Date(Date.now() + 40 * 86_400_000);
      const send = () =>
        fetch(`${server.baseUrl}/api/leases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${org.tokens[199]}`, 'content-type': 'application/json', 'idempotency-key': 'req-7f3a9c2e-retry' },
          body: JSON.stringify({ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 7 * 86_400_000).toISOString(), reason: 'Retry me' }),
        });
      const first = await send();
      const second = await send();
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      const [one, two] = [await first.json(), await second.json()];
      expect(two).toEqual(one);
      const rows = await sql<{ n: number }>`select count(*)::int as n from leases where reason = 'Retry me'`.execute(db.handle.db);
      expect(rows.rows[0]!.n).toBe(1);
    } finally {
      await server.stop();
    }
  }, 60_000);
});

describe('stopping the service across a lease’s end', () => {
  it('ends the lease exactly once when the service starts again', async () => {
    const ownDb = await createTestDatabase();
    const saved = db;
    db = ownDb;
    try {
      const org = await seedOrg(2, 1);
      const endsAt = new Date(Date.now() + 6_000);
      const { lease } = await requestLease(db.ctx, org.operator, { personId: org.ids[0]!, startsAt: new Date(), endsAt, reason: 'A very short lease' });
      expect(lease.status).toBe('active');
      const env = { DATABASE_URL: db.url, SEATWISE_DEMO_SEED: 'never' };
      const port = await freePort();
      const first = await startServe(env, port);
      await first.stop();
      while (Date.now() < endsAt.getTime() + 500) await new Promise((r) => setTimeout(r, 200));
      expect((await db.ctx.repos.leases.find(org.orgId, lease.id))!.status).toBe('active');

      const second = await startServe(env, port);
      await second.stop();
      const third = await startServe(env, port);
      await third.stop();

      const ended = (await db.ctx.repos.leases.find(org.orgId, lease.id))!;
      expect(ended).toMatchObject({ status: 'ended', endReason: 'expired' });
      const events = await sql<{ n: number }>`select count(*)::int as n from audit_events where entity_id = ${lease.id} and action = 'lease.expired'`.execute(db.handle.db);
      expect(events.rows[0]!.n).toBe(1);
      const person = await db.ctx.repos.people.findById(org.orgId, org.ids[0]!, new Date());
      expect(person?.currentTier).not.toBe('premium');
    } finally {
      db = saved;
      await ownDb.drop();
    }
  }, 180_000);
});
