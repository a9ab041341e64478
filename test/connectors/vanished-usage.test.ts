import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { removeVanishedUsage } from '../../src/app/connectors/vanished.ts';
import type { AppContext } from '../../src/app/context.ts';
import { recordUsage } from '../../src/app/usage/record-usage.ts';
import type { Database } from '../../src/db/client.ts';
import { ZERO_USAGE, type UsageRecord } from '../../src/domain/usage.ts';
import { createPgliteDatabase, createTestDatabase } from '../db.ts';
import { buildOrg } from '../factories.ts';

// removeVanishedUsage on both drivers: what a re-fetched report no longer carries goes, for its source
// and its days only, matched people and unmatched identities alike.
const record = (identity: string, day: string, source: string, messages = 1): UsageRecord => ({ identity, day, source, metrics: { ...ZERO_USAGE, messages } });

async function scenario(ctx: AppContext, database: Database) {
  const org = await buildOrg(ctx);
  const member = org.people.member.email;
  const owner = org.people.owner.email;
  const first = [
    record(member, '2026-11-01', 'anthropic_enterprise'),
    record(member, '2026-11-02', 'anthropic_enterprise'),
    record(owner, '2026-11-02', 'anthropic_enterprise'),
    record('ghost@elsewhere.example', '2026-11-02', 'anthropic_enterprise'),
    record('ghost@elsewhere.example', '2026-11-03', 'anthropic_enterprise'),
    // Another source on the same days, and the same source outside the range: untouched.
    record(owner, '2026-11-02', 'csv'),
    record(owner, '2026-10-31', 'anthropic_enterprise'),
  ];
  await ctx.transaction((repos) => recordUsage(repos, { orgId: org.orgId, records: first, mode: 'replace', importId: null }));
  // The re-fetched report for 11-01..11-03 carries the member's 11-01 and the ghost's 11-03 only.
  const again = [record(member, '2026-11-01', 'anthropic_enterprise', 5), record('Ghost@Elsewhere.example', '2026-11-03', 'anthropic_enterprise')];
  const removed = await ctx.transaction(async (repos) => {
    await recordUsage(repos, { orgId: org.orgId, records: again, mode: 'replace', importId: null });
    return removeVanishedUsage(repos, { orgId: org.orgId, importId: '00000000-0000-4000-8000-000000000001', connector: 'test', createdBy: null, records: again, reports: [{ source: 'anthropic_enterprise', range: { from: '2026-11-01', to: '2026-11-03' } }], people: await repos.usage.identityMap(org.orgId) });
  });
  const matched = (await sql<{ email: string; day: string; source: string; messages: number }>`
    select p.email, u.day, u.source, u.messages from usage_daily u join people p on p.id = u.person_id where u.org_id = ${org.orgId} order by u.source, u.day, p.email`.execute(database)).rows;
  const unmatched = (await sql<{ identity: string; day: string }>`
    select i.identity, d.day from usage_unmatched_daily d join unmatched_identities i on i.id = d.identity_id where d.org_id = ${org.orgId} order by d.day`.execute(database)).rows;
  return { removed, matched, unmatched, member, owner };
}

function expectOutcome(r: Awaited<ReturnType<typeof scenario>>) {
  expect(r.removed).toEqual({ anthropic_enterprise: 3 });
  expect(r.matched).toEqual([
    { email: r.owner, day: '2026-10-31', source: 'anthropic_enterprise', messages: 1 },
    { email: r.member, day: '2026-11-01', source: 'anthropic_enterprise', messages: 5 },
    { email: r.owner, day: '2026-11-02', source: 'csv', messages: 1 },
  ]);
  expect(r.unmatched).toEqual([{ identity: 'ghost@elsewhere.example', day: '2026-11-03' }]);
}

describe('removeVanishedUsage', () => {
  it('removes the rows of the source and days a re-fetched report no longer carries (PostgreSQL)', async () => {
    const db = await createTestDatabase();
    try {
      expectOutcome(await scenario(db.ctx, db.handle.db));
    } finally {
      await db.drop();
    }
  });

  it('does the same on PGlite', async () => {
    const lite = await createPgliteDatabase();
    try {
      expectOutcome(await scenario(lite.ctx, lite.handle.db));
    } finally {
      await lite.drop();
    }
  }, 90_000);
});
