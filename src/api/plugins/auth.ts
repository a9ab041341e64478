import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { authenticateToken, resolvePersonActor } from '../../app/auth/auth.ts';
import { getPrimaryOrganization } from '../../app/org.ts';
import type { Actor, AppContext } from '../../app/context.ts';
import { hasAnyRole, type Role } from '../../domain/roles.ts';
import { AppError } from '../../errors.ts';

/** What a route allows: `public`, or the roles of which a caller needs at least one. */
export type RouteAuth = 'public' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    actor: Actor | undefined;
  }
}

export const SESSION_COOKIE = 'seatwise_session';
export const SESSION_TTL_SECONDS = 12 * 3600;

export type RouteTableEntry = Readonly<{ method: string; url: string; auth: RouteAuth }>;

/** Routes mounted by plugins we do not own (docs UI, static files) are public by nature. */
const isFrameworkRoute = (url: string) => url.startsWith('/api/docs') || url === '/*' || url.startsWith('/assets');

/** The caller: a signed-in person or the local operator (CLI through the running server). */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', { message: 'Sign in or send an API token' });
  return request.actor;
}

/** The signed-in person of this request, or an UNAUTHENTICATED error. */
export function requirePerson(request: FastifyRequest): Actor & { kind: 'person' } {
  const actor = request.actor;
  if (actor?.kind !== 'person') throw new AppError('UNAUTHENTICATED', { message: 'Sign in or send an API token' });
  return actor;
}

/**
 * Deny by default: every route must declare `config.auth` or the server refuses to start. Each request
 * is authenticated (bearer token or signed session cookie) before validation, so anonymous callers get
 * 401 and callers without an allowed role get 403, whatever their input.
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext, routeTable: RouteTableEntry[], localOperatorKey?: string) {
  app.decorateRequest('actor', undefined);
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    let auth = route.config?.auth;
    if (auth === undefined && isFrameworkRoute(route.url)) {
      auth = 'public';
      route.config = { ...route.config, auth };
    }
    if (auth === undefined) throw new Error(`Route ${methods.join(',')} ${route.url} declares no roles (config.auth)`);
    for (const method of methods) if (method !== 'HEAD') routeTable.push({ method, url: route.url, auth });
  });

  app.addHook('onRequest', async (request) => {
    request.actor = await identify(ctx, request, localOperatorKey);
    const auth = request.routeOptions.config.auth;
    if (auth === 'public') return;
    // No route matched: the not-found handler answers, with nothing to protect.
    if (request.is404) return;
    if (auth === undefined) throw new AppError('FORBIDDEN', { message: 'This route allows nobody' });
    if (!request.actor) {
      // The local CLI before any organization exists: say so (NOT_FOUND, with what to run), not "sign in".
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (bearer && isLocalOperator(request, bearer, localOperatorKey)) await getPrimaryOrganization(ctx);
      throw new AppError('UNAUTHENTICATED', { message: 'Sign in or send an API token (Authorization: Bearer …)' });
    }
    if (request.actor.kind === 'person' && !hasAnyRole(request.actor.grants, auth)) {
      throw new AppError('FORBIDDEN', { message: `This needs one of the roles: ${auth.join(', ')}` });
    }
  });
}

/** Prefix of the local operator key the server shares with CLI commands on the same machine. */
export const LOCAL_OPERATOR_PREFIX = 'swl_';

function isLocalOperator(request: FastifyRequest, token: string, key: string | undefined): boolean {
  if (!key || !token.startsWith(LOCAL_OPERATOR_PREFIX)) return false;
  const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '');
  const a = Buffer.from(token);
  const b = Buffer.from(key);
  return loopback && a.length === b.length && timingSafeEqual(a, b);
}

async function identify(ctx: AppContext, request: FastifyRequest, localOperatorKey: string | undefined): Promise<Actor | undefined> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return undefined;
    if (isLocalOperator(request, match[1]!, localOperatorKey)) {
      // The CLI on this machine, holding the key from the locked data folder (mode 0600): the operator.
      const org = await ctx.repos.organizations.findPrimary();
      return org ? { kind: 'cli', orgId: org.id } : undefined;
    }
    return authenticateToken(ctx, match[1]!);
  }
  const raw = request.cookies?.[SESSION_COOKIE];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return undefined;
  const [personId, expires] = unsigned.value.split('.');
  if (!personId || !expires || Number(expires) * 1000 < ctx.now().getTime()) return undefined;
  return resolvePersonActor(ctx, personId);
}
