import { sql } from 'kysely';
import type { Database } from '../client.ts';
import type { Page, PageRequest } from './types.ts';

// Fair governance: the use-case library, demand-survey campaigns and participation rules.

export type UseCaseRow = Readonly<{
  id: string;
  authorId: string;
  authorName: string;
  departmentId: string | null;
  departmentName: string | null;
  title: string;
  task: string;
  workflow: string;
  tools: string[];
  tags: string[];
  links: string[];
  minutesSavedPerWeek: number | null;
  createdAt: Date;
  upvotes: number;
  users: number;
  hasUpvoted: boolean;
  isUsing: boolean;
}>;

export type UseCaseFilter = Readonly<{ tsQuery?: string; tag?: string; departmentId?: string; authorId?: string; sort?: 'top' | 'new' }>;

export type UseCaseInsert = Readonly<{ authorId: string; departmentId: string | null; title: string; task: string; workflow: string; tools: readonly string[]; tags: readonly string[]; links: readonly string[]; minutesSavedPerWeek: number | null; createdAt?: Date }>;

export type SurveyCampaignRow = Readonly<{ id: string; title: string; periodStart: string; periodEnd: string; status: 'open' | 'closed'; usdPerHour: string; rateSource: string; openedAt: Date; closedAt: Date | null; respondents: number; hasAnswered: boolean }>;

export type SurveyQuestionRow = Readonly<{ key: string; prompt: string; kind: 'hours' | 'choices' | 'text'; options: string[]; isRequired: boolean; position: number }>;

export type SurveyResponseRow = Readonly<{ personId: string; departmentId: string | null; answers: Record<string, unknown>; weeklyHours: string; submittedAt: Date; updatedAt: Date }>;

export type SurveyEstimateRow = Readonly<{ departmentId: string; departmentName: string; periodStart: string; periodEnd: string; estimatedMonthlyUsd: string; estimatedWeeklyHours: string | null; respondents: number; updatedAt: Date }>;

export type ParticipationRuleRow = Readonly<{ id: string; kind: 'share_use_case'; appliesTo: 'permanent_premium' | 'premium'; isEnabled: boolean; requiredCount: number; windowDays: number; graceDays: number; effectiveFrom: string; updatedBy: string | null; updatedAt: Date }>;

export type ExemptionRow = Readonly<{ id: string; ruleId: string; personId: string; personName: string; departmentName: string | null; reason: string; validUntil: string | null; grantedBy: string | null; grantedByName: string | null; createdAt: Date; revokedAt: Date | null; revokeReason: string | null }>;

export type ComplianceSubjectRow = Readonly<{ personId: string; name: string; email: string; departmentId: string | null; departmentName: string | null; jobFamily: string; employmentStartDate: string | null; tier: string | null; leaseId: string | null; tierFrom: Date | null }>;

function useCaseQuery(db: Database, orgId: string, viewerId: string | null) {
  const count = (kind: 'upvote' | 'uses') =>
    sql<number>`(select count(*)::int from use_case_votes v where v.use_case_id = uc.id and v.kind = ${kind})`;
  const mine = (kind: 'upvote' | 'uses') =>
    viewerId ? sql<boolean>`exists (select 1 from use_case_votes v where v.use_case_id = uc.id and v.kind = ${kind} and v.person_id = ${viewerId})` : sql<boolean>`false`;
  return db
    .selectFrom('useCases as uc')
    .innerJoin('people as a', 'a.id', 'uc.authorId')
    .leftJoin('departments as d', 'd.id', 'uc.departmentId')
    .where('uc.orgId', '=', orgId)
    .select(['uc.id', 'uc.authorId', 'a.name as authorName', 'uc.departmentId', 'd.name as departmentName', 'uc.title', 'uc.task', 'uc.workflow', 'uc.tools', 'uc.tags', 'uc.links', 'uc.minutesSavedPerWeek', 'uc.createdAt'])
    .select([count('upvote').as('upvotes'), count('uses').as('users'), mine('upvote').as('hasUpvoted'), mine('uses').as('isUsing')]);
}

// Answers are stored as [{ key, value }] so that CamelCasePlugin (which rewrites JSON object keys on
// read) leaves question keys such as weekly_hours alone.
function answersJson(answers: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(Object.entries(answers).map(([key, value]) => ({ key, value })));
}

