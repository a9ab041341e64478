import { aggregateSurvey, type Answers, type DepartmentSurveyResult } from '../../domain/surveys.ts';
import { AppError } from '../../errors.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { SurveyCampaignRow, SurveyEstimateRow } from '../../db/repositories/governance.repository.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';

export type SurveyResults = Readonly<{ campaign: SurveyCampaignRow; departments: readonly DepartmentSurveyResult[]; estimates: readonly SurveyEstimateRow[] }>;

async function aggregate(repos: Repositories, orgId: string, campaignId: string): Promise<DepartmentSurveyResult[]> {
  const campaign = await repos.governance.findCampaign(orgId, campaignId, null);
  if (!campaign) throw new AppError('NOT_FOUND', { message: `No survey campaign ${campaignId}` });
  const [questions, responses, departments] = await Promise.all([repos.governance.listQuestions(campaignId), repos.governance.listResponses(campaignId), repos.governance.departmentHeadcounts(orgId)]);
  return aggregateSurvey({ questions, departments, usdPerHour: Number(campaign.usdPerHour), responses: responses.map((r) => ({ departmentId: r.departmentId, weeklyHours: Number(r.weeklyHours), answers: r.answers as Answers })) });
}

/** Per-department results of a campaign (live while it is open) and the estimates written from it. */
export async function getSurveyResults(ctx: AppContext, actor: Actor, campaignId: string): Promise<SurveyResults> {
  const departments = await aggregate(ctx.repos, actor.orgId, campaignId);
  const campaign = (await ctx.repos.governance.findCampaign(actor.orgId, campaignId, null))!;
  return { campaign, departments, estimates: await ctx.repos.governance.listSurveyEstimates(actor.orgId, campaignId) };
}

/**
 * Writes the campaign's survey estimates: one survey_estimates row per department with respondents
 * (source 'survey', the campaign's period), replacing an earlier one for the same period. The
 * forecaster learns actual / surveyed from these rows. Runs on close, or on demand.
 */
export async function writeSurveyEstimates(ctx: AppContext, actor: Actor, campaignId: string, options: { close?: boolean } = {}): Promise<SurveyResults> {
  await ctx.transaction(async (repos) => {
    const locked = await repos.governance.lockCampaign(actor.orgId, campaignId);
    if (!locked) throw new AppError('NOT_FOUND', { message: `No survey campaign ${campaignId}` });
    if (options.close && locked.status === 'closed') throw new AppError('CONFLICT', { message: 'This survey is already closed' });
    const campaign = (await repos.governance.findCampaign(actor.orgId, campaignId, null))!;
    const results = (await aggregate(repos, actor.orgId, campaignId)).filter((d) => d.respondents > 0);
    await repos.governance.upsertSurveyEstimates(
      actor.orgId,
      results.map((d) => ({
        departmentId: d.departmentId,
        periodStart: campaign.periodStart,
        periodEnd: campaign.periodEnd,
        campaignId,
        respondents: d.respondents,
        estimatedWeeklyHours: d.averageWeeklyHours,
        estimatedMonthlyUsd: d.estimatedMonthlyUsd,
        createdBy: actor.kind === 'person' ? actor.personId : null,
        note: `${campaign.title}: ${d.respondents} of ${d.headcount} answered, avg ${d.averageWeeklyHours} h/week × ${d.headcount} people × $${campaign.usdPerHour}/h`,
      })),
    );
    if (options.close) await repos.governance.closeCampaign(actor.orgId, campaignId, ctx.now());
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: options.close ? 'survey.closed' : 'survey.estimates_written', entityType: 'survey_campaign', entityId: campaignId, after: { departments: results.map((d) => ({ departmentId: d.departmentId, respondents: d.respondents, estimatedMonthlyUsd: d.estimatedMonthlyUsd })) } });
  });
  return getSurveyResults(ctx, actor, campaignId);
}

/** Closes a campaign: no more answers; its estimates are written for the forecaster. */
export async function closeCampaign(ctx: AppContext, actor: Actor, campaignId: string): Promise<SurveyResults> {
  return writeSurveyEstimates(ctx, actor, campaignId, { close: true });
}
