import { sql, type Kysely } from 'kysely';
import { auditContentHash, auditLinkHash, GENESIS_HASH, LINK_PREFIX } from '../../domain/audit-chain.ts';

/**
 * Tamper-evident audit log (docs/audit-log.md): a policy `rule` column, a content hash on every event and
 * the per-organization hash chain `audit_chain`, linked by a deferred trigger when the writing
 * transaction commits (after all its other locks, so linking cannot deadlock with the change itself).
 * Events written before this migration are chained here, in id order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_events add column rule text, add column content_hash text`.execute(db);
  await db.schema.createIndex('audit_events_org_time_idx').on('audit_events').columns(['org_id', 'occurred_at']).execute();

  await db.schema
    .createTable('audit_chain')
    // The foreign key also makes `truncate organizations … cascade` (demo reset) clear the chain.
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('event_id', 'bigint', (c) => c.notNull().unique())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_chain_pkey', ['org_id', 'seq'])
    .execute();
  await sql`create trigger audit_chain_no_update before update or delete on audit_chain
    for each row execute function audit_events_append_only()`.execute(db);

  await backfill(db);
  await sql`alter table audit_events alter column content_hash set not null`.execute(db);

  // Runs as the owner (security definer), so the application role needs only INSERT and SELECT on
  // audit_events and SELECT on audit_chain. An advisory lock per organization serializes linking; the
  // tail is read after the lock is taken, so it sees the last committed link.
  await sql`create function audit_chain_link() returns trigger language plpgsql security definer
    set search_path = pg_catalog, public as $$
    declare
      tail_seq bigint;
      tail_hash text;
    begin
      perform pg_advisory_xact_lock(20261127, hashtext(new.org_id::text));
      select seq, hash into tail_seq, tail_hash from audit_chain where org_id = new.org_id order by seq desc limit 1;
      if tail_seq is null then
        tail_seq := 0;
        tail_hash := ${sql.lit(GENESIS_HASH)};
      end if;
      insert into audit_chain (org_id, seq, event_id, prev_hash, hash)
      values (new.org_id, tail_seq + 1, new.id, tail_hash,
        encode(sha256(convert_to(${sql.lit(LINK_PREFIX)} || '|' || new.org_id::text || '|' || (tail_seq + 1)::text || '|' || new.id::text || '|' || tail_hash || '|' || new.content_hash, 'UTF8')), 'hex'));
      return null;
    end $$`.execute(db);
  await sql`create constraint trigger audit_events_chain after insert on audit_events
    deferrable initially deferred for each row execute function audit_chain_link()`.execute(db);
}

/** Hashes and links the events already present, organization by organization, in id order. */
async function backfill(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_events disable trigger audit_events_no_update`.execute(db);
  const heads = new Map<string, { seq: number; hash: string }>();
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .select(['id', 'orgId', 'occurredAt', 'actorKind', 'actorPersonId', 'action', 'entityType', 'entityId', 'before', 'after', 'reason', 'rule'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(2000)
      .execute();
    if (rows.length === 0) break;
    const links = [];
    for (const r of rows) {
      const id = Number(r.id);
      // Rows come back camelCased (the CamelCasePlugin the migrator's connection carries).
      const contentHash = auditContentHash({ orgId: r.orgId, occurredAt: r.occurredAt, actorKind: r.actorKind, actorPersonId: r.actorPersonId, action: r.action, entityType: r.entityType, entityId: r.entityId, before: r.before, after: r.after, reason: r.reason, rule: r.rule });
      await db.updateTable('audit_events').set({ contentHash }).where('id', '=', id).execute();
      const head = heads.get(r.orgId) ?? { seq: 0, hash: GENESIS_HASH };
      const seq = head.seq + 1;
      const hash = auditLinkHash({ orgId: r.orgId, seq, eventId: id, prevHash: head.hash, contentHash });
      links.push({ orgId: r.orgId, seq, eventId: id, prevHash: head.hash, hash });
      heads.set(r.orgId, { seq, hash });
      after = id;
    }
    await db.insertInto('audit_chain').values(links).execute();
  }
  await sql`alter table audit_events enable trigger audit_events_no_update`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists audit_events_chain on audit_events`.execute(db);
  await sql`drop function if exists audit_chain_link()`.execute(db);
  await db.schema.dropTable('audit_chain').ifExists().execute();
  await db.schema.dropIndex('audit_events_org_time_idx').ifExists().execute();
  await sql`alter table audit_events drop column if exists rule, drop column if exists content_hash`.execute(db);
}
