import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { actOnRecommendation, dismissRecommendation, respondToReview } from '../../../app/usage/reviews.ts';
import { assertCanSeePerson } from '../../../app/usage/need.ts';
import { ADMIN_ROLES, ANY_ROLE, hasAnyRole, MEMBER_ROLES, ORG_READER_ROLES } from '../../../domain/roles.ts';
import type { SeatReview } from '../../../db/repositories/review.repository.ts';
import { AppError } from '../../../errors.ts';
import { requireActor } from '../../plugins/auth.ts';
import { IdParamsSchema, IsoDate, iso, isoOrNull, withProblems } from '../../schemas.ts';

const DECIDERS: ['primary_owner', 'owner', 'admin', 'dept_lead'] = ['primary_owner', 'owner', 'admin', 'dept_lead'];
const KindSchema = z.enum(['upgrade', 'lease_next_sprint', 'convert_to_lease', 'downgrade']);
const ReviewSchema = z.object({ id: z.uuid(), personId: z.uuid(), personName: z.string(), kind: z.string(), status: z.string(), reason: z.string(), deadline: z.string(), keepReason: z.string().nullable(), createdAt: z.string(), respondedAt: z.string().nullable() });
const presentReview = (r: SeatReview): z.infer<typeof ReviewSchema> => ({ id: r.id, personId: r.personId, personName: r.personName, kind: r.kind, status: r.status, reason: r.reason, deadline: iso(r.deadline), keepReason: r.keepReason, createdAt: iso(r.createdAt), respondedAt: isoOrNull(r.respondedAt) });

export const reviewRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post('/api/recommendations/act', {
    config: { auth: DECIDERS },
    schema: {
      tags: ['usage'],
      summary: 'Accept a recommendation through the allocation engine (downgrades and conversions only ask the person first)',
      body: z.object({ personId: z.uuid(), kind: KindSchema }),
      response: withProblems({ 200: z.object({ outcome: z.string(), message: z.string(), leaseId: z.uuid().optional(), reviewId: z.uuid().optional() }) }),
    },
  }, async (request) => actOnRecommendation(ctx, requireActor(request), request.body));

  app.post('/api/recommendations/dismiss', {
    config: { auth: DECIDERS },
    schema: { tags: ['usage'], summary: 'Hide a recommendation for 30 days', body: z.object({ personId: z.uuid(), kind: KindSchema, note: z.string().max(500).optional() }), response: withProblems({ 200: z.object({ ok: z.literal(true) }) }) },
  }, async (request) => {
    await dismissRecommendation(ctx, requireActor(request), request.body);
    return { ok: true as const };
  });

  app.get('/api/seat-reviews', {
    config: { auth: ANY_ROLE },
    schema: {
      tags: ['usage'],
      summary: 'Seat reviews: mine, or (admins, owners, auditors) everyone’s',
      querystring: z.object({ mine: z.enum(['true', 'false']).default('true'), status: z.enum(['asked', 'kept', 'released', 'expired']).optional() }),
      response: withProblems({ 200: z.object({ items: z.array(ReviewSchema) }) }),
    },
  }, async (request) => {
    const actor = requireActor(request);
    const everyone = request.query.mine === 'false';
    if (everyone && actor.kind === 'person' && !hasAnyRole(actor.grants, ORG_READER_ROLES)) throw new AppError('FORBIDDEN', { message: 'Only admins, owners and auditors see everyone’s seat reviews' });
    const personId = everyone ? undefined : actor.kind === 'person' ? actor.personId : undefined;
    const items = await ctx.repos.reviews.list(actor.orgId, { ...(personId ? { personId } : {}), ...(request.query.status ? { status: request.query.status } : {}) });
    return { items: items.map(presentReview) };
  });

  app.post('/api/seat-reviews/:id/respond', {
    config: { auth: MEMBER_ROLES },
    schema: { tags: ['usage'], summary: 'Answer a seat review: keep the seat (with a reason) or give it back', params: IdParamsSchema, body: z.object({ keep: z.boolean(), reason: z.string().trim().max(1000).optional() }), response: withProblems({ 200: ReviewSchema }) },
  }, async (request) => presentReview(await respondToReview(ctx, requireActor(request), { reviewId: request.params.id, keep: request.body.keep, reason: request.body.reason ?? null })));

  app.post('/api/people/:id/leaves', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['usage'], summary: 'Record leave: nobody on leave is targeted by a downgrade or reclaim', params: IdParamsSchema, body: z.object({ startsOn: IsoDate, endsOn: IsoDate, note: z.string().max(500).optional() }), response: withProblems({ 201: z.object({ id: z.uuid() }) }) },
  }, async (request, reply) => {
    const actor = requireActor(request);
    await assertCanSeePerson(ctx.repos, actor, request.params.id);
    if (request.body.endsOn < request.body.startsOn) throw new AppError('VALIDATION_FAILED', { message: 'Leave ends before it starts', details: [{ path: 'body.endsOn', message: 'must not be before startsOn' }] });
    const id = await ctx.repos.reviews.recordLeave(actor.orgId, { personId: request.params.id, startsOn: request.body.startsOn, endsOn: request.body.endsOn, note: request.body.note ?? null });
    return reply.status(201).send({ id });
  });
};
