/**
 * The one way connectors call vendor HTTP APIs: fetch with retries on 429 and 5xx (and on network
 * errors), honouring `retry-after` (seconds or an HTTP-date) and otherwise backing off exponentially
 * with full jitter, up to a maximum number of attempts. Sleep, randomness, clock and fetch are
 * injectable so tests run instantly and can assert the waits.
 */

export type HttpOptions = Readonly<{
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** 0 ≤ random() < 1, for jitter. */
  random?: () => number;
  now?: () => Date;
  /** Attempts in all, first one included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A `retry-after` longer than this is capped (a vendor asking for an hour should not stall a job). */
  maxRetryAfterMs?: number;
  timeoutMs?: number;
  onRetry?: (event: RetryEvent) => void;
}>;

export type RetryEvent = Readonly<{ url: string; attempt: number; status: number | null; delayMs: number; reason: 'retry-after' | 'backoff' }>;

/** A vendor answered with a status we do not retry (or kept failing). Never carries request headers. */
export class HttpError extends Error {
  constructor(
    readonly vendor: string,
    readonly status: number,
    readonly path: string,
    readonly bodyExcerpt: string,
  ) {
    super(`${vendor} answered ${status} for ${path}${bodyExcerpt ? `: ${bodyExcerpt}` : ''}`);
    this.name = 'HttpError';
  }
}

const DEFAULTS = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 300_000, timeoutMs: 30_000 } as const;

const isRetryable = (status: number) => status === 429 || status >= 500;

/** Milliseconds a `retry-after` value asks for, or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/** Full-jitter exponential backoff: a random wait in [0, min(max, base·2^(attempt-1))). */
export function backoffDelay(attempt: number, options: { baseDelayMs: number; maxDelayMs: number; random: () => number }): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(options.random() * ceiling);
}

/**
 * Fetches `url`, retrying 429/5xx and network failures. Returns the last response (which may still be
 * an error status when attempts ran out); throws the last network error if every attempt failed so.
 */
export async function fetchWithRetry(url: string, init: RequestInit, options: HttpOptions = {}): Promise<Response> {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? DEFAULTS.maxAttempts;
  const backoff = { baseDelayMs: options.baseDelayMs ?? DEFAULTS.baseDelayMs, maxDelayMs: options.maxDelayMs ?? DEFAULTS.maxDelayMs, random };
  for (let attempt = 1; ; attempt++) {
    let response: Response | undefined;
    try {
      response = await doFetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULTS.timeoutMs) });
    } catch (error) {
      if (attempt >= maxAttempts) throw error;
    }
    if (response && (!isRetryable(response.status) || attempt >= maxAttempts)) return response;
    const asked = response ? parseRetryAfter(response.headers.get('retry-after'), now()) : undefined;
    const delayMs = asked !== undefined ? Math.min(asked, options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs) : backoffDelay(attempt, backoff);
    // Drain the body so the connection can be reused.
    await response?.arrayBuffer().catch(() => undefined);
    options.onRetry?.({ url, attempt, status: response?.status ?? null, delayMs, reason: asked !== undefined ? 'retry-after' : 'backoff' });
    await sleep(delayMs);
  }
}

/** GETs JSON with retries; a non-2xx final answer becomes an HttpError naming the vendor and path. */
export async function getJson(vendor: string, url: string, headers: Record<string, string>, options: HttpOptions = {}): Promise<unknown> {
  const response = await fetchWithRetry(url, { method: 'GET', headers: { accept: 'application/json', ...headers } }, options);
  const path = new URL(url).pathname;
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw new HttpError(vendor, response.status, path, text.replace(/\s+/g, ' ').slice(0, 300));
  }
  try {
    return await response.json();
  } catch {
    throw new HttpError(vendor, response.status, path, 'the body is not JSON');
  }
}

/** One page of a cursor-paged vendor report: its items, and where the next page starts. */
export type CursorPage<T> = Readonly<{ data: T[]; has_more?: boolean | undefined; next_page?: string | null | undefined }>;

/**
 * Every item of a cursor-paged report: asks for the first page, then for `next_page` (the caller sends it
 * as `page`) until `has_more` is false or no next page is given; at most `maxPages` pages.
 */
export async function allPages<T>(vendor: string, report: string, fetchPage: (page: string | undefined) => Promise<CursorPage<T>>, maxPages = 1000): Promise<T[]> {
  const items: T[] = [];
  let page: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const body = await fetchPage(page);
    items.push(...body.data);
    if (body.has_more === false || !body.next_page) return items;
    page = body.next_page;
  }
  throw new Error(`${vendor}: ${report} returned more than ${maxPages} pages`);
}
