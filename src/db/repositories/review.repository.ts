import { sql } from 'kysely';
import type { Database } from '../client.ts';

export type SeatReview = Readonly<{
  id: string;
  personId: string;
  personName: string;
  departmentId: string | null;
  kind: 'downgrade' | 'convert_to_lease';
  status: 'asked' | 'kept' | 'released' | 'expired';
  reason: string;
  deadline: Date;
  keepReason: string | null;
  createdBy: string | null;
  createdAt: Date;
  remindedAt: Date | null;
  respondedAt: Date | null;
}>;

/** Seat reviews, dismissed recommendations and recorded leave. */
export function createReviewRepository(db: Database) {
  const base = (orgId: string) =>
    db
      .selectFrom('seatReviews as r')
      .innerJoin('people as p', 'p.id', 'r.personId')
      .select(['r.id', 'r.personId', 'p.name as personName', 'p.departmentId', 'r.kind', 'r.status', 'r.reason', 'r.deadline', 'r.keepReason', 'r.createdBy', 'r.createdAt', 'r.remindedAt', 'r.respondedAt'])
      .where('r.orgId', '=', orgId);
  return {
    async insert(orgId: string, r: { personId: string; kind: SeatReview['kind']; reason: string; deadline: Date; createdBy: string | null; createdAt: Date }): Promise<string> {
      return (await db.insertInto('seatReviews').values({ orgId, status: 'asked', ...r }).returning('id').executeTakeFirstOrThrow()).id;
    },
    async find(orgId: string, id: string): Promise<SeatReview | undefined> {
      return base(orgId).where('r.id', '=', id).executeTakeFirst() as Promise<SeatReview | undefined>;
    },
    async lock(orgId: string, id: string): Promise<SeatReview | undefined> {
      await db.selectFrom('seatReviews').select('id').where('orgId', '=', orgId).where('id', '=', id).forUpdate().execute();
      return base(orgId).where('r.id', '=', id).executeTakeFirst() as Promise<SeatReview | undefined>;
    },
    async list(orgId: string, filter: { personId?: string; status?: SeatReview['status'] }): Promise<SeatReview[]> {
      let q = base(orgId);
      if (filter.personId) q = q.where('r.personId', '=', filter.personId);
      if (filter.status) q = q.where('r.status', '=', filter.status);
      return q.orderBy('r.createdAt', 'desc').execute() as Promise<SeatReview[]>;
    },
    async update(orgId: string, id: string, patch: Partial<{ status: SeatReview['status']; keepReason: string | null; respondedAt: Date | null; remindedAt: Date | null }>): Promise<boolean> {
      const r = await db.updateTable('seatReviews').set(patch).where('orgId', '=', orgId).where('id', '=', id).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async dismiss(orgId: string, d: { personId: string; kind: string; until: string; note: string | null; createdBy: string | null }): Promise<void> {
      await db
        .insertInto('recommendationDismissals')
        .values({ orgId, ...d })
        .onConflict((oc) => oc.columns(['orgId', 'personId', 'kind']).doUpdateSet({ until: d.until, note: d.note, createdBy: d.createdBy, createdAt: sql`now()` }))
        .execute();
    },
    /** (personId, kind) pairs dismissed until at least `day`. */
    async activeDismissals(orgId: string, day: string): Promise<Set<string>> {
      const rows = await db.selectFrom('recommendationDismissals').select(['personId', 'kind']).where('orgId', '=', orgId).where('until', '>=', day).execute();
      return new Set(rows.map((r) => `${r.personId}:${r.kind}`));
    },
    async peopleOnLeave(orgId: string, day: string): Promise<Set<string>> {
      const rows = await db.selectFrom('leaves').select('personId').where('orgId', '=', orgId).where('startsOn', '<=', day).where('endsOn', '>=', day).execute();
      return new Set(rows.map((r) => r.personId));
    },
    async recordLeave(orgId: string, leave: { personId: string; startsOn: string; endsOn: string; note: string | null }): Promise<string> {
      return (await db.insertInto('leaves').values({ orgId, ...leave }).returning('id').executeTakeFirstOrThrow()).id;
    },
  };
}
export type ReviewRepository = ReturnType<typeof createReviewRepository>;
