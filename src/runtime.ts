import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
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

/**
 * The signing secret: SEATWISE_SECRET when set, otherwise one generated on first start and kept
 * (mode 0600) in the data folder so sessions survive restarts.
 */
export function resolveSecret(config: Config): string {
  if (config.secret) return config.secret;
  const file = path.join(config.dataDir, 'secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

/** Loads the demo company into an empty database when configured to. */
export async function seedDemoIfEmpty(runtime: Runtime) {
  if (!runtime.config.shouldSeedDemo) return undefined;
  return seedDemoCompany(runtime.ctx);
}
