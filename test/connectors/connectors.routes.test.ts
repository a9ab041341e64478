import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAuth, type RouteTableEntry } from '../../src/api/plugins/auth.ts';
import { registerErrorHandler } from '../../src/api/plugins/error-handler.ts';
import { connectorRoutes } from '../../src/api/routes/usage/connectors.routes.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';

// The connector routes with the installation secret passed as the server will pass it (plugin option).
const SECRET = 'test-installation-secret-0123456789abcdef';
const ADMIN_KEY = 'sk-ant-admin01-route-test-key-abcdefghijklmnopqrstu';
const ANALYTICS_KEY = 'sk-ant-api01-route-analytics-key-abcdefghijklmnop';

let db: TestDatabase;
let org: TestOrg;
let app: FastifyInstance;
let bare: FastifyInstance;
let vendor: http.Server;
let vendorUrl: string;

async function build(secret?: string) {
  const server = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(server);
  const table: RouteTableEntry[] = [];
  registerAuth(server, db.ctx, table);
  await server.register(connectorRoutes, { ctx: db.ctx, ...(secret ? { secret } : {}) });
  await server.ready();
  return server;
}

beforeAll(async () => {
  db = await createTestDatabase({ now: () => new Date('2026-11-27T12:00:00Z') });
  org = await buildOrg(db.ctx);
  // An Admin API with no usage at all.
  vendor = http.createServer((req, res) => {
    res.writeHead(req.headers['x-api-key'] === ADMIN_KEY || req.headers['x-api-key'] === ANALYTICS_KEY ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url!.startsWith('/v1/organizations/users') ? { data: [], has_more: false, first_id: null, last_id: null } : { data: [], has_more: false, next_page: null }));
  });
  await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve));
  vendorUrl = `http://127.0.0.1:${(vendor.address() as AddressInfo).port}`;
  app = await build(SECRET);
  bare = await build();
});
afterAll(async () => {
  await app?.close();
  await bare?.close();
  await new Promise((r) => vendor?.close(r));
  await db?.drop();
});

const call = (method: 'GET' | 'PUT' | 'POST', url: string, role?: keyof TestOrg['people'], body?: unknown, server = app) =>
  server.inject({ method, url, headers: role ? { authorization: `Bearer ${org.people[role].token}` } : {}, ...(body !== undefined ? { payload: body as object } : {}) });

describe('PUT /api/connectors/anthropic', () => {
  it('needs a signed-in owner', async () => {
    expect((await call('PUT', '/api/connectors/anthropic', undefined, { adminKey: ADMIN_KEY })).statusCode).toBe(401);
    for (const role of ['admin', 'member', 'auditor', 'dept_lead'] as const) expect((await call('PUT', '/api/connectors/anthropic', role, { adminKey: ADMIN_KEY })).statusCode, role).toBe(403);
  });

  it('rejects a missing key or a base URL that is not http(s)', async () => {
    const missing = await call('PUT', '/api/connectors/anthropic', 'owner', {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('body.adminKey');
    expect((await call('PUT', '/api/connectors/anthropic', 'owner', { adminKey: ADMIN_KEY, baseUrl: 'ftp://x.example' })).statusCode).toBe(400);
    expect((await call('PUT', '/api/connectors/anthropic', 'owner', { adminKey: 'two words' })).statusCode).toBe(400);
  });

  it('stores the key and answers the status without it', async () => {
    const res = await call('PUT', '/api/connectors/anthropic', 'owner', { adminKey: ADMIN_KEY, baseUrl: vendorUrl });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'anthropic', isConfigured: true, baseUrl: vendorUrl, lastRunAt: null });
    expect(res.body).not.toContain(ADMIN_KEY);
  });

  it('answers 500 when the server did not pass the installation secret', async () => {
    expect((await call('PUT', '/api/connectors/anthropic', 'owner', { adminKey: ADMIN_KEY }, bare)).statusCode).toBe(500);
  });
});

describe('PUT /api/connectors/anthropic_enterprise', () => {
  it('needs a signed-in owner and a single-token key', async () => {
    expect((await call('PUT', '/api/connectors/anthropic_enterprise', undefined, { apiKey: ANALYTICS_KEY })).statusCode).toBe(401);
    for (const role of ['admin', 'member', 'auditor'] as const) expect((await call('PUT', '/api/connectors/anthropic_enterprise', role, { apiKey: ANALYTICS_KEY })).statusCode, role).toBe(403);
    const missing = await call('PUT', '/api/connectors/anthropic_enterprise', 'owner', { adminKey: ANALYTICS_KEY });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('body.apiKey');
    expect((await call('PUT', '/api/connectors/anthropic_enterprise', 'owner', { apiKey: 'two words' })).statusCode).toBe(400);
    expect((await call('PUT', '/api/connectors/anthropic_enterprise', 'owner', { apiKey: ANALYTICS_KEY, includeCosts: 'no' })).statusCode).toBe(400);
  });

  it('stores the key encrypted and answers the status without it', async () => {
    const res = await call('PUT', '/api/connectors/anthropic_enterprise', 'owner', { apiKey: ANALYTICS_KEY, baseUrl: vendorUrl, includeCosts: false });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'anthropic_enterprise', isConfigured: true, baseUrl: vendorUrl, includeCosts: false, cursor: null, costs: null });
    expect(res.body).not.toContain(ANALYTICS_KEY);
  });

  it('syncs through POST /api/connectors/anthropic_enterprise/sync', async () => {
    const res = await call('POST', '/api/connectors/anthropic_enterprise/sync', 'admin', { from: '2026-11-24' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual(expect.objectContaining({ connector: 'anthropic_enterprise', status: 'succeeded', rows: 0, costRows: 0, removed: {}, range: { from: '2026-11-24', to: '2026-11-26' }, fetchedTo: '2026-11-26' }));
  });
});

