import { sql, type Kysely } from 'kysely';

// Admission loads only the leases that hold seats and the permanent premium seats; keep both lookups
// independent of how many ended leases and past assignments pile up.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index leases_holding_idx on leases (org_id, ends_at) where status in ('scheduled', 'active')`.execute(db);
  await sql`create index leases_waitlisted_idx on leases (org_id, requested_at) where status = 'waitlisted'`.execute(db);
  await sql`create index seat_assignments_permanent_idx on seat_assignments (org_id, tier, valid_from) where lease_id is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists leases_holding_idx`.execute(db);
  await sql`drop index if exists leases_waitlisted_idx`.execute(db);
  await sql`drop index if exists seat_assignments_permanent_idx`.execute(db);
}
