import { sql, type Kysely } from 'kysely';

// Core schema of the foundation slice. Money is numeric (exact); dates that are calendar days are `date`.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('departments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('departments_org_name_key', ['org_id', 'name'])
    .execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('department_id', 'uuid', (c) => c.references('departments.id'))
    .addColumn('job_family', 'text', (c) => c.notNull())
    // Kept only for fairness audits: no decision may read it.
    .addColumn('employment_start_date', 'date')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'left')`))
    .addColumn('left_on', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index people_org_email_key on people (org_id, lower(email))`.execute(db);
  await db.schema.createIndex('people_department_idx').on('people').column('department_id').execute();

  await db.schema
    .createTable('role_grants')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('primary_owner', 'owner', 'admin', 'dept_lead', 'member', 'auditor')`),
    )
    .addColumn('department_id', 'uuid', (c) => c.references('departments.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('role_grants_scope_check', sql`(role = 'dept_lead') = (department_id is not null)`)
    .execute();
  await sql`create unique index role_grants_unique_key on role_grants
    (person_id, role, coalesce(department_id, '00000000-0000-0000-0000-000000000000'::uuid))`.execute(db);
  await sql`create unique index role_grants_one_primary_owner on role_grants (org_id) where role = 'primary_owner'`.execute(db);

  await db.schema
    .createTable('price_catalog')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('vendor', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('cadence', 'text', (c) => c.notNull().check(sql`cadence in ('monthly', 'annual')`))
    .addColumn('price_per_seat_month', 'numeric(12, 2)', (c) => c.notNull().check(sql`price_per_seat_month >= 0`))
    .addColumn('usage_multiplier', 'numeric(8, 3)', (c) => c.check(sql`usage_multiplier > 0`))
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('effective_to', 'date')
    .addColumn('source', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('price_catalog_dates_check', sql`effective_to is null or effective_to > effective_from`)
    .addUniqueConstraint('price_catalog_key', ['vendor', 'plan', 'tier', 'cadence', 'effective_from'])
    .execute();

  await db.schema
    .createTable('seat_inventory')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('vendor', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('cadence', 'text', (c) => c.notNull().check(sql`cadence in ('monthly', 'annual')`))
    .addColumn('seats_purchased', 'integer', (c) => c.notNull().check(sql`seats_purchased >= 0`))
    .addColumn('commitment_ends_on', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('seat_inventory_key', ['org_id', 'vendor', 'plan', 'tier', 'cadence'])
    .execute();

  await db.schema
    .createTable('seat_assignments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('vendor', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'timestamptz', (c) => c.notNull())
    .addColumn('valid_to', 'timestamptz')
    .addColumn('reason', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('seat_assignments_interval_check', sql`valid_to is null or valid_to > valid_from`)
    .execute();
  await db.schema
    .createIndex('seat_assignments_person_idx')
    .on('seat_assignments')
    .columns(['person_id', 'vendor', 'valid_from'])
    .execute();
  // At most one open-ended assignment per person and vendor; overlaps of closed ones are checked in the write path.
  await sql`create unique index seat_assignments_one_open on seat_assignments (person_id, vendor) where valid_to is null`.execute(db);

  await db.schema
    .createTable('usage_daily')
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('messages', 'integer', (c) => c.notNull().defaultTo(0).check(sql`messages >= 0`))
    .addColumn('input_tokens', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`input_tokens >= 0`))
    .addColumn('output_tokens', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`output_tokens >= 0`))
    .addColumn('cost_usd', 'numeric(14, 4)', (c) => c.notNull().defaultTo(0).check(sql`cost_usd >= 0`))
    .addColumn('limit_hits', 'integer', (c) => c.notNull().defaultTo(0).check(sql`limit_hits >= 0`))
    .addColumn('active_minutes', 'integer', (c) => c.notNull().defaultTo(0).check(sql`active_minutes >= 0`))
    .addPrimaryKeyConstraint('usage_daily_pkey', ['person_id', 'day', 'source'])
    .execute();
  await db.schema.createIndex('usage_daily_org_day_idx').on('usage_daily').columns(['org_id', 'day']).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id'))
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_kind', 'text', (c) => c.notNull().check(sql`actor_kind in ('person', 'system', 'cli')`))
    .addColumn('actor_person_id', 'uuid')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('audit_events_entity_idx').on('audit_events').columns(['entity_type', 'entity_id']).execute();
  // Append-only: the table refuses updates and deletes whatever the role.
  await sql`create function audit_events_append_only() returns trigger language plpgsql as $$
    begin raise exception 'audit_events is append-only'; end $$`.execute(db);
  await sql`create trigger audit_events_no_update before update or delete on audit_events
    for each row execute function audit_events_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_events',
    'api_tokens',
    'usage_daily',
    'seat_assignments',
    'seat_inventory',
    'price_catalog',
    'role_grants',
    'people',
    'departments',
    'organizations',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop function if exists audit_events_append_only()`.execute(db);
}
