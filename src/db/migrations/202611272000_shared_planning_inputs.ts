import { sql, type Kysely } from 'kysely';

// Inputs that forecasting, surveys and department planning share:
// - survey_estimates: what a department said it would use (per period), from a survey campaign or typed in
//   by an admin; the forecaster learns actual / surveyed and corrects departments with little history.
// - use_cases (+ votes): the use-case library; leads see their department's use cases when planning.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('survey_estimates')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('department_id', 'uuid', (c) => c.notNull().references('departments.id').onDelete('cascade'))
    .addColumn('period_start', 'date', (c) => c.notNull())
    .addColumn('period_end', 'date', (c) => c.notNull())
    // What the department expected to spend per month at API rates (usage cost, excluding seat fees).
    .addColumn('estimated_monthly_usd', 'numeric(14, 2)', (c) => c.notNull().check(sql`estimated_monthly_usd >= 0`))
    // Expected weekly hours of assistant use per respondent (survey answer, averaged), when known.
    .addColumn('estimated_weekly_hours', 'numeric(8, 2)')
    .addColumn('respondents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('manual', 'survey')`))
    .addColumn('campaign_id', 'uuid')
    .addColumn('note', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('survey_estimates_period_check', sql`period_end > period_start`)
    .execute();
  await sql`create unique index survey_estimates_one_per_period on survey_estimates (org_id, department_id, period_start, source)`.execute(db);

  await db.schema
    .createTable('use_cases')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('department_id', 'uuid', (c) => c.references('departments.id'))
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 3 and 200`))
    .addColumn('task', 'text', (c) => c.notNull())
    .addColumn('workflow', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tools', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('links', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('minutes_saved_per_week', 'integer', (c) => c.check(sql`minutes_saved_per_week >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index use_cases_org_department on use_cases (org_id, department_id, created_at)`.execute(db);

  await db.schema
    .createTable('use_case_votes')
    .addColumn('use_case_id', 'uuid', (c) => c.notNull().references('use_cases.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    // 'upvote' or 'uses' ("I use this too"); one of each per person.
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('upvote', 'uses')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('use_case_votes_pkey', ['use_case_id', 'person_id', 'kind'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['use_case_votes', 'use_cases', 'survey_estimates']) await db.schema.dropTable(t).ifExists().execute();
}
