import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../app/context.ts';

/** Vendor connectors: Anthropic Admin API and GitHub Copilot seats. */
export const connectorRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async () => {};
