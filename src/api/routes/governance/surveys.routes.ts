import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { answerSurvey, getCampaign, listCampaigns, openCampaign, type CampaignDetail } from '../../../app/surveys/campaigns.ts';
import { closeCampaign, getSurveyResults, writeSurveyEstimates, type SurveyResults } from '../../../app/surveys/results.ts';
import type { SurveyCampaignRow } from '../../../db/repositories/governance.repository.ts';
import { ADMIN_ROLES, ANY_ROLE, MEMBER_ROLES, ORG_READER_ROLES } from '../../../domain/roles.ts';
import { requireActor } from '../../plugins/auth.ts';
import { IdParamsSchema, IsoDate, iso, isoOrNull, withProblems } from '../../schemas.ts';

const READERS = ORG_READER_ROLES;

const CampaignSchema = z.object({ id: z.uuid(), title: z.string(), periodStart: z.string(), periodEnd: z.string(), status: z.enum(['open', 'closed']), usdPerHour: z.string(), rateSource: z.string(), openedAt: z.string(), closedAt: z.string().nullable(), respondents: z.number().int(), hasAnswered: z.boolean() });
const QuestionSchema = z.object({ key: z.string(), prompt: z.string(), kind: z.enum(['hours', 'choices', 'text']), options: z.array(z.string()), isRequired: z.boolean() });
const AnswerSchema = z.union([z.number(), z.string(), z.array(z.string())]);
const DetailSchema = z.object({ campaign: CampaignSchema, questions: z.array(QuestionSchema), myAnswers: z.record(z.string(), AnswerSchema).nullable(), myAnsweredAt: z.string().nullable() });
const ResultsSchema = z.object({
  campaign: CampaignSchema,
  departments: z.array(z.object({ departmentId: z.uuid(), departmentName: z.string(), headcount: z.number().int(), respondents: z.number().int(), averageWeeklyHours: z.number().nullable(), estimatedMonthlyUsd: z.string(), choiceCounts: z.record(z.string(), z.record(z.string(), z.number().int())) })),
  estimates: z.array(z.object({ departmentId: z.uuid(), departmentName: z.string(), periodStart: z.string(), periodEnd: z.string(), estimatedMonthlyUsd: z.string(), estimatedWeeklyHours: z.string().nullable(), respondents: z.number().int(), updatedAt: z.string() })),
});

const presentCampaign = (c: SurveyCampaignRow): z.infer<typeof CampaignSchema> => ({ id: c.id, title: c.title, periodStart: c.periodStart, periodEnd: c.periodEnd, status: c.status, usdPerHour: c.usdPerHour, rateSource: c.rateSource, openedAt: iso(c.openedAt), closedAt: isoOrNull(c.closedAt), respondents: c.respondents, hasAnswered: c.hasAnswered });
const presentDetail = (d: CampaignDetail): z.infer<typeof DetailSchema> => ({
  campaign: presentCampaign(d.campaign),
  questions: d.questions.map((q) => ({ key: q.key, prompt: q.prompt, kind: q.kind, options: q.options, isRequired: q.isRequired })),
  myAnswers: (d.myResponse?.answers as Record<string, number | string | string[]> | undefined) ?? null,
  myAnsweredAt: d.myResponse ? iso(d.myResponse.updatedAt) : null,
});
const presentResults = (r: SurveyResults): z.infer<typeof ResultsSchema> => ({
  campaign: presentCampaign(r.campaign),
  departments: r.departments.map(({ estimatedMonthlyCents: _c, choiceCounts, ...d }) => ({ ...d, choiceCounts: choiceCounts as Record<string, Record<string, number>> })),
  estimates: r.estimates.map((e) => ({ ...e, updatedAt: iso(e.updatedAt) })),
});

export const surveyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/survey-campaigns', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['surveys'], summary: 'Survey campaigns, newest first, with whether you answered', querystring: z.object({ status: z.enum(['open', 'closed']).optional() }), response: withProblems({ 200: z.object({ items: z.array(CampaignSchema) }) }) },
  }, async (request) => ({ items: (await listCampaigns(ctx, requireActor(request), request.query.status ? { status: request.query.status } : {})).map(presentCampaign) }));

  app.post('/api/survey-campaigns', {
    config: { auth: ADMIN_ROLES },
    schema: {
      tags: ['surveys'],
      summary: 'Open a demand survey about a period; usdPerHour defaults to the observed API cost per active hour',
      body: z.object({
        title: z.string().trim().min(3, { error: 'must be at least 3 characters' }).max(200),
        periodStart: IsoDate,
        periodEnd: IsoDate,
        // Stored rounded to cents in numeric(10, 2) with CHECK > 0: less than a cent would round to 0.00.
        usdPerHour: z.number({ error: 'must be a number of dollars' }).min(0.01, { error: 'must be at least 0.01' }).max(1000, { error: 'must be at most 1000' }).nullable().optional(),
        questions: z.array(z.object({ key: z.string(), prompt: z.string().min(3).max(300), kind: z.enum(['hours', 'choices', 'text']), options: z.array(z.string().min(1).max(100)).max(20).default([]), isRequired: z.boolean().default(false) })).min(1).max(20).optional(),
      }),
      response: withProblems({ 201: DetailSchema }),
    },
  }, async (request, reply) => reply.status(201).send(presentDetail(await openCampaign(ctx, requireActor(request), request.body))));

  app.get('/api/survey-campaigns/:id', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['surveys'], summary: 'A campaign with its questions and your answers', params: IdParamsSchema, response: withProblems({ 200: DetailSchema }) },
  }, async (request) => presentDetail(await getCampaign(ctx, requireActor(request), request.params.id)));

  app.put('/api/survey-campaigns/:id/response', {
    config: { auth: MEMBER_ROLES },
    schema: { tags: ['surveys'], summary: 'Answer an open survey; answering again replaces your answer', params: IdParamsSchema, body: z.object({ answers: z.record(z.string(), z.unknown()) }), response: withProblems({ 200: DetailSchema.extend({ outcome: z.enum(['created', 'updated']) }) }) },
  }, async (request) => {
    const { outcome, detail } = await answerSurvey(ctx, requireActor(request), { campaignId: request.params.id, answers: request.body.answers });
    return { outcome, ...presentDetail(detail) };
  });

  app.get('/api/survey-campaigns/:id/results', {
    config: { auth: READERS },
    schema: { tags: ['surveys'], summary: 'Per-department results and the survey estimates written from them', params: IdParamsSchema, response: withProblems({ 200: ResultsSchema }) },
  }, async (request) => presentResults(await getSurveyResults(ctx, requireActor(request), request.params.id)));

  app.post('/api/survey-campaigns/:id/close', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['surveys'], summary: 'Close a campaign and write one survey estimate per department for the forecaster', params: IdParamsSchema, response: withProblems({ 200: ResultsSchema }) },
  }, async (request) => presentResults(await closeCampaign(ctx, requireActor(request), request.params.id)));

  app.post('/api/survey-campaigns/:id/estimates', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['surveys'], summary: 'Write (or rewrite) the survey estimates now, open or closed', params: IdParamsSchema, response: withProblems({ 200: ResultsSchema }) },
  }, async (request) => presentResults(await writeSurveyEstimates(ctx, requireActor(request), request.params.id)));
};
