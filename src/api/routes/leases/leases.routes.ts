import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { decideLease } from '../../../app/leases/decide-lease.ts';
import { cancelLeaseRequest, returnLease, revokeLease } from '../../../app/leases/end-lease.ts';
import { decideLeaseExtension, requestLeaseExtension } from '../../../app/leases/extend-lease.ts';
import { getApprovalQueue, getLease } from '../../../app/leases/queries.ts';
import { requestLease } from '../../../app/leases/request-lease.ts';
import { ANY_ROLE, MEMBER_ROLES } from '../../../domain/roles.ts';
import { AppError } from '../../../errors.ts';
import { requireActor } from '../../plugins/auth.ts';
import { IdParamsSchema, IsoDate, IsoDateTime, PageQuerySchema, pageSchema, withProblems } from '../../schemas.ts';
import { ExtensionSchema, LeaseSchema, LeaseStatusSchema, presentExtension, presentLease, presentQueueItem, QueueItemSchema } from './leases.presenter.ts';

const DecisionSchema = z.object({ outcome: z.string(), rule: z.string(), message: z.string() });
const LEADS: ['primary_owner', 'owner', 'admin', 'dept_lead'] = ['primary_owner', 'owner', 'admin', 'dept_lead'];
const NoteBody = z.object({ note: z.string().trim().max(1000).optional() });

