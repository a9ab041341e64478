import { sql, type Kysely } from 'kysely';

// Usage connectors, second pass: the daily prune of otel_series scans by last update.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index otel_series_updated_idx on otel_series (org_id, updated_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists otel_series_updated_idx`.execute(db);
}