describe('PUT /api/connectors/copilot', () => {
  it('needs an owner and an organization', async () => {
    expect((await call('PUT', '/api/connectors/copilot', undefined, {})).statusCode).toBe(401);
    expect((await call('PUT', '/api/connectors/copilot', 'admin', { token: 't', org: 'acme' })).statusCode).toBe(403);
    expect((await call('PUT', '/api/connectors/copilot', 'owner', { token: 'ghp_x' })).statusCode).toBe(400);
    expect((await call('PUT', '/api/connectors/copilot', 'owner', { token: 'ghp_x', org: 'not an org' })).statusCode).toBe(400);
  });

  it('stores the token and the organization', async () => {
    const res = await call('PUT', '/api/connectors/copilot', 'primary_owner', { token: 'ghp_secret_token_value_123456', org: 'acme', baseUrl: vendorUrl });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'copilot', isConfigured: true, org: 'acme' });
    expect(res.body).not.toContain('ghp_secret_token_value_123456');
  });
});

describe('POST /api/connectors/:name/sync', () => {
  it('needs an admin and a known connector', async () => {
    expect((await call('POST', '/api/connectors/anthropic/sync', undefined, {})).statusCode).toBe(401);
    expect((await call('POST', '/api/connectors/anthropic/sync', 'auditor', {})).statusCode).toBe(403);
    expect((await call('POST', '/api/connectors/anthropic/sync', 'member', {})).statusCode).toBe(403);
    expect((await call('POST', '/api/connectors/openai/sync', 'admin', {})).statusCode).toBe(400);
    expect((await call('POST', '/api/connectors/anthropic/sync', 'admin', { from: 'yesterday' })).statusCode).toBe(400);
    expect((await call('POST', '/api/connectors/anthropic/sync', 'admin', { from: '2026-11-27' })).statusCode).toBe(400);
  });

  it('runs the connector and reports what it wrote', async () => {
    const res = await call('POST', '/api/connectors/anthropic/sync', 'admin', { from: '2026-11-20' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ connector: 'anthropic', status: 'succeeded', rows: 0, removed: {}, ranges: { messages: { from: '2026-11-20', to: '2026-11-26' } } });
    const noBody = await app.inject({ method: 'POST', url: '/api/connectors/anthropic/sync', headers: { authorization: `Bearer ${org.people.admin.token}` } });
    expect(noBody.statusCode, noBody.body).toBe(200);
    expect(noBody.json().ranges.messages).toEqual({ from: '2026-11-25', to: '2026-11-26' });
  });

  it('reports a vendor failure as a failed run', async () => {
    const res = await call('POST', '/api/connectors/copilot/sync', 'owner', {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ connector: 'copilot', status: 'failed' });
  });
});

describe('GET /api/connectors', () => {
  it('lets admins and auditors read status, never a credential', async () => {
    expect((await call('GET', '/api/connectors')).statusCode).toBe(401);
    expect((await call('GET', '/api/connectors', 'member')).statusCode).toBe(403);
    const res = await call('GET', '/api/connectors', 'auditor');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { name: string }) => i.name)).toEqual(['anthropic', 'anthropic_enterprise', 'copilot']);
    expect(res.json().items[0]).toMatchObject({ isConfigured: true, cursor: { messages: '2026-11-26' }, lastImport: { status: 'succeeded' } });
    expect(res.body).not.toContain(ADMIN_KEY);
    expect(res.body).not.toContain(ANALYTICS_KEY);
    expect(res.body).not.toContain('ghp_secret_token_value_123456');
    expect(res.body).not.toMatch(/ciphertext|v1\.[A-Za-z0-9_-]{16}\./);
  });
});

describe('GET /api/copilot/seats', () => {
  it('lets admins and auditors read seats, and checks its query', async () => {
    expect((await call('GET', '/api/copilot/seats')).statusCode).toBe(401);
    expect((await call('GET', '/api/copilot/seats', 'dept_lead')).statusCode).toBe(403);
    expect((await call('GET', '/api/copilot/seats?idleDays=0', 'admin')).statusCode).toBe(400);
    const res = await call('GET', '/api/copilot/seats?idle=true', 'auditor');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ idleDays: 30, seats: [], unmatchedIdentities: [], summary: { total: 0, idle: 0 } });
  });
});