function toResponse(row: { personId: string; departmentId: string | null; answers: unknown; weeklyHours: string; submittedAt: Date; updatedAt: Date }): SurveyResponseRow {
  const entries = Array.isArray(row.answers) ? (row.answers as Array<{ key: string; value: unknown }>) : [];
  return { ...row, answers: Object.fromEntries(entries.map((e) => [e.key, e.value])) };
}

/** The same expression as the use_cases_search index, so the planner can use it. */
const searchVector = sql`to_tsvector('simple'::regconfig, uc.title || ' ' || uc.task || ' ' || uc.workflow)`;

export function createGovernanceRepository(db: Database) {
  return {
    // ---- use cases ----
    async insertUseCase(orgId: string, u: UseCaseInsert): Promise<string> {
      const row = await db
        .insertInto('useCases')
        .values({ orgId, authorId: u.authorId, departmentId: u.departmentId, title: u.title, task: u.task, workflow: u.workflow, tools: [...u.tools], tags: [...u.tags], links: [...u.links], minutesSavedPerWeek: u.minutesSavedPerWeek, ...(u.createdAt ? { createdAt: u.createdAt, updatedAt: u.createdAt } : {}) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async findUseCase(orgId: string, id: string, viewerId: string | null): Promise<UseCaseRow | undefined> {
      return useCaseQuery(db, orgId, viewerId).where('uc.id', '=', id).executeTakeFirst();
    },
    async listUseCases(orgId: string, filter: UseCaseFilter, page: PageRequest, viewerId: string | null): Promise<Page<UseCaseRow>> {
      let q = useCaseQuery(db, orgId, viewerId);
      if (filter.tsQuery) {
        const tsQuery = filter.tsQuery;
        // Words match title, task or workflow (full-text, prefix) or a tag or tool exactly.
        q = q.where((eb) => eb.or([sql<boolean>`${searchVector} @@ to_tsquery('simple', ${tsQuery})`, sql<boolean>`exists (select 1 from unnest(uc.tags || uc.tools) t where to_tsvector('simple', t) @@ to_tsquery('simple', ${tsQuery}))`]));
      }
      if (filter.tag) q = q.where(sql<boolean>`uc.tags @> array[${filter.tag}]::text[]`);
      if (filter.departmentId) q = q.where('uc.departmentId', '=', filter.departmentId);
      if (filter.authorId) q = q.where('uc.authorId', '=', filter.authorId);
      const total = await db.selectFrom(q.as('x')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const ordered = filter.sort === 'new' ? q.orderBy('uc.createdAt', 'desc') : q.orderBy(sql`(select count(*) from use_case_votes v where v.use_case_id = uc.id)`, 'desc').orderBy('uc.createdAt', 'desc');
      const items = await ordered.orderBy('uc.id').limit(page.limit).offset(page.offset).execute();
      return { items, total: Number(total.n), limit: page.limit, offset: page.offset };
    },
    async tagCounts(orgId: string): Promise<Array<{ tag: string; count: number }>> {
      const r = await sql<{ tag: string; count: number }>`select t as tag, count(*)::int as count from use_cases, unnest(tags) t where org_id = ${orgId} group by t order by count(*) desc, t`.execute(db);
      return r.rows;
    },
    /** Adds a vote; false when it was already there (idempotent). */
    async addVote(useCaseId: string, personId: string, kind: 'upvote' | 'uses'): Promise<boolean> {
      const r = await db.insertInto('useCaseVotes').values({ useCaseId, personId, kind }).onConflict((oc) => oc.doNothing()).returning('kind').executeTakeFirst();
      return r !== undefined;
    },
    async removeVote(useCaseId: string, personId: string, kind: 'upvote' | 'uses'): Promise<boolean> {
      const r = await db.deleteFrom('useCaseVotes').where('useCaseId', '=', useCaseId).where('personId', '=', personId).where('kind', '=', kind).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    /** The days on which each person shared use cases since `since` (inclusive), one entry per use case. */
    async contributionDays(orgId: string, since: string): Promise<Map<string, string[]>> {
      const rows = await db.selectFrom('useCases').select(['authorId', sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')`.as('day')]).where('orgId', '=', orgId).where(sql<boolean>`created_at >= ${since}::date`).execute();
      const out = new Map<string, string[]>();
      for (const r of rows) out.set(r.authorId, [...(out.get(r.authorId) ?? []), r.day]);
      return out;
    },

    // ---- surveys ----
    async insertCampaign(orgId: string, c: { title: string; periodStart: string; periodEnd: string; usdPerHour: string; rateSource: string; openedBy: string | null; openedAt: Date; questions: ReadonlyArray<{ key: string; prompt: string; kind: SurveyQuestionRow['kind']; options: readonly string[]; isRequired: boolean }> }): Promise<string> {
      const { questions, ...campaign } = c;
      const { id } = await db.insertInto('surveyCampaigns').values({ orgId, status: 'open', ...campaign }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('surveyQuestions').values(questions.map((q, position) => ({ campaignId: id, position, key: q.key, prompt: q.prompt, kind: q.kind, options: [...q.options], isRequired: q.isRequired }))).execute();
      return id;
    },
    async listCampaigns(orgId: string, viewerId: string | null, filter: { status?: 'open' | 'closed'; id?: string } = {}): Promise<SurveyCampaignRow[]> {
      let q = db
        .selectFrom('surveyCampaigns as c')
        .where('c.orgId', '=', orgId)
        .select(['c.id', 'c.title', 'c.periodStart', 'c.periodEnd', 'c.status', 'c.usdPerHour', 'c.rateSource', 'c.openedAt', 'c.closedAt'])
        .select([
          sql<number>`(select count(*)::int from survey_responses r where r.campaign_id = c.id)`.as('respondents'),
          (viewerId ? sql<boolean>`exists (select 1 from survey_responses r where r.campaign_id = c.id and r.person_id = ${viewerId})` : sql<boolean>`false`).as('hasAnswered'),
        ]);
      if (filter.status) q = q.where('c.status', '=', filter.status);
      if (filter.id) q = q.where('c.id', '=', filter.id);
      return q.orderBy('c.openedAt', 'desc').orderBy('c.id').execute() as Promise<SurveyCampaignRow[]>;
    },
    async findCampaign(orgId: string, id: string, viewerId: string | null): Promise<SurveyCampaignRow | undefined> {
      return (await this.listCampaigns(orgId, viewerId, { id }))[0];
    },
    /** Locks a campaign row for the rest of the transaction; undefined when missing. */
    async lockCampaign(orgId: string, id: string): Promise<{ id: string; status: 'open' | 'closed' } | undefined> {
      return db.selectFrom('surveyCampaigns').select(['id', 'status']).where('orgId', '=', orgId).where('id', '=', id).forUpdate().executeTakeFirst() as Promise<{ id: string; status: 'open' | 'closed' } | undefined>;
    },
    async closeCampaign(orgId: string, id: string, at: Date): Promise<void> {
      await db.updateTable('surveyCampaigns').set({ status: 'closed', closedAt: at }).where('orgId', '=', orgId).where('id', '=', id).execute();
    },
    async listQuestions(campaignId: string): Promise<SurveyQuestionRow[]> {
      return db.selectFrom('surveyQuestions').select(['key', 'prompt', 'kind', 'options', 'isRequired', 'position']).where('campaignId', '=', campaignId).orderBy('position').execute() as Promise<SurveyQuestionRow[]>;
    },
    async findResponse(campaignId: string, personId: string): Promise<SurveyResponseRow | undefined> {
      const row = await db.selectFrom('surveyResponses').select(['personId', 'departmentId', 'answers', 'weeklyHours', 'submittedAt', 'updatedAt']).where('campaignId', '=', campaignId).where('personId', '=', personId).executeTakeFirst();
      return row ? toResponse(row) : undefined;
    },
    /** One response per person: a second answer replaces the first (keeping when it was first submitted). */
    async upsertResponse(r: { campaignId: string; personId: string; departmentId: string | null; answers: Readonly<Record<string, unknown>>; weeklyHours: number; at: Date }): Promise<'created' | 'updated'> {
      const row = await db
        .insertInto('surveyResponses')
        .values({ campaignId: r.campaignId, personId: r.personId, departmentId: r.departmentId, answers: answersJson(r.answers), weeklyHours: r.weeklyHours, submittedAt: r.at, updatedAt: r.at })
        .onConflict((oc) => oc.columns(['campaignId', 'personId']).doUpdateSet({ departmentId: r.departmentId, answers: answersJson(r.answers), weeklyHours: r.weeklyHours, updatedAt: r.at }))
        .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
        .executeTakeFirstOrThrow();
      return row.inserted ? 'created' : 'updated';
    },
    async listResponses(campaignId: string): Promise<SurveyResponseRow[]> {
      const rows = await db.selectFrom('surveyResponses').select(['personId', 'departmentId', 'answers', 'weeklyHours', 'submittedAt', 'updatedAt']).where('campaignId', '=', campaignId).execute();
      return rows.map(toResponse);
    },
    /** Active people per department. */
    async departmentHeadcounts(orgId: string): Promise<Array<{ departmentId: string; departmentName: string; headcount: number }>> {
      const rows = await db
        .selectFrom('departments as d')
        .leftJoin('people as p', (j) => j.onRef('p.departmentId', '=', 'd.id').on('p.status', '=', 'active'))
        .where('d.orgId', '=', orgId)
        .select(['d.id as departmentId', 'd.name as departmentName', (eb) => eb.fn.count<number>('p.id').as('headcount')])
        .groupBy(['d.id', 'd.name'])
        .orderBy('d.name')
        .execute();
      return rows.map((r) => ({ ...r, headcount: Number(r.headcount) }));
    },
    /** Observed API cost and active minutes over [from, to], for the campaign's dollars-per-hour rate. */
    async usageTotals(orgId: string, from: string, to: string): Promise<{ costUsd: number; activeMinutes: number }> {
      const r = await db.selectFrom('usageDaily').where('orgId', '=', orgId).where('day', '>=', from).where('day', '<=', to).select([sql<string>`coalesce(sum(cost_usd), 0)::text`.as('cost'), sql<string>`coalesce(sum(active_minutes), 0)::text`.as('minutes')]).executeTakeFirstOrThrow();
      return { costUsd: Number(r.cost), activeMinutes: Number(r.minutes) };
    },
    /** Writes one survey estimate per department for the campaign's period (replacing an earlier one). */
    async upsertSurveyEstimates(orgId: string, rows: ReadonlyArray<{ departmentId: string; periodStart: string; periodEnd: string; campaignId: string; respondents: number; estimatedWeeklyHours: number | null; estimatedMonthlyUsd: string; createdBy: string | null; note: string }>): Promise<void> {
      if (rows.length === 0) return;
      await db
        .insertInto('surveyEstimates')
        .values(rows.map((r) => ({ orgId, source: 'survey', ...r })))
        .onConflict((oc) =>
          oc.columns(['orgId', 'departmentId', 'periodStart', 'source']).doUpdateSet((eb) => ({
            periodEnd: eb.ref('excluded.periodEnd'),
            campaignId: eb.ref('excluded.campaignId'),
            respondents: eb.ref('excluded.respondents'),
            estimatedWeeklyHours: eb.ref('excluded.estimatedWeeklyHours'),
            estimatedMonthlyUsd: eb.ref('excluded.estimatedMonthlyUsd'),
            note: eb.ref('excluded.note'),
            updatedAt: sql`now()`,
          })),
        )
        .execute();
    },
    async listSurveyEstimates(orgId: string, campaignId: string): Promise<SurveyEstimateRow[]> {
      return db
        .selectFrom('surveyEstimates as e')
        .innerJoin('departments as d', 'd.id', 'e.departmentId')
        .where('e.orgId', '=', orgId)
        .where('e.campaignId', '=', campaignId)
        .where('e.source', '=', 'survey')
        .select(['e.departmentId', 'd.name as departmentName', 'e.periodStart', 'e.periodEnd', 'e.estimatedMonthlyUsd', 'e.estimatedWeeklyHours', 'e.respondents', 'e.updatedAt'])
        .orderBy('d.name')
        .execute();
    },

    // ---- participation rules and exemptions ----
    async findRule(orgId: string, kind: 'share_use_case' = 'share_use_case'): Promise<ParticipationRuleRow | undefined> {
      return db.selectFrom('participationRules').select(['id', 'kind', 'appliesTo', 'isEnabled', 'requiredCount', 'windowDays', 'graceDays', 'effectiveFrom', 'updatedBy', 'updatedAt']).where('orgId', '=', orgId).where('kind', '=', kind).executeTakeFirst() as Promise<ParticipationRuleRow | undefined>;
    },
    /** Locks the organization's rule row (when it exists) for the rest of the transaction. */
    async lockRule(orgId: string, kind: 'share_use_case' = 'share_use_case'): Promise<void> {
      await db.selectFrom('participationRules').select('id').where('orgId', '=', orgId).where('kind', '=', kind).forUpdate().execute();
    },
    async upsertRule(orgId: string, r: Omit<ParticipationRuleRow, 'id' | 'updatedAt'>, at: Date): Promise<string> {
      const row = await db
        .insertInto('participationRules')
        .values({ orgId, ...r, updatedAt: at })
        .onConflict((oc) => oc.columns(['orgId', 'kind']).doUpdateSet({ appliesTo: r.appliesTo, isEnabled: r.isEnabled, requiredCount: r.requiredCount, windowDays: r.windowDays, graceDays: r.graceDays, effectiveFrom: r.effectiveFrom, updatedBy: r.updatedBy, updatedAt: at }))
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async listExemptions(orgId: string, options: { isActiveOnly?: boolean } = {}): Promise<ExemptionRow[]> {
      let q = db
        .selectFrom('complianceExemptions as x')
        .innerJoin('people as p', 'p.id', 'x.personId')
        .leftJoin('departments as d', 'd.id', 'p.departmentId')
        .leftJoin('people as g', 'g.id', 'x.grantedBy')
        .where('x.orgId', '=', orgId)
        .select(['x.id', 'x.ruleId', 'x.personId', 'p.name as personName', 'd.name as departmentName', 'x.reason', 'x.validUntil', 'x.grantedBy', 'g.name as grantedByName', 'x.createdAt', 'x.revokedAt', 'x.revokeReason']);
      if (options.isActiveOnly) q = q.where('x.revokedAt', 'is', null);
      return q.orderBy('x.createdAt', 'desc').execute();
    },
    async insertExemption(orgId: string, e: { ruleId: string; personId: string; reason: string; validUntil: string | null; grantedBy: string | null; createdAt: Date }): Promise<string> {
      return (await db.insertInto('complianceExemptions').values({ orgId, ...e }).returning('id').executeTakeFirstOrThrow()).id;
    },
    async revokeExemption(orgId: string, id: string, r: { revokedBy: string | null; reason: string; at: Date }): Promise<boolean> {
      const res = await db.updateTable('complianceExemptions').set({ revokedAt: r.at, revokedBy: r.revokedBy, revokeReason: r.reason }).where('orgId', '=', orgId).where('id', '=', id).where('revokedAt', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
    /** Every active person with the premium-line assignment in force at `asOf` (tier, since when, lease or not). */
    async listComplianceSubjects(orgId: string, asOf: Date): Promise<ComplianceSubjectRow[]> {
      return db
        .selectFrom('people as p')
        .leftJoin('departments as d', 'd.id', 'p.departmentId')
        .leftJoinLateral(
          (eb) =>
            eb
              .selectFrom('seatAssignments as sa')
              .select(['sa.tier', 'sa.leaseId', 'sa.validFrom'])
              .whereRef('sa.personId', '=', 'p.id')
              .where('sa.vendor', '=', 'anthropic')
              .where('sa.validFrom', '<=', asOf)
              .where((w) => w.or([w('sa.validTo', 'is', null), w('sa.validTo', '>', asOf)]))
              .orderBy('sa.validFrom', 'desc')
              .limit(1)
              .as('cur'),
          (j) => j.onTrue(),
        )
        .where('p.orgId', '=', orgId)
        .where('p.status', '=', 'active')
        .select(['p.id as personId', 'p.name', 'p.email', 'p.departmentId', 'd.name as departmentName', 'p.jobFamily', 'p.employmentStartDate', 'cur.tier', 'cur.leaseId', 'cur.validFrom as tierFrom'])
        .orderBy('p.name')
        .orderBy('p.id')
        .execute();
    },
    /** Title for audits (people.title); kept out of every decision. */
    async setPersonTitle(orgId: string, personId: string, title: string | null): Promise<void> {
      await db.updateTable('people').set({ title }).where('orgId', '=', orgId).where('id', '=', personId).execute();
    },
  };
}
export type GovernanceRepository = ReturnType<typeof createGovernanceRepository>;
