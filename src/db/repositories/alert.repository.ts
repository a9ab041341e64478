import { sql } from 'kysely';
import type { Database } from '../client.ts';
import type { AlertDraft, AlertKind, Audience, Severity } from '../../domain/guardrails/alerts.ts';
import type { Page, PageRequest } from './types.ts';

export type AlertChannel = Readonly<{
  id: string;
  orgId: string;
  name: string;
  kind: 'webhook' | 'email';
  audience: Audience;
  departmentId: string | null;
  targetHint: string;
  /** Encrypted settings (URL or SMTP); decrypt with the secret box. */
  secret: string;
  isEnabled: boolean;
  createdAt: Date;
}>;

export type AlertRow = Readonly<{
  id: string;
  orgId: string;
  kind: AlertKind;
  severity: Severity;
  departmentId: string | null;
  departmentName: string | null;
  dedupKey: string;
  title: string;
  body: string;
  period: string | null;
  details: Record<string, unknown>;
  escalationLevel: number;
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  acknowledgedByName: string | null;
  acknowledgeNote: string | null;
}>;

export type AlertDelivery = Readonly<{ id: string; alertId: string; channelId: string | null; target: string; level: number; status: 'sent' | 'failed'; attempts: number; error: string | null; attemptedAt: Date }>;

export type AlertFilter = Readonly<{ status?: 'open' | 'acknowledged' | 'all'; departmentIds?: readonly string[]; kind?: AlertKind }>;

/** Seat intervals of one vendor plan overlapping a window, with the holder's current department. */
export type SeatInterval = Readonly<{ personId: string; personName: string; departmentId: string | null; tier: string; validFrom: Date; validTo: Date | null }>;

export type PersonDayCost = Readonly<{ personId: string; personName: string; departmentId: string | null; day: string; costUsd: string }>;

const alertColumns = [
  'a.id', 'a.orgId', 'a.kind', 'a.severity', 'a.departmentId', 'd.name as departmentName', 'a.dedupKey', 'a.title', 'a.body', 'a.period', 'a.details',
  'a.escalationLevel', 'a.createdAt', 'a.acknowledgedAt', 'a.acknowledgedBy', 'p.name as acknowledgedByName', 'a.acknowledgeNote',
] as const;

/** The error of a delivery row that a run has claimed and is sending (status stays 'failed' until it finishes). */
export const IN_PROGRESS = 'in progress';
/**
 * After this long an in-progress claim is presumed dead (its process crashed) and another run may take
 * it over. Generous: a send is bounded by the 10 s webhook/SMTP timeouts in app/alerts/send.ts.
 */
export const CLAIM_TIMEOUT_MS = 5 * 60_000;

