import { addDays, toDay } from '../../domain/dates.ts';
import { DEFAULT_QUESTIONS, observedUsdPerHour, validateAnswers, validateQuestions, type SurveyQuestion } from '../../domain/surveys.ts';
import { AppError } from '../../errors.ts';
import type { SurveyCampaignRow, SurveyQuestionRow, SurveyResponseRow } from '../../db/repositories/governance.repository.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';

/** Days of observed usage behind a campaign's default dollars-per-hour rate. */
export const RATE_LOOKBACK_DAYS = 84;

export type OpenCampaignInput = Readonly<{ title: string; periodStart: string; periodEnd: string; usdPerHour?: number | null; questions?: readonly SurveyQuestion[] }>;

export type CampaignDetail = Readonly<{ campaign: SurveyCampaignRow; questions: readonly SurveyQuestionRow[]; myResponse: SurveyResponseRow | null }>;

const viewerOf = (actor: Actor) => (actor.kind === 'person' ? actor.personId : null);

/**
 * Opens a survey campaign about a period (usually the next quarter). The dollars-per-hour rate that
 * turns answers into an API-rate estimate is fixed now: the admin's figure, or else the organization's
 * own observed cost per active hour over the last 84 days. Without either, the admin must give one.
 */
export async function openCampaign(ctx: AppContext, actor: Actor, input: OpenCampaignInput): Promise<CampaignDetail> {
  if (input.periodEnd <= input.periodStart) throw new AppError('VALIDATION_FAILED', { message: 'The period must end after it starts', details: [{ path: 'body.periodEnd', message: 'must be after periodStart' }] });
  const questions = input.questions ?? DEFAULT_QUESTIONS;
  const problems = validateQuestions(questions);
  if (problems.length) throw new AppError('VALIDATION_FAILED', { message: `The questions are not valid: ${problems.map((p) => `${p.key} ${p.message}`).join('; ')}`, details: problems.map((p) => ({ path: `body.questions.${p.key}`, message: p.message })) });
  const today = toDay(ctx.now());
  let usdPerHour = input.usdPerHour ?? null;
  let rateSource = 'set by the admin who opened the survey';
  if (usdPerHour === null) {
    const from = addDays(today, -RATE_LOOKBACK_DAYS);
    const totals = await ctx.repos.governance.usageTotals(actor.orgId, from, today);
    usdPerHour = observedUsdPerHour(totals);
    if (usdPerHour === null) throw new AppError('VALIDATION_FAILED', { message: 'There is too little usage history to derive a dollars-per-hour rate; give one', details: [{ path: 'body.usdPerHour', message: 'is required when the last 84 days hold under 10 active hours of usage' }] });
    rateSource = `observed: $${totals.costUsd.toFixed(2)} over ${Math.round(totals.activeMinutes / 60)} active hours, ${from} to ${today}`;
  }
  const id = await ctx.transaction(async (repos) => {
    const campaignId = await repos.governance.insertCampaign(actor.orgId, { title: input.title.trim(), periodStart: input.periodStart, periodEnd: input.periodEnd, usdPerHour: usdPerHour.toFixed(2), rateSource, openedBy: viewerOf(actor), openedAt: ctx.now(), questions });
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'survey.opened', entityType: 'survey_campaign', entityId: campaignId, after: { title: input.title, periodStart: input.periodStart, periodEnd: input.periodEnd, usdPerHour, rateSource, questions: questions.map((q) => q.key) } });
    return campaignId;
  });
  return getCampaign(ctx, actor, id);
}

/** Campaigns, newest first, with how many answered and whether the actor has. */
export async function listCampaigns(ctx: AppContext, actor: Actor, filter: { status?: 'open' | 'closed' } = {}): Promise<SurveyCampaignRow[]> {
  return ctx.repos.governance.listCampaigns(actor.orgId, viewerOf(actor), filter);
}

/** A campaign with its questions and the actor's own answer (if any). */
export async function getCampaign(ctx: AppContext, actor: Actor, id: string): Promise<CampaignDetail> {
  const campaign = await ctx.repos.governance.findCampaign(actor.orgId, id, viewerOf(actor));
  if (!campaign) throw new AppError('NOT_FOUND', { message: `No survey campaign ${id}` });
  const viewer = viewerOf(actor);
  const [questions, myResponse] = await Promise.all([ctx.repos.governance.listQuestions(id), viewer ? ctx.repos.governance.findResponse(id, viewer) : Promise.resolve(undefined)]);
  return { campaign, questions, myResponse: myResponse ?? null };
}

/**
 * The actor answers an open campaign. One answer per person: answering again replaces the earlier
 * answer. Every invalid answer is reported by question (`body.answers.<key>`).
 */
export async function answerSurvey(ctx: AppContext, actor: Actor, input: { campaignId: string; answers: Readonly<Record<string, unknown>> }): Promise<{ outcome: 'created' | 'updated'; detail: CampaignDetail }> {
  if (actor.kind !== 'person') throw new AppError('FORBIDDEN', { message: 'Only a person can answer a survey' });
  const outcome = await ctx.transaction(async (repos) => {
    const locked = await repos.governance.lockCampaign(actor.orgId, input.campaignId);
    if (!locked) throw new AppError('NOT_FOUND', { message: `No survey campaign ${input.campaignId}` });
    if (locked.status !== 'open') throw new AppError('CONFLICT', { message: 'This survey is closed; answers can no longer change' });
    const questions = await repos.governance.listQuestions(input.campaignId);
    const checked = validateAnswers(questions, input.answers);
    if (!checked.ok) throw new AppError('VALIDATION_FAILED', { message: `Some answers are not valid: ${checked.problems.map((p) => `${p.key} ${p.message}`).join('; ')}`, details: checked.problems.map((p) => ({ path: `body.answers.${p.key}`, message: p.message })) });
    const person = await repos.people.findById(actor.orgId, actor.personId, ctx.now());
    const result = await repos.governance.upsertResponse({ campaignId: input.campaignId, personId: actor.personId, departmentId: person?.departmentId ?? null, answers: checked.answers, weeklyHours: checked.weeklyHours, at: ctx.now() });
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: `survey.answer_${result}`, entityType: 'survey_campaign', entityId: input.campaignId });
    return result;
  });
  return { outcome, detail: await getCampaign(ctx, actor, input.campaignId) };
}
