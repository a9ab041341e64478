import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { openDatabase } from '../src/db/client.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

/** PostgreSQL the tests use; each test file gets its own database cloned from a migrated template. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TEMPLATE = `seatwise_tpl_${process.pid}`;

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`Tests need PostgreSQL at ${TEST_DATABASE_URL} (set TEST_DATABASE_URL): ${(error as Error).message}`);
  }
  // Leftovers of runs that were killed.
  const stale = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'seatwise_t%'`);
  for (const { datname } of stale.rows) {
    const pid = /^seatwise_(?:tpl|t)_(\d+)/.exec(datname)?.[1];
    if (pid && isAlive(Number(pid))) continue;
    await admin.query(`drop database if exists "${datname}" with (force)`);
  }
  await admin.query(`create database "${TEMPLATE}"`);
  const handle = await openDatabase({ kind: 'postgres', url: withDatabase(TEST_DATABASE_URL, TEMPLATE), poolSize: 1 });
  await migrateToLatest(handle.db);
  await handle.close();
  project.provide('pgAdminUrl', TEST_DATABASE_URL);
  project.provide('pgTemplate', TEMPLATE);
  return async () => {
    await admin.query(`drop database if exists "${TEMPLATE}" with (force)`);
    await admin.end();
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
