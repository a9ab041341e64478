import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../app/context.ts';

/** CSV usage import: upload and import history. */
export const usageImportRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async () => {};
