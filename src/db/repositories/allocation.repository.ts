import { sql } from 'kysely';
import { ADVISORY_LOCKS, lockOrganizationFor } from '../advisory-locks.ts';
import type { Database } from '../client.ts';

export type DepartmentQuotaRow = Readonly<{
  departmentId: string;
  departmentName: string;
  nominalPremium: number;
  borrowingLimit: number | null;
  lendingLimit: number | null;
  monthlyBudget: string | null;
  updatedAt: Date | null;
}>;

export type QuotaHistoryRow = Readonly<{ departmentId: string; nominalPremium: number; borrowingLimit: number | null; lendingLimit: number | null; validFrom: Date }>;

export type QuotaUpsert = Readonly<{ nominalPremium: number; borrowingLimit: number | null; lendingLimit: number | null; monthlyBudget: string | null }>;

export type PolicyVersion = Readonly<{ id: string; version: number; document: unknown; source: string; createdBy: string | null; createdAt: Date; note: string | null }>;

export type Notification = Readonly<{ id: string; personId: string; kind: string; title: string; body: string; leaseId: string | null; createdAt: Date; readAt: Date | null }>;

/** Quotas, policy versions, notifications and idempotency keys: the allocation engine's own tables. */
/** After this long a claimed idempotency key whose request stored no response is presumed abandoned. */
export const IDEMPOTENCY_ABANDONED_SECONDS = 600;

