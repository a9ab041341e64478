import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { OTLPLogExporter as OTLPJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OTLPProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as OTLPJsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OTLPProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestToken, revokeIngestToken } from '../../src/app/usage/ingest-tokens.ts';
import { decodeMessage, encodeStatus } from '../../src/connectors/claude-code-otel/otlp.ts';
import { ROOT } from '../cli/run-cli.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';
import { call, startTestServer, type TestServer } from '../http.ts';

// The receiver as Claude Code reaches it: the real OpenTelemetry JS exporters (OTLP/HTTP JSON and
// protobuf) send Claude Code-shaped metrics and events to a listening server with an ingest token.
let db: TestDatabase;
let server: TestServer;
let org: TestOrg;
let token: string;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
  server = await startTestServer(db.ctx);
  token = (await createIngestToken(db.ctx, org.operator, { name: 'laptops' })).token;
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const resource = resourceFromAttributes({ 'service.name': 'claude-code', 'service.version': '2.1.22' });
const headers = () => ({ Authorization: `Bearer ${token}` });
const standard = (email: string, session = 'session-a') => ({ 'user.email': email, 'user.account_id': 'user_01TEST', 'organization.id': 'org-uuid', 'session.id': session, 'terminal.type': 'vscode' });

/** A meter provider with Claude Code's counters, exported only when flushed. */
function claudeCode(exporter: PushMetricExporter) {
  const provider = new MeterProvider({ resource, readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000, exportTimeoutMillis: 10_000 })] });
  const meter = provider.getMeter('com.anthropic.claude_code', '2.1.22');
  return {
    provider,
    tokens: meter.createCounter('claude_code.token.usage', { unit: 'tokens' }),
    cost: meter.createCounter('claude_code.cost.usage', { unit: 'USD' }),
    sessions: meter.createCounter('claude_code.session.count'),
    lines: meter.createCounter('claude_code.lines_of_code.count'),
    active: meter.createCounter('claude_code.active_time.total', { unit: 's' }),
  };
}

type Totals = { inputTokens: number; outputTokens: number; costUsd: string; sessions: number; linesAdded: number; activeMinutes: number; messages: number };
async function totals(personId: string): Promise<Totals> {
  const rows = await sql<Totals>`
    select coalesce(sum(input_tokens), 0)::int as input_tokens, coalesce(sum(output_tokens), 0)::int as output_tokens, coalesce(sum(cost_usd), 0)::numeric(12, 4)::text as cost_usd,
           coalesce(sum(sessions), 0)::int as sessions, coalesce(sum(lines_added), 0)::int as lines_added, coalesce(sum(active_minutes), 0)::int as active_minutes, coalesce(sum(messages), 0)::int as messages
      from usage_daily where person_id = ${personId} and source = 'claude_code'`.execute(db.handle.db);
  return rows.rows[0]!;
}
// The exporters type `compression` with an enum of a package they do not re-export; its value is 'gzip'.
const GZIP = 'gzip' as NonNullable<ConstructorParameters<typeof OTLPJsonMetricExporter>[0]>['compression'];
const today = () => new Date().toISOString().slice(0, 10);

