import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app/context.ts';
import { MAX_PEOPLE_FILE_BYTES } from '../app/people/import-people.ts';
import { registerAuth, type RouteTableEntry } from './plugins/auth.ts';
import { registerErrorHandler, sendProblem } from './plugins/error-handler.ts';
import { registerIdempotency } from './plugins/idempotency.ts';
import { authRoutes } from './routes/auth/auth.routes.ts';
import { departmentRoutes } from './routes/departments/departments.routes.ts';
import { overviewRoutes } from './routes/overview/overview.routes.ts';
import { peopleRoutes } from './routes/people/people.routes.ts';
import { seatRoutes } from './routes/seats/seats.routes.ts';
import { leaseRoutes } from './routes/leases/leases.routes.ts';
import { notificationRoutes } from './routes/notifications/notifications.routes.ts';
import { policyRoutes } from './routes/policies/policies.routes.ts';
import { quotaRoutes } from './routes/quotas/quotas.routes.ts';
import { usageRoutes } from './routes/usage/usage.routes.ts';
import { systemRoutes } from './routes/system/system.routes.ts';
import { forecastRoutes } from './routes/forecast/forecast.routes.ts';
import { alertRoutes } from './routes/alerts/alerts.routes.ts';
import { auditRoutes } from './routes/audit/audit.routes.ts';
import { governanceRoutes } from './routes/governance/governance.routes.ts';
import { planningRoutes } from './routes/planning/planning.routes.ts';
import { fairnessRoutes } from './routes/fairness/fairness.routes.ts';
import { labRoutes } from './routes/lab/lab.routes.ts';

export const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export type ServerOptions = Readonly<{
  ctx: AppContext;
  secret: string;
  isDemoLoginEnabled: boolean;
  logLevel?: string;
  webDist?: string;
  /** Lets CLI commands on this machine act through the running server (see plugins/auth.ts). */
  localOperatorKey?: string;
}>;

export type SeatwiseServer = FastifyInstance & { routeTable: readonly RouteTableEntry[] };

/** Builds the HTTP server without listening (tests call inject or listen on port 0). */
export async function buildServer(options: ServerOptions): Promise<SeatwiseServer> {
  const { ctx } = options;
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] },
    bodyLimit: MAX_PEOPLE_FILE_BYTES + 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const routeTable: RouteTableEntry[] = [];
  registerErrorHandler(app);
  await app.register(fastifyCookie, { secret: options.secret });
  registerAuth(app, ctx, routeTable, options.localOperatorKey);
  registerIdempotency(app, ctx);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Seatwise API', version: '0.1.0', description: 'Govern tiered AI-assistant seats fairly and on budget. Errors are RFC 9457 problem documents.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'seatwise_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(systemRoutes, { ctx });
  await app.register(authRoutes, { ctx, isDemoLoginEnabled: options.isDemoLoginEnabled });
  await app.register(overviewRoutes, { ctx });
  await app.register(departmentRoutes, { ctx });
  await app.register(peopleRoutes, { ctx });
  await app.register(seatRoutes, { ctx });
  await app.register(leaseRoutes, { ctx });
  await app.register(quotaRoutes, { ctx });
  await app.register(policyRoutes, { ctx });
  await app.register(notificationRoutes, { ctx });
  await app.register(usageRoutes, { ctx, secret: options.secret });
  await app.register(forecastRoutes, { ctx, secret: options.secret });
  await app.register(alertRoutes, { ctx, secret: options.secret });
  await app.register(auditRoutes, { ctx, secret: options.secret });
  await app.register(governanceRoutes, { ctx, secret: options.secret });
  await app.register(planningRoutes, { ctx, secret: options.secret });
  await app.register(fairnessRoutes, { ctx, secret: options.secret });
  await app.register(labRoutes, { ctx, secret: options.secret });

  const webDist = options.webDist ?? DEFAULT_WEB_DIST;
  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: true,
      index: 'index.html',
      // Hashed bundles never change; the page that names them must always be fresh.
      setHeaders: (res, filePath) => res.setHeader('cache-control', filePath.endsWith('.html') ? 'no-cache' : filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600'),
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(request.url.split('?')[0]!);
    if (!isPage) return sendProblem(reply, request, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`);
    if (!hasWeb) return reply.type('text/html').send('<!doctype html><title>Seatwise</title><p>The web app is not built yet. Run <code>npm run build:web</code> and restart; the API is at <a href="/api/docs">/api/docs</a>.</p>');
    return reply.header('cache-control', 'no-cache').type('text/html').sendFile('index.html');
  });

  await app.ready();
  return Object.assign(app, { routeTable }) as unknown as SeatwiseServer;
}
