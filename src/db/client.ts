import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';
import { PGliteDialect, PGliteSessionLock } from './pglite-dialect.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { acceptCopyIn } from './copy-in.ts';
import { acceptPrepared } from './prepared.ts';

export type Database = Kysely<DB>;

export type DatabaseTarget =
  | Readonly<{ kind: 'embedded'; dataDir: string }>
  | Readonly<{ kind: 'memory' }>
  | Readonly<{ kind: 'postgres'; url: string; poolSize?: number }>;

export type DatabaseHandle = Readonly<{
  db: Database;
  kind: DatabaseTarget['kind'];
  /** Raw PGlite instance and its session lock when embedded (pg-boss shares them); undefined on PostgreSQL. */
  pglite: PGlite | undefined;
  pgliteLock: PGliteSessionLock | undefined;
  lock: DataDirLock | undefined;
  close: () => Promise<void>;
}>;

// Identical JS shapes on both drivers: dates as 'YYYY-MM-DD' strings (no time-zone shifts),
// bigint counts as numbers (counts and token totals stay far below 2^53), numeric as exact strings.
const OID = { INT8: 20, DATE: 1082, NUMERIC: 1700 } as const;
const identity = (value: string) => value;

/** Opens a database: PGlite in a data folder (locked to this process), in memory, or PostgreSQL. */
export async function openDatabase(
  target: DatabaseTarget,
  options: { lockInfo?: Record<string, unknown> } = {},
): Promise<DatabaseHandle> {
  const plugins = [new CamelCasePlugin()];
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === OID.INT8) return (v: string) => Number(v);
          if (oid === OID.DATE || oid === OID.NUMERIC) return identity;
          return pg.types.getTypeParser(oid, format as 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    // An idle client can lose its connection (server restart, database dropped); the next query on it
    // fails and reports that. Without a listener the pool's 'error' event would crash the process.
    pool.on('error', () => {});
    // Bulk loads (the CSV usage import) stream rows with COPY through the transaction's own client;
    // the hottest statements (authentication) are prepared once per connection.
    pool.on('connect', (client) => {
      acceptCopyIn(client);
      acceptPrepared(client);
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
    return { db, kind: 'postgres', pglite: undefined, pgliteLock: undefined, lock: undefined, close: () => db.destroy() };
  }

  let lock: DataDirLock | undefined;
  let dataDir: string | undefined;
  if (target.kind === 'embedded') {
    fs.mkdirSync(target.dataDir, { recursive: true });
    lock = acquireDataDirLock(target.dataDir, options.lockInfo ?? {});
    dataDir = path.join(path.resolve(target.dataDir), 'pgdata');
  }
  try {
    const pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      parsers: {
        [pgliteTypes.INT8]: (v: string) => Number(v),
        [pgliteTypes.DATE]: identity,
        [pgliteTypes.NUMERIC]: identity,
      },
    });
    const pgliteLock = new PGliteSessionLock();
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite, pgliteLock), plugins });
    return {
      db,
      kind: target.kind,
      pglite,
      pgliteLock,
      lock,
      close: async () => {
        await db.destroy();
        await pglite.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/** True when the database answers a trivial query. */
export async function isDatabaseReachable(db: Database): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
