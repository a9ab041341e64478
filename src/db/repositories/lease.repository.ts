import { sql } from 'kysely';
import type { LeaseEndReason, LeaseStatus } from '../../domain/leases.ts';
import type { Database } from '../client.ts';
import type { Page, PageRequest } from './types.ts';

export type Lease = Readonly<{
  id: string;
  orgId: string;
  personId: string;
  personName: string;
  personEmail: string;
  departmentId: string;
  departmentName: string;
  vendor: string;
  plan: string;
  tier: string;
  startsAt: Date;
  endsAt: Date;
  requestedEndsAt: Date;
  reason: string;
  project: string | null;
  deadline: string | null;
  status: LeaseStatus;
  endReason: LeaseEndReason | null;
  queue: 'lead' | 'owner' | null;
  priority: number;
  requestedBy: string | null;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionRule: string | null;
  decisionNote: string | null;
  decisionInputs: unknown;
  policyVersion: number | null;
  reclaimNoticeAt: Date | null;
  remindedAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
}>;

export type LeaseInsert = Readonly<{
  personId: string;
  departmentId: string;
  vendor: string;
  plan: string;
  tier: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  project: string | null;
  deadline: string | null;
  status: LeaseStatus;
  queue: 'lead' | 'owner' | null;
  priority: number;
  requestedBy: string | null;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionRule: string;
  decisionNote: string | null;
  decisionInputs: unknown;
  policyVersion: number;
}>;

export type LeasePatch = Partial<{
  status: LeaseStatus;
  endReason: LeaseEndReason | null;
  startsAt: Date;
  endsAt: Date;
  queue: 'lead' | 'owner' | null;
  priority: number;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionRule: string;
  decisionNote: string | null;
  decisionInputs: unknown;
  policyVersion: number;
  reclaimNoticeAt: Date | null;
  remindedAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
}>;

export type LeaseFilter = Readonly<{ personId?: string; departmentId?: string; statuses?: readonly LeaseStatus[]; queue?: 'lead' | 'owner' }>;

export type LeaseExtension = Readonly<{ id: string; leaseId: string; newEndsAt: Date; reason: string; status: 'requested' | 'approved' | 'denied'; requestedAt: Date; decidedBy: string | null; decidedAt: Date | null; decisionRule: string | null; decisionNote: string | null }>;

const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));

