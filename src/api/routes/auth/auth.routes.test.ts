import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../../app/auth/auth.ts';
import { buildOrg, type TestOrg } from '../../../../test/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { call, startTestServer, type TestServer } from '../../../../test/http.ts';
import { sql } from 'kysely';

let db: TestDatabase;
let server: TestServer;
let closed: TestServer;
let org: TestOrg;
beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
  server = await startTestServer(db.ctx);
  closed = await startTestServer(db.ctx, { isDemoLoginEnabled: false });
});
afterAll(async () => {
  await server?.close();
  await closed?.close();
  await db?.drop();
});

const sessionCookie = (res: { headers: Headers }) => res.headers.get('set-cookie')!.split(';')[0]!;

describe('demo login', () => {
  it('lists demo people and signs in with a signed session cookie', async () => {
    const users = await call(server.baseUrl, 'GET', '/api/auth/demo-users');
    expect(users.json.items).toHaveLength(6);
    expect(users.json.items[0].roles.length).toBeGreaterThanOrEqual(users.json.items.at(-1).roles.length);
    const login = await call(server.baseUrl, 'POST', '/api/auth/demo-login', { body: { personId: org.people.dept_lead.id } });
    expect(login.status).toBe(200);
    const cookie = sessionCookie(login);
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    const me = await call(server.baseUrl, 'GET', '/api/me', { cookie });
    expect(me.json).toMatchObject({ id: org.people.dept_lead.id, grants: expect.arrayContaining([{ role: 'dept_lead', departmentId: org.departments.Software }]) });
  });

  it('refuses a tampered cookie and an unknown person', async () => {
    const login = await call(server.baseUrl, 'POST', '/api/auth/demo-login', { body: { personId: org.people.member.id } });
    const forged = sessionCookie(login).replace(org.people.member.id, org.people.primary_owner.id);
    expect((await call(server.baseUrl, 'GET', '/api/me', { cookie: forged })).status).toBe(401);
    const unknown = await call(server.baseUrl, 'POST', '/api/auth/demo-login', { body: { personId: '00000000-0000-4000-8000-000000000000' } });
    expect(unknown.status).toBe(404);
    const invalid = await call(server.baseUrl, 'POST', '/api/auth/demo-login', { body: { personId: 'x' } });
    expect(invalid.json.errors).toEqual([{ path: 'body.personId', message: expect.any(String) }]);
  });

  it('is switched off when demo login is disabled', async () => {
    const users = await call(closed.baseUrl, 'GET', '/api/auth/demo-users');
    expect(users.status).toBe(404);
    expect(users.json.code).toBe('DEMO_LOGIN_DISABLED');
    const login = await call(closed.baseUrl, 'POST', '/api/auth/demo-login', { body: { personId: org.people.member.id } });
    expect(login.status).toBe(404);
  });
});

describe('personal API tokens', () => {
  it('shows a new token once, stores only its hash, authenticates with it and stops after revocation', async () => {
    const created = await call(server.baseUrl, 'POST', '/api/tokens', { token: org.people.member.token, body: { name: 'laptop script' } });
    expect(created.status).toBe(201);
    const token: string = created.json.token;
    expect(token).toMatch(/^swt_/);
    const stored = await sql<{ tokenHash: string }>`select token_hash from api_tokens where id = ${created.json.id}`.execute(db.handle.db);
    expect(stored.rows[0]!.tokenHash).toBe(hashToken(token));
    const all = await sql`select * from api_tokens`.execute(db.handle.db);
    expect(JSON.stringify(all.rows)).not.toContain(token);

    const listed = await call(server.baseUrl, 'GET', '/api/tokens', { token });
    expect(listed.json.items.map((t: { name: string }) => t.name)).toContain('laptop script');
    expect(JSON.stringify(listed.json)).not.toContain(token);
    expect((await call(server.baseUrl, 'GET', '/api/me', { token })).json.id).toBe(org.people.member.id);

    expect((await call(server.baseUrl, 'DELETE', `/api/tokens/${created.json.id}`, { token })).status).toBe(200);
    expect((await call(server.baseUrl, 'GET', '/api/me', { token })).status).toBe(401);
  });

  it('stops working for a person who has left', async () => {
    const { token } = (await call(server.baseUrl, 'POST', '/api/tokens', { token: org.people.auditor.token, body: { name: 'x' } })).json;
    await call(server.baseUrl, 'PATCH', `/api/people/${org.people.auditor.id}`, { token: org.people.admin.token, body: { status: 'left' } });
    expect((await call(server.baseUrl, 'GET', '/api/me', { token })).status).toBe(401);
  });

  it('stops working once the token expires, and carries its person’s role grants', async () => {
    const { token, id } = (await call(server.baseUrl, 'POST', '/api/tokens', { token: org.people.dept_lead.token, body: { name: 'short-lived' } })).json;
    const me = await call(server.baseUrl, 'GET', '/api/me', { token });
    expect(me.status).toBe(200);
    expect(me.json.grants).toEqual([{ role: 'dept_lead', departmentId: org.departments.Software }]);
    await sql`update api_tokens set expires_at = now() - interval '1 minute' where id = ${id}`.execute(db.handle.db);
    expect((await call(server.baseUrl, 'GET', '/api/me', { token })).status).toBe(401);
  });

  it('cannot revoke someone else’s token', async () => {
    const mine = (await call(server.baseUrl, 'POST', '/api/tokens', { token: org.people.owner.token, body: { name: 'x' } })).json;
    expect((await call(server.baseUrl, 'DELETE', `/api/tokens/${mine.id}`, { token: org.people.admin.token })).status).toBe(404);
    expect((await call(server.baseUrl, 'GET', '/api/me', { token: mine.token })).status).toBe(200);
  });

  it('rejects an expiry in the past', async () => {
    const res = await call(server.baseUrl, 'POST', '/api/tokens', { token: org.people.owner.token, body: { name: 'x', expiresAt: '2000-01-01T00:00:00Z' } });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].path).toBe('body.expiresAt');
  });
});
