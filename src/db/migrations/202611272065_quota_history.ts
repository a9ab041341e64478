import { sql, type Kysely } from 'kysely';

// Quota history: every change of a department's quota (nominal premium seats, borrowing and lending
// limits, monthly budget) as an effective-dated row, so the department timeline measures each past day
// against the quota in force that day. Existing quotas are carried over as of their last update.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('department_quota_history')
    .addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('department_id', 'uuid', (c) => c.notNull().references('departments.id').onDelete('cascade'))
    .addColumn('nominal_premium', 'integer', (c) => c.notNull().check(sql`nominal_premium >= 0`))
    .addColumn('borrowing_limit', 'integer', (c) => c.check(sql`borrowing_limit >= 0`))
    .addColumn('lending_limit', 'integer', (c) => c.check(sql`lending_limit >= 0`))
    .addColumn('monthly_budget', 'numeric(12, 2)', (c) => c.check(sql`monthly_budget >= 0`))
    .addColumn('valid_from', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('department_quota_history_org_idx').on('department_quota_history').columns(['org_id', 'valid_from']).execute();
  await sql`insert into department_quota_history (org_id, department_id, nominal_premium, borrowing_limit, lending_limit, monthly_budget, valid_from)
    select org_id, department_id, nominal_premium, borrowing_limit, lending_limit, monthly_budget, updated_at from department_quotas`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('department_quota_history').ifExists().execute();
}
