import { createAppContext, type AppContext } from './app/context.ts';
import { seedDemoCompany } from './app/demo/seed-demo-company.ts';
import { ensureDefaultCatalog } from './app/seats/ensure-catalog.ts';
import type { Config } from './config/env.ts';
import { openDatabase, type DatabaseHandle } from './db/client.ts';
import { migrateToLatest } from './db/migrate.ts';

export type Runtime = Readonly<{ config: Config; handle: DatabaseHandle; ctx: AppContext; appliedMigrations: readonly string[]; close: () => Promise<void> }>;

/** Opens the configured database (embedded PGlite or PostgreSQL) and applies pending migrations. */
export async function openRuntime(config: Config, options: { command: string }): Promise<Runtime> {
  const target = config.database.kind === 'embedded' ? { kind: 'embedded' as const, dataDir: config.database.dataDir } : { kind: 'postgres' as const, url: config.database.url };
  const handle = await openDatabase(target, { lockInfo: { command: options.command } });
  try {
    const { applied } = await migrateToLatest(handle.db);
    const ctx = createAppContext(handle.db);
    await ensureDefaultCatalog(ctx);
    return { config, handle, ctx, appliedMigrations: applied, close: handle.close };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Loads the demo company into an empty database when configured to. */
export async function seedDemoIfEmpty(runtime: Runtime) {
  if (!runtime.config.shouldSeedDemo) return undefined;
  return seedDemoCompany(runtime.ctx);
}
