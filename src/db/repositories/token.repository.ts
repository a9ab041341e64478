import { sql } from 'kysely';
import type { Database } from '../client.ts';
import { compiledOnce } from '../prepared.ts';
import type { Role } from '../../domain/roles.ts';
import type { ApiToken } from './types.ts';

/** An active person of the primary organization with their role grants: who a request acts as. */
export type PersonIdentity = Readonly<{ orgId: string; personId: string; grants: ReadonlyArray<Readonly<{ role: Role; departmentId: string | null }>> }>;

const COLUMNS = ['id', 'orgId', 'personId', 'name', 'prefix', 'createdAt', 'lastUsedAt', 'expiresAt', 'revokedAt'] as const;

/** The installation's organization: the oldest (as `organizations.findPrimary`). */
const primaryOrgId = sql<string>`(select o.id from organizations o order by o.created_at limit 1)`;
/** A person's role grants ordered by role, as JSON (`p` is the person). */
const grantsOf = sql<Array<{ role: Role; departmentId: string | null }>>`coalesce((select json_agg(json_build_object('role', g.role, 'departmentId', g.department_id) order by g.role, g.department_id) from role_grants g where g.org_id = p.org_id and g.person_id = p.id), '[]'::json)`.as('grants');

export function createTokenRepository(db: Database) {
  // Every authenticated request runs one of these two: compiled once, prepared once per connection.
  const identityByToken = compiledOnce('seatwise_identity_by_token', ['\u0000token hash', new Date(0)] as [string, Date], (tokenHash, asOf) =>
    db
      .selectFrom('apiTokens as t')
      .innerJoin('people as p', (j) => j.onRef('p.id', '=', 't.personId').onRef('p.orgId', '=', 't.orgId'))
      .select(['t.id as tokenId', 't.lastUsedAt', 'p.orgId', 'p.id as personId', grantsOf])
      .where('t.tokenHash', '=', tokenHash)
      .where('t.revokedAt', 'is', null)
      .where((w) => w.or([w('t.expiresAt', 'is', null), w('t.expiresAt', '>', asOf)]))
      .where('p.status', '=', 'active')
      .where('p.orgId', '=', primaryOrgId)
      .compile(),
  );
  const identityByPerson = compiledOnce('seatwise_identity_by_person', ['\u0000person id'] as [string], (personId) =>
    db.selectFrom('people as p').select(['p.orgId', 'p.id as personId', grantsOf]).where('p.id', '=', personId).where('p.status', '=', 'active').where('p.orgId', '=', primaryOrgId).compile(),
  );
  return {
    async insert(input: { orgId: string; personId: string; name: string; tokenHash: string; prefix: string; expiresAt: Date | null }): Promise<ApiToken> {
      return db.insertInto('apiTokens').values(input).returning([...COLUMNS]).executeTakeFirstOrThrow();
    },
    /**
     * In one statement: the live token with this hash (not revoked, not expired at `asOf`), its person
     * if active in the primary organization, and the person's role grants. Records use at most once a
     * minute. Undefined when any part is missing.
     */
    async findIdentityByHash(tokenHash: string, asOf: Date): Promise<PersonIdentity | undefined> {
      const [row] = (await db.executeQuery(identityByToken(tokenHash, asOf))).rows;
      if (!row) return undefined;
      if (!row.lastUsedAt || asOf.getTime() - row.lastUsedAt.getTime() > 60_000) {
        await db.updateTable('apiTokens').set({ lastUsedAt: asOf }).where('id', '=', row.tokenId).execute();
      }
      return { orgId: row.orgId, personId: row.personId, grants: row.grants };
    },
    /** In one statement: an active person of the primary organization with their role grants (a signed-in session). */
    async findIdentity(personId: string): Promise<PersonIdentity | undefined> {
      return (await db.executeQuery(identityByPerson(personId))).rows[0];
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
