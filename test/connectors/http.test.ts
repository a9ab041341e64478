import { describe, expect, it } from 'vitest';
import { backoffDelay, fetchWithRetry, getJson, HttpError, parseRetryAfter, type RetryEvent } from '../../src/connectors/http.ts';

const NOW = new Date('2026-11-27T12:00:00Z');

/** A fetch that answers from a script, one response per call. */
function scripted(responses: Array<Response | Error>) {
  const calls: string[] = [];
  const fetch = (async (url: string) => {
    calls.push(url);
    const next = responses.shift();
    if (!next) throw new Error('no more scripted responses');
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

function recorder() {
  const sleeps: number[] = [];
  const events: RetryEvent[] = [];
  return { sleeps, events, options: { sleep: async (ms: number) => void sleeps.push(ms), onRetry: (e: RetryEvent) => void events.push(e), now: () => NOW, random: () => 0.5 } };
}

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP-dates, and ignores garbage', () => {
    expect(parseRetryAfter('1', NOW)).toBe(1000);
    expect(parseRetryAfter(' 120 ', NOW)).toBe(120_000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 11:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('grows exponentially under a cap, with full jitter', () => {
    const opts = { baseDelayMs: 500, maxDelayMs: 3000, random: () => 0.999 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, opts))).toEqual([499, 999, 1998, 2997, 2997]);
    expect(backoffDelay(3, { ...opts, random: () => 0 })).toBe(0);
  });
});

describe('fetchWithRetry', () => {
  it('waits as long as retry-after says on a 429, then succeeds', async () => {
    const { fetch, calls } = scripted([new Response('slow down', { status: 429, headers: { 'retry-after': '1' } }), new Response('{}', { status: 200 })]);
    const r = recorder();
    const res = await fetchWithRetry('http://vendor.test/x', {}, { ...r.options, fetch });
    expect(res.status).toBe(200);
    expect(calls).toHaveLength(2);
    expect(r.sleeps).toEqual([1000]);
    expect(r.events[0]).toMatchObject({ status: 429, attempt: 1, reason: 'retry-after', delayMs: 1000 });
  });

  it('honours an HTTP-date retry-after on a 503', async () => {
    const { fetch } = scripted([new Response('', { status: 503, headers: { 'retry-after': 'Fri, 27 Nov 2026 12:00:05 GMT' } }), new Response('{}')]);
    const r = recorder();
    await fetchWithRetry('http://vendor.test/x', {}, { ...r.options, fetch });
    expect(r.sleeps).toEqual([5000]);
  });

  it('backs off exponentially on 5xx and network errors without retry-after', async () => {
    const { fetch } = scripted([new Response('', { status: 500 }), new TypeError('fetch failed'), new Response('', { status: 502 }), new Response('{}')]);
    const r = recorder();
    const res = await fetchWithRetry('http://vendor.test/x', {}, { ...r.options, fetch, baseDelayMs: 100 });
    expect(res.status).toBe(200);
    expect(r.sleeps).toEqual([50, 100, 200]);
    expect(r.events.map((e) => e.status)).toEqual([500, null, 502]);
  });

  it('gives up after the maximum attempts and returns the last answer', async () => {
    const { fetch, calls } = scripted([new Response('', { status: 500 }), new Response('', { status: 500 }), new Response('', { status: 500 })]);
    const r = recorder();
    const res = await fetchWithRetry('http://vendor.test/x', {}, { ...r.options, fetch, maxAttempts: 3 });
    expect(res.status).toBe(500);
    expect(calls).toHaveLength(3);
    expect(r.sleeps).toHaveLength(2);
  });

  it('caps a very long retry-after', async () => {
    const { fetch } = scripted([new Response('', { status: 429, headers: { 'retry-after': '86400' } }), new Response('{}')]);
    const r = recorder();
    await fetchWithRetry('http://vendor.test/x', {}, { ...r.options, fetch, maxRetryAfterMs: 60_000 });
    expect(r.sleeps).toEqual([60_000]);
  });

  it('does not retry other client errors', async () => {
    const { fetch, calls } = scripted([new Response('no', { status: 401 })]);
    const res = await fetchWithRetry('http://vendor.test/x', {}, { ...recorder().options, fetch });
    expect(res.status).toBe(401);
    expect(calls).toHaveLength(1);
  });
});

describe('getJson', () => {
  it('turns a final error status into an HttpError naming vendor, status and path (not the query)', async () => {
    const { fetch } = scripted([new Response('{"error":{"type":"authentication_error"}}', { status: 401 })]);
    const error = await getJson('Vendor', 'http://vendor.test/v1/things?page=abc', {}, { ...recorder().options, fetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).message).toBe('Vendor answered 401 for /v1/things: {"error":{"type":"authentication_error"}}');
  });
});
