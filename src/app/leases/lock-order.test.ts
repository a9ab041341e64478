import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, untilBlockedOnLock, type TestDatabase } from '../../../test/db.ts';
import { buildOrg, type TestOrg } from '../../../test/factories.ts';
import type { Actor } from '../context.ts';
import { setQuota } from '../quotas/quotas.ts';
import { assignTier } from '../seats/assignments.ts';
import { returnLease } from './end-lease.ts';
import { requestLeaseExtension } from './extend-lease.ts';
import { lockPool } from './pool-state.ts';
import { requestLease } from './request-lease.ts';

// Admission holds the premium pool's lock while it locks reclaim victims (leases) and requesters
// (people). A transaction that locked a lease or a person first and then waited for the pool would
// deadlock with it. Each case below holds the pool in a transaction of its own, as admission does,
// starts the operation, waits until it is blocked, and checks it is blocked on the pool: the lease
// or person it is about to touch can still be locked (NOWAIT) by the pool's holder.
let db: TestDatabase;
let org: TestOrg;
const member = (personId: string): Actor => ({ kind: 'person', orgId: org.orgId, personId, grants: [{ role: 'member', departmentId: null }] });

beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx, { premiumSeats: 4 });
  await setQuota(db.ctx, org.operator, org.departments.Software!, { nominalPremium: 4, borrowingLimit: null, lendingLimit: null, monthlyBudget: null });
});
afterAll(async () => db?.drop());

/**
 * Holds the pool, runs `operation` until it blocks, then tries `lockNoWait` from another connection
 * (what admission would lock next). Returns whether that lock was free, and the operation's outcome
 * once the pool is released.
 */
async function whilePoolHeld(operation: () => Promise<unknown>, lockNoWait: () => Promise<unknown>) {
  let outcome: Promise<PromiseSettledResult<unknown>> | undefined;
  let wasFree = false;
  await db.ctx.transaction(async (repos) => {
    await lockPool(repos, org.orgId);
    outcome = operation().then(
      (value) => ({ status: 'fulfilled' as const, value }),
      (reason: unknown) => ({ status: 'rejected' as const, reason }),
    );
    await untilBlockedOnLock(db);
    wasFree = await lockNoWait().then(
      () => true,
      (error: { code?: string }) => {
        if (error.code === '55P03') return false;
        throw error;
      },
    );
  });
  return { wasFree, outcome: await outcome! };
}

describe('lock order: the pool before leases and people', () => {
  it('an extension waits for the pool before it locks its lease', async () => {
    const now = Date.now();
    const { lease } = await requestLease(db.ctx, member(org.people.member.id), { startsAt: new Date(now - 60_000), endsAt: new Date(now + 7 * 86_400_000), reason: 'Sprint' });
    expect(lease.status).toBe('active');
    const { wasFree, outcome } = await whilePoolHeld(
      () => requestLeaseExtension(db.ctx, member(org.people.member.id), { leaseId: lease.id, newEndsAt: new Date(now + 9 * 86_400_000), reason: 'Two more days' }),
      () => sql`select id from leases where id = ${lease.id} for update nowait`.execute(db.handle.db),
    );
    expect(wasFree).toBe(true);
    expect(outcome.status).toBe('fulfilled');
  });

  it('a return waits for the pool, so an admission deciding meanwhile never edits a lease that has ended', async () => {
    const now = Date.now();
    const { lease } = await requestLease(db.ctx, member(org.people.dept_lead.id), { startsAt: new Date(now - 60_000), endsAt: new Date(now + 7 * 86_400_000), reason: 'Sprint' });
    const { wasFree, outcome } = await whilePoolHeld(
      () => returnLease(db.ctx, member(org.people.dept_lead.id), lease.id, null),
      () => sql`select id from leases where id = ${lease.id} for update nowait`.execute(db.handle.db),
    );
    expect(wasFree).toBe(true);
    expect(outcome).toMatchObject({ status: 'fulfilled', value: { status: 'ended', endReason: 'returned' } });
  });

  it('a premium tier change waits for the pool before it locks the person', async () => {
    const { wasFree, outcome } = await whilePoolHeld(
      () => assignTier(db.ctx, org.operator, { personId: org.people.auditor.id, vendor: 'anthropic', plan: 'team', tier: 'premium', reason: 'Permanent seat' }),
      () => sql`select id from people where id = ${org.people.auditor.id} for share nowait`.execute(db.handle.db),
    );
    expect(wasFree).toBe(true);
    expect(outcome).toMatchObject({ status: 'fulfilled', value: { tier: 'premium' } });
  });
});