export function createAllocationRepository(db: Database) {
  return {
    /** Every department with its quota (zeros when none was set). */
    async listQuotas(orgId: string): Promise<DepartmentQuotaRow[]> {
      return db
        .selectFrom('departments')
        .leftJoin('departmentQuotas as q', 'q.departmentId', 'departments.id')
        .select([
          'departments.id as departmentId',
          'departments.name as departmentName',
          sql<number>`coalesce(q.nominal_premium, 0)`.as('nominalPremium'),
          'q.borrowingLimit',
          'q.lendingLimit',
          'q.monthlyBudget',
          'q.updatedAt',
        ])
        .where('departments.orgId', '=', orgId)
        .orderBy('departments.name')
        .execute();
    },
    /** Sets a department's quota and records it in the quota history, in force from `validFrom` (the caller's clock). */
    async upsertQuota(orgId: string, departmentId: string, quota: QuotaUpsert, validFrom: Date): Promise<void> {
      await db
        .insertInto('departmentQuotas')
        .values({ orgId, departmentId, ...quota })
        .onConflict((oc) => oc.column('departmentId').doUpdateSet({ ...quota, updatedAt: sql`now()` }))
        .execute();
      await db.insertInto('departmentQuotaHistory').values({ orgId, departmentId, ...quota, validFrom }).execute();
    },
    /** Every recorded quota of the organization's departments, oldest first (ties in recording order). */
    async listQuotaHistory(orgId: string): Promise<QuotaHistoryRow[]> {
      return db
        .selectFrom('departmentQuotaHistory')
        .select(['departmentId', 'nominalPremium', 'borrowingLimit', 'lendingLimit', 'validFrom'])
        .where('orgId', '=', orgId)
        .orderBy('validFrom')
        .orderBy('seq')
        .execute();
    },

    /**
     * Serializes the organization's quota writers (a department's quota, apportionment, planning
     * decisions) until the transaction ends: each rewrites whole quota rows from what it read, so
     * without it one would silently undo another's change.
     */
    async lockQuotas(orgId: string): Promise<void> {
      await lockOrganizationFor(db, ADVISORY_LOCKS.quotas, orgId);
    },

    async findActivePolicy(orgId: string): Promise<PolicyVersion | undefined> {
      return db.selectFrom('policies').select(['id', 'version', 'document', 'source', 'createdBy', 'createdAt', 'note']).where('orgId', '=', orgId).orderBy('version', 'desc').limit(1).executeTakeFirst();
    },
    async listPolicies(orgId: string): Promise<PolicyVersion[]> {
      return db.selectFrom('policies').select(['id', 'version', 'document', 'source', 'createdBy', 'createdAt', 'note']).where('orgId', '=', orgId).orderBy('version', 'desc').execute();
    },
    async insertPolicy(orgId: string, input: { document: unknown; source: string; createdBy: string | null; note: string | null }): Promise<PolicyVersion> {
      // Serialize concurrent edits on the org row so versions never collide.
      await db.selectFrom('organizations').select('id').where('id', '=', orgId).forUpdate().execute();
      const last = await db.selectFrom('policies').select((eb) => eb.fn.max<number>('version').as('v')).where('orgId', '=', orgId).executeTakeFirst();
      return db
        .insertInto('policies')
        .values({ orgId, version: Number(last?.v ?? 0) + 1, document: JSON.stringify(input.document), source: input.source, createdBy: input.createdBy, note: input.note })
        .returning(['id', 'version', 'document', 'source', 'createdBy', 'createdAt', 'note'])
        .executeTakeFirstOrThrow();
    },

    async notify(orgId: string, items: ReadonlyArray<{ personId: string; kind: string; title: string; body: string; leaseId: string | null }>): Promise<void> {
      if (items.length === 0) return;
      await db.insertInto('notifications').values(items.map((n) => ({ orgId, ...n }))).execute();
    },
    async listNotifications(orgId: string, personId: string, limit: number): Promise<Notification[]> {
      return db
        .selectFrom('notifications')
        .select(['id', 'personId', 'kind', 'title', 'body', 'leaseId', 'createdAt', 'readAt'])
        .where('orgId', '=', orgId)
        .where('personId', '=', personId)
        .orderBy('createdAt', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
    },
    async countUnread(orgId: string, personId: string): Promise<number> {
      const row = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('orgId', '=', orgId).where('personId', '=', personId).where('readAt', 'is', null).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** Settles the "please decide" notifications of a lease once it no longer waits for anyone. */
    async markLeaseNotificationsRead(orgId: string, leaseId: string, kinds: readonly string[], at: Date): Promise<void> {
      await db.updateTable('notifications').set({ readAt: at }).where('orgId', '=', orgId).where('leaseId', '=', leaseId).where('kind', 'in', [...kinds]).where('readAt', 'is', null).execute();
    },
    async markNotificationRead(orgId: string, personId: string, id: string, at: Date): Promise<boolean> {
      const r = await db.updateTable('notifications').set({ readAt: at }).where('orgId', '=', orgId).where('personId', '=', personId).where('id', '=', id).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /**
     * Claims an idempotency key; returns the stored response when the key was used before. A key whose
     * request never finished (its process died) is taken over after IDEMPOTENCY_ABANDONED_SECONDS, so
     * retries are not refused as "in progress" for ever; one released meanwhile is claimed again.
     */
    async claimIdempotencyKey(input: { actor: string; key: string; method: string; path: string }): Promise<{ claimed: true } | { claimed: false; statusCode: number | null; response: unknown; method: string; path: string }> {
      for (let attempt = 0; ; attempt++) {
        const inserted = await db
          .insertInto('idempotencyKeys')
          .values(input)
          .onConflict((oc) =>
            oc
              .columns(['actor', 'key'])
              .doUpdateSet({ method: input.method, path: input.path, createdAt: sql`now()` })
              .where('idempotencyKeys.statusCode', 'is', null)
              .where('idempotencyKeys.createdAt', '<', sql<Date>`now() - make_interval(secs => ${IDEMPOTENCY_ABANDONED_SECONDS})`),
          )
          .returning('key')
          .executeTakeFirst();
        if (inserted) return { claimed: true };
        const row = await db.selectFrom('idempotencyKeys').select(['statusCode', 'response', 'method', 'path']).where('actor', '=', input.actor).where('key', '=', input.key).executeTakeFirst();
        if (row) return { claimed: false, ...row };
        if (attempt >= 2) throw new Error(`idempotency key ${input.key} keeps changing hands`);
      }
    },
    async storeIdempotentResponse(input: { actor: string; key: string; statusCode: number; response: unknown }): Promise<void> {
      await db.updateTable('idempotencyKeys').set({ statusCode: input.statusCode, response: JSON.stringify(input.response) }).where('actor', '=', input.actor).where('key', '=', input.key).execute();
    },
    async releaseIdempotencyKey(actor: string, key: string): Promise<void> {
      await db.deleteFrom('idempotencyKeys').where('actor', '=', actor).where('key', '=', key).where('statusCode', 'is', null).execute();
    },
  };
}
export type AllocationRepository = ReturnType<typeof createAllocationRepository>;