describe('metrics from the real exporters', () => {
  it('counts cumulative exports (OTLP/HTTP JSON) once: a second flush without increments adds nothing', async () => {
    const person = org.people.member;
    const cc = claudeCode(new OTLPJsonMetricExporter({ url: `${server.baseUrl}/v1/metrics`, headers: headers() }));
    const attrs = standard(person.email);
    cc.sessions.add(1, { ...attrs, start_type: 'fresh' });
    cc.tokens.add(1000, { ...attrs, type: 'input', model: 'claude-sonnet-4-6' });
    cc.tokens.add(200, { ...attrs, type: 'output', model: 'claude-sonnet-4-6' });
    cc.tokens.add(9000, { ...attrs, type: 'cacheRead', model: 'claude-sonnet-4-6' });
    cc.cost.add(0.05, { ...attrs, model: 'claude-sonnet-4-6' });
    cc.lines.add(12, { ...attrs, type: 'added' });
    cc.active.add(90, { ...attrs, type: 'user' });
    await cc.provider.forceFlush();
    const afterFirst = await totals(person.id);
    expect(afterFirst).toEqual({ inputTokens: 1000, outputTokens: 200, costUsd: '0.0500', sessions: 1, linesAdded: 12, activeMinutes: 2, messages: 0 });

    await cc.provider.forceFlush(); // cumulative: the same totals again
    expect(await totals(person.id)).toEqual(afterFirst);

    cc.tokens.add(500, { ...attrs, type: 'input', model: 'claude-sonnet-4-6' });
    cc.cost.add(0.0123, { ...attrs, model: 'claude-sonnet-4-6' });
    await cc.provider.forceFlush();
    expect(await totals(person.id)).toMatchObject({ inputTokens: 1500, outputTokens: 200, costUsd: '0.0623', sessions: 1 });
    await cc.provider.shutdown();

    const day = await sql<{ day: string }>`select day from usage_daily where person_id = ${person.id} and source = 'claude_code'`.execute(db.handle.db);
    expect(day.rows.map((r) => r.day)).toEqual([today()]);
  });

  it('counts cumulative exports (OTLP/HTTP protobuf) once', async () => {
    const person = org.people.owner;
    const cc = claudeCode(new OTLPProtoMetricExporter({ url: `${server.baseUrl}/v1/metrics`, headers: headers() }));
    const attrs = standard(person.email);
    cc.tokens.add(300, { ...attrs, type: 'input' });
    cc.cost.add(0.02, attrs);
    await cc.provider.forceFlush();
    await cc.provider.forceFlush();
    expect(await totals(person.id)).toMatchObject({ inputTokens: 300, costUsd: '0.0200' });
    cc.tokens.add(45, { ...attrs, type: 'input' });
    await cc.provider.forceFlush();
    expect(await totals(person.id)).toMatchObject({ inputTokens: 345, costUsd: '0.0200' });
    await cc.provider.shutdown();
  });

  it('adds delta exports (OTLP/HTTP protobuf, Claude Code’s default temporality) as they come', async () => {
    const person = org.people.admin;
    const cc = claudeCode(new OTLPProtoMetricExporter({ url: `${server.baseUrl}/v1/metrics`, headers: headers(), temporalityPreference: AggregationTemporality.DELTA }));
    const attrs = standard(person.email, 'session-delta');
    cc.tokens.add(100, { ...attrs, type: 'input' });
    cc.sessions.add(1, attrs);
    cc.active.add(40, { ...attrs, type: 'user' });
    await cc.provider.forceFlush();
    expect(await totals(person.id)).toMatchObject({ inputTokens: 100, sessions: 1, activeMinutes: 1 });
    cc.tokens.add(60, { ...attrs, type: 'input' });
    cc.active.add(40, { ...attrs, type: 'user' });
    await cc.provider.forceFlush();
    await cc.provider.forceFlush(); // nothing new
    expect(await totals(person.id)).toMatchObject({ inputTokens: 160, sessions: 1, activeMinutes: 1 }); // 80 s → 1 minute
    await cc.provider.shutdown();
  });

  it('accepts gzip-compressed exports', async () => {
    const person = org.people.dept_lead;
    const cc = claudeCode(new OTLPJsonMetricExporter({ url: `${server.baseUrl}/v1/metrics`, headers: headers(), compression: GZIP }));
    cc.tokens.add(77, { ...standard(person.email), type: 'output' });
    await cc.provider.forceFlush();
    await cc.provider.shutdown();
    expect(await totals(person.id)).toMatchObject({ outputTokens: 77 });
  });

  it('keeps usage of an email no one has as an unmatched identity', async () => {
    const cc = claudeCode(new OTLPJsonMetricExporter({ url: `${server.baseUrl}/v1/metrics`, headers: headers() }));
    cc.tokens.add(31, { ...standard('contractor@agency.example'), type: 'input' });
    await cc.provider.forceFlush();
    await cc.provider.shutdown();
    const rows = await sql<{ status: string; metrics: { inputTokens: number } }>`
      select i.status, u.metrics from unmatched_identities i join usage_unmatched_daily u on u.identity_id = i.id
       where i.org_id = ${org.orgId} and i.source = 'claude_code' and i.identity = 'contractor@agency.example'`.execute(db.handle.db);
    expect(rows.rows).toEqual([{ status: 'open', metrics: expect.objectContaining({ inputTokens: 31 }) }]);
  });
});

