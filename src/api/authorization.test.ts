import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_DIST } from './server.ts';
import { ROLES, type Role } from '../domain/roles.ts';
import { buildOrg, type TestOrg } from '../../test/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { call, startTestServer, type TestServer } from '../../test/http.ts';

// Generated from the server's own route table: a route added tomorrow is covered without editing this file.
let db: TestDatabase;
let server: TestServer;
let org: TestOrg;
const SOME_ID = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
  server = await startTestServer(db.ctx);
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const concrete = (url: string) => url.replace(/:[a-zA-Z]+/g, SOME_ID);

describe('route table', () => {
  it('declares roles on every route and has the resources this slice promises', () => {
    const table = server.app.routeTable;
    expect(table.length).toBeGreaterThan(20);
    for (const route of table) expect(route.auth === 'public' || route.auth.length > 0, `${route.method} ${route.url}`).toBe(true);
    const urls = new Set(table.map((r) => `${r.method} ${r.url}`));
    for (const needed of ['GET /api/people', 'POST /api/people', 'PATCH /api/people/:id', 'GET /api/departments', 'GET /api/catalog', 'GET /api/inventory', 'POST /api/assignments', 'PATCH /api/assignments/:id']) {
      expect(urls.has(needed), needed).toBe(true);
    }
  });

  it('keeps the public set small and deliberate', () => {
    const publicRoutes = server.app.routeTable.filter((r) => r.auth === 'public' && !r.url.startsWith('/api/docs')).map((r) => `${r.method} ${r.url}`);
    const webApp = fs.existsSync(path.join(DEFAULT_WEB_DIST, 'index.html')) ? ['GET /*'] : [];
    expect(publicRoutes.sort()).toEqual([...webApp, 'GET /api/auth/demo-users', 'GET /api/openapi.json', 'GET /healthz', 'GET /readyz', 'POST /api/auth/demo-login', 'POST /api/auth/logout', 'POST /v1/logs', 'POST /v1/metrics'].sort());
  });
});

describe('every protected route', () => {
  it('rejects anonymous callers with 401 problem+json', async () => {
    const protectedRoutes = server.app.routeTable.filter((r) => r.auth !== 'public');
    for (const route of protectedRoutes) {
      const res = await call(server.baseUrl, route.method, concrete(route.url), route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} });
      expect(res.status, `${route.method} ${route.url}`).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.json.code).toBe('UNAUTHENTICATED');
    }
  });

  it('rejects an unknown or malformed bearer token with 401', async () => {
    for (const token of ['swt_not-a-real-token', 'garbage', 'swl_forged-operator-key']) {
      const res = await call(server.baseUrl, 'GET', '/api/people', { token });
      expect(res.status, token).toBe(401);
    }
  });

  it('rejects every role it does not allow with 403, and lets allowed roles past authorization', async () => {
    let checkedDenials = 0;
    for (const route of server.app.routeTable) {
      if (route.auth === 'public') continue;
      for (const role of ROLES) {
        const res = await call(server.baseUrl, route.method, concrete(route.url), {
          token: org.people[role as Role].token,
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }),
        });
        const label = `${role} → ${route.method} ${route.url}`;
        if (route.auth.includes(role)) {
          expect([401, 403], label).not.toContain(res.status);
        } else {
          expect(res.status, label).toBe(403);
          expect(res.json.code, label).toBe('FORBIDDEN');
          checkedDenials++;
        }
      }
    }
    // Writes exist that members, leads and auditors may not make.
    expect(checkedDenials).toBeGreaterThan(20);
  });

  it('treats auditors as read-only: no write route allows them', () => {
    for (const route of server.app.routeTable) {
      if (route.auth === 'public' || route.method === 'GET') continue;
      if (route.url.startsWith('/api/tokens') || route.url.startsWith('/api/notifications')) continue; // personal, not organization data
      expect(route.auth.includes('auditor'), `${route.method} ${route.url}`).toBe(false);
    }
  });
});
