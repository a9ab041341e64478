import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, HTTP_STATUS_BY_CODE, type ErrorCode, type FieldProblem } from '../../errors.ts';

const TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'Invalid request',
  UNAUTHENTICATED: 'Sign-in required',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  IMPORT_FAILED: 'Import failed',
  DATA_DIR_LOCKED: 'Database in use',
  DEMO_LOGIN_DISABLED: 'Not found',
  RATE_LIMITED: 'Too many requests',
  INTERNAL: 'Internal error',
};

/** Sends an RFC 9457 problem document; `code` and `errors` are extension members. */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, code: ErrorCode, detail: string, errors?: readonly FieldProblem[]) {
  const status = HTTP_STATUS_BY_CODE[code];
  return reply
    .status(status)
    .type('application/problem+json')
    .send({
      type: `https://seatwise.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title: TITLES[code],
      status,
      detail,
      instance: request.url,
      code,
      requestId: request.id,
      ...(errors?.length ? { errors } : {}),
    });
}

/**
 * PostgreSQL errors that mean another request changed the same thing at the same moment (a unique key
 * taken meanwhile, a deadlock, a serialization failure, a lock not available): the transaction was
 * rolled back whole, so the caller can simply try again. Use cases map the races they expect to
 * their own messages; this is the net under the rest.
 */
const CONCURRENT_CHANGE = new Set(['23505', '40P01', '40001', '55P03']);

const rolledBackByRace = new WeakSet<FastifyRequest>();

/** Whether the request was answered 409 "try again" because it collided with another (nothing was saved). */
export function wasConcurrentChange(request: FastifyRequest): boolean {
  return rolledBackByRace.has(request);
}

function isConcurrentChange(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && CONCURRENT_CHANGE.has(code) && typeof (error as { severity?: unknown }).severity === 'string';
}

/** The one place that maps errors to HTTP: known codes to their status, the rest to a 500 that leaks nothing. */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const errors = error.validation.map((v) => {
        const path = [where, ...v.instancePath.split('/').filter(Boolean)].join('.');
        return { path, message: v.message ?? 'is invalid' };
      });
      return sendProblem(reply, request, 'VALIDATION_FAILED', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
    }
    if (error instanceof AppError) {
      if (HTTP_STATUS_BY_CODE[error.code] >= 500) request.log.error({ err: error }, error.message);
      return sendProblem(reply, request, error.code, error.userMessage, error.details);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return sendProblem(reply, request, 'INTERNAL', 'Something went wrong on our side.');
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const byStatus: Record<number, ErrorCode> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT', 429: 'RATE_LIMITED' };
      const code: ErrorCode = byStatus[error.statusCode] ?? 'VALIDATION_FAILED';
      return sendProblem(reply, request, code, error.message);
    }
    if (isConcurrentChange(error)) {
      request.log.warn({ err: error }, 'concurrent change; the request was rolled back');
      rolledBackByRace.add(request);
      return sendProblem(reply, request, 'CONFLICT', 'Someone else changed the same data at the same moment, so nothing was saved. Reload and try again.');
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, request, 'INTERNAL', 'Something went wrong on our side.');
  });
}