describe('events from the real exporters', () => {
  it('counts claude_code.user_prompt events as messages (JSON and protobuf), and nothing from api_request', async () => {
    const person = org.people.primary_owner;
    let sequence = 0;
    for (const exporter of [new OTLPJsonLogExporter({ url: `${server.baseUrl}/v1/logs`, headers: headers() }), new OTLPProtoLogExporter({ url: `${server.baseUrl}/v1/logs`, headers: headers() })]) {
      const provider = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor({ exporter })] });
      const logger = provider.getLogger('com.anthropic.claude_code.events');
      const emit = (name: string, attributes: Record<string, string | number>) =>
        logger.emit({ body: `claude_code.${name}`, attributes: { ...standard(person.email, 'session-logs'), 'event.name': name, 'event.timestamp': new Date().toISOString(), 'event.sequence': sequence++, ...attributes } });
      emit('user_prompt', { prompt_length: 12 });
      emit('api_request', { cost_usd: 0.5, input_tokens: 4000, output_tokens: 100, model: 'claude-sonnet-4-6' });
      emit('user_prompt', { prompt_length: 30 });
      await provider.forceFlush();
      await provider.shutdown();
    }
    expect(await totals(person.id)).toMatchObject({ messages: 4, inputTokens: 0, costUsd: '0.0000' });
  });
});

