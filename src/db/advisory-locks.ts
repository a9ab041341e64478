import { sql } from 'kysely';
import type { Database } from './client.ts';

/**
 * The PostgreSQL advisory locks the service takes, in one place so no two share a key. Two-key locks
 * are (namespace, hashtext(organization id)); PostgreSQL keeps them apart from single-key locks. The
 * single-key ones are the installation lock below and the telemetry series locks (64-bit hashes of
 * organization and series, otel.repository.ts). All are transaction-scoped (`pg_advisory_xact_lock`),
 * released at COMMIT or ROLLBACK.
 */
export const ADVISORY_LOCKS = {
  /** Linking audit events into an organization's chain (taken by the trigger in migration 202611272020). */
  auditChain: 20261127,
  /** An organization's CSV usage imports, one at a time. */
  usageImport: 20261128,
  /** An organization's quota writers. */
  quotas: 20261129,
  /** Setting up the installation: price catalog, demo seed, `org create` (single key). */
  installation: '2026112701',
} as const;

/** Takes one organization's lock of a namespace until the transaction ends (call inside one). */
export async function lockOrganizationFor(db: Database, namespace: number, orgId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${namespace}, hashtext(${orgId}))`.execute(db);
}
