import type { Database } from '../client.ts';

export type FairnessPersonRow = Readonly<{
  id: string;
  name: string;
  departmentId: string | null;
  departmentName: string | null;
  jobFamily: string;
  employmentStartDate: string | null;
  status: string;
  leftOn: string | null;
}>;

export type FairnessLeaseRow = Readonly<{
  id: string;
  personId: string;
  status: string;
  project: string | null;
  requestedAt: Date;
  decidedAt: Date | null;
  startsAt: Date;
  endsAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
}>;

/** Reads for the fairness audit: people with their audit-only attributes, premium intervals, requests. */
export function createFairnessRepository(db: Database) {
  return {
    /** People employed at some point of [from, to): active ones and those who left on or after `from`. */
    async listPeople(orgId: string, from: string): Promise<FairnessPersonRow[]> {
      return db
        .selectFrom('people')
        .leftJoin('departments', 'departments.id', 'people.departmentId')
        .select(['people.id', 'people.name', 'people.departmentId', 'departments.name as departmentName', 'people.jobFamily', 'people.employmentStartDate', 'people.status', 'people.leftOn'])
        .where('people.orgId', '=', orgId)
        .where((eb) => eb.or([eb('people.status', '=', 'active'), eb('people.leftOn', '>=', from)]))
        .orderBy('people.name')
        .execute();
    },
    /** Intervals in which people held a tier of a line, overlapping [from, to). */
    async listTierIntervals(orgId: string, line: { vendor: string; plan: string; tier: string }, from: Date, to: Date): Promise<Array<{ personId: string; validFrom: Date; validTo: Date | null }>> {
      return db
        .selectFrom('seatAssignments')
        .select(['personId', 'validFrom', 'validTo'])
        .where('orgId', '=', orgId)
        .where('vendor', '=', line.vendor)
        .where('plan', '=', line.plan)
        .where('tier', '=', line.tier)
        .where('validFrom', '<', to)
        .where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>', from)]))
        .execute();
    },
    /** Requests made since `from`, plus every request still open or holding a seat (scheduled work). */
    async listLeases(orgId: string, from: Date): Promise<FairnessLeaseRow[]> {
      return db
        .selectFrom('leases')
        .select(['id', 'personId', 'status', 'project', 'requestedAt', 'decidedAt', 'startsAt', 'endsAt', 'startedAt', 'endedAt'])
        .where('orgId', '=', orgId)
        .where((eb) => eb.or([eb('requestedAt', '>=', from), eb('status', 'in', ['requested', 'waitlisted', 'scheduled', 'active'])]))
        .orderBy('requestedAt')
        .execute();
    },
  };
}
