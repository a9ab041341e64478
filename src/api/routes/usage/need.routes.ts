import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { getDepartmentUsage, getPersonUsage, ignoreUnmatchedIdentity, linkUnmatchedIdentity, listRecommendations } from '../../../app/usage/need.ts';
import { centsToDecimal } from '../../../domain/money.ts';
import type { NeedScore } from '../../../domain/need.ts';
import { ADMIN_ROLES, ANY_ROLE, hasAnyRole, ORG_READER_ROLES } from '../../../domain/roles.ts';
import { AppError } from '../../../errors.ts';
import { requireActor } from '../../plugins/auth.ts';
import { IdParamsSchema, iso, withProblems } from '../../schemas.ts';

const NeedSchema = z.object({
  score: z.number(),
  level: z.enum(['high', 'medium', 'low']),
  components: z.array(z.object({ name: z.string(), weight: z.number(), value: z.number(), explanation: z.string() })),
  workdays84: z.number().int(),
  limitHitDays84: z.number().int(),
});
const presentNeed = (n: NeedScore): z.infer<typeof NeedSchema> => ({ ...n, components: n.components.map((c) => ({ ...c })) });

export const needRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/people/:id/usage', {
    config: { auth: ANY_ROLE },
    schema: {
      tags: ['usage'],
      summary: "A person's daily usage against their tier's limit, and their need score with why (the person, their lead, admins, owners, auditors)",
      params: IdParamsSchema,
      querystring: z.object({ days: z.coerce.number().int().min(7).max(366).default(90) }),
      response: withProblems({ 200: z.object({ days: z.array(z.object({ day: z.string(), messages: z.number().int(), limitHits: z.number().int(), activeMinutes: z.number().int(), costUsd: z.string(), inputTokens: z.number(), outputTokens: z.number(), tier: z.string().nullable(), limit: z.number().int() })), need: NeedSchema }) }),
    },
  }, async (request) => {
    const usage = await getPersonUsage(ctx, requireActor(request), request.params.id, request.query.days);
    return { days: usage.days.map((d) => ({ ...d })), need: presentNeed(usage.need) };
  });

  app.get('/api/departments/:id/usage', {
    config: { auth: ANY_ROLE },
    schema: {
      tags: ['usage'],
      summary: "A department's daily usage; per person only for its lead, admins, owners and auditors (aggregates otherwise, withheld below 5 people)",
      params: IdParamsSchema,
      querystring: z.object({ days: z.coerce.number().int().min(7).max(366).default(90) }),
      response: withProblems({
        200: z.object({
          isPerPerson: z.boolean(),
          isSuppressed: z.boolean().describe('Totals withheld: fewer than 5 people contribute and the caller may not see them individually'),
          days: z.array(z.object({ day: z.string(), messages: z.number().int(), limitHits: z.number().int(), activePeople: z.number().int() })),
          people: z.array(z.object({ personId: z.uuid(), personName: z.string(), messages: z.number().int(), limitHitDays: z.number().int(), costUsd: z.string(), busiestDay: z.number().int() })).nullable(),
        }),
      }),
    },
  }, async (request) => {
    const usage = await getDepartmentUsage(ctx, requireActor(request), request.params.id, request.query.days);
    return { isPerPerson: usage.isPerPerson, isSuppressed: usage.isSuppressed, days: usage.days.map((d) => ({ ...d })), people: usage.people ? usage.people.map((p) => ({ ...p })) : null };
  });

  app.get('/api/recommendations', {
    config: { auth: ['primary_owner', 'owner', 'admin', 'dept_lead', 'auditor'] },
    schema: {
      tags: ['usage'],
      summary: 'Need scores and rightsizing recommendations (leads see their own department)',
      querystring: z.object({ departmentId: z.uuid().optional() }),
      response: withProblems({ 200: z.object({ items: z.array(z.object({ personId: z.uuid(), personName: z.string(), departmentName: z.string().nullable(), tier: z.string().nullable(), need: NeedSchema, recommendation: z.object({ kind: z.string(), reason: z.string(), monthlySaving: z.string(), evidence: z.record(z.string(), z.number()) }).nullable(), graceReason: z.string().nullable() })) }) }),
    },
  }, async (request) => {
    const actor = requireActor(request);
    let departmentId = request.query.departmentId;
    if (actor.kind === 'person' && !hasAnyRole(actor.grants, ORG_READER_ROLES)) {
      const led = actor.grants.filter((g) => g.role === 'dept_lead').map((g) => g.departmentId);
      departmentId ??= led[0] ?? undefined;
      if (!departmentId || !led.includes(departmentId)) throw new AppError('FORBIDDEN', { message: 'Leads see recommendations for their own department' });
    }
    const items = await listRecommendations(ctx, actor.orgId, departmentId ? { departmentId } : {});
    return {
      items: items.map((i) => ({
        ...i,
        need: presentNeed(i.need),
        recommendation: i.recommendation ? { kind: i.recommendation.kind, reason: i.recommendation.reason, monthlySaving: centsToDecimal(i.recommendation.monthlySavingCents), evidence: { ...i.recommendation.evidence } } : null,
      })),
    };
  });

  app.get('/api/unmatched-identities', {
    config: { auth: ORG_READER_ROLES },
    schema: {
      tags: ['usage'],
      summary: 'Identities in usage data that match no person, with how much usage waits for them',
      querystring: z.object({ status: z.enum(['open', 'linked', 'ignored']).optional() }),
      response: withProblems({ 200: z.object({ items: z.array(z.object({ id: z.uuid(), source: z.string(), identity: z.string(), status: z.string(), personId: z.uuid().nullable(), occurrences: z.number().int(), days: z.number().int(), firstSeenAt: z.string(), lastSeenAt: z.string() })) }) }),
    },
  }, async (request) => ({
    items: (await ctx.repos.usage.listUnmatched(requireActor(request).orgId, request.query.status)).map((u) => ({ ...u, firstSeenAt: iso(u.firstSeenAt), lastSeenAt: iso(u.lastSeenAt) })),
  }));

  app.post('/api/unmatched-identities/:id/link', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['usage'], summary: 'Link an identity to a person; its kept usage moves to them', params: IdParamsSchema, body: z.object({ personId: z.uuid() }), response: withProblems({ 200: z.object({ movedDays: z.number().int() }) }) },
  }, async (request) => linkUnmatchedIdentity(ctx, requireActor(request), request.params.id, request.body.personId));

  app.post('/api/unmatched-identities/:id/ignore', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['usage'], summary: 'Mark an identity as not one of our people (its usage stays kept)', params: IdParamsSchema, response: withProblems({ 200: z.object({ ok: z.literal(true) }) }) },
  }, async (request) => {
    await ignoreUnmatchedIdentity(ctx, requireActor(request), request.params.id);
    return { ok: true as const };
  });
};
