import type { Database } from '../client.ts';

export type LabPersonRow = Readonly<{
  id: string;
  departmentName: string | null;
  jobFamily: string;
  employmentStartDate: string | null;
  leftOn: string | null;
  isLead: boolean;
}>;

export type LabLeaseRow = Readonly<{ personId: string; departmentName: string | null; project: string | null; startsAt: Date; endsAt: Date }>;

/** Reads for replaying lab policies over the organization's own history (read-only). */
export function createLabRepository(db: Database) {
  return {
    /** People employed at some point on or after `from`: active ones and those who left on or after it. */
    async listPeople(orgId: string, from: string): Promise<LabPersonRow[]> {
      const rows = await db
        .selectFrom('people')
        .leftJoin('departments', 'departments.id', 'people.departmentId')
        .select((eb) => [
          'people.id',
          'departments.name as departmentName',
          'people.jobFamily',
          'people.employmentStartDate',
          'people.leftOn',
          eb.exists(eb.selectFrom('roleGrants').select('roleGrants.id').whereRef('roleGrants.personId', '=', 'people.id').where('roleGrants.role', '=', 'dept_lead')).as('isLead'),
        ])
        .where('people.orgId', '=', orgId)
        .where((eb) => eb.or([eb('people.status', '=', 'active'), eb('people.leftOn', '>=', from)]))
        .orderBy('people.id')
        .execute();
      return rows.map((r) => ({ ...r, isLead: Boolean(r.isLead) }));
    },
    /** Seats bought today on a line (all cadences). */
    async countSeatsPurchased(orgId: string, line: { vendor: string; plan: string; tier: string }): Promise<number> {
      const row = await db
        .selectFrom('seatInventory')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('seatsPurchased'), eb.lit(0)).as('n'))
        .where('orgId', '=', orgId)
        .where('vendor', '=', line.vendor)
        .where('plan', '=', line.plan)
        .where('tier', '=', line.tier)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** Leases asked for work in [from, to): approved or still pending, overlapping the range; the project calendar the history knows. */
    async listWorkLeases(orgId: string, from: Date, to: Date): Promise<LabLeaseRow[]> {
      return db
        .selectFrom('leases')
        .leftJoin('departments', 'departments.id', 'leases.departmentId')
        .select(['leases.personId', 'departments.name as departmentName', 'leases.project', 'leases.startsAt', 'leases.endsAt'])
        .where('leases.orgId', '=', orgId)
        .where('leases.status', 'in', ['requested', 'waitlisted', 'scheduled', 'active', 'ended'])
        .where('leases.startsAt', '<', to)
        .where('leases.endsAt', '>', from)
        .orderBy('leases.startsAt')
        .execute();
    },
  };
}
export type LabRepository = ReturnType<typeof createLabRepository>;
