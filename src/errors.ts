/**
 * Error codes. Each is thrown when:
 * - VALIDATION_FAILED: input does not match a schema or a business precondition on its shape.
 * - UNAUTHENTICATED: no valid session or API token accompanies a request that needs one.
 * - FORBIDDEN: the caller is known but none of its roles is allowed on the route.
 * - NOT_FOUND: a referenced entity does not exist in the caller's organization.
 * - CONFLICT: a unique key already exists or a state transition is not allowed.
 * - IMPORT_FAILED: a file import had bad rows; details list every row problem and nothing was written.
 * - DATA_DIR_LOCKED: the embedded database folder is held by another running process.
 * - DEMO_LOGIN_DISABLED: demo login was attempted while it is turned off.
 * - RATE_LIMITED: too many requests.
 * - INTERNAL: anything unexpected (never exposes internals to the caller).
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'IMPORT_FAILED'
  | 'DATA_DIR_LOCKED'
  | 'DEMO_LOGIN_DISABLED'
  | 'RATE_LIMITED'
  | 'INTERNAL';

/** A problem with one field of one input, e.g. `{ path: 'body.email', message: 'invalid email' }`. */
export type FieldProblem = Readonly<{ path: string; message: string; line?: number }>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly details: readonly FieldProblem[] | undefined;

  constructor(
    code: ErrorCode,
    options: { message: string; userMessage?: string; details?: readonly FieldProblem[]; cause?: unknown },
  ) {
    super(options.message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = options.userMessage ?? options.message;
    this.details = options.details;
  }
}

export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  IMPORT_FAILED: 422,
  DATA_DIR_LOCKED: 503,
  DEMO_LOGIN_DISABLED: 404,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
