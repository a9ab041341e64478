import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../app/context.ts';
import { connectorRoutes } from './connectors.routes.ts';
import { needRoutes } from './need.routes.ts';
import { reviewRoutes } from './reviews.routes.ts';
import { otelRoutes } from './otel.routes.ts';
import { usageImportRoutes } from './usage-import.routes.ts';

/** Everything about usage: imports, the OpenTelemetry receiver, vendor connectors. */
export const usageRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; secret?: string }> = async (app, { ctx, secret }) => {
  await app.register(usageImportRoutes, { ctx });
  await app.register(otelRoutes, { ctx });
  await app.register(connectorRoutes, { ctx, secret });
  await app.register(needRoutes, { ctx });
  await app.register(reviewRoutes, { ctx });
};
