import { Migrator, type MigrationResult } from 'kysely';
import type { Database } from './client.ts';
import { MIGRATIONS } from './migrations/index.ts';

export type MigrateOutcome = Readonly<{ applied: readonly string[] }>;

/** Applies every pending migration; throws with the failing migration's name if one fails. */
export async function migrateToLatest(db: Database): Promise<MigrateOutcome> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
  const { error, results } = await migrator.migrateToLatest();
  const applied = (results ?? []).filter((r: MigrationResult) => r.status === 'Success').map((r) => r.migrationName);
  if (error) {
    const failed = (results ?? []).find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return { applied };
}
