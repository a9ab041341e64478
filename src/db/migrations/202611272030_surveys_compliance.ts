import { sql, type Kysely } from 'kysely';

// Fair governance, part one: demand-survey campaigns (questions, one response per person), full-text
// search over the use-case library, participation rules with individual exemptions, and people.title
// (kept for audits only; no rule reads it).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').addColumn('title', 'text').execute();

  await db.schema
    .createTable('survey_campaigns')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 3 and 200`))
    // The period the survey asks about (the quarter being planned); survey_estimates rows carry it.
    .addColumn('period_start', 'date', (c) => c.notNull())
    .addColumn('period_end', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'closed')`))
    // API-rate dollars per hour of assistant use, fixed when the campaign opens (see docs/governance.md).
    .addColumn('usd_per_hour', 'numeric(10, 2)', (c) => c.notNull().check(sql`usd_per_hour > 0`))
    .addColumn('rate_source', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closed_at', 'timestamptz')
    .addCheckConstraint('survey_campaigns_period_check', sql`period_end > period_start`)
    .execute();
  await sql`create index survey_campaigns_org on survey_campaigns (org_id, opened_at desc)`.execute(db);

  await db.schema
    .createTable('survey_questions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('campaign_id', 'uuid', (c) => c.notNull().references('survey_campaigns.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('prompt', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('hours', 'choices', 'text')`))
    .addColumn('options', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('is_required', 'boolean', (c) => c.notNull().defaultTo(false))
    .addUniqueConstraint('survey_questions_key', ['campaign_id', 'key'])
    .execute();

  await db.schema
    .createTable('survey_responses')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('campaign_id', 'uuid', (c) => c.notNull().references('survey_campaigns.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    // The respondent's department when they (last) answered: results aggregate by it.
    .addColumn('department_id', 'uuid', (c) => c.references('departments.id'))
    .addColumn('answers', 'jsonb', (c) => c.notNull())
    .addColumn('weekly_hours', 'numeric(6, 2)', (c) => c.notNull().check(sql`weekly_hours >= 0`))
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('survey_responses_one_per_person', ['campaign_id', 'person_id'])
    .execute();

  await sql`create index use_cases_search on use_cases using gin (to_tsvector('simple'::regconfig, title || ' ' || task || ' ' || workflow))`.execute(db);
  await sql`create index use_cases_tags on use_cases using gin (tags)`.execute(db);

  await db.schema
    .createTable('participation_rules')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('share_use_case')`))
    .addColumn('applies_to', 'text', (c) => c.notNull().check(sql`applies_to in ('permanent_premium', 'premium')`))
    .addColumn('is_enabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('required_count', 'integer', (c) => c.notNull().check(sql`required_count between 1 and 20`))
    .addColumn('window_days', 'integer', (c) => c.notNull().check(sql`window_days between 7 and 366`))
    .addColumn('grace_days', 'integer', (c) => c.notNull().check(sql`grace_days between 0 and 180`))
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('updated_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('participation_rules_one_per_kind', ['org_id', 'kind'])
    .execute();

  await db.schema
    .createTable('compliance_exemptions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('rule_id', 'uuid', (c) => c.notNull().references('participation_rules.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`length(btrim(reason)) >= 10`))
    .addColumn('valid_until', 'date')
    .addColumn('granted_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('revoke_reason', 'text')
    .execute();
  await sql`create unique index compliance_exemptions_one_active on compliance_exemptions (rule_id, person_id) where revoked_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['compliance_exemptions', 'participation_rules', 'survey_responses', 'survey_questions', 'survey_campaigns']) await db.schema.dropTable(t).ifExists().execute();
  await sql`drop index if exists use_cases_search`.execute(db);
  await sql`drop index if exists use_cases_tags`.execute(db);
  await db.schema.alterTable('people').dropColumn('title').execute();
}