export function createLeaseRepository(db: Database) {
  const base = (orgId: string) =>
    db
      .selectFrom('leases')
      .innerJoin('people', 'people.id', 'leases.personId')
      .innerJoin('departments', 'departments.id', 'leases.departmentId')
      .selectAll('leases')
      .select(['people.name as personName', 'people.email as personEmail', 'departments.name as departmentName'])
      .where('leases.orgId', '=', orgId);

  const updateLease = (orgId: string, id: string, patch: LeasePatch) => {
    const { decisionInputs, ...rest } = patch;
    return db
      .updateTable('leases')
      .set({ ...rest, ...(decisionInputs !== undefined ? { decisionInputs: json(decisionInputs) } : {}) })
      .where('orgId', '=', orgId)
      .where('id', '=', id);
  };

  const filtered = (orgId: string, filter: LeaseFilter) => {
    let q = base(orgId);
    if (filter.personId) q = q.where('leases.personId', '=', filter.personId);
    if (filter.departmentId) q = q.where('leases.departmentId', '=', filter.departmentId);
    if (filter.statuses?.length) q = q.where('leases.status', 'in', [...filter.statuses]);
    if (filter.queue) q = q.where('leases.queue', '=', filter.queue);
    return q;
  };

  return {
    async list(orgId: string, filter: LeaseFilter, page: PageRequest): Promise<Page<Lease>> {
      const q = filtered(orgId, filter);
      const [items, total] = await Promise.all([
        q.orderBy('leases.startsAt', 'desc').orderBy('leases.id').limit(page.limit).offset(page.offset).execute(),
        q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: items as Lease[], total: Number(total.n), limit: page.limit, offset: page.offset };
    },
    async listAll(orgId: string, filter: LeaseFilter): Promise<Lease[]> {
      return filtered(orgId, filter).orderBy('leases.requestedAt').orderBy('leases.id').execute() as Promise<Lease[]>;
    },
    async find(orgId: string, id: string): Promise<Lease | undefined> {
      return base(orgId).where('leases.id', '=', id).executeTakeFirst() as Promise<Lease | undefined>;
    },
    /** Locks the lease row for the transaction and returns it. */
    async lock(orgId: string, id: string): Promise<Lease | undefined> {
      const row = await db.selectFrom('leases').select('id').where('orgId', '=', orgId).where('id', '=', id).forUpdate().executeTakeFirst();
      return row ? ((await base(orgId).where('leases.id', '=', id).executeTakeFirst()) as Lease) : undefined;
    },
    /** What admission needs of the premium leases that hold or book a seat and overlap any of the windows (each [from, to), to null: open). */
    async listHoldsIn(orgId: string, line: { vendor: string; plan: string; tier: string }, windows: ReadonlyArray<{ from: Date; to: Date | null }>): Promise<Array<{ id: string; departmentId: string; startsAt: Date; endsAt: Date; priority: number; requestedAt: Date }>> {
      if (windows.length === 0) return [];
      return db
        .selectFrom('leases')
        .select(['id', 'departmentId', 'startsAt', 'endsAt', 'priority', 'requestedAt'])
        .where('orgId', '=', orgId)
        .where('vendor', '=', line.vendor)
        .where('plan', '=', line.plan)
        .where('tier', '=', line.tier)
        .where('status', 'in', ['scheduled', 'active'])
        .where((w) => w.or(windows.map((win) => (win.to ? w.and([w('endsAt', '>', win.from), w('startsAt', '<', win.to)]) : w('endsAt', '>', win.from)))))
        .execute();
    },
    /** The leases of these people that are pending or hold a seat (requested, waitlisted, scheduled, active). */
    async listLiveForPeople(orgId: string, personIds: readonly string[]): Promise<Array<{ id: string; personId: string; startsAt: Date; endsAt: Date }>> {
      if (personIds.length === 0) return [];
      return db
        .selectFrom('leases')
        .select(['id', 'personId', 'startsAt', 'endsAt'])
        .where('orgId', '=', orgId)
        .where('personId', 'in', [...personIds])
        .where('status', 'in', ['requested', 'waitlisted', 'scheduled', 'active'])
        .execute();
    },
    async findMany(orgId: string, ids: readonly string[]): Promise<Lease[]> {
      if (ids.length === 0) return [];
      return base(orgId).where('leases.id', 'in', [...ids]).execute() as Promise<Lease[]>;
    },
    /** Inserts leases already decided (ids chosen by the caller), in one statement. */
    async insertMany(orgId: string, leases: ReadonlyArray<LeaseInsert & { id: string; startedAt?: Date | null }>): Promise<void> {
      if (leases.length === 0) return;
      await db
        .insertInto('leases')
        .values(leases.map((lease) => ({ orgId, ...lease, requestedEndsAt: lease.endsAt, decisionInputs: json(lease.decisionInputs) ?? null })))
        .execute();
    },
    async insert(orgId: string, lease: LeaseInsert): Promise<string> {
      const row = await db
        .insertInto('leases')
        .values({ orgId, ...lease, requestedEndsAt: lease.endsAt, decisionInputs: json(lease.decisionInputs) ?? null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async update(orgId: string, id: string, patch: LeasePatch): Promise<void> {
      await updateLease(orgId, id, patch).execute();
    },
    /** Moves a lease from one status to another only if it is still in `from`; true when this call did it. */
    async updateIfStatus(orgId: string, id: string, from: LeaseStatus, patch: LeasePatch): Promise<boolean> {
      const result = await updateLease(orgId, id, patch).where('status', '=', from).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    /** Leases with a transition due at `now`: scheduled ones that should start, active ones that should end. */
    async listDue(orgId: string, now: Date): Promise<Array<{ id: string; status: LeaseStatus }>> {
      return db
        .selectFrom('leases')
        .select(['id', 'status'])
        .where('orgId', '=', orgId)
        .where((w) => w.or([w.and([w('status', '=', 'scheduled'), w('startsAt', '<=', now)]), w.and([w('status', '=', 'active'), w('endsAt', '<=', now)])]))
        .orderBy('startsAt')
        .execute() as Promise<Array<{ id: string; status: LeaseStatus }>>;
    },
    /** The next instant a scheduled lease starts or an active one ends, after `now`. */
    async nextTransitionAt(orgId: string, now: Date): Promise<Date | undefined> {
      const row = await db
        .selectFrom('leases')
        .select(sql<Date>`min(case when status = 'scheduled' then starts_at else ends_at end)`.as('at'))
        .where('orgId', '=', orgId)
        .where('status', 'in', ['scheduled', 'active'])
        .executeTakeFirst();
      return row?.at && row.at > now ? row.at : undefined;
    },
    async insertExtension(orgId: string, ext: { leaseId: string; newEndsAt: Date; reason: string; status: 'requested' | 'approved' | 'denied'; decidedBy: string | null; decidedAt: Date | null; decisionRule: string; decisionNote: string | null }): Promise<LeaseExtension> {
      return db.insertInto('leaseExtensions').values({ orgId, ...ext }).returningAll().executeTakeFirstOrThrow() as unknown as Promise<LeaseExtension>;
    },
    async findExtension(orgId: string, id: string): Promise<LeaseExtension | undefined> {
      return db.selectFrom('leaseExtensions').selectAll().where('orgId', '=', orgId).where('id', '=', id).forUpdate().executeTakeFirst() as unknown as Promise<LeaseExtension | undefined>;
    },
    async listExtensions(orgId: string, leaseIds: readonly string[]): Promise<LeaseExtension[]> {
      if (leaseIds.length === 0) return [];
      return db.selectFrom('leaseExtensions').selectAll().where('orgId', '=', orgId).where('leaseId', 'in', [...leaseIds]).orderBy('requestedAt').execute() as unknown as Promise<LeaseExtension[]>;
    },
    async updateExtension(orgId: string, id: string, patch: { status: 'approved' | 'denied'; decidedBy: string | null; decidedAt: Date; decisionRule: string; decisionNote: string | null }): Promise<void> {
      await db.updateTable('leaseExtensions').set(patch).where('orgId', '=', orgId).where('id', '=', id).execute();
    },
  };
}
export type LeaseRepository = ReturnType<typeof createLeaseRepository>;
