import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../client.ts';

/** An ingest token of the OpenTelemetry receiver (its hash never leaves the repository). */
export type IngestToken = Readonly<{ id: string; orgId: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }>;

/** State kept per key in `otel_series`: the last point of a cumulative series, or a running total. */
export type OtelSeriesRow = Readonly<{ seriesKey: string; startTimeUnixNano: string; lastTimeUnixNano: string; lastValue: number }>;

/** Above this many keys a request locks the whole organization's telemetry instead of each key. */
const MAX_KEY_LOCKS = 200;

const TOKEN_COLUMNS = ['id', 'orgId', 'name', 'prefix', 'createdAt', 'lastUsedAt', 'revokedAt'] as const;

/** A 64-bit advisory-lock id for one key of one organization (signed, as PostgreSQL wants it). */
function lockId(orgId: string, key: string): string {
  return createHash('sha256').update(`seatwise.otel\u0000${orgId}\u0000${key}`).digest().readBigInt64BE(0).toString();
}

export function createOtelRepository(db: Database) {
  return {
    async insertIngestToken(input: { orgId: string; name: string; tokenHash: string; prefix: string }): Promise<IngestToken> {
      return db.insertInto('ingestTokens').values(input).returning([...TOKEN_COLUMNS]).executeTakeFirstOrThrow();
    },
    async listIngestTokens(orgId: string): Promise<IngestToken[]> {
      return db.selectFrom('ingestTokens').select([...TOKEN_COLUMNS]).where('orgId', '=', orgId).orderBy('createdAt', 'desc').execute();
    },
    /** A token that is not revoked, by hash; marks it used (at most once a minute, to spare writes). */
    async findLiveIngestToken(tokenHash: string): Promise<IngestToken | undefined> {
      const token = await db.selectFrom('ingestTokens').select([...TOKEN_COLUMNS]).where('tokenHash', '=', tokenHash).where('revokedAt', 'is', null).executeTakeFirst();
      if (token) {
        await db
          .updateTable('ingestTokens')
          .set({ lastUsedAt: sql`now()` })
          .where('id', '=', token.id)
          .where((w) => w.or([w('lastUsedAt', 'is', null), w('lastUsedAt', '<', sql<Date>`now() - interval '1 minute'`)]))
          .execute();
      }
      return token;
    },
    async revokeIngestToken(orgId: string, id: string): Promise<IngestToken | undefined> {
      return db.updateTable('ingestTokens').set({ revokedAt: sql`now()` }).where('orgId', '=', orgId).where('id', '=', id).where('revokedAt', 'is', null).returning([...TOKEN_COLUMNS]).executeTakeFirst();
    },

    /**
     * Serializes concurrent requests that touch the same keys until the transaction ends. Every request
     * holds the organization's lock shared plus one advisory lock per key, taken in a fixed order so two
     * requests cannot deadlock; a request with more keys than that is sensible to lock one by one (the
     * shared lock table is small) holds the organization's lock exclusively instead. Call inside a
     * transaction, before `loadSeries`.
     */
    async lockSeries(orgId: string, keys: readonly string[]): Promise<void> {
      if (keys.length === 0) return;
      const orgLock = lockId(orgId, '');
      const ids = [...new Set(keys.map((k) => lockId(orgId, k)))].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
      if (ids.length > MAX_KEY_LOCKS) {
        await sql`select pg_advisory_xact_lock(${orgLock}::bigint)`.execute(db);
        return;
      }
      await sql`select pg_advisory_xact_lock_shared(${orgLock}::bigint)`.execute(db);
      const values = sql.join(ids.map((id) => sql`(${id}::bigint)`));
      await sql`select count(pg_advisory_xact_lock(k)) from (select k from (values ${values}) as v(k) order by k) as ordered`.execute(db);
    },
    async loadSeries(orgId: string, keys: readonly string[]): Promise<Map<string, OtelSeriesRow>> {
      const map = new Map<string, OtelSeriesRow>();
      for (let i = 0; i < keys.length; i += 1000) {
        const chunk = keys.slice(i, i + 1000);
        if (!chunk.length) continue;
        const rows = await db.selectFrom('otelSeries').select(['seriesKey', 'startTimeUnixNano', 'lastTimeUnixNano', 'lastValue']).where('orgId', '=', orgId).where('seriesKey', 'in', chunk).execute();
        for (const r of rows) map.set(r.seriesKey, r);
      }
      return map;
    },
    /** Deletes rows last updated before `updatedBefore` (retention); returns how many went. */
    async pruneSeries(orgId: string, updatedBefore: Date): Promise<number> {
      const result = await db.deleteFrom('otelSeries').where('orgId', '=', orgId).where('updatedAt', '<', updatedBefore).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async saveSeries(orgId: string, rows: readonly OtelSeriesRow[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 1000) {
        const chunk = rows.slice(i, i + 1000).map((r) => ({ orgId, ...r }));
        if (!chunk.length) continue;
        await db
          .insertInto('otelSeries')
          .values(chunk)
          .onConflict((oc) =>
            oc.columns(['orgId', 'seriesKey']).doUpdateSet({
              startTimeUnixNano: sql`excluded.start_time_unix_nano`,
              lastTimeUnixNano: sql`excluded.last_time_unix_nano`,
              lastValue: sql`excluded.last_value`,
              updatedAt: sql`now()`,
            }),
          )
          .execute();
      }
    },
  };
}
export type OtelRepository = ReturnType<typeof createOtelRepository>;
