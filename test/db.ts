import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createAppContext, type AppContext } from '../src/app/context.ts';
import { openDatabase, type DatabaseHandle } from '../src/db/client.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { withDatabase } from './global-setup.ts';

export type TestDatabase = Readonly<{ url: string; name: string; handle: DatabaseHandle; ctx: AppContext; drop: () => Promise<void> }>;

/**
 * A fresh PostgreSQL database for one test file, cloned from the migrated template (fast, isolated).
 * `template` clones another test database instead (it must have no open connections).
 */
export async function createTestDatabase(options: { now?: () => Date; template?: string } = {}): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `seatwise_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}" template "${options.template ?? inject('pgTemplate')}"`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const handle = await openDatabase({ kind: 'postgres', url });
  const ctx = createAppContext(handle.db, options.now);
  return {
    url,
    name,
    handle,
    ctx,
    drop: async () => {
      await handle.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      // Pools that were just ended (the service's, pg-boss's) may still be closing their sockets: let
      // them go before forcing, or a connection killed mid-close reports 57P01 as an unhandled error.
      for (let i = 0; i < 40; i++) {
        const open = await a.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (open.rows[0]!.n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await a.query(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

/** A fresh in-memory PGlite database with all migrations applied. */
export async function createPgliteDatabase(options: { now?: () => Date } = {}) {
  const handle = await openDatabase({ kind: 'memory' });
  await migrateToLatest(handle.db);
  return { handle, ctx: createAppContext(handle.db, options.now), drop: () => handle.close() };
}

/**
 * Resolves once a backend of `db`'s database waits for a lock (a transaction the test started is
 * blocked), so a test can interleave transactions deterministically instead of by timing.
 */
export async function untilBlockedOnLock(db: { handle: DatabaseHandle }, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db.handle.db);
    if (waiting.rows[0]!.n > 0) return;
    if (Date.now() > deadline) throw new Error('nothing waited for a lock');
    await new Promise((r) => setTimeout(r, 25));
  }
}
