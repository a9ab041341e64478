import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../errors.ts';
import { wasConcurrentChange } from './error-handler.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { actor: string; key: string } | undefined;
  }
}

const HEADER = 'idempotency-key';

function actorKey(request: FastifyRequest): string | undefined {
  const actor = request.actor;
  if (!actor) return undefined;
  return actor.kind === 'person' ? `person:${actor.personId}` : `cli:${actor.orgId}`;
}

/**
 * `Idempotency-Key` on POST: the first request with a key runs and its response is stored; a retry
 * with the same key gets the stored response (header `idempotent-replayed: true`) and changes nothing.
 * A retry while the first is still running gets 409; a key whose request never finished (its process
 * died) is taken over after ten minutes. Keys are per caller; server errors, and a 409 for a request
 * rolled back because it collided with another, release the key so a retry runs again.
 */
export function registerIdempotency(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('idempotency', undefined);

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers[HEADER];
    if (request.method !== 'POST' || typeof key !== 'string') return;
    if (key.length < 8 || key.length > 200) throw new AppError('VALIDATION_FAILED', { message: 'Idempotency-Key must be 8 to 200 characters', details: [{ path: `headers.${HEADER}`, message: 'must be 8 to 200 characters' }] });
    const actor = actorKey(request);
    if (!actor) return;
    const claim = await ctx.repos.allocation.claimIdempotencyKey({ actor, key, method: request.method, path: request.url });
    if (claim.claimed) {
      request.idempotency = { actor, key };
      return;
    }
    if (claim.method !== request.method || claim.path !== request.url) {
      throw new AppError('CONFLICT', { message: `This Idempotency-Key was used for ${claim.method} ${claim.path}`, details: [{ path: `headers.${HEADER}`, message: 'reused for another request' }] });
    }
    if (claim.statusCode === null) throw new AppError('CONFLICT', { message: 'A request with this Idempotency-Key is still in progress' });
    return reply.status(claim.statusCode).header('idempotent-replayed', 'true').type('application/json').send(JSON.stringify(claim.response));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = undefined;
    // Nothing was done: a retry with the same key must run again, not replay the failure.
    if (reply.statusCode >= 500 || wasConcurrentChange(request)) {
      await ctx.repos.allocation.releaseIdempotencyKey(claim.actor, claim.key);
      return payload;
    }
    let body: unknown = null;
    try {
      body = typeof payload === 'string' ? JSON.parse(payload) : null;
    } catch {
      body = null;
    }
    await ctx.repos.allocation.storeIdempotentResponse({ ...claim, statusCode: reply.statusCode, response: body });
    return payload;
  });
}
