import { sql, type Kysely } from 'kysely';

// Allocation engine: department quotas and budgets, policy versions, leases, extension requests,
// in-app notifications and idempotency keys.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('department_quotas')
    .addColumn('department_id', 'uuid', (c) => c.primaryKey().references('departments.id').onDelete('cascade'))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('nominal_premium', 'integer', (c) => c.notNull().defaultTo(0).check(sql`nominal_premium >= 0`))
    .addColumn('borrowing_limit', 'integer', (c) => c.check(sql`borrowing_limit >= 0`))
    .addColumn('lending_limit', 'integer', (c) => c.check(sql`lending_limit >= 0`))
    .addColumn('monthly_budget', 'numeric(12, 2)', (c) => c.check(sql`monthly_budget >= 0`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('policies')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('note', 'text')
    .addUniqueConstraint('policies_org_version_key', ['org_id', 'version'])
    .execute();

  await db.schema
    .createTable('leases')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('department_id', 'uuid', (c) => c.notNull().references('departments.id'))
    .addColumn('vendor', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('requested_ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('project', 'text')
    .addColumn('deadline', 'date')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('requested', 'waitlisted', 'scheduled', 'active', 'ended', 'denied', 'cancelled')`),
    )
    .addColumn('end_reason', 'text', (c) => c.check(sql`end_reason in ('expired', 'returned', 'reclaimed', 'revoked')`))
    .addColumn('queue', 'text', (c) => c.check(sql`queue in ('lead', 'owner')`))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('requested_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_rule', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('decision_inputs', 'jsonb')
    .addColumn('policy_version', 'integer')
    .addColumn('reclaim_notice_at', 'timestamptz')
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('started_at', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .addCheckConstraint('leases_interval_check', sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex('leases_org_status_idx').on('leases').columns(['org_id', 'status', 'starts_at']).execute();
  await db.schema.createIndex('leases_person_idx').on('leases').columns(['person_id', 'starts_at']).execute();

  await db.schema
    .createTable('lease_extensions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('lease_id', 'uuid', (c) => c.notNull().references('leases.id').onDelete('cascade'))
    .addColumn('new_ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('requested', 'approved', 'denied')`))
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_rule', 'text')
    .addColumn('decision_note', 'text')
    .execute();

  await db.schema.alterTable('seat_assignments').addColumn('lease_id', 'uuid', (c) => c.references('leases.id')).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('lease_id', 'uuid', (c) => c.references('leases.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('notifications_person_idx').on('notifications').columns(['person_id', 'created_at']).execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['actor', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').ifExists().execute();
  await db.schema.dropTable('notifications').ifExists().execute();
  await db.schema.alterTable('seat_assignments').dropColumn('lease_id').execute();
  await db.schema.dropTable('lease_extensions').ifExists().execute();
  await db.schema.dropTable('leases').ifExists().execute();
  await db.schema.dropTable('policies').ifExists().execute();
  await db.schema.dropTable('department_quotas').ifExists().execute();
}
