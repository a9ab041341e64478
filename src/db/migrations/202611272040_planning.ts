import { sql, type Kysely } from 'kysely';

// Department planning: one quota proposal per department and quarter. The engine computes it
// (computed_*), a lead may adjust it with a reason (proposed_*), the owner approves or rejects it; an
// approval records the quota and budget before and after. At most one open proposal per department and
// quarter; decided ones stay as history.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('quota_proposals')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('department_id', 'uuid', (c) => c.notNull().references('departments.id').onDelete('cascade'))
    .addColumn('quarter_start', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('proposed').check(sql`status in ('proposed', 'approved', 'rejected')`))
    .addColumn('computed_nominal', 'integer', (c) => c.notNull().check(sql`computed_nominal >= 0`))
    .addColumn('computed_budget', 'numeric(14, 2)', (c) => c.notNull().check(sql`computed_budget >= 0`))
    .addColumn('proposed_nominal', 'integer', (c) => c.notNull().check(sql`proposed_nominal >= 0`))
    .addColumn('proposed_budget', 'numeric(14, 2)', (c) => c.notNull().check(sql`proposed_budget >= 0`))
    .addColumn('inputs', 'jsonb', (c) => c.notNull())
    .addColumn('reasons', 'jsonb', (c) => c.notNull())
    .addColumn('adjusted_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('adjusted_at', 'timestamptz')
    .addColumn('adjust_reason', 'text')
    .addColumn('before_nominal', 'integer', (c) => c.notNull())
    .addColumn('before_budget', 'numeric(14, 2)')
    .addColumn('after_nominal', 'integer')
    .addColumn('after_budget', 'numeric(14, 2)')
    .addColumn('created_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .addCheckConstraint('quota_proposals_adjust_reason_check', sql`adjusted_at is null or length(adjust_reason) > 0`)
    .execute();
  await sql`create unique index quota_proposals_one_open on quota_proposals (org_id, department_id, quarter_start) where status = 'proposed'`.execute(db);
  await sql`create index quota_proposals_org_quarter on quota_proposals (org_id, quarter_start, created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('quota_proposals').ifExists().execute();
}
