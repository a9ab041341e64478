import { sql } from 'kysely';
import type { Database } from '../client.ts';

/** One connector's stored state. `secretCiphertext` never leaves the app layer. */
export type ConnectorState = Readonly<{
  connector: string;
  config: unknown;
  secretCiphertext: string | null;
  cursor: unknown;
  lastRunAt: Date | null;
  lastError: string | null;
  updatedAt: Date;
}>;

export type ImportRun = Readonly<{
  id: string;
  source: string;
  filename: string | null;
  status: 'running' | 'succeeded' | 'failed';
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  unmatched: number;
  errors: unknown;
  startedAt: Date;
  finishedAt: Date | null;
}>;

export type CopilotSeatRow = Readonly<{
  login: string;
  personId: string | null;
  planType: string | null;
  assignedAt: Date | null;
  lastActivityAt: Date | null;
  lastActivityEditor: string | null;
  pendingCancellationDate: string | null;
}>;

/** A Copilot seat with the person an admin linked its login to, and that person's current Claude tier. */
export type CopilotSeatView = CopilotSeatRow &
  Readonly<{ syncedAt: Date; identityId: string | null; identityStatus: string | null; personName: string | null; personEmail: string | null; claudeTier: string | null }>;

export type LinkedIdentity = Readonly<{ id: string; identity: string; status: string; personId: string | null }>;

const STATE = ['connector', 'config', 'secretCiphertext', 'cursor', 'lastRunAt', 'lastError', 'updatedAt'] as const;
const IMPORT = ['id', 'source', 'filename', 'status', 'rows', 'inserted', 'updated', 'unchanged', 'unmatched', 'errors', 'startedAt', 'finishedAt'] as const;
const SEAT = ['login', 'personId', 'planType', 'assignedAt', 'lastActivityAt', 'lastActivityEditor', 'pendingCancellationDate'] as const;
const json = (value: unknown) => JSON.stringify(value ?? null);

