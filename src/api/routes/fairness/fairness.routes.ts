import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { FAIRNESS_ROLES, getFairnessAudit, type FairnessAudit } from '../../../app/fairness/fairness.ts';
import { requireActor } from '../../plugins/auth.ts';
import { iso, withProblems } from '../../schemas.ts';
import { fairnessCsv, fairnessHtml } from './fairness.presenter.ts';

const ChiSchema = z.object({ statistic: z.number(), degreesOfFreedom: z.number().int(), pValue: z.number(), minExpected: z.number(), isSmallSample: z.boolean() }).nullable();
const RowSchema = z.object({
  group: z.string(),
  people: z.number().int(),
  requests: z.number().int(),
  approved: z.number().int(),
  denied: z.number().int(),
  pending: z.number().int(),
  approvalRate: z.number().nullable(),
  approvalRatio: z.number().nullable().describe('Approval rate ÷ the highest group’s; below 0.8 is flagged'),
  approvalP: z.number().nullable().describe('Fisher exact two-sided p, this group against everyone else'),
  meanWaitHours: z.number().nullable(),
  meanLeaseDays: z.number().nullable(),
  premiumShare: z.number().describe('Premium person-days ÷ person-days in the window'),
  premiumHolders: z.number().int(),
  premiumP: z.number().nullable(),
  meanNeed: z.number(),
  premiumPerNeed: z.number().nullable(),
  premiumPerNeedRatio: z.number().nullable(),
  isSmallSample: z.boolean().describe('Fewer than 5 people'),
  flags: z.array(z.string()),
});
const AuditSchema = z.object({
  asOf: z.string(),
  from: z.string(),
  days: z.number().int(),
  generatedAt: z.string(),
  people: z.number().int(),
  requests: z.number().int(),
  premiumDaysGini: z.number(),
  premiumPerNeedJain: z.number(),
  flagCount: z.number().int(),
  dimensions: z.array(z.object({ dimension: z.enum(['tenureBand', 'jobFamily', 'department']), rows: z.array(RowSchema), approvalFourFifths: z.number().nullable(), premiumPerNeedFourFifths: z.number().nullable(), approvalChiSquare: ChiSchema, premiumChiSquare: ChiSchema, flags: z.array(z.string()) })),
});
const present = (a: FairnessAudit): z.infer<typeof AuditSchema> => ({
  asOf: a.asOf,
  from: a.from,
  days: a.days,
  generatedAt: iso(a.generatedAt),
  people: a.people,
  requests: a.requests,
  premiumDaysGini: a.premiumDaysGini,
  premiumPerNeedJain: a.premiumPerNeedJain,
  flagCount: a.flagCount,
  dimensions: a.dimensions.map((d) => ({ ...d, rows: d.rows.map((r) => ({ ...r, flags: [...r.flags] })), approvalChiSquare: d.approvalChiSquare ? { ...d.approvalChiSquare } : null, premiumChiSquare: d.premiumChiSquare ? { ...d.premiumChiSquare } : null, flags: [...d.flags] })),
});
const Query = z.object({ days: z.coerce.number().int().min(28, { error: 'must be at least 28 days' }).max(366, { error: 'must be at most 366 days' }).default(84).describe('Audit window in days, ending today') });

export const fairnessRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; secret: string }> = async (app, { ctx }) => {
  app.get('/api/fairness', {
    config: { auth: FAIRNESS_ROLES },
    schema: { tags: ['fairness'], summary: 'Fairness audit by tenure band, job family and department: approval rates, waits, lease lengths, premium share vs need, four-fifths ratios, Fisher and chi-square tests (owners, auditors)', querystring: Query, response: withProblems({ 200: AuditSchema }) },
  }, async (request) => present(await getFairnessAudit(ctx, requireActor(request), { days: request.query.days })));

  app.get('/api/fairness/report.csv', {
    config: { auth: FAIRNESS_ROLES },
    schema: { tags: ['fairness'], summary: 'The fairness audit as CSV, one row per group (formula-safe cells)', querystring: Query, produces: ['text/csv'], response: withProblems({ 200: z.string() }) },
  }, async (request, reply) => {
    const audit = await getFairnessAudit(ctx, requireActor(request), { days: request.query.days });
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="fairness-${audit.asOf}.csv"`).send(fairnessCsv(audit));
  });

  app.get('/api/fairness/report.html', {
    config: { auth: FAIRNESS_ROLES },
    schema: { tags: ['fairness'], summary: 'The fairness audit as a printable HTML page (print CSS, no scripts needed)', querystring: Query, produces: ['text/html'], response: withProblems({ 200: z.string() }) },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const [audit, org] = await Promise.all([getFairnessAudit(ctx, actor, { days: request.query.days }), ctx.repos.organizations.findPrimary()]);
    return reply.header('content-type', 'text/html; charset=utf-8').send(fairnessHtml(audit, org?.id === actor.orgId ? org.name : 'Organization'));
  });
};
