import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { ANY_ROLE } from '../../../domain/roles.ts';
import { AppError } from '../../../errors.ts';
import { requirePerson } from '../../plugins/auth.ts';
import { IdParamsSchema, iso, isoOrNull, withProblems } from '../../schemas.ts';

const NotificationSchema = z.object({ id: z.uuid(), kind: z.string(), title: z.string(), body: z.string(), leaseId: z.uuid().nullable(), createdAt: z.string(), readAt: z.string().nullable() });

export const notificationRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/notifications', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['notifications'], summary: 'My notifications, newest first', querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }), response: withProblems({ 200: z.object({ items: z.array(NotificationSchema), unread: z.number().int() }) }) },
  }, async (request) => {
    const actor = requirePerson(request);
    const [items, unread] = await Promise.all([ctx.repos.allocation.listNotifications(actor.orgId, actor.personId, request.query.limit), ctx.repos.allocation.countUnread(actor.orgId, actor.personId)]);
    return { items: items.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, leaseId: n.leaseId, createdAt: iso(n.createdAt), readAt: isoOrNull(n.readAt) })), unread };
  });

  app.post('/api/notifications/:id/read', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['notifications'], summary: 'Mark one of my notifications as read', params: IdParamsSchema, response: withProblems({ 200: z.object({ ok: z.literal(true) }) }) },
  }, async (request) => {
    const actor = requirePerson(request);
    if (!(await ctx.repos.allocation.markNotificationRead(actor.orgId, actor.personId, request.params.id, ctx.now()))) throw new AppError('NOT_FOUND', { message: 'No such notification of yours' });
    return { ok: true as const };
  });
};