export function createAlertRepository(db: Database) {
  const alerts = () => db.selectFrom('alerts as a').leftJoin('departments as d', 'd.id', 'a.departmentId').leftJoin('people as p', 'p.id', 'a.acknowledgedBy');
  const toAlert = (r: Record<string, unknown>) => r as unknown as AlertRow;
  return {
    // Channels -------------------------------------------------------------------------------------
    async insertChannel(orgId: string, input: { name: string; kind: 'webhook' | 'email'; audience: Audience; departmentId: string | null; targetHint: string; secret: string; createdBy: string | null }): Promise<AlertChannel> {
      return (await db.insertInto('alertChannels').values({ orgId, ...input }).returningAll().executeTakeFirstOrThrow()) as AlertChannel;
    },
    async listChannels(orgId: string): Promise<AlertChannel[]> {
      return (await db.selectFrom('alertChannels').selectAll().where('orgId', '=', orgId).orderBy('createdAt').orderBy('name').execute()) as AlertChannel[];
    },
    async findChannel(orgId: string, id: string): Promise<AlertChannel | undefined> {
      return (await db.selectFrom('alertChannels').selectAll().where('orgId', '=', orgId).where('id', '=', id).executeTakeFirst()) as AlertChannel | undefined;
    },
    async findChannelByName(orgId: string, name: string): Promise<AlertChannel | undefined> {
      return (await db.selectFrom('alertChannels').selectAll().where('orgId', '=', orgId).where(sql<string>`lower(name)`, '=', name.toLowerCase()).executeTakeFirst()) as AlertChannel | undefined;
    },
    async deleteChannel(orgId: string, id: string): Promise<boolean> {
      const r = await db.deleteFrom('alertChannels').where('orgId', '=', orgId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async setChannelEnabled(orgId: string, id: string, isEnabled: boolean): Promise<AlertChannel | undefined> {
      return (await db.updateTable('alertChannels').set({ isEnabled }).where('orgId', '=', orgId).where('id', '=', id).returningAll().executeTakeFirst()) as AlertChannel | undefined;
    },

    // Alerts ---------------------------------------------------------------------------------------
    /** Inserts the alert unless one with its dedup key exists; `isNew` says which. */
    async insertIfNew(orgId: string, draft: AlertDraft, createdAt: Date): Promise<{ alert: AlertRow; isNew: boolean }> {
      const inserted = await db
        .insertInto('alerts')
        .values({ orgId, kind: draft.kind, severity: draft.severity, departmentId: draft.departmentId, dedupKey: draft.dedupKey, title: draft.title, body: draft.body, period: draft.period, details: JSON.stringify(draft.details), createdAt })
        .onConflict((oc) => oc.columns(['orgId', 'dedupKey']).doNothing())
        .returning('id')
        .executeTakeFirst();
      const row = await alerts().select(alertColumns).where('a.orgId', '=', orgId).where('a.dedupKey', '=', draft.dedupKey).executeTakeFirstOrThrow();
      return { alert: toAlert(row), isNew: inserted !== undefined };
    },
    async hasDedupKey(orgId: string, dedupKey: string): Promise<boolean> {
      return (await db.selectFrom('alerts').select('id').where('orgId', '=', orgId).where('dedupKey', '=', dedupKey).executeTakeFirst()) !== undefined;
    },
    /** Threshold percents already fired for a budget scope in a period (from the alert history). */
    async listFiredThresholds(orgId: string, scope: string, period: string): Promise<number[]> {
      const rows = await db.selectFrom('alerts').select('dedupKey').where('orgId', '=', orgId).where('kind', '=', 'budget_threshold').where('dedupKey', 'like', `budget:${scope}:${period}:%`).execute();
      return rows.map((r) => Number(r.dedupKey.split(':').at(-1)));
    },
    async findAlert(orgId: string, id: string): Promise<AlertRow | undefined> {
      const row = await alerts().select(alertColumns).where('a.orgId', '=', orgId).where('a.id', '=', id).executeTakeFirst();
      return row ? toAlert(row) : undefined;
    },
    async listAlerts(orgId: string, filter: AlertFilter, page: PageRequest): Promise<Page<AlertRow>> {
      let q = alerts().where('a.orgId', '=', orgId);
      // Test alerts are history only: never "open".
      if (filter.status === 'open') q = q.where('a.acknowledgedAt', 'is', null).where('a.kind', '!=', 'test');
      if (filter.status === 'acknowledged') q = q.where('a.acknowledgedAt', 'is not', null);
      if (filter.kind) q = q.where('a.kind', '=', filter.kind);
      if (filter.departmentIds) {
        const ids = [...filter.departmentIds];
        if (ids.length === 0) return { items: [], total: 0, limit: page.limit, offset: page.offset };
        q = q.where('a.departmentId', 'in', ids);
      }
      const [rows, count] = await Promise.all([
        q.select(alertColumns).orderBy('a.createdAt', 'desc').orderBy(sql`case a.severity when 'critical' then 0 when 'warning' then 1 else 2 end`).orderBy('a.kind', 'desc').orderBy('a.title').limit(page.limit).offset(page.offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toAlert), total: Number(count.n), limit: page.limit, offset: page.offset };
    },
    /** Unacknowledged alerts that may escalate (not informational). */
    async listEscalatable(orgId: string): Promise<AlertRow[]> {
      const rows = await alerts().select(alertColumns).where('a.orgId', '=', orgId).where('a.acknowledgedAt', 'is', null).where('a.severity', '!=', 'info').where('a.kind', '!=', 'test').execute();
      return rows.map(toAlert);
    },
    /** Raises the level only upwards, so concurrent evaluators agree. Returns true when this call raised it. */
    async raiseEscalation(orgId: string, id: string, level: number): Promise<boolean> {
      const r = await db.updateTable('alerts').set({ escalationLevel: level }).where('orgId', '=', orgId).where('id', '=', id).where('escalationLevel', '<', level).where('acknowledgedAt', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    /** Acknowledges once; false when already acknowledged or missing. */
    async acknowledge(orgId: string, id: string, input: { by: string | null; note: string | null; at: Date }): Promise<boolean> {
      const r = await db.updateTable('alerts').set({ acknowledgedAt: input.at, acknowledgedBy: input.by, acknowledgeNote: input.note }).where('orgId', '=', orgId).where('id', '=', id).where('acknowledgedAt', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async countOpen(orgId: string): Promise<number> {
      const r = await db.selectFrom('alerts').select((eb) => eb.fn.countAll<number>().as('n')).where('orgId', '=', orgId).where('acknowledgedAt', 'is', null).where('kind', '!=', 'test').executeTakeFirstOrThrow();
      return Number(r.n);
    },

    // Deliveries -----------------------------------------------------------------------------------
    async listDeliveries(alertIds: readonly string[]): Promise<AlertDelivery[]> {
      if (alertIds.length === 0) return [];
      return (await db.selectFrom('alertDeliveries').selectAll().where('alertId', 'in', [...alertIds]).orderBy('attemptedAt').execute()) as AlertDelivery[];
    },
    /**
     * Claims a delivery slot (alert, target, level) before sending: true when this caller should send.
     * The claim is stored as status 'failed' with error IN_PROGRESS (the schema has no third status), so
     * a claimer that dies leaves a retryable row. A slot already sent is never claimed again; a failed
     * one is re-claimed (a retry); one in progress is left to its claimer unless the claim is stale
     * (older than CLAIM_TIMEOUT_MS, far longer than any send can take), so concurrent runs never send twice.
     */
    async claimDelivery(input: { alertId: string; channelId: string | null; target: string; level: number; at: Date }): Promise<boolean> {
      const staleBefore = new Date(input.at.getTime() - CLAIM_TIMEOUT_MS);
      const inserted = await db
        .insertInto('alertDeliveries')
        .values({ alertId: input.alertId, channelId: input.channelId, target: input.target, level: input.level, status: 'failed', error: IN_PROGRESS, attemptedAt: input.at })
        .onConflict((oc) =>
          oc
            .columns(['alertId', 'target', 'level'])
            .doUpdateSet({ attempts: sql`alert_deliveries.attempts + 1`, attemptedAt: input.at, error: IN_PROGRESS })
            .where('alertDeliveries.status', '=', 'failed')
            .where((w) => w.or([w('alertDeliveries.error', 'is', null), w('alertDeliveries.error', '!=', IN_PROGRESS), w('alertDeliveries.attemptedAt', '<', staleBefore)])),
        )
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },
    async finishDelivery(input: { alertId: string; target: string; level: number; status: 'sent' | 'failed'; error: string | null; at: Date }): Promise<void> {
      await db.updateTable('alertDeliveries').set({ status: input.status, error: input.error, attemptedAt: input.at }).where('alertId', '=', input.alertId).where('target', '=', input.target).where('level', '=', input.level).execute();
    },

    // Guardrail pauses -----------------------------------------------------------------------------
    /** Pauses auto-approval for a department in a period; true when this call started the pause. */
    async startPause(orgId: string, departmentId: string, period: string, at: Date): Promise<boolean> {
      const r = await db.insertInto('guardrailPauses').values({ orgId, departmentId, period, startedAt: at }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async listPauses(orgId: string, period: string): Promise<Array<{ departmentId: string; period: string; startedAt: Date; liftedAt: Date | null }>> {
      return db.selectFrom('guardrailPauses').select(['departmentId', 'period', 'startedAt', 'liftedAt']).where('orgId', '=', orgId).where('period', '=', period).execute();
    },
    async liftPause(orgId: string, departmentId: string, period: string, input: { by: string | null; at: Date }): Promise<boolean> {
      const r = await db.updateTable('guardrailPauses').set({ liftedAt: input.at, liftedBy: input.by }).where('orgId', '=', orgId).where('departmentId', '=', departmentId).where('period', '=', period).where('liftedAt', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    // Spend inputs ---------------------------------------------------------------------------------
    /** Seat intervals of a plan overlapping [from, to), with the holder's department and name. */
    async listSeatIntervals(orgId: string, line: { vendor: string; plan: string }, from: Date, to: Date): Promise<SeatInterval[]> {
      return db
        .selectFrom('seatAssignments as s')
        .innerJoin('people as p', 'p.id', 's.personId')
        .select(['s.personId', 'p.name as personName', 'p.departmentId', 's.tier', 's.validFrom', 's.validTo'])
        .where('s.orgId', '=', orgId)
        .where('s.vendor', '=', line.vendor)
        .where('s.plan', '=', line.plan)
        .where('s.validFrom', '<', to)
        .where((w) => w.or([w('s.validTo', 'is', null), w('s.validTo', '>', from)]))
        .execute();
    },
    /** Usage cost per person and day in [from, to] (inclusive days), optionally only from some sources. */
    async listPersonDayCosts(orgId: string, from: string, to: string, sources?: readonly string[]): Promise<PersonDayCost[]> {
      if (sources && sources.length === 0) return [];
      let q = db
        .selectFrom('usageDaily as u')
        .innerJoin('people as p', 'p.id', 'u.personId')
        .select((eb) => ['u.personId', 'p.name as personName', 'p.departmentId', 'u.day', eb.fn.sum<string>('u.costUsd').as('costUsd')])
        .where('u.orgId', '=', orgId)
        .where('u.day', '>=', from)
        .where('u.day', '<=', to);
      if (sources) q = q.where('u.source', 'in', [...sources]);
      const rows = await q.groupBy(['u.personId', 'p.name', 'p.departmentId', 'u.day']).execute();
      return rows.map((r) => ({ ...r, costUsd: String(r.costUsd) }));
    },
    /** Usage cost per department (null: people without one) and day, every source. */
    async listDepartmentDayCosts(orgId: string, from: string, to: string): Promise<Array<{ departmentId: string | null; day: string; costUsd: string }>> {
      const rows = await db
        .selectFrom('usageDaily as u')
        .innerJoin('people as p', 'p.id', 'u.personId')
        .select((eb) => ['p.departmentId', 'u.day', eb.fn.sum<string>('u.costUsd').as('costUsd')])
        .where('u.orgId', '=', orgId)
        .where('u.day', '>=', from)
        .where('u.day', '<=', to)
        .groupBy(['p.departmentId', 'u.day'])
        .execute();
      return rows.map((r) => ({ departmentId: r.departmentId, day: r.day, costUsd: String(r.costUsd) }));
    },
  };
}
export type AlertRepository = ReturnType<typeof createAlertRepository>;
