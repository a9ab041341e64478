import { sql, type Kysely } from 'kysely';

/**
 * Runs statements on one connection with triggers off (`session_replication_role = replica`, superuser
 * only): what someone holding the database owner's password could do behind the application's back.
 */
export async function tamper(db: Kysely<any>, ...statements: ReturnType<typeof sql>[]): Promise<void> {
  await db.connection().execute(async (conn) => {
    await sql`set session_replication_role = replica`.execute(conn);
    try {
      for (const s of statements) await s.execute(conn);
    } finally {
      await sql`set session_replication_role = origin`.execute(conn);
    }
  });
}