describe('requests the receiver refuses', () => {
  const fixture = fs.readFileSync(path.join(ROOT, 'src/connectors/claude-code-otel/fixtures/metrics-delta.json'));
  const post = (urlPath: string, body: Uint8Array | string, requestHeaders: Record<string, string>) => fetch(`${server.baseUrl}${urlPath}`, { method: 'POST', headers: requestHeaders, body: body as BodyInit });

  it('answers 401 without an ingest token, with an unknown one, with a revoked one, or with a personal API token', async () => {
    const { token: revoked, entry } = await createIngestToken(db.ctx, org.operator, { name: 'old laptops' });
    await revokeIngestToken(db.ctx, org.operator, entry.id);
    for (const authorization of [undefined, 'Bearer swi_not-a-real-token', `Bearer ${revoked}`, `Bearer ${org.people.admin.token}`, 'Basic abc']) {
      const res = await post('/v1/metrics', fixture, { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toMatchObject({ code: 16, message: expect.stringContaining('ingest token') });
    }
    const proto = await post('/v1/logs', new Uint8Array(), { 'content-type': 'application/x-protobuf' });
    expect(proto.status).toBe(401);
    expect(decodeMessage('status', new Uint8Array(await proto.arrayBuffer()))).toMatchObject({ code: 16 });
  });

  it('answers 400 with the reason for malformed bodies, in the request’s encoding', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const badJson = await post('/v1/metrics', '{"resourceMetrics": [', { ...auth, 'content-type': 'application/json' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ code: 3, message: expect.stringMatching(/^The body is not valid JSON/) });

    const badShape = await post('/v1/metrics', JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ sum: {} }] }] }] }), { ...auth, 'content-type': 'application/json' });
    expect(badShape.status).toBe(400);
    expect((await badShape.json()).message).toContain('resourceMetrics.0.scopeMetrics.0.metrics.0.name: is required');

    const badProto = await post('/v1/metrics', new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f]), { ...auth, 'content-type': 'application/x-protobuf' });
    expect(badProto.status).toBe(400);
    expect(badProto.headers.get('content-type')).toContain('application/x-protobuf');
    expect(decodeMessage('status', new Uint8Array(await badProto.arrayBuffer()))).toMatchObject({ code: 3, message: expect.stringContaining('not a valid protobuf') });

    const badGzip = await post('/v1/logs', fixture, { ...auth, 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(badGzip.status).toBe(400);
    expect((await badGzip.json()).message).toBe('The body is not valid gzip data');
  });

  it('answers 415 for other content types and content codings', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const text = await post('/v1/metrics', 'hello', { ...auth, 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect((await text.json()).message).toContain('application/x-protobuf or application/json');
    const none = await post('/v1/metrics', new TextEncoder().encode('hello'), auth); // no content type at all
    expect(none.status).toBe(415);
    const zstd = await post('/v1/metrics', fixture, { ...auth, 'content-type': 'application/json', 'content-encoding': 'zstd' });
    expect(zstd.status).toBe(415);
  });

  it('answers 413 for bodies over the limit', async () => {
    const huge = await post('/v1/metrics', new Uint8Array(9 * 1024 * 1024), { authorization: `Bearer ${token}`, 'content-type': 'application/x-protobuf' });
    expect(huge.status).toBe(413);
    expect(decodeMessage('status', new Uint8Array(await huge.arrayBuffer()))).toMatchObject({ message: expect.stringContaining('larger than') });
  });

  it('accepts a gzip body sent by hand and reports points it cannot attribute as a partial success', async () => {
    const res = await post('/v1/metrics', zlib.gzipSync(fixture), { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ partialSuccess: { rejectedDataPoints: '1', errorMessage: 'Not counted: 1 data point(s) had neither user.email nor user.account_id' } });
    const deflated = await post('/v1/metrics', zlib.deflateSync(fixture), { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-encoding': 'deflate' });
    expect(deflated.status).toBe(200);
    const empty = await post('/v1/logs', '{}', { authorization: `Bearer ${token}`, 'content-type': 'application/json' });
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({});
    expect(encodeStatus('json', 3, 'x').toString()).toBe('{"code":3,"message":"x"}');
  });
});

describe('ingest token API', () => {
  it('lets admins create, list and revoke tokens; the plain token is shown once', async () => {
    const admin = org.people.admin.token;
    const created = await call(server.baseUrl, 'POST', '/api/ingest-tokens', { token: admin, body: { name: 'ci runners' } });
    expect(created.status).toBe(201);
    expect(created.json.token).toMatch(/^swi_[A-Za-z0-9_-]{43}$/);
    expect(created.json.prefix).toBe(created.json.token.slice(0, 10));
    const listed = await call(server.baseUrl, 'GET', '/api/ingest-tokens', { token: admin });
    const item = listed.json.items.find((i: { id: string }) => i.id === created.json.id);
    expect(item).toEqual({ id: created.json.id, name: 'ci runners', prefix: created.json.prefix, createdAt: expect.any(String), lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(listed.json)).not.toContain(created.json.token);

    const ok = await fetch(`${server.baseUrl}/v1/logs`, { method: 'POST', headers: { authorization: `Bearer ${created.json.token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(ok.status).toBe(200);
    const revoked = await call(server.baseUrl, 'DELETE', `/api/ingest-tokens/${created.json.id}`, { token: admin });
    expect(revoked.json.revokedAt).not.toBeNull();
    const refused = await fetch(`${server.baseUrl}/v1/logs`, { method: 'POST', headers: { authorization: `Bearer ${created.json.token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(401);
    expect((await call(server.baseUrl, 'DELETE', `/api/ingest-tokens/${created.json.id}`, { token: admin })).status).toBe(404);
    expect((await call(server.baseUrl, 'POST', '/api/ingest-tokens', { token: org.people.member.token, body: { name: 'x' } })).status).toBe(403);
  });
});
