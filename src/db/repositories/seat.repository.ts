import { sql } from 'kysely';
import type { Cadence } from '../../domain/seats.ts';
import type { Database } from '../client.ts';
import type { Assignment, CatalogEntry, InventoryEntry, Page, PageRequest } from './types.ts';

export type CatalogInsert = Omit<CatalogEntry, 'id'>;

export type InventoryInsert = Readonly<{
  vendor: string;
  plan: string;
  tier: string;
  cadence: Cadence;
  seatsPurchased: number;
  commitmentEndsOn: string | null;
}>;

export type AssignmentFilter = Readonly<{ personId?: string; tier?: string; vendor?: string; isCurrent?: boolean }>;

export type AssignmentInsert = Readonly<{
  personId: string;
  vendor: string;
  plan: string;
  tier: string;
  validFrom: Date;
  validTo: Date | null;
  reason: string | null;
  createdBy: string | null;
}>;

const CATALOG = ['id', 'vendor', 'plan', 'tier', 'cadence', 'pricePerSeatMonth', 'usageMultiplier', 'effectiveFrom', 'effectiveTo', 'source'] as const;
const INVENTORY = ['id', 'orgId', 'vendor', 'plan', 'tier', 'cadence', 'seatsPurchased', 'commitmentEndsOn', 'updatedAt'] as const;
const ASSIGNMENT = [
  'seatAssignments.id',
  'seatAssignments.orgId',
  'seatAssignments.personId',
  'people.name as personName',
  'seatAssignments.vendor',
  'seatAssignments.plan',
  'seatAssignments.tier',
  'seatAssignments.validFrom',
  'seatAssignments.validTo',
  'seatAssignments.reason',
  'seatAssignments.createdBy',
  'seatAssignments.createdAt',
  'seatAssignments.leaseId',
] as const;

