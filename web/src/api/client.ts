/** A typed fetch for the Seatwise API: JSON in, JSON out, RFC 9457 problems become ApiError. */

export type ProblemFieldError = Readonly<{ path: string; message: string; line?: number }>;

export type Problem = Readonly<{
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: ProblemFieldError[];
}>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: readonly ProblemFieldError[];
  readonly requestId: string | null;
  readonly type: string | null;

  constructor(init: {
    status: number;
    code: string;
    title: string;
    detail: string;
    errors?: readonly ProblemFieldError[];
    requestId?: string | null;
    type?: string | null;
  }) {
    super(`${init.title}: ${init.detail}`);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId ?? null;
    this.type = init.type ?? null;
  }

  get isUnauthenticated(): boolean {
    return this.status === 401;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Turns anything thrown by a query into something a person can read. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError({ status: 0, code: 'CLIENT_ERROR', title: 'Something went wrong', detail: message });
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.title === 'string' && typeof v.status === 'number';
}

const GENERIC_TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Sign-in required',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  422: 'Cannot process the request',
  429: 'Too many requests',
  500: 'Server error',
  502: 'Server unavailable',
  503: 'Server unavailable',
  504: 'Server did not answer in time',
};

export type ApiFetchOptions = Readonly<{
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal;
  /** Extra request headers, e.g. Idempotency-Key. */
  headers?: Record<string, string>;
  /** A body sent as is (a file upload) instead of JSON. */
  rawBody?: Readonly<{ contentType: string; data: Blob | string }>;
}>;

export function buildUrl(path: string, query?: ApiFetchOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function apiFetch<T>(path: string, options: ApiFetchOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...options.headers, Accept: 'application/json, application/problem+json' };
  const init: RequestInit = { method: options.method ?? 'GET', headers, credentials: 'same-origin' };
  if (options.signal) init.signal = options.signal;
  if (options.rawBody) {
    headers['Content-Type'] = options.rawBody.contentType;
    init.body = options.rawBody.data;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({
      status: 0,
      code: 'NETWORK_ERROR',
      title: 'Cannot reach Seatwise',
      detail: 'The server did not respond. Check your connection and that the Seatwise server is running.',
    });
  }

  const text = await response.text();
  let payload: unknown = undefined;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }

  if (!response.ok) {
    if (isProblem(payload)) {
      throw new ApiError({
        status: payload.status,
        code: typeof payload.code === 'string' ? payload.code : `HTTP_${response.status}`,
        title: payload.title,
        detail: typeof payload.detail === 'string' ? payload.detail : '',
        errors: Array.isArray(payload.errors) ? payload.errors : [],
        requestId: typeof payload.requestId === 'string' ? payload.requestId : null,
        type: typeof payload.type === 'string' ? payload.type : null,
      });
    }
    throw new ApiError({
      status: response.status,
      code: `HTTP_${response.status}`,
      title: GENERIC_TITLES[response.status] ?? `Request failed (${response.status})`,
      detail: response.statusText ? `The server answered ${response.status} ${response.statusText}.` : `The server answered ${response.status}.`,
    });
  }

  if (payload === undefined) {
    throw new ApiError({
      status: response.status,
      code: 'INVALID_RESPONSE',
      title: 'Unexpected response',
      detail: 'The server answered with something that is not JSON.',
    });
  }
  return payload as T;
}

/** A random key for the Idempotency-Key header (crypto.randomUUID needs a secure context; fall back elsewhere). */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
