import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { runHistoryBacktest, runSyntheticBacktest } from '../../../app/forecast/backtest.ts';
import { getForecast } from '../../../app/forecast/forecast.ts';
import { listHolidays, replaceHolidays } from '../../../app/forecast/holidays.ts';
import { comparePlansForOrg } from '../../../app/forecast/plans.ts';
import { createSurveyEstimate, getSurveyCorrection, listSurveyEstimates, updateSurveyEstimate } from '../../../app/forecast/survey-estimates.ts';
import type { SurveyEstimate } from '../../../db/repositories/forecast.repository.ts';
import { ADMIN_ROLES, ORG_READER_ROLES, type Role } from '../../../domain/roles.ts';
import { requireActor } from '../../plugins/auth.ts';
import { decimalString, IdParamsSchema, IsoDate, iso, MoneyString, wholeNumber, withProblems } from '../../schemas.ts';

const READERS: readonly Role[] = [...ORG_READER_ROLES, 'dept_lead'];
const ORG_READERS = ORG_READER_ROLES;

const BandSchema = z.object({ p10: z.number(), p50: z.number(), p90: z.number() });
const MonthFiguresSchema = z.object({ cost: BandSchema, seatFees: z.number(), extraUsage: BandSchema, usage: BandSchema });
const SeriesSchema = z.object({
  history: z.array(z.object({ day: z.string(), usageUsd: z.number() })),
  forecast: z.array(BandSchema.extend({ day: z.string() })),
});
const ForecastSchema = z.object({
  today: z.string(),
  currency: z.literal('USD'),
  paths: z.number().int(),
  seed: z.number().int(),
  months: z.array(z.object({ month: z.string(), org: MonthFiguresSchema, departments: z.record(z.string(), MonthFiguresSchema) })),
  daily: z.object({ org: SeriesSchema, departments: z.record(z.string(), SeriesSchema) }),
  model: z.object({
    growthPerMonth: z.number(),
    levelSigma: z.number(),
    calibrationOrigins: z.number().int(),
    skippedWeeks: z.number().int(),
    trendDampingPerDay: z.number(),
    holidaysAhead: z.number().int(),
    holidayFactor: z.number(),
    holidayFactorSource: z.enum(['history', 'weekend', 'none']),
    allowanceUsdPerDay: z.record(z.string(), z.number()),
    extraUsageRate: z.number().nullable(),
    departmentsFromSurvey: z.array(z.string()),
  }),
});
const BacktestSchema = z.object({
  name: z.string(),
  description: z.string(),
  horizonDays: z.number().int(),
  origins: z.number().int(),
  paths: z.number().int(),
  mape: z.number(),
  p90Coverage: z.number(),
  p10p90Coverage: z.number(),
  bias: z.number(),
  detail: z.array(z.object({ origin: z.string(), actual: z.number(), p10: z.number(), p50: z.number(), p90: z.number() })),
});
const PlanOptionSchema = z.object({
  kind: z.enum(['team_current', 'team_optimal', 'enterprise', 'extra_usage']),
  label: z.string(),
  standardSeats: z.number().int(),
  premiumSeats: z.number().int(),
  monthly: BandSchema.nullable(),
  months: z.array(z.object({ month: z.string(), cost: BandSchema })),
  saving: BandSchema.nullable(),
  chanceCheaper: z.number().nullable(),
});
const PlansSchema = z.object({
  today: z.string(),
  months: z.array(z.string()),
  options: z.array(PlanOptionSchema),
  recommendation: z.object({ action: z.enum(['stay', 'switch']), option: PlanOptionSchema.shape.kind, paysOffFrom: z.string().nullable(), answer: z.string() }),
  prices: z.object({ teamStandard: z.number(), teamPremium: z.number(), teamExtraUsageRate: z.number().nullable(), enterpriseSeat: z.number().nullable(), enterpriseUsageRate: z.number().nullable() }),
  purchased: z.object({ standard: z.number().int(), premium: z.number().int() }),
  commitmentEndsOn: z.string().nullable(),
});
const SurveyEstimateSchema = z.object({
  id: z.uuid(),
  departmentId: z.uuid(),
  departmentName: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  estimatedMonthlyUsd: z.string(),
  estimatedWeeklyHours: z.string().nullable(),
  respondents: z.number().int(),
  source: z.enum(['manual', 'survey']),
  campaignId: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const presentEstimate = (e: SurveyEstimate): z.infer<typeof SurveyEstimateSchema> => ({
  id: e.id, departmentId: e.departmentId, departmentName: e.departmentName, periodStart: e.periodStart, periodEnd: e.periodEnd,
  estimatedMonthlyUsd: e.estimatedMonthlyUsd, estimatedWeeklyHours: e.estimatedWeeklyHours, respondents: e.respondents, source: e.source,
  campaignId: e.campaignId, note: e.note, createdAt: iso(e.createdAt), updatedAt: iso(e.updatedAt),
});
/** survey_estimates.estimated_weekly_hours is numeric(8, 2). */
const HoursString = decimalString({ integerDigits: 6, decimals: 2, format: 'must be a number of hours like 3 or 2.5' });
/** survey_estimates.respondents is an integer column; a million people is more than any survey reaches. */
const Respondents = wholeNumber({ min: 0, max: 1_000_000, unit: 'people' });
const SurveyBodySchema = z.object({
  departmentId: z.uuid({ error: 'must be a department id (UUID)' }),
  periodStart: IsoDate,
  periodEnd: IsoDate,
  estimatedMonthlyUsd: MoneyString.describe('Expected monthly usage at API rates, USD (excluding seat fees)'),
  estimatedWeeklyHours: HoursString.nullable().default(null),
  respondents: Respondents.default(0),
  note: z.string().max(500).nullable().default(null),
});
const HolidaySchema = z.object({ day: IsoDate, name: z.string().trim().min(1, { error: 'must name the holiday' }).max(100) });
const HolidaysBodySchema = z.object({ from: IsoDate, to: IsoDate, holidays: z.array(HolidaySchema).max(366) });
const MonthsQuery = z.object({ months: z.coerce.number().int().min(1, { error: 'must be 1, 2 or 3' }).max(3, { error: 'must be 1, 2 or 3' }).default(3) });

export const forecastRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; secret: string }> = async (app, { ctx }) => {
  app.get('/api/forecast', {
    config: { auth: READERS },
    schema: { tags: ['forecast'], summary: 'Monthly cost forecast (P10/P50/P90) per department and for the organization, and daily usage bands; leads see the total and their own department', querystring: MonthsQuery, response: withProblems({ 200: ForecastSchema }) },
  }, async (request) => (await getForecast(ctx, requireActor(request), { months: request.query.months })) as z.infer<typeof ForecastSchema>);

  app.get('/api/forecast/backtest', {
    config: { auth: ORG_READERS },
    schema: {
      tags: ['forecast'],
      summary: 'Rolling-origin backtest: 30-day MAPE, P90 and P10–P90 coverage, on this organization’s history (default) or the synthetic generator (at most 2 seeds here; the CLI runs more)',
      querystring: z.object({
        source: z.enum(['synthetic', 'history']).default('history'),
        seeds: z.string().regex(/^\d{1,6}(,\d{1,6})?$/, { error: 'must be one or two comma-separated seeds like 201,202 (run more with `seatwise forecast backtest`)' }).default('201'),
        paths: z.coerce.number().int().min(10, { error: 'must be an integer from 10 to 200' }).max(200, { error: 'must be an integer from 10 to 200' }).optional(),
      }),
      response: withProblems({ 200: BacktestSchema }),
    },
  }, async (request) => {
    const { source, seeds, paths } = request.query;
    if (source === 'history') return (await runHistoryBacktest(ctx, requireActor(request), paths ? { paths } : {})) as z.infer<typeof BacktestSchema>;
    return runSyntheticBacktest({ seeds: seeds.split(',').map(Number), ...(paths ? { paths } : {}) }) as z.infer<typeof BacktestSchema>;
  });

  app.get('/api/plans/compare', {
    config: { auth: READERS },
    schema: { tags: ['forecast'], summary: 'Team as bought vs cost-optimal premium count vs Enterprise, with intervals and a plain answer', querystring: MonthsQuery, response: withProblems({ 200: PlansSchema }) },
  }, async (request) => {
    const r = await comparePlansForOrg(ctx, requireActor(request), { months: request.query.months });
    return { ...r, months: [...r.months], options: r.options.map((o) => ({ ...o, months: o.months.map((m) => ({ ...m })) })) };
  });

  app.get('/api/survey-estimates', {
    config: { auth: READERS },
    schema: { tags: ['forecast'], summary: 'Survey estimates of department usage (manual and from survey campaigns)', querystring: z.object({ departmentId: z.uuid().optional() }), response: withProblems({ 200: z.object({ items: z.array(SurveyEstimateSchema) }) }) },
  }, async (request) => ({ items: (await listSurveyEstimates(ctx, requireActor(request), request.query.departmentId ? { departmentId: request.query.departmentId } : {})).map(presentEstimate) }));

  app.post('/api/survey-estimates', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['forecast'], summary: 'Record a manual survey estimate for a department (admins, owners)', body: SurveyBodySchema, response: withProblems({ 201: SurveyEstimateSchema }) },
  }, async (request, reply) => {
    const created = await createSurveyEstimate(ctx, requireActor(request), request.body);
    return reply.code(201).send(presentEstimate(created));
  });

  app.patch('/api/survey-estimates/:id', {
    config: { auth: ADMIN_ROLES },
    schema: {
      tags: ['forecast'],
      summary: 'Change a manual survey estimate (admins, owners)',
      params: IdParamsSchema,
      body: z.object({ periodStart: IsoDate.optional(), periodEnd: IsoDate.optional(), estimatedMonthlyUsd: MoneyString.optional(), estimatedWeeklyHours: HoursString.nullable().optional(), respondents: Respondents.optional(), note: z.string().max(500).nullable().optional() }),
      response: withProblems({ 200: SurveyEstimateSchema }),
    },
  }, async (request) => {
    const b = request.body;
    const patch = Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined));
    return presentEstimate(await updateSurveyEstimate(ctx, requireActor(request), request.params.id, patch));
  });

  app.get('/api/survey-estimates/correction', {
    config: { auth: READERS },
    schema: {
      tags: ['forecast'],
      summary: 'Learned ratio of actual to surveyed usage per department and for the organization',
      response: withProblems({ 200: z.object({ orgRatio: z.number().nullable(), departments: z.array(z.object({ departmentId: z.string(), departmentName: z.string(), surveyedMonthlyUsd: z.number(), actualMonthlyUsd: z.number().nullable(), ratio: z.number().nullable(), daysObserved: z.number().int() })) }) }),
    },
  }, async (request) => {
    const c = await getSurveyCorrection(ctx, requireActor(request));
    return { orgRatio: c.orgRatio, departments: c.departments.map((d) => ({ ...d })) };
  });

  app.get('/api/forecast/holidays', {
    config: { auth: READERS },
    schema: { tags: ['forecast'], summary: 'Company holidays from `from` to `to` (inclusive): the calendar the forecast treats as days off', querystring: z.object({ from: IsoDate.optional(), to: IsoDate.optional() }), response: withProblems({ 200: z.object({ items: z.array(HolidaySchema) }) }) },
  }, async (request) => ({ items: await listHolidays(ctx, requireActor(request), { ...(request.query.from ? { from: request.query.from } : {}), ...(request.query.to ? { to: request.query.to } : {}) }) }));

  app.put('/api/forecast/holidays', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['forecast'], summary: 'Replace the company holidays between from and to, inclusive (admins, owners)', body: HolidaysBodySchema, response: withProblems({ 200: z.object({ removed: z.number().int(), items: z.array(HolidaySchema) }) }) },
  }, async (request) => {
    const r = await replaceHolidays(ctx, requireActor(request), request.body);
    return { removed: r.removed, items: r.holidays };
  });
};
