import { CompiledQuery, sql } from 'kysely';
import { ADVISORY_LOCKS, lockOrganizationFor } from '../advisory-locks.ts';
import type { Database } from '../client.ts';
import { CopyIn, copyStatement } from '../copy-in.ts';

export type UsageImportStatus = 'succeeded' | 'failed';

export type UsageImportProblem = Readonly<{ line: number; path: string; message: string }>;

export type UsageImportRecord = Readonly<{
  id: string;
  source: string;
  filename: string | null;
  sha256: string | null;
  status: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  unmatched: number;
  errors: readonly UsageImportProblem[];
  startedAt: Date;
  finishedAt: Date | null;
}>;

export type UsageImportInsert = Readonly<{
  id: string;
  orgId: string;
  source: string;
  filename: string | null;
  sha256: string | null;
  status: UsageImportStatus;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  unmatched: number;
  errors: readonly UsageImportProblem[];
  createdBy: string | null;
  startedAt: Date;
  finishedAt: Date;
}>;

/** A key given more than once in the file: the line that had it first and up to 50 lines repeating it. */
export type StagedDuplicate = Readonly<{ firstLine: number; lines: readonly number[] }>;

// The natural keys of the file being imported, so a key given twice is found without the importing
// process holding every key: a temporary table without indexes (appends are cheap; it spills to disk
// in the database, not in Node) that is grouped once at the end and disappears with the transaction.
const KEYS_TABLE = 'usage_import_keys';
// Batches of rows, loaded with COPY, written from there and emptied; two, so one can load while the
// other is written.
const BATCH_TABLES = ['usage_import_batch_0', 'usage_import_batch_1'] as const;
/** Transaction-local setting: whether the batch being written has days without any stored usage. */
const FRESH_SETTING = 'seatwise.usage_import_fresh';
const METRICS = ['messages', 'input_tokens', 'output_tokens', 'cost_usd', 'limit_hits', 'active_minutes', 'sessions', 'lines_added', 'lines_removed', 'commits', 'pull_requests'] as const;
/**
 * Columns of a batch, in the order of each COPY line: line number, person (`\N` when the identity
 * matched nobody), identity (the lower-cased email of a row without a person, else empty), day, source, then the metrics in `METRICS` order.
 */
export const IMPORT_BATCH_COLUMNS = ['line', 'person_id', 'identity', 'day', 'source', ...METRICS] as const;

