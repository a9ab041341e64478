import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDatabase, createTestDatabase } from '../../../test/db.ts';
import { verifyAuditChain } from '../audit/verify-audit-chain.ts';
import type { Actor, AppContext } from '../context.ts';
import { setQuota } from '../quotas/quotas.ts';
import { ensureDefaultCatalog } from '../seats/ensure-catalog.ts';
import { getNeedScore } from '../usage/need.ts';
import { leasePriority } from './apply-decision.ts';
import { requestLease } from './request-lease.ts';

const now = new Date('2026-11-23T09:00:00Z');
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

const drivers = [
  ['PostgreSQL', () => createTestDatabase({ now: () => now })],
  ['PGlite', () => createPgliteDatabase({ now: () => now })],
] as const;

describe.each(drivers)('batched lease admission on %s', (_, open) => {
  let db: { ctx: AppContext; drop: () => Promise<void> };
  beforeAll(async () => {
    db = await open();
    await ensureDefaultCatalog(db.ctx);
  }, 60_000);
  afterAll(async () => db?.drop());

  /** One department of `people` members whose quota is the whole pool of `seats`. */
  async function setup(people: number, seats: number) {
    const org = await db.ctx.repos.organizations.create({ name: 'B', slug: `b-${Math.random().toString(36).slice(2)}` });
    const operator: Actor = { kind: 'cli', orgId: org.id };
    const department = (await db.ctx.repos.departments.create(org.id, 'Software')).id;
    const ids = await db.ctx.repos.people.insertMany(org.id, Array.from({ length: people }, (_, i) => ({ email: `p${i}@b.example`, name: `Person ${i}`, departmentId: department, jobFamily: 'software_engineer', employmentStartDate: '2020-01-01' })));
    for (const id of ids) await db.ctx.repos.people.grantRole(org.id, id, 'member', null);
    await db.ctx.repos.seats.insertInventory(org.id, { vendor: 'anthropic', plan: 'team', tier: 'premium', cadence: 'annual', seatsPurchased: seats, commitmentEndsOn: null });
    await setQuota(db.ctx, operator, department, { nominalPremium: seats, borrowingLimit: null, lendingLimit: null, monthlyBudget: null });
    const member = (i: number): Actor => ({ kind: 'person', orgId: org.id, personId: ids[i]!, grants: [{ role: 'member', departmentId: null }] });
    return { orgId: org.id, operator, ids, member };
  }

  /** The context with its transactions counted, the first `failures` of them failing before they start. */
  function counting(failures = 0) {
    const counter = { transactions: 0 };
    const ctx: AppContext = { ...db.ctx, transaction: (work) => (counter.transactions++ < failures ? Promise.reject(new Error('connection lost')) : db.ctx.transaction(work)) };
    return { ctx, counter };
  }

  it('decides a burst of requests in one transaction: exactly the free seats are granted, in arrival order', async () => {
    const org = await setup(12, 3);
    const { ctx, counter } = counting();
    const results = await Promise.all(org.ids.map((_, i) => requestLease(ctx, org.member(i), { startsAt: day('2026-11-30'), endsAt: day('2026-12-07'), reason: `Sprint ${i}` })));
    expect(counter.transactions).toBe(1);
    expect(results.map((r) => r.lease.status)).toEqual([...Array(3).fill('scheduled'), ...Array(9).fill('waitlisted')]);
    expect(results.slice(3).every((r) => r.decision.rule === 'capacity.pool_full')).toBe(true);
    // Each lease records the inputs its decision saw: the later ones saw the earlier grants.
    expect(results[3]!.lease.decisionInputs).toMatchObject({ admission: { ok: false, reason: 'POOL_FULL' } });
    expect((await db.ctx.repos.leases.listAll(org.orgId, { statuses: ['scheduled'] })).map((l) => l.personId).sort()).toEqual(org.ids.slice(0, 3).sort());
    for (const [i, r] of results.entries()) {
      const events = await db.ctx.repos.audit.findByEntity(org.orgId, 'lease', r.lease.id);
      expect(events.map((e) => e.action)).toEqual(['lease.requested', i < 3 ? 'lease.approved' : 'lease.waitlisted']);
      const notes = await db.ctx.repos.allocation.listNotifications(org.orgId, org.ids[i]!, 5);
      expect(notes.map((n) => n.kind)).toEqual([i < 3 ? 'lease.approved' : 'lease.waitlisted']);
    }
    expect(await verifyAuditChain(db.ctx, org.orgId)).toMatchObject({ ok: true, entries: await db.ctx.repos.audit.countByOrg(org.orgId) });
  });

  it('fails only the refused requests of a batch, with the errors they get alone', async () => {
    const org = await setup(4, 10);
    const { ctx, counter } = counting();
    const settled = await Promise.allSettled([
      requestLease(ctx, org.member(0), { startsAt: day('2026-11-30'), endsAt: day('2026-12-07'), reason: 'First' }),
      requestLease(ctx, org.member(0), { startsAt: day('2026-12-03'), endsAt: day('2026-12-10'), reason: 'Overlaps the first' }),
      requestLease(ctx, org.member(1), { personId: org.ids[2]!, startsAt: day('2026-11-30'), endsAt: day('2026-12-07'), reason: 'For a colleague' }),
      requestLease(ctx, org.operator, { personId: '00000000-0000-4000-8000-000000000000', startsAt: day('2026-11-30'), endsAt: day('2026-12-07'), reason: 'Nobody' }),
      requestLease(ctx, org.operator, { personId: 'not-a-uuid', startsAt: day('2026-11-30'), endsAt: day('2026-12-07'), reason: 'Malformed' }),
      requestLease(ctx, org.member(0), { startsAt: day('2026-12-10'), endsAt: day('2026-12-14'), reason: 'Right after' }),
      requestLease(ctx, org.member(3), { startsAt: day('2026-11-30'), endsAt: day('2026-12-07'), reason: 'Someone else' }),
    ]);
    expect(counter.transactions).toBe(1);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value.lease.status : (s.reason as { code: string }).code))).toEqual(['scheduled', 'CONFLICT', 'FORBIDDEN', 'NOT_FOUND', 'NOT_FOUND', 'scheduled', 'scheduled']);
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe('Person 0 already has a lease or request overlapping these dates');
    expect(await db.ctx.repos.leases.listAll(org.orgId, {})).toHaveLength(3);
    expect(await verifyAuditChain(db.ctx, org.orgId)).toMatchObject({ ok: true });
  });

  it('decides each request alone when the batch transaction fails as a whole, and never applies it twice', async () => {
    const org = await setup(5, 2);
    const { ctx, counter } = counting(1);
    const settled = await Promise.allSettled(org.ids.map((_, i) => requestLease(ctx, org.member(i), { startsAt: day('2026-11-30'), endsAt: day('2026-12-07'), reason: `Retry ${i}` })));
    expect(settled.map((s) => s.status)).toEqual(Array(5).fill('fulfilled'));
    expect(counter.transactions).toBe(1 + 5);
    expect(settled.map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<typeof requestLease>>>).value.lease.status)).toEqual(['scheduled', 'scheduled', 'waitlisted', 'waitlisted', 'waitlisted']);
    expect(await db.ctx.repos.leases.listAll(org.orgId, {})).toHaveLength(5);
    expect(await db.ctx.repos.audit.countByOrg(org.orgId)).toBe(1 + 2 * 5); // the quota change, then two events per lease
  });

  it('stores a waitlisted request’s priority with its need score, counting the request itself as booked work', async () => {
    const org = await setup(2, 1);
    const [, waiting] = await Promise.all([
      requestLease(db.ctx, org.member(0), { startsAt: day('2026-11-30'), endsAt: day('2026-12-14'), reason: 'Gets the seat' }),
      requestLease(db.ctx, org.member(1), { startsAt: day('2026-11-30'), endsAt: day('2026-12-14'), reason: 'Sprint', project: 'OTA-2' }),
    ]);
    expect(waiting.lease.status).toBe('waitlisted');
    const need = await getNeedScore(db.ctx.repos, org.orgId, org.ids[1]!, '2026-11-23');
    // The request is work booked within two weeks: it counts in the person's need.
    expect(need.score).toBeGreaterThan(0);
    expect(waiting.lease.priority).toBe(leasePriority(waiting.lease, need.score, now));
    expect(waiting.lease.priority).toBeGreaterThan(leasePriority(waiting.lease, null, now));
  });

  it('decides on who the person is under the pool lock: someone who left or moved department since the first check', async () => {
    const org = await setup(3, 4);
    const hardware = (await db.ctx.repos.departments.create(org.orgId, 'Hardware')).id;
    // Between the checks made before the batch and the batch's transaction, person 0 leaves and person 1 moves.
    const ctx: AppContext = {
      ...db.ctx,
      transaction: async (work) => {
        await db.ctx.repos.people.update(org.orgId, org.ids[0]!, { status: 'left' });
        await db.ctx.repos.people.update(org.orgId, org.ids[1]!, { departmentId: hardware });
        return db.ctx.transaction(work);
      },
    };
    const settled = await Promise.allSettled([0, 1, 2].map((i) => requestLease(ctx, org.member(i), { startsAt: day('2026-11-30'), endsAt: day('2026-12-07'), reason: `Moved ${i}` })));
    const left = settled[0]!;
    expect(left.status === 'rejected' && (left.reason as { code: string }).code).toBe('NOT_FOUND');
    const moved = (settled[1] as PromiseFulfilledResult<Awaited<ReturnType<typeof requestLease>>>).value.lease;
    expect(moved.departmentId).toBe(hardware);
    expect((settled[2] as PromiseFulfilledResult<Awaited<ReturnType<typeof requestLease>>>).value.lease.status).toBe('scheduled');
    expect((await db.ctx.repos.leases.listAll(org.orgId, {})).map((l) => l.personId).sort()).toEqual([org.ids[1]!, org.ids[2]!].sort());
  });

  it('rejects every request of a batch when deciding it alone fails too', async () => {
    const org = await setup(2, 2);
    const { ctx } = counting(3);
    const settled = await Promise.allSettled(org.ids.map((_, i) => requestLease(ctx, org.member(i), { startsAt: day('2026-11-30'), endsAt: day('2026-12-07'), reason: `Doomed ${i}` })));
    expect(settled.map((s) => s.status === 'rejected' && (s.reason as Error).message)).toEqual(['connection lost', 'connection lost']);
    expect(await db.ctx.repos.leases.listAll(org.orgId, {})).toHaveLength(0);
  });
});
