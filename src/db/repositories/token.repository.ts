import { sql } from 'kysely';
import type { Database } from '../client.ts';
import type { ApiToken } from './types.ts';

const COLUMNS = ['id', 'orgId', 'personId', 'name', 'prefix', 'createdAt', 'lastUsedAt', 'expiresAt', 'revokedAt'] as const;

export function createTokenRepository(db: Database) {
  return {
    async insert(input: { orgId: string; personId: string; name: string; tokenHash: string; prefix: string; expiresAt: Date | null }): Promise<ApiToken> {
      return db.insertInto('apiTokens').values(input).returning([...COLUMNS]).executeTakeFirstOrThrow();
    },
    /** A live token by hash: not revoked and not expired at `asOf`. Records use at most once a minute. */
    async findLiveByHash(tokenHash: string, asOf: Date): Promise<ApiToken | undefined> {
      const token = await db
        .selectFrom('apiTokens')
        .select([...COLUMNS])
        .where('tokenHash', '=', tokenHash)
        .where('revokedAt', 'is', null)
        .where((w) => w.or([w('expiresAt', 'is', null), w('expiresAt', '>', asOf)]))
        .executeTakeFirst();
      if (token && (!token.lastUsedAt || asOf.getTime() - token.lastUsedAt.getTime() > 60_000)) {
        await db.updateTable('apiTokens').set({ lastUsedAt: asOf }).where('id', '=', token.id).execute();
      }
      return token;
    },
    async listByPerson(orgId: string, personId: string): Promise<ApiToken[]> {
      return db.selectFrom('apiTokens').select([...COLUMNS]).where('orgId', '=', orgId).where('personId', '=', personId).orderBy('createdAt', 'desc').execute();
    },
    async revoke(orgId: string, personId: string, id: string): Promise<ApiToken | undefined> {
      return db
        .updateTable('apiTokens')
        .set({ revokedAt: sql`now()` })
        .where('orgId', '=', orgId)
        .where('personId', '=', personId)
        .where('id', '=', id)
        .where('revokedAt', 'is', null)
        .returning([...COLUMNS])
        .executeTakeFirst();
    },
  };
}
export type TokenRepository = ReturnType<typeof createTokenRepository>;
