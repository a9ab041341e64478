import type { Database } from '../client.ts';

export type ForecastUsageRow = Readonly<{ personId: string; day: string; costUsd: number; limitHits: number }>;
export type ForecastPersonRow = Readonly<{ id: string; departmentId: string | null; status: string; leftOn: string | null; employmentStartDate: string | null }>;
export type TierInterval = Readonly<{ personId: string; tier: string; validFrom: Date; validTo: Date | null }>;

export type SurveyEstimate = Readonly<{
  id: string;
  orgId: string;
  departmentId: string;
  departmentName: string;
  periodStart: string;
  periodEnd: string;
  estimatedMonthlyUsd: string;
  estimatedWeeklyHours: string | null;
  respondents: number;
  source: 'manual' | 'survey';
  campaignId: string | null;
  note: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}>;

export type SurveyEstimateInsert = Readonly<{
  departmentId: string;
  periodStart: string;
  periodEnd: string;
  estimatedMonthlyUsd: string;
  estimatedWeeklyHours: string | null;
  respondents: number;
  note: string | null;
  createdBy: string | null;
}>;

export type OrgHoliday = Readonly<{ day: string; name: string }>;

export type SurveyEstimatePatch = Partial<Pick<SurveyEstimateInsert, 'periodStart' | 'periodEnd' | 'estimatedMonthlyUsd' | 'estimatedWeeklyHours' | 'respondents' | 'note'>>;

/** Reads behind the forecast (usage, roster, seat history, scheduled leases) and survey estimates. */
export function createForecastRepository(db: Database) {
  const surveySelect = () =>
    db
      .selectFrom('surveyEstimates as s')
      .innerJoin('departments as d', 'd.id', 's.departmentId')
      .select(['s.id', 's.orgId', 's.departmentId', 'd.name as departmentName', 's.periodStart', 's.periodEnd', 's.estimatedMonthlyUsd', 's.estimatedWeeklyHours', 's.respondents', 's.source', 's.campaignId', 's.note', 's.createdBy', 's.createdAt', 's.updatedAt']);
  const toEstimate = (r: Awaited<ReturnType<ReturnType<typeof surveySelect>['executeTakeFirstOrThrow']>>): SurveyEstimate => ({ ...r, source: r.source as 'manual' | 'survey', respondents: Number(r.respondents) });
  return {
    /** Cost at API rates and limit hits per person per day over [from, to), all sources summed. */
    async usageByPersonDay(orgId: string, from: string, to: string): Promise<ForecastUsageRow[]> {
      const rows = await db
        .selectFrom('usageDaily')
        .select((eb) => ['personId', 'day', eb.fn.sum<string>('costUsd').as('costUsd'), eb.fn.sum<number>('limitHits').as('limitHits')])
        .where('orgId', '=', orgId)
        .where('day', '>=', from)
        .where('day', '<', to)
        .groupBy(['personId', 'day'])
        .execute();
      return rows.map((r) => ({ personId: r.personId, day: r.day, costUsd: Number(r.costUsd), limitHits: Number(r.limitHits) }));
    },
    /** Everyone who was or will be employed on or after `since` (left_on null or later). */
    async listPeople(orgId: string, since: string): Promise<ForecastPersonRow[]> {
      return db
        .selectFrom('people')
        .select(['id', 'departmentId', 'status', 'leftOn', 'employmentStartDate'])
        .where('orgId', '=', orgId)
        .where((eb) => eb.or([eb('leftOn', 'is', null), eb('leftOn', '>', since)]))
        .execute();
    },
    /** Seat intervals of one vendor and plan that are still in force at or after `since`. */
    async tierIntervals(orgId: string, line: { vendor: string; plan: string }, since: Date): Promise<TierInterval[]> {
      return db
        .selectFrom('seatAssignments')
        .select(['personId', 'tier', 'validFrom', 'validTo'])
        .where('orgId', '=', orgId)
        .where('vendor', '=', line.vendor)
        .where('plan', '=', line.plan)
        .where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>', since)]))
        .orderBy('validFrom')
        .execute();
    },
    /** Scheduled (approved, not yet started) leases: their seat rows are written only when they start. */
    async scheduledLeases(orgId: string, line: { vendor: string; plan: string }): Promise<TierInterval[]> {
      const rows = await db
        .selectFrom('leases')
        .select(['personId', 'tier', 'startsAt', 'endsAt'])
        .where('orgId', '=', orgId)
        .where('vendor', '=', line.vendor)
        .where('plan', '=', line.plan)
        .where('status', '=', 'scheduled')
        .execute();
      return rows.map((r) => ({ personId: r.personId, tier: r.tier, validFrom: r.startsAt, validTo: r.endsAt }));
    },
    /** Company holidays in [from, to), by day; the whole calendar without bounds. */
    async listHolidays(orgId: string, range: { from?: string; to?: string } = {}): Promise<OrgHoliday[]> {
      let q = db.selectFrom('orgHolidays').select(['day', 'name']).where('orgId', '=', orgId);
      if (range.from) q = q.where('day', '>=', range.from);
      if (range.to) q = q.where('day', '<', range.to);
      return q.orderBy('day').execute();
    },
    /** Replaces the holidays in [from, to] (inclusive) with `holidays`; returns how many were removed. */
    async replaceHolidays(orgId: string, range: { from: string; to: string }, holidays: readonly OrgHoliday[]): Promise<number> {
      const removed = await db.deleteFrom('orgHolidays').where('orgId', '=', orgId).where('day', '>=', range.from).where('day', '<=', range.to).executeTakeFirst();
      if (holidays.length > 0) await db.insertInto('orgHolidays').values(holidays.map((h) => ({ orgId, day: h.day, name: h.name }))).execute();
      return Number(removed.numDeletedRows);
    },
    async listSurveyEstimates(orgId: string, filter: { departmentId?: string } = {}): Promise<SurveyEstimate[]> {
      let q = surveySelect().where('s.orgId', '=', orgId);
      if (filter.departmentId) q = q.where('s.departmentId', '=', filter.departmentId);
      return (await q.orderBy('d.name').orderBy('s.periodStart').orderBy('s.source').execute()).map(toEstimate);
    },
    async findSurveyEstimate(orgId: string, id: string): Promise<SurveyEstimate | undefined> {
      const row = await surveySelect().where('s.orgId', '=', orgId).where('s.id', '=', id).executeTakeFirst();
      return row ? toEstimate(row) : undefined;
    },
    async insertSurveyEstimate(orgId: string, input: SurveyEstimateInsert): Promise<string> {
      const row = await db.insertInto('surveyEstimates').values({ ...input, orgId, source: 'manual' }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },
    async updateSurveyEstimate(orgId: string, id: string, patch: SurveyEstimatePatch, now: Date): Promise<boolean> {
      const result = await db.updateTable('surveyEstimates').set({ ...patch, updatedAt: now }).where('orgId', '=', orgId).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
