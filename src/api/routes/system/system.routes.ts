import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { isDatabaseReachable } from '../../../db/client.ts';

export const systemRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/healthz', {
    config: { auth: 'public' },
    schema: { tags: ['system'], summary: 'The process is up', response: { 200: z.object({ status: z.literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', {
    config: { auth: 'public' },
    schema: {
      tags: ['system'],
      summary: 'The database is reachable',
      response: { 200: z.object({ status: z.literal('ready') }), 503: z.object({ status: z.literal('unavailable') }) },
    },
  }, async (_request, reply) => {
    if (await isDatabaseReachable(ctx.db)) return { status: 'ready' as const };
    return reply.status(503).send({ status: 'unavailable' as const });
  });
};
