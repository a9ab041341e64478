import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { createPgliteDatabase, createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';

// usage_daily's people references are statement-level triggers instead of foreign keys (bulk writes
// check once per statement); these are the guarantees the foreign keys gave, on both engines.
const engines: Array<{ name: string; open: () => Promise<{ db: Database; ctx: TestDatabase['ctx']; drop: () => Promise<void>; url?: string }> }> = [
  { name: 'PostgreSQL', open: async () => { const t = await createTestDatabase(); return { db: t.handle.db, ctx: t.ctx, drop: t.drop, url: t.url }; } },
  { name: 'PGlite', open: async () => { const t = await createPgliteDatabase(); return { db: t.handle.db, ctx: t.ctx, drop: t.drop }; } },
];

for (const engine of engines) {
  describe(`usage_daily keys on ${engine.name}`, () => {
    let env: Awaited<ReturnType<(typeof engines)[number]['open']>>;
    let org: TestOrg;
    let other: TestOrg;
    beforeAll(async () => {
      env = await engine.open();
      org = await buildOrg(env.ctx);
      other = await buildOrg(env.ctx);
    }, 60_000);
    afterAll(async () => env?.drop());

    const insert = (orgId: string, personId: string, day: string, source = 'csv') => sql`insert into usage_daily (org_id, person_id, day, source, messages) values (${orgId}, ${personId}, ${day}, ${source}, 1)`.execute(env.db);
    const rows = async (personId: string) => Number((await sql<{ n: number }>`select count(*)::int as n from usage_daily where person_id = ${personId}`.execute(env.db)).rows[0]!.n);

    it('refuses usage of an unknown person, or of a person under another organization', async () => {
      await expect(insert(org.orgId, '00000000-0000-4000-8000-000000000000', '2026-11-01')).rejects.toMatchObject({ code: '23503' });
      await expect(insert(other.orgId, org.people.member.id, '2026-11-01')).rejects.toMatchObject({ code: '23503' });
      // One bad row fails the whole statement.
      await expect(
        sql`insert into usage_daily (org_id, person_id, day, source) values (${org.orgId}, ${org.people.member.id}, '2026-11-02', 'csv'), (${org.orgId}, ${other.people.member.id}, '2026-11-02', 'csv')`.execute(env.db),
      ).rejects.toMatchObject({ code: '23503' });
      await expect(sql`update usage_daily set person_id = ${other.people.member.id}`.execute(env.db)).resolves.toBeDefined(); // no rows yet
      await insert(org.orgId, org.people.member.id, '2026-11-03');
      await expect(sql`update usage_daily set person_id = ${other.people.member.id} where person_id = ${org.people.member.id}`.execute(env.db)).rejects.toMatchObject({ code: '23503' });
      expect(await rows(org.people.member.id)).toBe(1);
    });

    it('keeps (person, day, source) unique', async () => {
      await insert(org.orgId, org.people.auditor.id, '2026-11-04', 'claude_code');
      await expect(insert(org.orgId, org.people.auditor.id, '2026-11-04', 'claude_code')).rejects.toMatchObject({ code: '23505' });
    });

    it('deletes a person’s usage with the person, and refuses to move a person who has usage', async () => {
      const id = await env.ctx.repos.people.insert(org.orgId, { email: 'leaver@test.example', name: 'Leaver', departmentId: null, jobFamily: 'x', employmentStartDate: null });
      await insert(org.orgId, id, '2026-11-05');
      await insert(org.orgId, id, '2026-11-06');
      await expect(sql`update people set org_id = ${other.orgId} where id = ${id}`.execute(env.db)).rejects.toMatchObject({ code: '23503' });
      await sql`update people set name = 'Renamed' where id = ${id}`.execute(env.db);
      await sql`delete from people where id = ${id}`.execute(env.db);
      expect(await rows(id)).toBe(0);
      expect(await rows(org.people.member.id)).toBe(1);
    });

    if (engine.name === 'PostgreSQL') {
      it('makes a concurrent delete of the person wait for the writer, leaving no orphan rows', async () => {
        const id = await env.ctx.repos.people.insert(org.orgId, { email: 'racer@test.example', name: 'Racer', departmentId: null, jobFamily: 'x', employmentStartDate: null });
        const writer = new pg.Client({ connectionString: env.url });
        const deleter = new pg.Client({ connectionString: env.url });
        await Promise.all([writer.connect(), deleter.connect()]);
        try {
          await writer.query('begin');
          await writer.query(`insert into usage_daily (org_id, person_id, day, source) values ($1, $2, '2026-11-07', 'csv')`, [org.orgId, id]);
          let deleted = false;
          const deleting = deleter.query('delete from people where id = $1', [id]).then(() => (deleted = true));
          await new Promise((r) => setTimeout(r, 300));
          expect(deleted).toBe(false);
          await writer.query('commit');
          await deleting;
          expect(await rows(id)).toBe(0);
        } finally {
          await Promise.all([writer.end(), deleter.end()]);
        }
      });
    }
  });
}
