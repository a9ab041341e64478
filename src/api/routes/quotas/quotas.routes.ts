import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { getQuotaTimeline, todayOf } from '../../../app/leases/queries.ts';
import { apportionQuotas, listQuotas, setQuota } from '../../../app/quotas/quotas.ts';
import { APPORTIONMENT_METHODS } from '../../../domain/apportionment.ts';
import { addDays } from '../../../domain/dates.ts';
import { ANY_ROLE, OWNER_ROLES } from '../../../domain/roles.ts';
import type { DepartmentQuotaRow } from '../../../db/repositories/allocation.repository.ts';
import { requireActor } from '../../plugins/auth.ts';
import { IdParamsSchema, IsoDate, isoOrNull, MoneyString, SeatCount, withProblems } from '../../schemas.ts';

/** Quota figures are integer columns; no organization has more than 100000 premium seats. */

const QuotaSchema = z.object({
  departmentId: z.uuid(),
  departmentName: z.string(),
  nominalPremium: z.number().int(),
  borrowingLimit: z.number().int().nullable().describe('Seats above nominal it may borrow; null = unlimited'),
  lendingLimit: z.number().int().nullable().describe('Idle nominal seats others may borrow; null = all'),
  monthlyBudget: z.string().nullable().describe('USD per month; null = no budget'),
  updatedAt: z.string().nullable(),
});
const presentQuota = (q: DepartmentQuotaRow): z.infer<typeof QuotaSchema> => ({ departmentId: q.departmentId, departmentName: q.departmentName, nominalPremium: q.nominalPremium, borrowingLimit: q.borrowingLimit, lendingLimit: q.lendingLimit, monthlyBudget: q.monthlyBudget, updatedAt: isoOrNull(q.updatedAt) });

export const quotaRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/quotas', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['quotas'], summary: 'Premium pool size and every department’s quota, limits and budget', response: withProblems({ 200: z.object({ capacity: z.number().int(), items: z.array(QuotaSchema) }) }) },
  }, async (request) => {
    const { capacity, quotas } = await listQuotas(ctx, requireActor(request).orgId);
    return { capacity, items: quotas.map(presentQuota) };
  });

  app.put('/api/quotas/:id', {
    config: { auth: OWNER_ROLES },
    schema: {
      tags: ['quotas'],
      summary: "Set a department's nominal premium quota, borrowing and lending limits and monthly budget (id = department id)",
      params: IdParamsSchema,
      body: z.object({ nominalPremium: SeatCount, borrowingLimit: SeatCount.nullable().default(null), lendingLimit: SeatCount.nullable().default(null), monthlyBudget: MoneyString.nullable().default(null), reason: z.string().max(500).optional() }),
      response: withProblems({ 200: QuotaSchema }),
    },
  }, async (request) => presentQuota(await setQuota(ctx, requireActor(request), request.params.id, request.body)));

  app.post('/api/quotas/apportion', {
    config: { auth: OWNER_ROLES },
    schema: {
      tags: ['quotas'],
      summary: 'Apportion the premium pool to departments by a named method; preview the diff, or apply it with an audit event',
      body: z.object({
        method: z.enum(APPORTIONMENT_METHODS.filter((m) => m !== 'manual') as ['hamilton', 'webster', 'huntington-hill', 'dhondt', 'adams']),
        seats: SeatCount.optional().describe('Defaults to the premium seats purchased'),
        weights: z.record(z.string(), z.number().min(0)).optional().describe('Department name → weight; defaults to headcount'),
        minimum: z.union([z.literal(0), z.literal(1)]).default(0),
        apply: z.boolean().default(false),
        reason: z.string().max(500).optional(),
      }),
      response: withProblems({ 200: z.object({ method: z.string(), seats: z.number().int(), applied: z.boolean(), changes: z.array(z.object({ departmentId: z.uuid(), departmentName: z.string(), weight: z.number(), before: z.number().int(), after: z.number().int() })) }) }),
    },
  }, async (request) => {
    const { weights, seats, ...rest } = request.body;
    return apportionQuotas(ctx, requireActor(request), { ...rest, ...(weights ? { weights } : {}), ...(seats !== undefined ? { seats } : {}) });
  });

  app.get('/api/departments/:id/quota-timeline', {
    config: { auth: ANY_ROLE },
    schema: {
      tags: ['quotas'],
      summary: 'Day by day: premium seats used, nominal quota, borrowed and lent',
      params: IdParamsSchema,
      querystring: z.object({ from: IsoDate.optional().describe('Default: 30 days ago'), days: z.coerce.number().int().min(1).max(366).default(90) }),
      response: withProblems({ 200: z.object({ items: z.array(z.object({ day: z.string(), used: z.number().int(), nominal: z.number().int(), borrowed: z.number().int(), lent: z.number().int() })) }) }),
    },
  }, async (request) => {
    const from = request.query.from ?? addDays(todayOf(ctx), -30);
    return { items: await getQuotaTimeline(ctx, requireActor(request).orgId, request.params.id, { from, days: request.query.days }) };
  });
};