export function createSeatRepository(db: Database) {
  const assignments = (orgId: string) =>
    db.selectFrom('seatAssignments').innerJoin('people', 'people.id', 'seatAssignments.personId').select([...ASSIGNMENT]).where('seatAssignments.orgId', '=', orgId);

  return {
    async listCatalog(filter: { vendor?: string; day?: string } = {}): Promise<CatalogEntry[]> {
      let q = db.selectFrom('priceCatalog').select([...CATALOG]);
      if (filter.vendor) q = q.where('vendor', '=', filter.vendor);
      if (filter.day) {
        const day = filter.day;
        q = q.where('effectiveFrom', '<=', day).where((w) => w.or([w('effectiveTo', 'is', null), w('effectiveTo', '>', day)]));
      }
      return q.orderBy('vendor').orderBy('plan').orderBy('tier').orderBy('cadence').orderBy('effectiveFrom').execute() as Promise<CatalogEntry[]>;
    },
    async findCatalogEntry(id: string): Promise<CatalogEntry | undefined> {
      return db.selectFrom('priceCatalog').select([...CATALOG]).where('id', '=', id).executeTakeFirst() as Promise<CatalogEntry | undefined>;
    },
    async insertCatalogEntries(entries: readonly CatalogInsert[]): Promise<CatalogEntry[]> {
      if (entries.length === 0) return [];
      return db.insertInto('priceCatalog').values([...entries]).returning([...CATALOG]).execute() as Promise<CatalogEntry[]>;
    },
    /** Closes the open-ended entry of a price line the day a newer price takes effect. */
    async closeCatalogLine(line: { vendor: string; plan: string; tier: string; cadence: Cadence }, on: string): Promise<void> {
      await db
        .updateTable('priceCatalog')
        .set({ effectiveTo: on })
        .where('vendor', '=', line.vendor)
        .where('plan', '=', line.plan)
        .where('tier', '=', line.tier)
        .where('cadence', '=', line.cadence)
        .where('effectiveTo', 'is', null)
        .where('effectiveFrom', '<', on)
        .execute();
    },
    async countCatalog(): Promise<number> {
      const row = await db.selectFrom('priceCatalog').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async listInventory(orgId: string): Promise<InventoryEntry[]> {
      return db.selectFrom('seatInventory').select([...INVENTORY]).where('orgId', '=', orgId).orderBy('vendor').orderBy('plan').orderBy('tier').orderBy('cadence').execute() as Promise<InventoryEntry[]>;
    },
    async findInventory(orgId: string, id: string): Promise<InventoryEntry | undefined> {
      return db.selectFrom('seatInventory').select([...INVENTORY]).where('orgId', '=', orgId).where('id', '=', id).executeTakeFirst() as Promise<InventoryEntry | undefined>;
    },
    async insertInventory(orgId: string, entry: InventoryInsert): Promise<InventoryEntry> {
      return db.insertInto('seatInventory').values({ orgId, ...entry }).returning([...INVENTORY]).executeTakeFirstOrThrow() as Promise<InventoryEntry>;
    },
    async updateInventory(orgId: string, id: string, patch: Partial<Pick<InventoryInsert, 'seatsPurchased' | 'commitmentEndsOn'>>): Promise<InventoryEntry | undefined> {
      return db
        .updateTable('seatInventory')
        .set({ ...patch, updatedAt: sql`now()` })
        .where('orgId', '=', orgId)
        .where('id', '=', id)
        .returning([...INVENTORY])
        .executeTakeFirst() as Promise<InventoryEntry | undefined>;
    },

    async listAssignments(orgId: string, filter: AssignmentFilter, page: PageRequest, asOf: Date): Promise<Page<Assignment>> {
      let q = assignments(orgId);
      if (filter.personId) q = q.where('seatAssignments.personId', '=', filter.personId);
      if (filter.tier) q = q.where('seatAssignments.tier', '=', filter.tier);
      if (filter.vendor) q = q.where('seatAssignments.vendor', '=', filter.vendor);
      if (filter.isCurrent === true) {
        q = q.where('seatAssignments.validFrom', '<=', asOf).where((w) => w.or([w('seatAssignments.validTo', 'is', null), w('seatAssignments.validTo', '>', asOf)]));
      } else if (filter.isCurrent === false) {
        q = q.where((w) => w.or([w('seatAssignments.validFrom', '>', asOf), w('seatAssignments.validTo', '<=', asOf)]));
      }
      const [items, total] = await Promise.all([
        q.orderBy('seatAssignments.validFrom', 'desc').orderBy('seatAssignments.id').limit(page.limit).offset(page.offset).execute(),
        q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: items as Assignment[], total: Number(total.n), limit: page.limit, offset: page.offset };
    },
    async findAssignment(orgId: string, id: string): Promise<Assignment | undefined> {
      return assignments(orgId).where('seatAssignments.id', '=', id).executeTakeFirst() as Promise<Assignment | undefined>;
    },
    /** Every assignment of a person for a vendor, oldest first (the history "current" derives from). */
    async listPersonHistory(orgId: string, personId: string, vendor: string): Promise<Assignment[]> {
      return assignments(orgId)
        .where('seatAssignments.personId', '=', personId)
        .where('seatAssignments.vendor', '=', vendor)
        .orderBy('seatAssignments.validFrom')
        .execute() as Promise<Assignment[]>;
    },
    /** Current holders per vendor, plan and tier at `asOf`. */
    async listCurrentHolders(orgId: string, asOf: Date): Promise<Array<{ vendor: string; plan: string; tier: string }>> {
      return db
        .selectFrom('seatAssignments as sa')
        .innerJoin('people as p', 'p.id', 'sa.personId')
        .select(['sa.vendor', 'sa.plan', 'sa.tier'])
        .where('sa.orgId', '=', orgId)
        .where('p.status', '=', 'active')
        .where('sa.validFrom', '<=', asOf)
        .where((w) => w.or([w('sa.validTo', 'is', null), w('sa.validTo', '>', asOf)]))
        .execute();
    },
    async insertAssignments(orgId: string, rows: readonly AssignmentInsert[]): Promise<Assignment[]> {
      if (rows.length === 0) return [];
      const inserted = await db.insertInto('seatAssignments').values(rows.map((r) => ({ orgId, ...r }))).returning('id').execute();
      const ids = inserted.map((r) => r.id);
      return assignments(orgId).where('seatAssignments.id', 'in', ids).orderBy('seatAssignments.validFrom').execute() as Promise<Assignment[]>;
    },
    /** Locks the tier's inventory lines and returns the seats purchased for it (0 when none). */
    lockTierInventory: (orgId: string, line: { vendor: string; plan: string; tier: string }) => lockTierInventory(db, orgId, line),
    async countHoldersAt(orgId: string, line: { vendor: string; plan: string; tier: string }, at: Date): Promise<number> {
      const row = await db
        .selectFrom('seatAssignments as sa')
        .innerJoin('people as p', 'p.id', 'sa.personId')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('sa.orgId', '=', orgId)
        .where('sa.vendor', '=', line.vendor)
        .where('sa.plan', '=', line.plan)
        .where('sa.tier', '=', line.tier)
        .where('p.status', '=', 'active')
        .where('sa.validFrom', '<=', at)
        .where((w) => w.or([w('sa.validTo', 'is', null), w('sa.validTo', '>', at)]))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** Permanent holds overlapping any of the windows (each [from, to), to null: open). */
    async listPermanentHoldsIn(orgId: string, line: { vendor: string; plan: string; tier: string }, windows: ReadonlyArray<{ from: Date; to: Date | null }>): Promise<Array<{ id: string; departmentId: string | null; validFrom: Date; validTo: Date | null }>> {
      if (windows.length === 0) return [];
      return db
        .selectFrom('seatAssignments as sa')
        .innerJoin('people as p', 'p.id', 'sa.personId')
        .select(['sa.id', 'p.departmentId', 'sa.validFrom', 'sa.validTo'])
        .where('sa.orgId', '=', orgId)
        .where('sa.vendor', '=', line.vendor)
        .where('sa.plan', '=', line.plan)
        .where('sa.tier', '=', line.tier)
        .where('sa.leaseId', 'is', null)
        .where('p.status', '=', 'active')
        .where((w) =>
          w.or(
            windows.map((win) => {
              const endsAfter = w.or([w('sa.validTo', 'is', null), w('sa.validTo', '>', win.from)]);
              return win.to ? w.and([endsAfter, w('sa.validFrom', '<', win.to)]) : endsAfter;
            }),
          ),
        )
        .execute();
    },
    /** The tier's assignments of these people (for "already holds it over these dates"). */
    async listTierIntervalsForPeople(orgId: string, personIds: readonly string[], line: { vendor: string; tier: string }): Promise<Array<{ personId: string; validFrom: Date; validTo: Date | null }>> {
      if (personIds.length === 0) return [];
      return db
        .selectFrom('seatAssignments')
        .select(['personId', 'validFrom', 'validTo'])
        .where('orgId', '=', orgId)
        .where('personId', 'in', [...personIds])
        .where('vendor', '=', line.vendor)
        .where('tier', '=', line.tier)
        .execute();
    },
    /** The assignments a lease created (premium interval and the return to base). */
    async listByLease(orgId: string, leaseId: string): Promise<Assignment[]> {
      return assignments(orgId).where('seatAssignments.leaseId', '=', leaseId).orderBy('seatAssignments.validFrom').execute() as Promise<Assignment[]>;
    },
    async insertRaw(orgId: string, rows: ReadonlyArray<AssignmentInsert & { leaseId: string | null }>): Promise<void> {
      if (rows.length === 0) return;
      await db.insertInto('seatAssignments').values(rows.map((r) => ({ orgId, ...r }))).execute();
    },
    async deleteAssignment(orgId: string, id: string): Promise<void> {
      await db.deleteFrom('seatAssignments').where('orgId', '=', orgId).where('id', '=', id).execute();
    },
    async updateAssignmentFrom(orgId: string, id: string, validFrom: Date): Promise<void> {
      await db.updateTable('seatAssignments').set({ validFrom }).where('orgId', '=', orgId).where('id', '=', id).execute();
    },
    async updateAssignment(orgId: string, id: string, patch: { validTo?: Date | null; reason?: string | null }): Promise<void> {
      await db.updateTable('seatAssignments').set(patch).where('orgId', '=', orgId).where('id', '=', id).execute();
    },
  };
}
export type SeatRepository = ReturnType<typeof createSeatRepository>;

/** Locks the inventory lines of a tier for the transaction, so capacity checks cannot interleave. */
export async function lockTierInventory(db: Database, orgId: string, line: { vendor: string; plan: string; tier: string }): Promise<number> {
  const rows = await db
    .selectFrom('seatInventory')
    .select('seatsPurchased')
    .where('orgId', '=', orgId)
    .where('vendor', '=', line.vendor)
    .where('plan', '=', line.plan)
    .where('tier', '=', line.tier)
    .forUpdate()
    .execute();
  return rows.reduce((sum, r) => sum + r.seatsPurchased, 0);
}
