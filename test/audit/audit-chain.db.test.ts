import { Migrator, sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { verifyAuditChain } from '../../src/app/audit/verify-audit-chain.ts';
import type { AppContext } from '../../src/app/context.ts';
import { createAppContext } from '../../src/app/context.ts';
import { openDatabase } from '../../src/db/client.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { MIGRATIONS } from '../../src/db/migrations/index.ts';
import { createPgliteDatabase, createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg } from '../factories.ts';
import { withDatabase } from '../global-setup.ts';
import { tamper } from './tamper.ts';

type AnyDb = Kysely<any>;

const appendSome = (ctx: AppContext, orgId: string, n: number, tag: string) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      ctx.transaction((repos) =>
        repos.audit.appendMany([
          { orgId, actor: { kind: 'system' }, action: `test.${tag}`, entityType: 'thing', entityId: `${tag}-${i}`, before: { n: i, nested: { b: 1, a: [1, 2.5, 'x'] } }, after: { n: i + 1 }, reason: `step ${i}`, rule: i % 2 ? 'quota.within_nominal' : null },
          { orgId, actor: { kind: 'cli' }, action: `test.${tag}.second`, entityType: 'thing', entityId: `${tag}-${i}`, after: { when: new Date('2026-11-27T10:00:00Z') } },
        ]),
      ),
    ),
  );

