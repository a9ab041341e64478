import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, untilBlockedOnLock, type TestDatabase } from '../../../test/db.ts';
import { buildOrg, type TestOrg } from '../../../test/factories.ts';
import { apportionQuotas, setQuota } from './quotas.ts';

// Quota writers rewrite whole rows from what they read. Each holds the organization's quota lock, so
// a department's new limits set while an apportionment is being applied are not silently undone.
let db: TestDatabase;
let org: TestOrg;
beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx, { premiumSeats: 6 });
});
afterAll(async () => db?.drop());

const quotaOf = async (departmentId: string) => (await db.ctx.repos.allocation.listQuotas(org.orgId)).find((q) => q.departmentId === departmentId);

describe('quota writers', () => {
  it('a quota change waits for an apportionment in progress, and both survive', async () => {
    const software = org.departments.Software!;
    await setQuota(db.ctx, org.operator, software, { nominalPremium: 2, borrowingLimit: null, lendingLimit: null, monthlyBudget: null });
    let change: Promise<unknown> | undefined;
    // An apportionment as apportionQuotas applies it: lock, read, then write nominal quotas keeping the limits it read.
    await db.ctx.transaction(async (repos) => {
      await repos.allocation.lockQuotas(org.orgId);
      const read = (await repos.allocation.listQuotas(org.orgId)).find((q) => q.departmentId === software)!;
      change = setQuota(db.ctx, org.operator, software, { nominalPremium: 2, borrowingLimit: 3, lendingLimit: 1, monthlyBudget: '900.00', reason: 'More room to borrow' });
      await untilBlockedOnLock(db);
      await repos.allocation.upsertQuota(org.orgId, software, { nominalPremium: 4, borrowingLimit: read.borrowingLimit, lendingLimit: read.lendingLimit, monthlyBudget: read.monthlyBudget }, new Date());
    });
    await change;
    expect(await quotaOf(software)).toMatchObject({ nominalPremium: 2, borrowingLimit: 3, lendingLimit: 1, monthlyBudget: '900.00' });
  });

  it('an applied apportionment waits for a quota change in progress and keeps its limits', async () => {
    const software = org.departments.Software!;
    let apportioned: Promise<unknown> | undefined;
    await db.ctx.transaction(async (repos) => {
      await repos.allocation.lockQuotas(org.orgId);
      apportioned = apportionQuotas(db.ctx, org.operator, { method: 'hamilton', weights: { Software: 1, Hardware: 1 }, apply: true });
      await untilBlockedOnLock(db);
      await repos.allocation.upsertQuota(org.orgId, software, { nominalPremium: 1, borrowingLimit: 5, lendingLimit: 2, monthlyBudget: '1200.00' }, new Date());
    });
    await apportioned;
    expect(await quotaOf(software)).toMatchObject({ nominalPremium: 3, borrowingLimit: 5, lendingLimit: 2, monthlyBudget: '1200.00' });
  });

  it('a preview takes no lock', async () => {
    await db.ctx.transaction(async (repos) => {
      await repos.allocation.lockQuotas(org.orgId);
      const preview = await apportionQuotas(db.ctx, org.operator, { method: 'hamilton', apply: false });
      expect(preview.applied).toBe(false);
    });
  });
});
