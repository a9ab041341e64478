import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDatabase, createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { buildOrg, type TestOrg } from '../../test/factories.ts';
import { authenticateToken, resolvePersonActor } from '../app/auth/auth.ts';
import { createAppContext, type AppContext } from '../app/context.ts';
import { openDatabase, type DatabaseHandle } from './client.ts';

let db: TestDatabase;
let org: TestOrg;
let single: DatabaseHandle;
let ctx: AppContext;
beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
  // One connection, so the statements it has prepared can be listed from it.
  single = await openDatabase({ kind: 'postgres', url: db.url, poolSize: 1 });
  ctx = createAppContext(single.db);
});
afterAll(async () => {
  await single?.close();
  await db?.drop();
});

const preparedOnConnection = async () => (await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(single.db)).rows.map((r) => r.name);

describe('prepared authentication statements on PostgreSQL', () => {
  it('prepares the token and session lookups once per connection and still sees every change at once', async () => {
    const member = org.people.member;
    expect(await preparedOnConnection()).toEqual([]);
    for (let i = 0; i < 8; i++) expect(await authenticateToken(ctx, member.token)).toMatchObject({ kind: 'person', personId: member.id, orgId: org.orgId });
    expect(await resolvePersonActor(ctx, member.id)).toMatchObject({ personId: member.id, grants: [{ role: 'member', departmentId: null }] });
    expect(await preparedOnConnection()).toEqual(['seatwise_identity_by_person', 'seatwise_identity_by_token']);

    // A plan kept by the connection does not keep results: a new role, then a revoked token, are seen by the next request.
    await db.ctx.repos.people.grantRole(org.orgId, member.id, 'auditor', null);
    expect(await authenticateToken(ctx, member.token)).toMatchObject({ grants: [{ role: 'auditor', departmentId: null }, { role: 'member', departmentId: null }] });
    await sql`update api_tokens set revoked_at = now() where person_id = ${member.id}`.execute(db.handle.db);
    expect(await authenticateToken(ctx, member.token)).toBeUndefined();
    expect(await authenticateToken(ctx, org.people.admin.token)).toMatchObject({ personId: org.people.admin.id });
    expect(await preparedOnConnection()).toEqual(['seatwise_identity_by_person', 'seatwise_identity_by_token']);
  });
});

describe('the same lookups on PGlite', () => {
  it('authenticates tokens and sessions as ordinary queries', async () => {
    const embedded = await createPgliteDatabase();
    try {
      const small = await buildOrg(embedded.ctx);
      expect(await authenticateToken(embedded.ctx, small.people.owner.token)).toMatchObject({ personId: small.people.owner.id, grants: [{ role: 'owner', departmentId: null }] });
      expect(await resolvePersonActor(embedded.ctx, small.people.member.id)).toMatchObject({ personId: small.people.member.id });
      expect(await authenticateToken(embedded.ctx, 'swt_unknown')).toBeUndefined();
    } finally {
      await embedded.drop();
    }
  });
});
