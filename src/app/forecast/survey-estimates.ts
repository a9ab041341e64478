import type { SurveyEstimate, SurveyEstimatePatch } from '../../db/repositories/forecast.repository.ts';
import { AppError } from '../../errors.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import { forecastScope } from './forecast.ts';
import { loadForecastData } from './load.ts';

export type SurveyEstimateInput = Readonly<{ departmentId: string; periodStart: string; periodEnd: string; estimatedMonthlyUsd: string; estimatedWeeklyHours: string | null; respondents: number; note: string | null }>;

export async function listSurveyEstimates(ctx: AppContext, actor: Actor, filter: { departmentId?: string }): Promise<SurveyEstimate[]> {
  return ctx.repos.forecast.listSurveyEstimates(actor.orgId, filter);
}

function checkPeriod(periodStart: string, periodEnd: string): void {
  if (periodEnd <= periodStart) throw new AppError('VALIDATION_FAILED', { message: `periodEnd ${periodEnd} must be after periodStart ${periodStart}`, details: [{ path: 'body.periodEnd', message: 'must be after periodStart' }] });
}

/** Records a manual estimate (admins and owners); one per department, period start and source. */
export async function createSurveyEstimate(ctx: AppContext, actor: Actor, input: SurveyEstimateInput): Promise<SurveyEstimate> {
  checkPeriod(input.periodStart, input.periodEnd);
  return ctx.transaction(async (repos) => {
    if (!(await repos.departments.findById(actor.orgId, input.departmentId))) {
      throw new AppError('VALIDATION_FAILED', { message: `No department ${input.departmentId}`, details: [{ path: 'body.departmentId', message: 'no such department' }] });
    }
    const existing = await repos.forecast.listSurveyEstimates(actor.orgId, { departmentId: input.departmentId });
    if (existing.some((e) => e.source === 'manual' && e.periodStart === input.periodStart)) {
      throw new AppError('CONFLICT', { message: `A manual estimate for this department starting ${input.periodStart} already exists; update it instead`, details: [{ path: 'body.periodStart', message: 'already has a manual estimate' }] });
    }
    const id = await repos.forecast.insertSurveyEstimate(actor.orgId, { ...input, createdBy: actor.kind === 'person' ? actor.personId : null });
    const created = (await repos.forecast.findSurveyEstimate(actor.orgId, id))!;
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'survey_estimate.created', entityType: 'survey_estimate', entityId: id, after: created });
    return created;
  });
}

/** Changes a manual estimate; estimates from survey campaigns belong to the campaign and are refused. */
export async function updateSurveyEstimate(ctx: AppContext, actor: Actor, id: string, patch: SurveyEstimatePatch): Promise<SurveyEstimate> {
  return ctx.transaction(async (repos) => {
    const before = await repos.forecast.findSurveyEstimate(actor.orgId, id);
    if (!before) throw new AppError('NOT_FOUND', { message: `No survey estimate ${id}` });
    if (before.source !== 'manual') throw new AppError('CONFLICT', { message: `Survey estimate ${id} comes from a survey campaign; change it there` });
    checkPeriod(patch.periodStart ?? before.periodStart, patch.periodEnd ?? before.periodEnd);
    if (patch.periodStart && patch.periodStart !== before.periodStart) {
      const others = await repos.forecast.listSurveyEstimates(actor.orgId, { departmentId: before.departmentId });
      if (others.some((e) => e.id !== id && e.source === 'manual' && e.periodStart === patch.periodStart)) {
        throw new AppError('CONFLICT', { message: `A manual estimate for this department starting ${patch.periodStart} already exists; change that one instead`, details: [{ path: 'body.periodStart', message: 'already has a manual estimate' }] });
      }
    }
    await repos.forecast.updateSurveyEstimate(actor.orgId, id, patch, ctx.now());
    const after = (await repos.forecast.findSurveyEstimate(actor.orgId, id))!;
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'survey_estimate.updated', entityType: 'survey_estimate', entityId: id, before, after });
    return after;
  });
}

export type SurveyCorrection = Readonly<{
  orgRatio: number | null;
  departments: ReadonlyArray<Readonly<{ departmentId: string; departmentName: string; surveyedMonthlyUsd: number; actualMonthlyUsd: number | null; ratio: number | null; daysObserved: number }>>;
}>;

/** The learned actual / surveyed ratio per department and for the organization. */
export async function getSurveyCorrection(ctx: AppContext, actor: Actor): Promise<SurveyCorrection> {
  forecastScope(actor);
  const data = await loadForecastData(ctx, actor.orgId, { months: 1 });
  const names = new Map(data.departments.map((d) => [d.id, d.name]));
  return {
    orgRatio: data.survey.orgRatio,
    departments: data.survey.departments.map((d) => ({ ...d, departmentName: names.get(d.departmentId) ?? d.departmentId })),
  };
}
