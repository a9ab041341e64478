import { sql, type Kysely } from 'kysely';

// The organization's calendar: company holidays (office closed), one row per day. The cost forecast
// reads them as a known input: holiday weeks are not replayed as normal weeks and holidays ahead are
// forecast at the share of a normal day the history shows for holidays (docs/forecasting.md).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('org_holidays')
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('org_holidays_pkey', ['org_id', 'day'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('org_holidays').ifExists().execute();
}
