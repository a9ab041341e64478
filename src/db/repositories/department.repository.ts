import { sql } from 'kysely';
import type { Database } from '../client.ts';
import type { Department, DepartmentStats, PersonRef } from './types.ts';

const COLUMNS = ['departments.id', 'departments.orgId', 'departments.name', 'departments.createdAt', 'departments.updatedAt'] as const;

export function createDepartmentRepository(db: Database) {
  const withStats = (orgId: string, asOf: Date) =>
    db
      .selectFrom('departments')
      .select([...COLUMNS])
      .select((eb) => [
        eb
          .selectFrom('people')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('people.departmentId', '=', 'departments.id')
          .where('people.status', '=', 'active')
          .as('headcount'),
        eb
          .selectFrom('seatAssignments as sa')
          .innerJoin('people as p', 'p.id', 'sa.personId')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('p.departmentId', '=', 'departments.id')
          .where('sa.tier', '=', 'premium')
          .where('sa.validFrom', '<=', asOf)
          .where((w) => w.or([w('sa.validTo', 'is', null), w('sa.validTo', '>', asOf)]))
          .as('premiumSeats'),
        sql<PersonRef[]>`coalesce((select json_agg(json_build_object('id', p.id, 'name', p.name, 'email', p.email) order by p.name)
          from role_grants g join people p on p.id = g.person_id
          where g.department_id = departments.id and g.role = 'dept_lead'), '[]'::json)`.as('leads'),
      ])
      .where('departments.orgId', '=', orgId);

  const toStats = (row: Department & { headcount: number | null; premiumSeats: number | null; leads: PersonRef[] }): DepartmentStats => ({
    ...row,
    headcount: Number(row.headcount ?? 0),
    premiumSeats: Number(row.premiumSeats ?? 0),
    leads: row.leads,
  });

  return {
    async listWithStats(orgId: string, asOf: Date): Promise<DepartmentStats[]> {
      const rows = await withStats(orgId, asOf).orderBy('departments.name').execute();
      return rows.map(toStats);
    },
    async findWithStats(orgId: string, id: string, asOf: Date): Promise<DepartmentStats | undefined> {
      const row = await withStats(orgId, asOf).where('departments.id', '=', id).executeTakeFirst();
      return row ? toStats(row) : undefined;
    },
    async findById(orgId: string, id: string): Promise<Department | undefined> {
      return db.selectFrom('departments').select([...COLUMNS]).where('orgId', '=', orgId).where('id', '=', id).executeTakeFirst();
    },
    async findByName(orgId: string, name: string): Promise<Department | undefined> {
      return db
        .selectFrom('departments')
        .select([...COLUMNS])
        .where('orgId', '=', orgId)
        .where(sql`lower(name)`, '=', name.toLowerCase())
        .executeTakeFirst();
    },
    async listNames(orgId: string): Promise<Map<string, string>> {
      const rows = await db.selectFrom('departments').select(['id', 'name']).where('orgId', '=', orgId).orderBy('name').execute();
      return new Map(rows.map((r) => [r.name, r.id]));
    },
    async create(orgId: string, name: string): Promise<Department> {
      return db.insertInto('departments').values({ orgId, name }).returning([...COLUMNS]).executeTakeFirstOrThrow();
    },
    async rename(orgId: string, id: string, name: string): Promise<Department | undefined> {
      return db
        .updateTable('departments')
        .set({ name, updatedAt: sql`now()` })
        .where('orgId', '=', orgId)
        .where('id', '=', id)
        .returning([...COLUMNS])
        .executeTakeFirst();
    },
  };
}
export type DepartmentRepository = ReturnType<typeof createDepartmentRepository>;
