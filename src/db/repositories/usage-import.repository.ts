import { sql } from 'kysely';
import type { Database } from '../client.ts';

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

/** One batch, column by column (one array per column keeps the statement small); `personId` is null for identities that matched nobody. */
export type ImportBatchColumns = Readonly<{
  line: number[];
  personId: Array<string | null>;
  identity: string[];
  day: string[];
  source: string[];
  messages: number[];
  inputTokens: number[];
  outputTokens: number[];
  costUsd: string[];
  limitHits: number[];
  activeMinutes: number[];
  sessions: number[];
  linesAdded: number[];
  linesRemoved: number[];
  commits: number[];
  pullRequests: number[];
}>;

// The natural keys of the file being imported, so a key given twice is found without the importing
// process holding every key: a temporary table without indexes (appends are cheap; it spills to disk
// in the database, not in Node) that is grouped once at the end and disappears with the transaction.
const KEYS_TABLE = 'usage_import_keys';
const METRICS = ['messages', 'input_tokens', 'output_tokens', 'cost_usd', 'limit_hits', 'active_minutes', 'sessions', 'lines_added', 'lines_removed', 'commits', 'pull_requests'] as const;

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

    /** Creates the per-transaction key table; call inside the import's transaction. */
    async createKeyStage(): Promise<void> {
      await sql`create temporary table if not exists ${sql.table(KEYS_TABLE)} (line integer not null, person_id uuid, identity text, day date not null, source text not null) on commit drop`.execute(db);
    },

    /**
     * Keys given more than once: by person when the identity matched one (two emails of one person
     * collide), else by identity. The first 50 groups by line, and how many repeated lines in all.
     */
    async findStagedDuplicates(): Promise<{ total: number; groups: StagedDuplicate[] }> {
      const result = await sql<{ firstLine: number; lines: number[]; total: number }>`
        select first_line, lines, (sum(n - 1) over ())::int as total
        from (
          select min(line) as first_line, (array_agg(line order by line))[2:51] as lines, count(*) as n
          from ${sql.table(KEYS_TABLE)}
          group by coalesce(person_id::text, '@' || identity), day, source
          having count(*) > 1
        ) d
        order by first_line
        limit 50`.execute(db);
      return { total: result.rows[0]?.total ?? 0, groups: result.rows.map((r) => ({ firstLine: r.firstLine, lines: r.lines })) };
    },

    /**
     * Stages a batch's natural keys and writes its rows of known people by natural key, in ONE
     * statement: the same rule as usage.repository's `writeUsageRows` in replace mode (a row with
     * different values is overwritten, an identical one left alone), with one array per column instead
     * of a VALUES list, so any batch size is 20 parameters, cheap to send and plan. Rows whose
     * `personId` is null are only staged (the caller records them as unmatched). With `shouldWrite`
     * false the batch is only staged (an import that already failed keeps looking for duplicates).
     * `skipIdentical` first drops rows identical to what is stored with an index read, which is much
     * cheaper than letting ON CONFLICT lock them (re-imports) but costs a read per new row (fresh days).
     * The batch must not repeat a key (the caller checks).
     */
    async stageAndReplaceDaily(input: { orgId: string; importId: string; rows: ImportBatchColumns; shouldWrite: boolean; skipIdentical: boolean }): Promise<{ inserted: number; updated: number }> {
      const { rows } = input;
      if (rows.line.length === 0) return { inserted: 0, updated: 0 };
      const columns = sql.join(METRICS.map((c) => sql.ref(c)));
      const result = await sql<{ inserted: number; updated: number }>`
        with input as materialized (
          select * from unnest(
            ${rows.line}::int[], ${rows.personId}::uuid[], ${rows.identity}::text[], ${rows.day}::date[], ${rows.source}::text[],
            ${rows.messages}::int[], ${rows.inputTokens}::int8[], ${rows.outputTokens}::int8[], ${rows.costUsd}::numeric[], ${rows.limitHits}::int[],
            ${rows.activeMinutes}::int[], ${rows.sessions}::int[], ${rows.linesAdded}::int[], ${rows.linesRemoved}::int[], ${rows.commits}::int[], ${rows.pullRequests}::int[]
          ) as r(line, person_id, identity, day, source, ${columns})
        ),
        staged as (
          insert into ${sql.table(KEYS_TABLE)} (line, person_id, identity, day, source)
          select line, person_id, case when person_id is null then identity end, day, source from input
        ),
        written as (
          insert into usage_daily (org_id, import_id, person_id, day, source, ${columns})
          select ${input.orgId}::uuid, ${input.importId}::uuid, i.person_id, i.day, i.source, ${sql.join(METRICS.map((c) => sql`i.${sql.ref(c)}`))} from input i
          where i.person_id is not null and ${input.shouldWrite}::boolean
            and (not ${input.skipIdentical}::boolean or not exists (
              select 1 from usage_daily u
              where u.person_id = i.person_id and u.day = i.day and u.source = i.source
                and (${sql.join(METRICS.map((c) => sql`u.${sql.ref(c)}`))}) is not distinct from (${sql.join(METRICS.map((c) => sql`i.${sql.ref(c)}`))})
            ))
          on conflict (person_id, day, source) do update
            set ${sql.join(METRICS.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))}, import_id = excluded.import_id, updated_at = now()
            where (${sql.join(METRICS.map((c) => sql`usage_daily.${sql.ref(c)}`))}) is distinct from (${sql.join(METRICS.map((c) => sql`excluded.${sql.ref(c)}`))})
          returning (xmax = 0) as is_insert
        )
        select (count(*) filter (where is_insert))::int as inserted, (count(*) filter (where not is_insert))::int as updated from written`.execute(db);
      return result.rows[0] ?? { inserted: 0, updated: 0 };
    },
  };
}
export type UsageImportRepository = ReturnType<typeof createUsageImportRepository>;
