import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, untilBlockedOnLock, type TestDatabase } from '../../../test/db.ts';
import { buildOrg, type TestOrg } from '../../../test/factories.ts';
import { addCatalogPrice } from './catalog.ts';

// The price catalog is the installation's: two admins adding a price for one line at the same moment
// must still leave exactly one price in force on every day.
let db: TestDatabase;
let org: TestOrg;
beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
});
afterAll(async () => db?.drop());

const line = { vendor: 'anthropic', plan: 'team', tier: 'premium', cadence: 'monthly' } as const;
const price = (effectiveFrom: string, pricePerSeatMonth: string) => ({ ...line, pricePerSeatMonth, usageMultiplier: '6.25', effectiveFrom, effectiveTo: null, source: 'test' });

describe('addCatalogPrice', () => {
  it('waits for another price being added, so one price stays open-ended', async () => {
    let second: Promise<unknown> | undefined;
    await db.ctx.transaction(async (repos) => {
      await repos.organizations.lockInstallation();
      // The first admin's change, as addCatalogPrice makes it, still uncommitted.
      await repos.seats.closeCatalogLine(price('2026-12-01', '130.00'), '2026-12-01');
      await repos.seats.insertCatalogEntries([price('2026-12-01', '130.00')]);
      second = addCatalogPrice(db.ctx, org.operator, price('2027-01-01', '140.00'));
      await untilBlockedOnLock(db);
    });
    await second;
    const entries = (await db.ctx.repos.seats.listCatalog({ vendor: 'anthropic' })).filter((e) => e.plan === line.plan && e.tier === line.tier && e.cadence === line.cadence);
    expect(entries.map((e) => [e.effectiveFrom, e.effectiveTo, e.pricePerSeatMonth])).toEqual(
      expect.arrayContaining([
        ['2025-01-01', '2026-12-01', '125.00'],
        ['2026-12-01', '2027-01-01', '130.00'],
        ['2027-01-01', null, '140.00'],
      ]),
    );
    expect(entries.filter((e) => e.effectiveTo === null)).toHaveLength(1);
  });
});
