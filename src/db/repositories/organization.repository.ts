import { sql } from 'kysely';
import { ADVISORY_LOCKS } from '../advisory-locks.ts';
import type { Database } from '../client.ts';
import type { Organization } from './types.ts';

export function createOrganizationRepository(db: Database) {
  return {
    /** The organization this installation serves (the first one created), if any. */
    async findPrimary(): Promise<Organization | undefined> {
      return db.selectFrom('organizations').select(['id', 'name', 'slug']).orderBy('createdAt').limit(1).executeTakeFirst();
    },
    async findName(id: string): Promise<string | undefined> {
      return (await db.selectFrom('organizations').select('name').where('id', '=', id).executeTakeFirst())?.name;
    },
    async create(input: { name: string; slug: string }): Promise<Organization> {
      return db.insertInto('organizations').values(input).returning(['id', 'name', 'slug']).executeTakeFirstOrThrow();
    },
    async count(): Promise<number> {
      const row = await db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /**
     * Serializes, until the transaction ends, whatever sets up the installation (the default price
     * catalog, demo seeding, `org create`), so processes starting together on an empty database
     * cannot both seed it.
     */
    async lockInstallation(): Promise<void> {
      await sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.installation}::bigint)`.execute(db);
    },
    truncateAllData: () => truncateAllData(db),
  };
}
export type OrganizationRepository = ReturnType<typeof createOrganizationRepository>;

/** Empties every table of the service (demo reset). TRUNCATE bypasses the audit row triggers by design. */
export async function truncateAllData(db: Database): Promise<void> {
  await sql`truncate table leaves, recommendation_dismissals, seat_reviews, ingest_tokens, copilot_seats, otel_series, connector_states, usage_unmatched_daily, unmatched_identities, usage_imports, idempotency_keys, notifications, lease_extensions, seat_assignments, leases, policies, department_quotas, audit_events, api_tokens, usage_daily, seat_inventory, role_grants, people, departments, organizations restart identity cascade`.execute(db);
}
