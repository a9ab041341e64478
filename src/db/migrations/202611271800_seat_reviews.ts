import { sql, type Kysely } from 'kysely';

// Humane reclaim: a downgrade or conversion to leases first asks the person (seat_reviews); dismissed
// recommendations stay quiet for a while; recorded leave protects people from reclaim lists.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('seat_reviews')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('downgrade', 'convert_to_lease')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('asked', 'kept', 'released', 'expired')`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('deadline', 'timestamptz', (c) => c.notNull())
    .addColumn('keep_reason', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('responded_at', 'timestamptz')
    .execute();
  await sql`create unique index seat_reviews_one_open on seat_reviews (person_id) where status = 'asked'`.execute(db);

  await db.schema
    .createTable('recommendation_dismissals')
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('until', 'date', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('recommendation_dismissals_pkey', ['org_id', 'person_id', 'kind'])
    .execute();

  await db.schema
    .createTable('leaves')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('leaves_dates_check', sql`ends_on >= starts_on`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['leaves', 'recommendation_dismissals', 'seat_reviews']) await db.schema.dropTable(t).ifExists().execute();
}