export function createConnectorRepository(db: Database) {
  return {
    async findState(orgId: string, connector: string): Promise<ConnectorState | undefined> {
      return db.selectFrom('connectorStates').select([...STATE]).where('orgId', '=', orgId).where('connector', '=', connector).executeTakeFirst();
    },
    /** Locks the connector's row for the rest of the transaction (undefined when not configured). */
    async lockState(orgId: string, connector: string): Promise<ConnectorState | undefined> {
      return db.selectFrom('connectorStates').select([...STATE]).where('orgId', '=', orgId).where('connector', '=', connector).forUpdate().executeTakeFirst();
    },
    async listStates(orgId: string): Promise<ConnectorState[]> {
      return db.selectFrom('connectorStates').select([...STATE]).where('orgId', '=', orgId).orderBy('connector').execute();
    },
    /** Creates or replaces a connector's configuration and credential; its cursor and history stay. */
    async saveConfig(orgId: string, connector: string, input: { config: unknown; secretCiphertext: string | null }): Promise<ConnectorState> {
      return db
        .insertInto('connectorStates')
        .values({ orgId, connector, config: json(input.config), secretCiphertext: input.secretCiphertext })
        .onConflict((oc) => oc.columns(['orgId', 'connector']).doUpdateSet({ config: sql`excluded.config`, secretCiphertext: sql`excluded.secret_ciphertext`, updatedAt: sql`now()` }))
        .returning([...STATE])
        .executeTakeFirstOrThrow();
    },
    /** Records the outcome of a run; the cursor changes only when given. */
    async saveRun(orgId: string, connector: string, input: { lastRunAt: Date; lastError: string | null; cursor?: unknown }): Promise<void> {
      await db
        .updateTable('connectorStates')
        .set({ lastRunAt: input.lastRunAt, lastError: input.lastError, ...(input.cursor !== undefined ? { cursor: json(input.cursor) } : {}), updatedAt: sql`now()` })
        .where('orgId', '=', orgId)
        .where('connector', '=', connector)
        .execute();
    },
    /** Creates or replaces the cursor document of a state row that carries data, not credentials. */
    async saveDocument(orgId: string, connector: string, document: unknown): Promise<void> {
      await db
        .insertInto('connectorStates')
        .values({ orgId, connector, cursor: json(document) })
        .onConflict((oc) => oc.columns(['orgId', 'connector']).doUpdateSet({ cursor: sql`excluded.cursor`, updatedAt: sql`now()` }))
        .execute();
    },

    async startImport(orgId: string, input: { source: string; filename: string | null; createdBy: string | null }): Promise<string> {
      const row = await db.insertInto('usageImports').values({ orgId, ...input, status: 'running' }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },
    async finishImport(orgId: string, id: string, input: { status: 'succeeded' | 'failed'; rows?: number; inserted?: number; updated?: number; unchanged?: number; unmatched?: number; errors?: unknown }): Promise<void> {
      const { errors, ...counts } = input;
      await db
        .updateTable('usageImports')
        .set({ ...counts, ...(errors !== undefined ? { errors: json(errors) } : {}), finishedAt: sql`now()` })
        .where('orgId', '=', orgId)
        .where('id', '=', id)
        .execute();
    },
    async listImports(orgId: string, sources: readonly string[], limit: number): Promise<ImportRun[]> {
      if (sources.length === 0) return [];
      return db
        .selectFrom('usageImports')
        .select([...IMPORT])
        .where('orgId', '=', orgId)
        .where('source', 'in', [...sources])
        .orderBy('startedAt', 'desc')
        .limit(limit)
        .execute() as Promise<ImportRun[]>;
    },

    /**
     * Removes the usage a re-fetched vendor report no longer carries: rows of `source` for days in
     * [from, to] (matched people in usage_daily, unmatched identities in usage_unmatched_daily) whose key
     * is not among those just written. Call in the transaction that wrote them. Returns rows removed.
     */
    async deleteVanishedUsage(orgId: string, input: { source: string; from: string; to: string; keepPeople: ReadonlyArray<{ personId: string; day: string }>; keepIdentities: ReadonlyArray<{ identity: string; day: string }> }): Promise<number> {
      const { source, from, to } = input;
      // One statement per table; the keys to keep travel as two parallel arrays (unnest), so the
      // statement has five parameters whatever the size of the report. `not in` over a subquery is a
      // hashed subplan (keys are never null); a correlated `not exists` over unnest ran as a nested
      // loop, seconds for a quarter of a 100-person organization.
      const matched = await sql<{ n: number }>`
        with gone as (
          delete from usage_daily u
          where u.org_id = ${orgId} and u.source = ${source} and u.day between ${from}::date and ${to}::date
            and (u.person_id, u.day) not in (select * from unnest(${input.keepPeople.map((k) => k.personId)}::uuid[], ${input.keepPeople.map((k) => k.day)}::date[]))
          returning 1)
        select count(*)::int as n from gone`.execute(db);
      const unmatched = await sql<{ n: number }>`
        with gone as (
          delete from usage_unmatched_daily u
          using unmatched_identities i
          where i.id = u.identity_id and u.org_id = ${orgId} and u.source = ${source} and u.day between ${from}::date and ${to}::date
            and (lower(i.identity), u.day) not in (select * from unnest(${input.keepIdentities.map((k) => k.identity.toLowerCase())}::text[], ${input.keepIdentities.map((k) => k.day)}::date[]))
          returning 1)
        select count(*)::int as n from gone`.execute(db);
      return Number(matched.rows[0]?.n ?? 0) + Number(unmatched.rows[0]?.n ?? 0);
    },

    /** Identities of one source (any status), e.g. every Copilot login an admin linked or ignored. */
    async listIdentities(orgId: string, source: string): Promise<LinkedIdentity[]> {
      return db.selectFrom('unmatchedIdentities').select(['id', 'identity', 'status', 'personId']).where('orgId', '=', orgId).where('source', '=', source).execute();
    },

    async listCopilotSeatRows(orgId: string): Promise<CopilotSeatRow[]> {
      return db.selectFrom('copilotSeats').select([...SEAT]).where('orgId', '=', orgId).orderBy(sql`lower(login)`).orderBy('login').execute();
    },
    /** Inserts or rewrites seats by login and marks them synced at `syncedAt`. */
    async upsertCopilotSeats(orgId: string, rows: readonly CopilotSeatRow[], syncedAt: Date): Promise<void> {
      for (let i = 0; i < rows.length; i += 1000) {
        const chunk = rows.slice(i, i + 1000).map((r) => ({ orgId, ...r, syncedAt }));
        await db
          .insertInto('copilotSeats')
          .values(chunk)
          .onConflict((oc) =>
            oc.columns(['orgId', 'login']).doUpdateSet({
              personId: sql`excluded.person_id`,
              planType: sql`excluded.plan_type`,
              assignedAt: sql`excluded.assigned_at`,
              lastActivityAt: sql`excluded.last_activity_at`,
              lastActivityEditor: sql`excluded.last_activity_editor`,
              pendingCancellationDate: sql`excluded.pending_cancellation_date`,
              syncedAt: sql`excluded.synced_at`,
            }),
          )
          .execute();
      }
    },
    /** Removes seats the vendor no longer lists; returns the logins removed. */
    async deleteCopilotSeatsExcept(orgId: string, logins: readonly string[]): Promise<string[]> {
      let q = db.deleteFrom('copilotSeats').where('orgId', '=', orgId);
      if (logins.length > 0) q = q.where('login', 'not in', [...logins]);
      const rows = await q.returning('login').execute();
      return rows.map((r) => r.login);
    },
    /**
     * Every seat with the person linked to its login now (links made after the last sync count) and
     * that person's Claude tier at `asOf`.
     */
    async listCopilotSeats(orgId: string, asOf: Date): Promise<CopilotSeatView[]> {
      const rows = await db
        .selectFrom('copilotSeats as cs')
        .leftJoin('unmatchedIdentities as ui', (j) =>
          j.onRef('ui.orgId', '=', 'cs.orgId').on('ui.source', '=', 'github_copilot').on(sql`lower(ui.identity)`, '=', sql`lower(cs.login)`),
        )
        .leftJoin('people as p', 'p.id', 'ui.personId')
        .select((eb) => [
          'cs.login',
          'ui.personId',
          'cs.planType',
          'cs.assignedAt',
          'cs.lastActivityAt',
          'cs.lastActivityEditor',
          'cs.pendingCancellationDate',
          'cs.syncedAt',
          'ui.id as identityId',
          'ui.status as identityStatus',
          'p.name as personName',
          'p.email as personEmail',
          eb
            .selectFrom('seatAssignments as sa')
            .select('sa.tier')
            .whereRef('sa.personId', '=', 'p.id')
            .where('sa.vendor', '=', 'anthropic')
            .where('sa.validFrom', '<=', asOf)
            .where((w) => w.or([w('sa.validTo', 'is', null), w('sa.validTo', '>', asOf)]))
            .orderBy('sa.validFrom', 'desc')
            .limit(1)
            .as('claudeTier'),
        ])
        .where('cs.orgId', '=', orgId)
        .orderBy(sql`lower(cs.login)`)
        .orderBy('cs.login')
        .execute();
      return rows.map((r) => ({ ...r, personId: r.personId ?? null, identityId: r.identityId ?? null, identityStatus: r.identityStatus ?? null, personName: r.personName ?? null, personEmail: r.personEmail ?? null, claudeTier: r.claudeTier ?? null }));
    },
  };
}
export type ConnectorRepository = ReturnType<typeof createConnectorRepository>;
