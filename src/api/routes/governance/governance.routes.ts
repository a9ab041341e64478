import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../app/context.ts';
import { complianceRoutes } from './compliance.routes.ts';
import { surveyRoutes } from './surveys.routes.ts';
import { useCaseRoutes } from './use-cases.routes.ts';

/** Fair governance: the use-case library, demand surveys and participation compliance. */
export const governanceRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; secret: string }> = async (app, { ctx }) => {
  await app.register(useCaseRoutes, { ctx });
  await app.register(surveyRoutes, { ctx });
  await app.register(complianceRoutes, { ctx });
};
