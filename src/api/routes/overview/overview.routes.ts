import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { getPrimaryOrganization } from '../../../app/org.ts';
import { getOverview } from '../../../app/overview/overview.ts';
import { centsToDecimal } from '../../../domain/money.ts';
import { ANY_ROLE } from '../../../domain/roles.ts';
import { withProblems } from '../../schemas.ts';
import { DepartmentSchema, presentDepartment } from '../departments/departments.routes.ts';
import { presentTierSummary, TierSummarySchema } from '../seats/seats.presenter.ts';

export const overviewRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/overview', {
    config: { auth: ANY_ROLE },
    schema: {
      tags: ['overview'],
      summary: 'The organization at a glance',
      response: withProblems({
        200: z.object({
          organization: z.object({ id: z.uuid(), name: z.string() }),
          asOf: z.string(),
          headcount: z.number().int(),
          monthlyCost: z.string(),
          seats: z.array(TierSummarySchema),
          departments: z.array(DepartmentSchema),
          usage: z.object({ personDays: z.number().int(), messages: z.number().int(), apiEquivalentCostUsd: z.string(), firstDay: z.string().nullable(), lastDay: z.string().nullable() }),
        }),
      }),
    },
  }, async () => {
    const o = await getOverview(ctx, await getPrimaryOrganization(ctx));
    return {
      organization: { id: o.organization.id, name: o.organization.name },
      asOf: o.asOf.toISOString(),
      headcount: o.headcount,
      monthlyCost: centsToDecimal(o.monthlyCostCents),
      seats: o.seats.map(presentTierSummary),
      departments: o.departments.map(presentDepartment),
      usage: { personDays: o.usage.days, messages: o.usage.messages, apiEquivalentCostUsd: Number(o.usage.costUsd).toFixed(2), firstDay: o.usage.firstDay, lastDay: o.usage.lastDay },
    };
  });
};