export const leaseRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/leases', {
    config: { auth: ANY_ROLE },
    schema: {
      tags: ['leases'],
      summary: 'List leases and requests',
      querystring: PageQuerySchema.extend({ personId: z.uuid().optional(), departmentId: z.uuid().optional(), status: z.string().optional().describe('Comma-separated statuses'), mine: z.enum(['true', 'false']).optional() }),
      response: withProblems({ 200: pageSchema(LeaseSchema) }),
    },
  }, async (request) => {
    const actor = requireActor(request);
    const { limit, offset, mine, status, ...filter } = request.query;
    const parsed = status ? z.array(LeaseStatusSchema).safeParse(status.split(',')) : undefined;
    if (parsed && !parsed.success) throw new AppError('VALIDATION_FAILED', { message: `status must be a comma-separated list of ${LeaseStatusSchema.options.join(', ')}`, details: [{ path: 'querystring.status', message: 'unknown status' }] });
    const statuses = parsed?.data;
    const personId = mine === 'true' && actor.kind === 'person' ? actor.personId : filter.personId;
    const page = await ctx.repos.leases.list(actor.orgId, { ...filter, ...(personId ? { personId } : {}), ...(statuses ? { statuses } : {}) }, { limit, offset });
    return { ...page, items: page.items.map(presentLease) };
  });

  app.get('/api/leases/:id', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['leases'], summary: 'Get a lease with its extension requests', params: IdParamsSchema, response: withProblems({ 200: LeaseSchema.extend({ extensions: z.array(ExtensionSchema) }) }) },
  }, async (request) => {
    const { lease, extensions } = await getLease(ctx, requireActor(request), request.params.id);
    return { ...presentLease(lease), extensions: extensions.map(presentExtension) };
  });

  app.post('/api/leases', {
    config: { auth: MEMBER_ROLES },
    schema: {
      tags: ['leases'],
      summary: 'Request a premium lease; the engine decides at once (approve, queue, waitlist or deny). Accepts Idempotency-Key.',
      body: z.object({
        personId: z.uuid().optional().describe('Defaults to yourself; leads and admins may ask for their people'),
        startsAt: IsoDateTime,
        endsAt: IsoDateTime,
        reason: z.string().trim().min(3).max(1000),
        project: z.string().trim().max(200).nullable().optional(),
        deadline: IsoDate.nullable().optional(),
      }),
      response: withProblems({ 201: z.object({ lease: LeaseSchema, decision: DecisionSchema }) }),
    },
  }, async (request, reply) => {
    const { startsAt, endsAt, ...rest } = request.body;
    const { lease, decision } = await requestLease(ctx, requireActor(request), { ...rest, startsAt: new Date(startsAt), endsAt: new Date(endsAt) });
    return reply.status(201).send({ lease: presentLease(lease), decision });
  });

  app.get('/api/approvals', {
    config: { auth: LEADS },
    schema: { tags: ['leases'], summary: "The decider's queue: pending requests and extensions with what granting would do", response: withProblems({ 200: z.object({ items: z.array(QueueItemSchema) }) }) },
  }, async (request) => ({ items: (await getApprovalQueue(ctx, requireActor(request))).map(presentQueueItem) }));

  app.post('/api/leases/:id/approve', {
    config: { auth: LEADS },
    schema: { tags: ['leases'], summary: 'Approve a pending request (lead of its department, or an owner for budget overruns)', params: IdParamsSchema, body: NoteBody, response: withProblems({ 200: z.object({ lease: LeaseSchema, decision: DecisionSchema }) }) },
  }, async (request) => {
    const { lease, decision } = await decideLease(ctx, requireActor(request), { leaseId: request.params.id, approve: true, note: request.body.note ?? null });
    return { lease: presentLease(lease), decision };
  });

  app.post('/api/leases/:id/deny', {
    config: { auth: LEADS },
    schema: { tags: ['leases'], summary: 'Deny a pending request with a reason', params: IdParamsSchema, body: z.object({ note: z.string().trim().min(1).max(1000) }), response: withProblems({ 200: z.object({ lease: LeaseSchema, decision: DecisionSchema }) }) },
  }, async (request) => {
    const { lease, decision } = await decideLease(ctx, requireActor(request), { leaseId: request.params.id, approve: false, note: request.body.note });
    return { lease: presentLease(lease), decision };
  });

  app.post('/api/leases/:id/return', {
    config: { auth: MEMBER_ROLES },
    schema: { tags: ['leases'], summary: 'Give a lease back early; the seat returns to the pool at once', params: IdParamsSchema, body: NoteBody, response: withProblems({ 200: LeaseSchema }) },
  }, async (request) => presentLease(await returnLease(ctx, requireActor(request), request.params.id, request.body.note ?? null)));

  app.post('/api/leases/:id/cancel', {
    config: { auth: MEMBER_ROLES },
    schema: { tags: ['leases'], summary: 'Withdraw a pending request', params: IdParamsSchema, response: withProblems({ 200: LeaseSchema }) },
  }, async (request) => presentLease(await cancelLeaseRequest(ctx, requireActor(request), request.params.id)));

  app.post('/api/leases/:id/revoke', {
    config: { auth: LEADS },
    schema: { tags: ['leases'], summary: 'Take a lease back (lead or admin), with a reason', params: IdParamsSchema, body: z.object({ note: z.string().trim().min(1).max(1000) }), response: withProblems({ 200: LeaseSchema }) },
  }, async (request) => presentLease(await revokeLease(ctx, requireActor(request), request.params.id, request.body.note)));

  app.post('/api/leases/:id/extensions', {
    config: { auth: MEMBER_ROLES },
    schema: { tags: ['leases'], summary: 'Ask to extend a lease', params: IdParamsSchema, body: z.object({ newEndsAt: IsoDateTime, reason: z.string().trim().min(3).max(1000) }), response: withProblems({ 201: z.object({ lease: LeaseSchema, extension: ExtensionSchema }) }) },
  }, async (request, reply) => {
    const { lease, extension } = await requestLeaseExtension(ctx, requireActor(request), { leaseId: request.params.id, newEndsAt: new Date(request.body.newEndsAt), reason: request.body.reason });
    return reply.status(201).send({ lease: presentLease(lease), extension: presentExtension(extension) });
  });

  app.post('/api/lease-extensions/:id/decision', {
    config: { auth: LEADS },
    schema: { tags: ['leases'], summary: 'Approve or deny an extension request', params: IdParamsSchema, body: z.object({ approve: z.boolean(), note: z.string().trim().max(1000).optional() }), response: withProblems({ 200: z.object({ lease: LeaseSchema, extension: ExtensionSchema }) }) },
  }, async (request) => {
    const { lease, extension } = await decideLeaseExtension(ctx, requireActor(request), { extensionId: request.params.id, approve: request.body.approve, note: request.body.note ?? null });
    return { lease: presentLease(lease), extension: presentExtension(extension) };
  });

};
