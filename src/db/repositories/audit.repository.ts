import { sql } from 'kysely';
import type { Database } from '../client.ts';
import { auditContentHash, toStoredJson, type ChainEntry } from '../../domain/audit-chain.ts';

export type AuditActor = Readonly<{ kind: 'person'; personId: string } | { kind: 'system' } | { kind: 'cli' }>;

export type AuditEventInput = Readonly<{
  orgId: string;
  actor: AuditActor;
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /** The policy rule that decided the change, when there was one (e.g. a lease decision's rule). */
  rule?: string | null;
}>;

export type AuditEvent = Readonly<{
  id: number;
  occurredAt: Date;
  actorKind: string;
  actorPersonId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}>;

/** An event as the audit log shows it: with its rule, its place in the chain and the actor's name. */
export type AuditLogEntry = AuditEvent & Readonly<{ rule: string | null; seq: number | null; hash: string | null; actorName: string | null }>;

export type AuditFilter = Readonly<{
  entityType?: string;
  entityId?: string;
  actorPersonId?: string;
  actorKind?: 'person' | 'system' | 'cli';
  /** Exact action, or a prefix ending in '.' ("lease.") */
  action?: string;
  from?: Date;
  to?: Date;
}>;

// jsonb null and SQL NULL read back alike (null), so the hash is the same either way.
const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

const EVENT_COLUMNS = ['auditEvents.id', 'auditEvents.occurredAt', 'auditEvents.actorKind', 'auditEvents.actorPersonId', 'auditEvents.action', 'auditEvents.entityType', 'auditEvents.entityId', 'auditEvents.before', 'auditEvents.after', 'auditEvents.reason', 'auditEvents.rule'] as const;