function chainSuite(name: string, open: () => Promise<{ ctx: AppContext; db: AnyDb; drop: () => Promise<void> }>) {
  describe(name, () => {
    let t: Awaited<ReturnType<typeof open>>;
    let orgId: string;
    beforeAll(async () => {
      t = await open();
      orgId = (await buildOrg(t.ctx)).orgId;
    }, 60_000);
    afterAll(async () => t?.drop());

    it('links every committed event, in order, and verifies', async () => {
      await appendSome(t.ctx, orgId, 20, 'a');
      const v = await verifyAuditChain(t.ctx, orgId);
      const total = await t.ctx.repos.audit.countByOrg(orgId);
      expect(v).toMatchObject({ ok: true, entries: total, headSeq: total });
      expect(total).toBeGreaterThanOrEqual(40);
    });

    it('does not link events of a rolled-back transaction', async () => {
      const before = await t.ctx.repos.audit.countByOrg(orgId);
      await expect(
        t.ctx.transaction(async (repos) => {
          await repos.audit.append({ orgId, actor: { kind: 'system' }, action: 'test.rolled_back', entityType: 'thing', entityId: null });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await t.ctx.repos.audit.countByOrg(orgId)).toBe(before);
      expect((await verifyAuditChain(t.ctx, orgId)).ok).toBe(true);
    });

    it('names the edited entry, then the deleted one', async () => {
      const [victim] = (await sql<{ id: number; seq: number }>`select e.id, c.seq from audit_events e join audit_chain c on c.event_id = e.id where e.org_id = ${orgId} and e.action = 'test.a' order by c.seq limit 1 offset 3`.execute(t.db)).rows;
      await tamper(t.db, sql`update audit_events set reason = 'nothing to see' where id = ${victim!.id}`);
      const edited = await verifyAuditChain(t.ctx, orgId);
      expect(edited).toMatchObject({ ok: false, firstBreak: { kind: 'content_mismatch', seq: Number(victim!.seq), eventId: Number(victim!.id) } });
      await tamper(t.db, sql`delete from audit_events where id = ${victim!.id}`);
      expect(await verifyAuditChain(t.ctx, orgId)).toMatchObject({ ok: false, firstBreak: { kind: 'missing_event', seq: Number(victim!.seq) } });
    });
  });
}

chainSuite('audit chain on PostgreSQL', async () => {
  const db = await createTestDatabase();
  return { ctx: db.ctx, db: db.handle.db as AnyDb, drop: db.drop };
});
chainSuite('audit chain on PGlite', async () => {
  const db = await createPgliteDatabase();
  return { ctx: db.ctx, db: db.handle.db as AnyDb, drop: db.drop };
});

describe('tampering on PostgreSQL', () => {
  let db: TestDatabase;
  let orgId: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    orgId = (await buildOrg(db.ctx)).orgId;
    await appendSome(db.ctx, orgId, 5, 'b');
  }, 60_000);
  afterAll(async () => db?.drop());
  const handle = () => db.handle.db as AnyDb;

  it('refuses UPDATE and DELETE through the append-only triggers, even for the owner', async () => {
    await expect(sql`update audit_events set reason = 'x'`.execute(handle())).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_chain`.execute(handle())).rejects.toThrow(/append-only/);
  });

  it('detects a deleted chain entry as a gap', async () => {
    const { seq } = (await sql<{ seq: number }>`select seq from audit_chain where org_id = ${orgId} order by seq limit 1 offset 2`.execute(handle())).rows[0]!;
    const saved = (await sql<Record<string, unknown>>`select * from audit_chain where org_id = ${orgId} and seq = ${seq}`.execute(handle())).rows[0]!;
    await tamper(handle(), sql`delete from audit_chain where org_id = ${orgId} and seq = ${seq}`);
    expect(await verifyAuditChain(db.ctx, orgId)).toMatchObject({ ok: false, firstBreak: { kind: 'gap', seq: Number(seq) + 1 } });
    await tamper(handle(), sql`insert into audit_chain (org_id, seq, event_id, prev_hash, hash) values (${orgId}, ${seq}, ${saved.eventId}, ${saved.prevHash}, ${saved.hash})`);
    expect((await verifyAuditChain(db.ctx, orgId)).ok).toBe(true);
  });

  it('detects two events swapped in the chain', async () => {
    // Result keys come back camelCased (CamelCasePlugin).
    const rows = (await sql<{ seq: number; eventId: number }>`select seq, event_id from audit_chain where org_id = ${orgId} order by seq limit 2 offset 4`.execute(handle())).rows;
    const [a, b] = rows as [{ seq: number; eventId: number }, { seq: number; eventId: number }];
    await tamper(handle(), sql`update audit_chain set event_id = -1 where org_id = ${orgId} and seq = ${a.seq}`, sql`update audit_chain set event_id = ${a.eventId} where org_id = ${orgId} and seq = ${b.seq}`, sql`update audit_chain set event_id = ${b.eventId} where org_id = ${orgId} and seq = ${a.seq}`);
    expect(await verifyAuditChain(db.ctx, orgId)).toMatchObject({ ok: false, firstBreak: { seq: Number(a.seq) } });
    await tamper(handle(), sql`update audit_chain set event_id = -1 where org_id = ${orgId} and seq = ${a.seq}`, sql`update audit_chain set event_id = ${b.eventId} where org_id = ${orgId} and seq = ${b.seq}`, sql`update audit_chain set event_id = ${a.eventId} where org_id = ${orgId} and seq = ${a.seq}`);
    expect((await verifyAuditChain(db.ctx, orgId)).ok).toBe(true);
  });

  it('detects an event inserted around the chain', async () => {
    await tamper(handle(), sql`insert into audit_events (org_id, actor_kind, action, entity_type, content_hash) values (${orgId}, 'system', 'test.forged', 'thing', 'x')`);
    const v = await verifyAuditChain(db.ctx, orgId);
    expect(v).toMatchObject({ ok: false, firstBreak: { kind: 'unchained_event' } });
  });
});

describe('concurrent appends on PostgreSQL from two connection pools', () => {
  it('keeps one unbroken chain with contiguous sequence numbers', async () => {
    const db = await createTestDatabase();
    const other = await openDatabase({ kind: 'postgres', url: db.url, poolSize: 8 });
    try {
      const orgId = (await buildOrg(db.ctx)).orgId;
      const second = createAppContext(other.db);
      await Promise.all([appendSome(db.ctx, orgId, 60, 'p'), appendSome(second, orgId, 60, 'q')]);
      const total = await db.ctx.repos.audit.countByOrg(orgId);
      const v = await verifyAuditChain(db.ctx, orgId);
      expect(v).toMatchObject({ ok: true, entries: total, headSeq: total });
      const { rows } = await sql<{ n: number; max: number }>`select count(*)::int as n, max(seq)::int as max from audit_chain where org_id = ${orgId}`.execute(db.handle.db);
      expect(rows[0]).toEqual({ n: total, max: total });
    } finally {
      await other.close();
      await db.drop();
    }
  }, 60_000);
});

describe('demo reset', () => {
  it('clears the chain with the data, and the reloaded company starts a fresh, valid chain', async () => {
    const db = await createTestDatabase();
    try {
      const orgId = (await buildOrg(db.ctx)).orgId;
      await appendSome(db.ctx, orgId, 3, 'r');
      await db.ctx.repos.organizations.truncateAllData();
      const left = await sql<{ n: number }>`select count(*)::int as n from audit_chain`.execute(db.handle.db);
      expect(left.rows[0]!.n).toBe(0);
      const again = (await buildOrg(db.ctx)).orgId;
      expect(await verifyAuditChain(db.ctx, again)).toMatchObject({ ok: true, headSeq: await db.ctx.repos.audit.countByOrg(again) });
    } finally {
      await db.drop();
    }
  }, 60_000);
});

describe('the migration', () => {
  it('chains the events written before it, in id order', async () => {
    const adminUrl = inject('pgAdminUrl');
    const name = `seatwise_t_${process.pid}_audit_backfill`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
    const handle = await openDatabase({ kind: 'postgres', url: withDatabase(adminUrl, name) });
    try {
      const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([k]) => k < '202611272020'));
      const { error } = await new Migrator({ db: handle.db, provider: { getMigrations: async () => before } }).migrateToLatest();
      expect(error).toBeUndefined();
      const orgs = await sql<{ id: string }>`insert into organizations (name, slug) values ('Old A', 'old-a'), ('Old B', 'old-b') returning id`.execute(handle.db);
      for (let i = 0; i < 30; i++) {
        const org = orgs.rows[i % 2]!.id;
        await sql`insert into audit_events (org_id, actor_kind, action, entity_type, entity_id, before, after, reason) values (${org}, 'system', 'old.event', 'thing', ${String(i)}, ${JSON.stringify({ z: i, a: { y: 1, b: [i] } })}, null, ${i % 3 ? null : 'why'})`.execute(handle.db);
      }
      await migrateToLatest(handle.db);
      const ctx = createAppContext(handle.db);
      for (const org of orgs.rows) expect(await verifyAuditChain(ctx, org.id)).toMatchObject({ ok: true, entries: 15 });
      await ctx.repos.audit.append({ orgId: orgs.rows[0]!.id, actor: { kind: 'system' }, action: 'new.event', entityType: 'thing', entityId: null });
      expect(await verifyAuditChain(ctx, orgs.rows[0]!.id)).toMatchObject({ ok: true, entries: 16 });
    } finally {
      await handle.close();
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  }, 60_000);
});
