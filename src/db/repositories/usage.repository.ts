import type { UsageMetrics } from '../../domain/usage.ts';
import { sql } from 'kysely';
import type { Database } from '../client.ts';

export type UsageInsert = Readonly<{
  personId: string;
  day: string;
  source: string;
  messages: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: string;
  limitHits: number;
  activeMinutes: number;
}>;

export type UsageTotals = Readonly<{ days: number; messages: number; costUsd: string; firstDay: string | null; lastDay: string | null }>;

export function createUsageRepository(db: Database) {
  return {
    async insertMany(orgId: string, rows: readonly UsageInsert[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 2000) {
        const chunk = rows.slice(i, i + 2000).map((r) => ({ orgId, ...r }));
        if (chunk.length) await db.insertInto('usageDaily').values(chunk).execute();
      }
    },
    writeRows: (orgId: string, rows: readonly UsageWriteRow[], mode: 'replace' | 'add') => writeUsageRows(db, orgId, rows, mode),
    /** Email (lower-cased) → person, for every person of the org, plus identities admins linked by hand. */
    async identityMap(orgId: string): Promise<Map<string, string>> {
      const people = await db.selectFrom('people').select(['id', 'email']).where('orgId', '=', orgId).execute();
      const linked = await db.selectFrom('unmatchedIdentities').select(['identity', 'personId']).where('orgId', '=', orgId).where('status', '=', 'linked').execute();
      const map = new Map(people.map((p) => [p.email.toLowerCase(), p.id]));
      for (const l of linked) if (l.personId) map.set(l.identity.toLowerCase(), l.personId);
      return map;
    },
    /**
     * Records an identity no one matched (or counts `occurrences` more sightings of it, when above 0),
     * returning its id, status and linked person. The row stays locked until the transaction ends, and a
     * link committed meanwhile is seen (as `linked`).
     */
    async noteUnmatched(orgId: string, source: string, identity: string, occurrences: number): Promise<{ id: string; status: string; personId: string | null }> {
      return db
        .insertInto('unmatchedIdentities')
        .values({ orgId, source, identity, occurrences })
        .onConflict((oc) =>
          oc.expression(sql`org_id, source, lower(identity)`).doUpdateSet({
            occurrences: sql`unmatched_identities.occurrences + excluded.occurrences`,
            lastSeenAt: sql`case when excluded.occurrences > 0 then now() else unmatched_identities.last_seen_at end`,
          }),
        )
        .returning(['id', 'status', 'personId'])
        .executeTakeFirstOrThrow();
    },
    /** Counts `occurrences` more sightings of an unmatched identity (seen now). */
    async countUnmatchedSightings(id: string, occurrences: number): Promise<void> {
      if (occurrences <= 0) return;
      await db.updateTable('unmatchedIdentities').set({ occurrences: sql`occurrences + ${occurrences}`, lastSeenAt: sql`now()` }).where('id', '=', id).execute();
    },
    /**
     * Keeps the usage of unmatched identities by (identity, day, source), replacing what differs; a row
     * identical to the stored one is left alone (its import id too). Returns how many rows were new or changed.
     */
    async writeUnmatched(orgId: string, rows: ReadonlyArray<{ identityId: string; day: string; source: string; metrics: unknown; importId: string | null }>): Promise<number> {
      let changed = 0;
      for (let i = 0; i < rows.length; i += 1000) {
        const chunk = rows.slice(i, i + 1000).map((r) => ({ orgId, ...r, metrics: JSON.stringify(r.metrics) }));
        const written = await db
          .insertInto('usageUnmatchedDaily')
          .values(chunk)
          .onConflict((oc) =>
            oc
              .columns(['identityId', 'day', 'source'])
              .doUpdateSet({ metrics: sql`excluded.metrics`, importId: sql`excluded.import_id` })
              .where(sql<boolean>`usage_unmatched_daily.metrics is distinct from excluded.metrics`),
          )
          .returning('identityId')
          .execute();
        changed += written.length;
      }
      return changed;
    },
    async findUnmatchedMetrics(identityId: string, day: string, source: string): Promise<unknown | undefined> {
      const row = await db.selectFrom('usageUnmatchedDaily').select('metrics').where('identityId', '=', identityId).where('day', '=', day).where('source', '=', source).executeTakeFirst();
      return row?.metrics;
    },
    /** A person's usage per day over [from, to], all sources summed. */
    async dailyForPerson(orgId: string, personId: string, from: string, to: string): Promise<DailyUsageRow[]> {
      return db
        .selectFrom('usageDaily')
        .select((eb) => [
          'day',
          eb.fn.sum<number>('messages').as('messages'),
          eb.fn.sum<number>('limitHits').as('limitHits'),
          eb.fn.sum<number>('activeMinutes').as('activeMinutes'),
          eb.fn.sum<string>('costUsd').as('costUsd'),
          eb.fn.sum<number>('inputTokens').as('inputTokens'),
          eb.fn.sum<number>('outputTokens').as('outputTokens'),
        ])
        .where('orgId', '=', orgId)
        .where('personId', '=', personId)
        .where('day', '>=', from)
        .where('day', '<=', to)
        .groupBy('day')
        .orderBy('day')
        .execute()
        .then((rows) => rows.map((r) => ({ day: r.day, messages: Number(r.messages), limitHits: Number(r.limitHits), activeMinutes: Number(r.activeMinutes), costUsd: String(r.costUsd), inputTokens: Number(r.inputTokens), outputTokens: Number(r.outputTokens) })));
    },
    /** Messages and limit hits per person per day over [from, to] (inclusive, all sources summed) for a whole organization, by person then day (need scoring, fairness, planning, lab replay). */
    async dailyForOrg(orgId: string, from: string, to: string): Promise<Array<{ personId: string; day: string; messages: number; limitHits: number }>> {
      const rows = await db
        .selectFrom('usageDaily')
        .select((eb) => ['personId', 'day', eb.fn.sum<number>('messages').as('messages'), eb.fn.sum<number>('limitHits').as('limitHits')])
        .where('orgId', '=', orgId)
        .where('day', '>=', from)
        .where('day', '<=', to)
        .groupBy(['personId', 'day'])
        .orderBy('personId')
        .orderBy('day')
        .execute();
      return rows.map((r) => ({ personId: r.personId, day: r.day, messages: Number(r.messages), limitHits: Number(r.limitHits) }));
    },
    /** Messages, limit hits and cost per person per day for one department over [from, to]. */
    async dailyForDepartment(orgId: string, departmentId: string, from: string, to: string): Promise<Array<{ personId: string; personName: string; day: string; messages: number; limitHits: number; costUsd: string }>> {
      const rows = await db
        .selectFrom('usageDaily as u')
        .innerJoin('people as p', 'p.id', 'u.personId')
        .select((eb) => ['u.personId', 'p.name as personName', 'u.day', eb.fn.sum<number>('u.messages').as('messages'), eb.fn.sum<number>('u.limitHits').as('limitHits'), eb.fn.sum<string>('u.costUsd').as('costUsd')])
        .where('u.orgId', '=', orgId)
        .where('p.departmentId', '=', departmentId)
        .where('u.day', '>=', from)
        .where('u.day', '<=', to)
        .groupBy(['u.personId', 'p.name', 'u.day'])
        .execute();
      return rows.map((r) => ({ personId: r.personId, personName: r.personName, day: r.day, messages: Number(r.messages), limitHits: Number(r.limitHits), costUsd: String(r.costUsd) }));
    },
    async listUnmatched(orgId: string, status?: string): Promise<Array<{ id: string; source: string; identity: string; status: string; personId: string | null; occurrences: number; firstSeenAt: Date; lastSeenAt: Date; days: number }>> {
      let q = db
        .selectFrom('unmatchedIdentities as i')
        .select(['i.id', 'i.source', 'i.identity', 'i.status', 'i.personId', 'i.occurrences', 'i.firstSeenAt', 'i.lastSeenAt'])
        .select((eb) => eb.selectFrom('usageUnmatchedDaily as u').select((e) => e.fn.countAll<number>().as('n')).whereRef('u.identityId', '=', 'i.id').as('days'))
        .where('i.orgId', '=', orgId);
      if (status) q = q.where('i.status', '=', status);
      const rows = await q.orderBy('i.lastSeenAt', 'desc').execute();
      return rows.map((r) => ({ ...r, days: Number(r.days ?? 0) }));
    },
    async findUnmatched(orgId: string, id: string) {
      return db.selectFrom('unmatchedIdentities').selectAll().where('orgId', '=', orgId).where('id', '=', id).forUpdate().executeTakeFirst();
    },
    async resolveUnmatched(orgId: string, id: string, patch: { status: 'linked' | 'ignored' | 'open'; personId: string | null; resolvedBy: string | null }): Promise<void> {
      await db.updateTable('unmatchedIdentities').set({ ...patch, resolvedAt: sql`now()` }).where('orgId', '=', orgId).where('id', '=', id).execute();
    },
    async takeUnmatchedUsage(orgId: string, identityId: string): Promise<Array<{ day: string; source: string; metrics: unknown }>> {
      return db.deleteFrom('usageUnmatchedDaily').where('orgId', '=', orgId).where('identityId', '=', identityId).returning(['day', 'source', 'metrics']).execute();
    },
    async totals(orgId: string): Promise<UsageTotals> {
      const row = await db
        .selectFrom('usageDaily')
        .select((eb) => [
          eb.fn.countAll<number>().as('days'),
          eb.fn.coalesce(eb.fn.sum<number>('messages'), eb.lit(0)).as('messages'),
          eb.fn.coalesce(eb.fn.sum<string>('costUsd'), sql<string>`0`).as('costUsd'),
          eb.fn.min<string>('day').as('firstDay'),
          eb.fn.max<string>('day').as('lastDay'),
        ])
        .where('orgId', '=', orgId)
        .executeTakeFirstOrThrow();
      return { days: Number(row.days), messages: Number(row.messages), costUsd: String(row.costUsd), firstDay: row.firstDay ?? null, lastDay: row.lastDay ?? null };
    },
  };
}
export type UsageRepository = ReturnType<typeof createUsageRepository>;