export function createAuditRepository(db: Database) {
  return {
    /** Appends one event; call inside the transaction of the change it records. */
    async append(event: AuditEventInput): Promise<void> {
      await this.appendMany([event]);
    },
    /**
     * Appends events with their content hash. The time is set here (millisecond precision, so the stored
     * value is exactly the hashed one); the database links each event into the chain at commit.
     */
    async appendMany(events: readonly AuditEventInput[]): Promise<void> {
      if (events.length === 0) return;
      const occurredAt = new Date();
      await db
        .insertInto('auditEvents')
        .values(
          events.map((event) => {
            const row = {
              orgId: event.orgId,
              occurredAt,
              actorKind: event.actor.kind,
              actorPersonId: event.actor.kind === 'person' ? event.actor.personId : null,
              action: event.action,
              entityType: event.entityType,
              entityId: event.entityId,
              before: toStoredJson(event.before),
              after: toStoredJson(event.after),
              reason: event.reason ?? null,
              rule: event.rule ?? null,
            };
            return { ...row, before: json(row.before), after: json(row.after), contentHash: auditContentHash(row) };
          }),
        )
        .execute();
    },
    async findByEntity(orgId: string, entityType: string, entityId: string): Promise<AuditEvent[]> {
      return db
        .selectFrom('auditEvents')
        .select(['id', 'occurredAt', 'actorKind', 'actorPersonId', 'action', 'entityType', 'entityId', 'before', 'after', 'reason'])
        .where('orgId', '=', orgId)
        .where('entityType', '=', entityType)
        .where('entityId', '=', entityId)
        .orderBy('id')
        .execute();
    },
    /** One page of the audit log, newest first, with the total matching the filter. */
    async list(orgId: string, filter: AuditFilter, page: Readonly<{ limit: number; offset: number }>): Promise<{ items: AuditLogEntry[]; total: number }> {
      let base = db.selectFrom('auditEvents').where('auditEvents.orgId', '=', orgId);
      if (filter.entityType) base = base.where('auditEvents.entityType', '=', filter.entityType);
      if (filter.entityId) base = base.where('auditEvents.entityId', '=', filter.entityId);
      if (filter.actorPersonId) base = base.where('auditEvents.actorPersonId', '=', filter.actorPersonId);
      if (filter.actorKind) base = base.where('auditEvents.actorKind', '=', filter.actorKind);
      if (filter.action) base = filter.action.endsWith('.') ? base.where('auditEvents.action', 'like', `${filter.action.replace(/[\\%_]/g, '\\$&')}%`) : base.where('auditEvents.action', '=', filter.action);
      if (filter.from) base = base.where('auditEvents.occurredAt', '>=', filter.from);
      if (filter.to) base = base.where('auditEvents.occurredAt', '<', filter.to);
      const [items, count] = await Promise.all([
        base
          .leftJoin('auditChain', 'auditChain.eventId', 'auditEvents.id')
          .leftJoin('people', 'people.id', 'auditEvents.actorPersonId')
          .select([...EVENT_COLUMNS, 'auditChain.seq', 'auditChain.hash', 'people.name as actorName'])
          .orderBy('auditEvents.occurredAt', 'desc')
          .orderBy('auditEvents.id', 'desc')
          .limit(page.limit)
          .offset(page.offset)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },
    /** Chain entries after `afterSeq` in order, each with its event (null when the event row is gone). */
    async listChain(orgId: string, afterSeq: number, limit: number): Promise<Array<ChainEntry & { event: (ChainEntry['event'] & { id: number }) | null }>> {
      const rows = await db
        .selectFrom('auditChain')
        .leftJoin('auditEvents', (join) => join.onRef('auditEvents.id', '=', 'auditChain.eventId').onRef('auditEvents.orgId', '=', 'auditChain.orgId'))
        .select(['auditChain.seq', 'auditChain.eventId', 'auditChain.prevHash', 'auditChain.hash', 'auditEvents.contentHash', 'auditEvents.id', 'auditEvents.occurredAt', 'auditEvents.actorKind', 'auditEvents.actorPersonId', 'auditEvents.action', 'auditEvents.entityType', 'auditEvents.entityId', 'auditEvents.before', 'auditEvents.after', 'auditEvents.reason', 'auditEvents.rule'])
        .where('auditChain.orgId', '=', orgId)
        .where('auditChain.seq', '>', afterSeq)
        .orderBy('auditChain.seq')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        seq: r.seq,
        eventId: r.eventId,
        prevHash: r.prevHash,
        hash: r.hash,
        contentHash: r.contentHash,
        event: r.id === null
          ? null
          : { id: r.id, orgId, occurredAt: r.occurredAt!, actorKind: r.actorKind!, actorPersonId: r.actorPersonId, action: r.action!, entityType: r.entityType!, entityId: r.entityId, before: r.before, after: r.after, reason: r.reason, rule: r.rule },
      }));
    },
    /** Events of the organization that no chain entry points at (should never exist). */
    async findUnchainedEventIds(orgId: string, limit: number): Promise<number[]> {
      const rows = await db
        .selectFrom('auditEvents')
        .select('auditEvents.id')
        .where('auditEvents.orgId', '=', orgId)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('auditChain').select(sql`1`.as('one')).whereRef('auditChain.eventId', '=', 'auditEvents.id'))))
        .orderBy('auditEvents.id')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },
    /** The first automatic (engine) decision recorded for each lease, with the inputs it saw. */
    async listFirstEngineDecisions(orgId: string): Promise<Array<{ entityId: string; occurredAt: Date; after: unknown }>> {
      const rows = await db
        .selectFrom('auditEvents')
        .select(['entityId', 'occurredAt', 'after', 'id'])
        .where('orgId', '=', orgId)
        .where('entityType', '=', 'lease')
        .where(sql<boolean>`after -> 'inputs' ->> 'decidedBy' = 'engine'`)
        .orderBy('id')
        .execute();
      const first = new Map<string, { entityId: string; occurredAt: Date; after: unknown }>();
      for (const r of rows) if (r.entityId && !first.has(r.entityId)) first.set(r.entityId, { entityId: r.entityId, occurredAt: r.occurredAt, after: r.after });
      return [...first.values()];
    },
    async countByOrg(orgId: string): Promise<number> {
      const row = await db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<number>().as('n')).where('orgId', '=', orgId).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
