import { sql, type ExpressionBuilder } from 'kysely';
import type { Role } from '../../domain/roles.ts';
import type { Database } from '../client.ts';
import type { DB } from '../schema.ts';
import type { Page, PageRequest, Person, PersonWithSeat, RoleGrantRow } from './types.ts';

export type PeopleFilter = Readonly<{
  search?: string;
  departmentId?: string;
  status?: 'active' | 'left';
  tier?: string;
}>;

export type PersonInsert = Readonly<{
  email: string;
  name: string;
  departmentId: string | null;
  jobFamily: string;
  employmentStartDate: string | null;
  title?: string | null;
}>;

export type PersonPatch = Partial<PersonInsert & { status: 'active' | 'left'; leftOn: string | null }>;

const COLUMNS = [
  'people.id',
  'people.orgId',
  'people.email',
  'people.name',
  'people.departmentId',
  'people.jobFamily',
  'people.title',
  'people.employmentStartDate',
  'people.status',
  'people.leftOn',
  'people.createdAt',
  'people.updatedAt',
] as const;

/** The tier a person holds from vendor `vendor` at `asOf`, derived from assignment history. */
function withCurrentTier(eb: ExpressionBuilder<DB, 'people'>, asOf: Date, vendor = 'anthropic') {
  return eb
    .selectFrom('seatAssignments as sa')
    .select('sa.tier')
    .whereRef('sa.personId', '=', 'people.id')
    .where('sa.vendor', '=', vendor)
    .where('sa.validFrom', '<=', asOf)
    .where((w) => w.or([w('sa.validTo', 'is', null), w('sa.validTo', '>', asOf)]))
    .orderBy('sa.validFrom', 'desc')
    .limit(1);
}

function withRoles(eb: ExpressionBuilder<DB, 'people'>) {
  return eb
    .selectFrom('roleGrants as g')
    .select(sql<Role[]>`coalesce(array_agg(distinct g.role::text order by g.role::text), '{}')`.as('roles'))
    .whereRef('g.personId', '=', 'people.id')
    .as('roles');
}

