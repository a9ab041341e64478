import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyAuditChain } from '../../src/app/audit/verify-audit-chain.ts';
import { createAppContext } from '../../src/app/context.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg } from '../factories.ts';
import { ROOT } from '../cli/run-cli.ts';

/** The grant SQL exactly as docs/audit-log.md prescribes it (the block that starts with `-- seatwise-app-role`). */
function documentedGrants(role: string, password: string): string {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/audit-log.md'), 'utf8');
  const block = /```sql\n-- seatwise-app-role\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error('docs/audit-log.md has no seatwise-app-role SQL block');
  return block.replaceAll('seatwise_app', role).replace("'change-me'", `'${password}'`);
}

let db: TestDatabase;
let app: DatabaseHandle;
let orgId: string;
const role = `seatwise_app_${randomBytes(4).toString('hex')}`;
const password = randomBytes(12).toString('hex');

beforeAll(async () => {
  db = await createTestDatabase();
  orgId = (await buildOrg(db.ctx)).orgId;
  const owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  await owner.query(documentedGrants(role, password));
  await owner.end();
  const url = new URL(db.url);
  url.username = role;
  url.password = password;
  app = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  await admin.query(`drop role if exists "${role}"`);
  await admin.end();
});

describe('the documented application role', () => {
  it('connects as itself, not as the owner', async () => {
    const { rows } = await sql<{ user: string }>`select current_user as user`.execute(app.db);
    expect(rows[0]!.user).toBe(role);
  });

  it('appends audit events (INSERT), and the chain links them with the owner’s rights', async () => {
    const ctx = createAppContext(app.db);
    await ctx.transaction((repos) => repos.audit.append({ orgId, actor: { kind: 'system' }, action: 'test.as_app_role', entityType: 'thing', entityId: '1', after: { ok: true } }));
    const page = await ctx.repos.audit.list(orgId, { action: 'test.as_app_role' }, { limit: 10, offset: 0 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]!.seq).toBeGreaterThan(0);
    expect(await verifyAuditChain(ctx, orgId)).toMatchObject({ ok: true });
  });

  it('cannot UPDATE, DELETE or TRUNCATE audit rows, nor write the chain itself', async () => {
    await expect(sql`update audit_events set reason = 'rewritten'`.execute(app.db)).rejects.toThrow(/permission denied for table audit_events/);
    await expect(sql`delete from audit_events`.execute(app.db)).rejects.toThrow(/permission denied for table audit_events/);
    await expect(sql`truncate audit_events`.execute(app.db)).rejects.toThrow(/permission denied for table audit_events/);
    await expect(sql`delete from audit_chain`.execute(app.db)).rejects.toThrow(/permission denied for table audit_chain/);
    await expect(sql`insert into audit_chain (org_id, seq, event_id, prev_hash, hash) values (${orgId}, 999, 999, 'x', 'y')`.execute(app.db)).rejects.toThrow(/permission denied for table audit_chain/);
  });

  it('still writes ordinary tables, and the startup migration check passes without changing the schema', async () => {
    await sql`update departments set name = name where org_id = ${orgId}`.execute(app.db);
    expect((await migrateToLatest(app.db)).applied).toEqual([]);
  });
});