export function createUsageImportRepository(db: Database) {
  return {
    /** Import history, newest first. */
    async list(orgId: string, page: { limit: number; offset: number }): Promise<UsageImportRecord[]> {
      const rows = await db
        .selectFrom('usageImports')
        .select(['id', 'source', 'filename', 'sha256', 'status', 'rows', 'inserted', 'updated', 'unchanged', 'unmatched', 'errors', 'startedAt', 'finishedAt'])
        .where('orgId', '=', orgId)
        .orderBy('startedAt', 'desc')
        .orderBy('finishedAt', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      return rows.map((r) => ({
        ...r,
        errors: (r.errors ?? []) as unknown as UsageImportProblem[],
        startedAt: new Date(r.startedAt as unknown as string | Date),
        finishedAt: r.finishedAt === null ? null : new Date(r.finishedAt as unknown as string | Date),
      }));
    },

    async insert(record: UsageImportInsert): Promise<void> {
      await db
        .insertInto('usageImports')
        .values({ ...record, errors: JSON.stringify(record.errors) })
        .execute();
    },

    /**
     * Makes the organization's usage imports wait for one another until the transaction ends. A batch
     * over days without stored usage is written by a plain INSERT, which another import's uncommitted
     * rows for the same keys would turn into a unique violation; one at a time, the second import sees
     * the first's rows and takes the upsert. (Connector and telemetry writes use the upsert, so they
     * never wait here.)
     */
    async lockOrganization(orgId: string): Promise<void> {
      await lockOrganizationFor(db, ADVISORY_LOCKS.usageImport, orgId);
    },

    /** Creates the per-transaction key and batch tables; call inside the import's transaction. */
    async createStages(): Promise<void> {
      await sql`create temporary table if not exists ${sql.table(KEYS_TABLE)} (line integer not null, person_id uuid, identity text, day date not null, source text not null) on commit drop`.execute(db);
      for (const table of BATCH_TABLES) {
        await sql`create temporary table if not exists ${sql.table(table)} (
          line integer not null, person_id uuid, identity text not null, day date not null, source text not null,
          messages integer not null, input_tokens bigint not null, output_tokens bigint not null, cost_usd numeric(14, 4) not null, limit_hits integer not null,
          active_minutes integer not null, sessions integer not null, lines_added integer not null, lines_removed integer not null, commits integer not null, pull_requests integer not null
        ) on commit drop`.execute(db);
      }
    },

    /**
     * Keys given more than once: by person when the identity matched one (two emails of one person
     * collide), else by identity. The first 50 groups by line, and how many repeated lines in all.
     */
    async findStagedDuplicates(): Promise<{ total: number; groups: StagedDuplicate[] }> {
      // Grouping a million keys spills to disk at the default work_mem: give this transaction enough,
      // and only list lines once a repeated key is known to exist (most files have none).
      await sql`select set_config('work_mem', '128MB', true)`.execute(db);
      const found = await sql<{ n: number }>`
        select count(*)::int as n from (
          select 1 from ${sql.table(KEYS_TABLE)} group by person_id, identity, day, source having count(*) > 1 limit 1
        ) d`.execute(db);
      if (!found.rows[0]?.n) return { total: 0, groups: [] };
      const result = await sql<{ firstLine: number; lines: number[]; total: number }>`
        select first_line, lines, (sum(n - 1) over ())::int as total
        from (
          select min(line) as first_line, (array_agg(line order by line))[2:51] as lines, count(*) as n
          from ${sql.table(KEYS_TABLE)}
          group by person_id, identity, day, source
          having count(*) > 1
        ) d
        order by first_line
        limit 50`.execute(db);
      return { total: result.rows[0]?.total ?? 0, groups: result.rows.map((r) => ({ firstLine: r.firstLine, lines: r.lines })) };
    },

    /**
     * Loads one batch with COPY into batch table `slot` (0 or 1; `rows`: COPY text in UTF-8, one line per row in
     * `IMPORT_BATCH_COLUMNS` order; `days`: its first and last day),
     * stages its natural keys, and writes its rows of known people by natural key in one statement:
     * the same rule as usage.repository's `writeUsageRows` in replace mode (a row with different values
     * is overwritten, an identical one left alone). Rows without a person are only staged (the caller
     * records them as unmatched). With `shouldWrite` false the batch is only staged (an import that
     * already failed keeps looking for duplicates). `skipIdentical` first drops rows identical to what
     * is stored with an index read, which is much cheaper than letting ON CONFLICT lock them
     * (re-imports) but costs a read per new row (fresh days). The batch must not repeat a key (the
     * caller checks). The statements (COPY, stage keys, write, empty the batch table) are queued
     * together, so the connection runs them back to back.
     */
    async stageAndReplaceDaily(input: { orgId: string; importId: string; slot: number; rows: Uint8Array; days: { from: string; to: string }; shouldWrite: boolean; skipIdentical: boolean }): Promise<{ inserted: number; updated: number }> {
      if (input.rows.byteLength === 0) return { inserted: 0, updated: 0 };
      const batch = BATCH_TABLES[input.slot % BATCH_TABLES.length]!;
      const copied = db.executeQuery(CompiledQuery.raw(copyStatement(batch, IMPORT_BATCH_COLUMNS), [new CopyIn(input.rows)]));
      const columns = sql.join(METRICS.map((c) => sql.ref(c)));
      const keys = sql`insert into ${sql.table(KEYS_TABLE)} (line, person_id, identity, day, source) select line, person_id, case when person_id is null then identity end, day, source from ${sql.table(batch)}`;
      // Rows identical to what is stored are dropped from the batch by their own statement, before the
      // upsert: a probe of usage_daily inside the statement that inserts into it can be planned as a
      // scan of a table that statement is growing (quadratic when usage_daily was empty at ANALYZE).
      const staged = input.skipIdentical
        ? sql`
          with staged as (${keys})
          delete from ${sql.table(batch)} i
          using usage_daily u
          where i.person_id is not null and u.org_id = ${input.orgId}::uuid and u.day between ${input.days.from}::date and ${input.days.to}::date
            and u.day = i.day and u.person_id = i.person_id and u.source = i.source
            and (${sql.join(METRICS.map((c) => sql`u.${sql.ref(c)}`))}) is not distinct from (${sql.join(METRICS.map((c) => sql`i.${sql.ref(c)}`))})`.execute(db)
        : keys.execute(db);
      // A batch whose days hold no usage of the organization yet (a first import of history, each new
      // day of a vendor export) cannot conflict, so it is written by a plain INSERT (about half the work
      // of the upsert's speculative insertion) and the upsert finds nothing to do; otherwise the other
      // way round. The check is a statement queued with the others (it sees every batch queued before
      // it) whose answer the two writes read as a one-time filter.
      const checked = sql`select set_config(${FRESH_SETTING}, (not exists (select 1 from usage_daily where org_id = ${input.orgId}::uuid and day between ${input.days.from}::date and ${input.days.to}::date))::text, true)`.execute(db);
      const values = (fresh: boolean) => sql`select ${input.orgId}::uuid, ${input.importId}::uuid, i.person_id, i.day, i.source, ${sql.join(METRICS.map((c) => sql`i.${sql.ref(c)}`))} from ${sql.table(batch)} i
          where i.person_id is not null and ${input.shouldWrite}::boolean and current_setting(${FRESH_SETTING}) = ${String(fresh)}`;
      const inserted = sql<{ inserted: number }>`
        with written as (insert into usage_daily (org_id, import_id, person_id, day, source, ${columns}) ${values(true)} returning 1)
        select count(*)::int as inserted from written`.execute(db);
      const written = sql<{ inserted: number; updated: number }>`
        with written as (
          insert into usage_daily (org_id, import_id, person_id, day, source, ${columns})
          ${values(false)}
          on conflict (org_id, day, person_id, source) do update
            set ${sql.join(METRICS.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))}, import_id = excluded.import_id, updated_at = now()
            where (${sql.join(METRICS.map((c) => sql`usage_daily.${sql.ref(c)}`))}) is distinct from (${sql.join(METRICS.map((c) => sql`excluded.${sql.ref(c)}`))})
          returning (xmax = 0) as is_insert
        )
        select (count(*) filter (where is_insert))::int as inserted, (count(*) filter (where not is_insert))::int as updated from written`.execute(db);
      const emptied = sql`truncate ${sql.table(batch)}`.execute(db);
      // All are queued on the connection at once; wait for every one to settle before reporting a
      // failure, so none is still queued when the caller rolls back.
      const settled = await Promise.allSettled([copied, staged, checked, inserted, written, emptied]);
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      const fresh = (settled[3] as PromiseFulfilledResult<Awaited<typeof inserted>>).value.rows[0]?.inserted ?? 0;
      const upserted = (settled[4] as PromiseFulfilledResult<Awaited<typeof written>>).value.rows[0] ?? { inserted: 0, updated: 0 };
      return { inserted: fresh + upserted.inserted, updated: upserted.updated };
    },
  };
}
export type UsageImportRepository = ReturnType<typeof createUsageImportRepository>;