export function createPersonRepository(db: Database) {
  const base = (orgId: string) =>
    db
      .selectFrom('people')
      .leftJoin('departments', 'departments.id', 'people.departmentId')
      .select([...COLUMNS, 'departments.name as departmentName'])
      .where('people.orgId', '=', orgId);

  return {
    async list(orgId: string, filter: PeopleFilter, page: PageRequest, asOf: Date): Promise<Page<PersonWithSeat>> {
      let query = base(orgId);
      if (filter.search) {
        const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where((w) => w.or([w('people.name', 'ilike', pattern), w('people.email', 'ilike', pattern)]));
      }
      if (filter.departmentId) query = query.where('people.departmentId', '=', filter.departmentId);
      if (filter.status) query = query.where('people.status', '=', filter.status);
      if (filter.tier) query = query.where((eb) => eb(withCurrentTier(eb, asOf), '=', filter.tier!));
      const filtered = query;
      const [items, total] = await Promise.all([
        filtered
          .select((eb) => [withCurrentTier(eb, asOf).as('currentTier'), withRoles(eb)])
          .orderBy('people.name')
          .orderBy('people.id')
          .limit(page.limit)
          .offset(page.offset)
          .execute(),
        filtered.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: items.map(toPersonWithSeat), total: Number(total.n), limit: page.limit, offset: page.offset };
    },
    async findById(orgId: string, id: string, asOf: Date): Promise<PersonWithSeat | undefined> {
      const row = await base(orgId)
        .select((eb) => [withCurrentTier(eb, asOf).as('currentTier'), withRoles(eb)])
        .where('people.id', '=', id)
        .executeTakeFirst();
      return row ? toPersonWithSeat(row) : undefined;
    },
    async findByEmail(orgId: string, email: string): Promise<Person | undefined> {
      const row = await base(orgId).where(sql`lower(people.email)`, '=', email.toLowerCase()).executeTakeFirst();
      return row as Person | undefined;
    },
    /** People by id; with `forShare`, their rows are locked against changes until the transaction ends. */
    async findManyByIds(orgId: string, ids: readonly string[], options: { forShare?: boolean } = {}): Promise<Person[]> {
      if (ids.length === 0) return [];
      const query = base(orgId).where('people.id', 'in', [...ids]);
      const rows = await (options.forShare ? query.forShare('people') : query).execute();
      return rows as Person[];
    },
    async findManyByEmails(orgId: string, emails: readonly string[]): Promise<Person[]> {
      if (emails.length === 0) return [];
      const rows = await base(orgId).where(sql`lower(people.email)`, 'in', emails.map((e) => e.toLowerCase())).execute();
      return rows as Person[];
    },
    /** Locks a person row for the rest of the transaction (serializes seat changes per person). */
    async lockById(orgId: string, id: string): Promise<boolean> {
      const row = await db.selectFrom('people').select('id').where('orgId', '=', orgId).where('id', '=', id).forUpdate().executeTakeFirst();
      return row !== undefined;
    },
    async insert(orgId: string, input: PersonInsert): Promise<string> {
      const row = await db.insertInto('people').values({ orgId, ...input }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },
    async insertMany(orgId: string, inputs: readonly PersonInsert[]): Promise<string[]> {
      if (inputs.length === 0) return [];
      const rows = await db.insertInto('people').values(inputs.map((p) => ({ orgId, ...p }))).returning('id').execute();
      return rows.map((r) => r.id);
    },
    async update(orgId: string, id: string, patch: PersonPatch): Promise<boolean> {
      const result = await db
        .updateTable('people')
        .set({ ...patch, updatedAt: sql`now()` })
        .where('orgId', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async count(orgId: string): Promise<number> {
      const row = await db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).where('orgId', '=', orgId).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async listRoleGrants(orgId: string, personId: string): Promise<RoleGrantRow[]> {
      return db
        .selectFrom('roleGrants')
        .select(['id', 'personId', 'role', 'departmentId'])
        .where('orgId', '=', orgId)
        .where('personId', '=', personId)
        .orderBy('role')
        .execute() as Promise<RoleGrantRow[]>;
    },
    async grantRole(orgId: string, personId: string, role: Role, departmentId: string | null): Promise<boolean> {
      const result = await db
        .insertInto('roleGrants')
        .values({ orgId, personId, role, departmentId })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    /** Active people holding any of `roles` (scoped to a department for dept_lead when given). */
    async listIdsWithRole(orgId: string, roles: readonly Role[], departmentId?: string): Promise<string[]> {
      let q = db
        .selectFrom('roleGrants as g')
        .innerJoin('people as p', 'p.id', 'g.personId')
        .select('g.personId')
        .distinct()
        .where('g.orgId', '=', orgId)
        .where('p.status', '=', 'active')
        .where('g.role', 'in', [...roles]);
      if (departmentId) q = q.where((w) => w.or([w('g.departmentId', '=', departmentId), w('g.role', '!=', 'dept_lead')]));
      return (await q.execute()).map((r) => r.personId);
    },
    /** Demo login list: every active person with their roles, leads and admins first. */
    async listWithRoles(orgId: string): Promise<Array<Person & { roles: Role[] }>> {
      const rows = await base(orgId)
        .select((eb) => withRoles(eb))
        .where('people.status', '=', 'active')
        .orderBy('people.name')
        .execute();
      return rows.map((r) => ({ ...(r as Person), roles: (r.roles ?? []) as Role[] }));
    },
  };
}
export type PersonRepository = ReturnType<typeof createPersonRepository>;

function toPersonWithSeat(row: Record<string, unknown>): PersonWithSeat {
  const { currentTier, roles, ...person } = row as Person & { currentTier: string | null; roles: Role[] | null };
  return { ...person, currentTier: currentTier ?? null, roles: roles ?? [] };
}
