import { sql } from 'kysely';
import type { Database } from '../client.ts';

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

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

export function createAuditRepository(db: Database) {
  return {
    /** Appends one event; call inside the transaction of the change it records. */
    async append(event: AuditEventInput): Promise<void> {
      await this.appendMany([event]);
    },
    async appendMany(events: readonly AuditEventInput[]): Promise<void> {
      if (events.length === 0) return;
      await db
        .insertInto('auditEvents')
        .values(
          events.map((event) => ({
            orgId: event.orgId,
            actorKind: event.actor.kind,
            actorPersonId: event.actor.kind === 'person' ? event.actor.personId : null,
            action: event.action,
            entityType: event.entityType,
            entityId: event.entityId,
            before: json(event.before),
            after: json(event.after),
            reason: event.reason ?? null,
          })),
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
