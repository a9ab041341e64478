import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../app/context.ts';

export const fairnessRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; secret: string }> = async (_app, _options) => {};
