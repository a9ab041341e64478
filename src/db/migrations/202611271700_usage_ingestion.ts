import { sql, type Kysely } from 'kysely';

// Usage ingestion: more daily metrics, import history, unmatched identities (and the usage waiting for
// them), connector state, OpenTelemetry series state, Copilot seats and ingest tokens.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('usage_daily')
    .addColumn('sessions', 'integer', (c) => c.notNull().defaultTo(0).check(sql`sessions >= 0`))
    .addColumn('lines_added', 'integer', (c) => c.notNull().defaultTo(0).check(sql`lines_added >= 0`))
    .addColumn('lines_removed', 'integer', (c) => c.notNull().defaultTo(0).check(sql`lines_removed >= 0`))
    .addColumn('commits', 'integer', (c) => c.notNull().defaultTo(0).check(sql`commits >= 0`))
    .addColumn('pull_requests', 'integer', (c) => c.notNull().defaultTo(0).check(sql`pull_requests >= 0`))
    .addColumn('import_id', 'uuid')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('usage_imports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('filename', 'text')
    .addColumn('sha256', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'succeeded', 'failed')`))
    .addColumn('rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('inserted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unmatched', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'jsonb')
    .addColumn('created_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('usage_imports_org_idx').on('usage_imports').columns(['org_id', 'started_at']).execute();

  await db.schema
    .createTable('unmatched_identities')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'linked', 'ignored')`))
    .addColumn('person_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('occurrences', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('resolved_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('resolved_at', 'timestamptz')
    .addCheckConstraint('unmatched_identities_link_check', sql`(status = 'linked') = (person_id is not null)`)
    .execute();
  await sql`create unique index unmatched_identities_key on unmatched_identities (org_id, source, lower(identity))`.execute(db);

  // Usage of identities nobody is matched to yet: kept, never dropped, moved to usage_daily when linked.
  await db.schema
    .createTable('usage_unmatched_daily')
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('identity_id', 'uuid', (c) => c.notNull().references('unmatched_identities.id').onDelete('cascade'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('metrics', 'jsonb', (c) => c.notNull())
    .addColumn('import_id', 'uuid')
    .addPrimaryKeyConstraint('usage_unmatched_daily_pkey', ['identity_id', 'day', 'source'])
    .execute();

  await db.schema
    .createTable('connector_states')
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('connector', 'text', (c) => c.notNull())
    .addColumn('config', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('secret_ciphertext', 'text')
    .addColumn('cursor', 'jsonb')
    .addColumn('last_run_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('connector_states_pkey', ['org_id', 'connector'])
    .execute();

  // Last value seen per cumulative OpenTelemetry series, so re-sent points are counted once.
  await db.schema
    .createTable('otel_series')
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('series_key', 'text', (c) => c.notNull())
    .addColumn('start_time_unix_nano', 'text', (c) => c.notNull())
    .addColumn('last_time_unix_nano', 'text', (c) => c.notNull())
    .addColumn('last_value', 'double precision', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('otel_series_pkey', ['org_id', 'series_key'])
    .execute();

  await db.schema
    .createTable('copilot_seats')
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('login', 'text', (c) => c.notNull())
    .addColumn('person_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('plan_type', 'text')
    .addColumn('assigned_at', 'timestamptz')
    .addColumn('last_activity_at', 'timestamptz')
    .addColumn('last_activity_editor', 'text')
    .addColumn('pending_cancellation_date', 'date')
    .addColumn('synced_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('copilot_seats_pkey', ['org_id', 'login'])
    .execute();

  await db.schema
    .createTable('ingest_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['ingest_tokens', 'copilot_seats', 'otel_series', 'connector_states', 'usage_unmatched_daily', 'unmatched_identities', 'usage_imports']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  for (const c of ['sessions', 'lines_added', 'lines_removed', 'commits', 'pull_requests', 'import_id', 'updated_at']) {
    await db.schema.alterTable('usage_daily').dropColumn(c).execute();
  }
}
