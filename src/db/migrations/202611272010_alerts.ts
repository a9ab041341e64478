import { sql, type Kysely } from 'kysely';

// Burn-rate guardrails and alert delivery (docs/guardrails.md):
// - alert_channels: Slack-compatible webhooks and SMTP e-mail, each speaking for an audience (owner,
//   finance, department lead), optionally scoped to one department. The URL / SMTP settings are stored
//   encrypted (AES-256-GCM under the app secret); `target_hint` is a redacted label for display.
// - alerts: the history. `dedup_key` is unique per organization, so a condition seen again (every hourly
//   evaluation) never raises a second alert; thresholds fire once per budget period by construction.
// - alert_deliveries: one row per alert, target (channel or person) and escalation level, so a
//   delivery is attempted once per level and failures are retried by the next evaluation.
// - guardrail_pauses: a department whose budget is exhausted has auto-approval paused for the period.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('alert_channels')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('webhook', 'email')`))
    .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('owner', 'finance', 'department_lead')`))
    .addColumn('department_id', 'uuid', (c) => c.references('departments.id').onDelete('cascade'))
    .addColumn('target_hint', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('is_enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index alert_channels_name on alert_channels (org_id, lower(name))`.execute(db);

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('budget_threshold', 'budget_reset', 'surge', 'guardrail_pause', 'test')`))
    .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in ('info', 'warning', 'critical')`))
    .addColumn('department_id', 'uuid', (c) => c.references('departments.id').onDelete('cascade'))
    .addColumn('dedup_key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('period', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('acknowledged_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('acknowledge_note', 'text')
    .execute();
  await sql`create unique index alerts_dedup on alerts (org_id, dedup_key)`.execute(db);
  await sql`create index alerts_recent on alerts (org_id, created_at desc)`.execute(db);
  await sql`create index alerts_open on alerts (org_id) where acknowledged_at is null`.execute(db);

  await db.schema
    .createTable('alert_deliveries')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('alert_id', 'uuid', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('channel_id', 'uuid', (c) => c.references('alert_channels.id').onDelete('set null'))
    // 'channel:<id>' or 'person:<id>' (in-app); kept when a channel is deleted, for the history.
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('error', 'text')
    .addColumn('attempted_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create unique index alert_deliveries_once on alert_deliveries (alert_id, target, level)`.execute(db);

  await db.schema
    .createTable('guardrail_pauses')
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('department_id', 'uuid', (c) => c.notNull().references('departments.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('lifted_at', 'timestamptz')
    .addColumn('lifted_by', 'uuid', (c) => c.references('people.id'))
    .addPrimaryKeyConstraint('guardrail_pauses_pkey', ['org_id', 'department_id', 'period'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['guardrail_pauses', 'alert_deliveries', 'alerts', 'alert_channels']) await db.schema.dropTable(t).ifExists().execute();
}
