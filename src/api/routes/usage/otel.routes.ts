import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../app/context.ts';

/** Claude Code OpenTelemetry receiver (OTLP/HTTP). */
export const otelRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async () => {};
