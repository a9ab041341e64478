import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { call, startTestServer, type TestServer } from '../../../../test/http.ts';

let db: TestDatabase;
let server: TestServer;
beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.ctx);
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('GET /healthz and /readyz', () => {
  it('reports the process up and the database reachable', async () => {
    expect((await call(server.baseUrl, 'GET', '/healthz')).json).toEqual({ status: 'ok' });
    expect((await call(server.baseUrl, 'GET', '/readyz')).json).toEqual({ status: 'ready' });
  });
});

describe('GET /api/openapi.json', () => {
  it('serves an OpenAPI 3 document covering every API route with its security', async () => {
    const res = await call(server.baseUrl, 'GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toMatch(/^3\./);
    const documented = new Set(Object.entries(res.json.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`)));
    for (const route of server.app.routeTable) {
      if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs') || route.url === '/api/openapi.json') continue;
      expect(documented.has(`${route.method} ${route.url}`), `${route.method} ${route.url}`).toBe(true);
    }
    expect(res.json.paths['/api/people'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['limit', 'offset', 'q', 'departmentId']));
    expect(res.json.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
  });

  it('serves the interactive docs', async () => {
    const res = await fetch(`${server.baseUrl}/api/docs/`, { redirect: 'follow' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('swagger');
  });
});

describe('unknown routes', () => {
  it('answers API misses with a problem document', async () => {
    const res = await call(server.baseUrl, 'GET', '/api/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json).toMatchObject({ status: 404, code: 'NOT_FOUND', instance: '/api/nope' });
  });

  it('answers them the same when the web app is not built', async () => {
    const bare = await startTestServer(db.ctx, { webDist: '/nonexistent-web-dist' });
    try {
      const res = await call(bare.baseUrl, 'GET', '/api/nope');
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      const page = await fetch(`${bare.baseUrl}/people`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('npm run build:web');
    } finally {
      await bare.close();
    }
  });
});

describe('GET /readyz when the database is gone', () => {
  it('answers 503', async () => {
    await db.handle.close();
    const res = await call(server.baseUrl, 'GET', '/readyz');
    expect(res.status).toBe(503);
    expect(res.json).toEqual({ status: 'unavailable' });
  });
});