/** One (person, day, source) row to write: the day's metrics plus where they came from. */
export type UsageWriteRow = UsageMetrics & Readonly<{ personId: string; day: string; source: string; importId: string | null }>;

const METRIC_COLUMNS = ['messages', 'input_tokens', 'output_tokens', 'cost_usd', 'limit_hits', 'active_minutes', 'sessions', 'lines_added', 'lines_removed', 'commits', 'pull_requests'] as const;

/**
 * Writes daily usage by its natural key (person, day, source) in one statement per batch (the primary
 * key is (org_id, day, person_id, source): a person belongs to one organization).
 * replace: a row with different values is overwritten, an identical one is left alone;
 * add: values are added to what is there. Returns how many rows were inserted and updated; the rest
 * of the batch was unchanged.
 */
export async function writeUsageRows(db: Database, orgId: string, rows: readonly UsageWriteRow[], mode: 'replace' | 'add'): Promise<{ inserted: number; updated: number }> {
  let inserted = 0;
  let updated = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const result = await db
      .insertInto('usageDaily')
      .values(chunk.map((r) => ({ orgId, ...r })))
      .onConflict((oc) => {
        const set = Object.fromEntries(
          METRIC_COLUMNS.map((c) => [c.replace(/_(\w)/g, (_, x: string) => x.toUpperCase()), mode === 'add' ? sql`usage_daily.${sql.ref(c)} + excluded.${sql.ref(c)}` : sql`excluded.${sql.ref(c)}`]),
        );
        const update = oc.columns(['orgId', 'day', 'personId', 'source']).doUpdateSet({ ...set, importId: sql`excluded.import_id`, updatedAt: sql`now()` });
        if (mode === 'add') return update;
        // Only rows whose values differ are rewritten; identical re-imports change nothing.
        return update.where(sql<boolean>`(${sql.join(METRIC_COLUMNS.map((c) => sql`usage_daily.${sql.ref(c)}`))}) is distinct from (${sql.join(METRIC_COLUMNS.map((c) => sql`excluded.${sql.ref(c)}`))})`);
      })
      .returning(sql<boolean>`(xmax = 0)`.as('isInsert'))
      .execute();
    for (const r of result) (r.isInsert ? inserted++ : updated++);
  }
  return { inserted, updated };
}

export type DailyUsageRow = Readonly<{ day: string; messages: number; limitHits: number; activeMinutes: number; costUsd: string; inputTokens: number; outputTokens: number }>;
