import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, type TestOrg } from '../../../../test/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { call, startTestServer, type TestServer } from '../../../../test/http.ts';

let db: TestDatabase;
let server: TestServer;
let org: TestOrg;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
  server = await startTestServer(db.ctx);
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const admin = () => org.people.admin.token;

describe('GET /api/people', () => {
  it('lists people with department, roles and total, for any member', async () => {
    const res = await call(server.baseUrl, 'GET', '/api/people?limit=2', { token: org.people.member.token });
    expect(res.status).toBe(200);
    expect(res.json.total).toBe(6);
    expect(res.json.items).toHaveLength(2);
    expect(res.json.items[0]).toMatchObject({ departmentName: 'Software', status: 'active' });
    expect(res.json.items[0]).not.toHaveProperty('employmentStartDate');
  });

  it('pages without overlap', async () => {
    const first = await call(server.baseUrl, 'GET', '/api/people?limit=4&offset=0', { token: admin() });
    const second = await call(server.baseUrl, 'GET', '/api/people?limit=4&offset=4', { token: admin() });
    const ids = [...first.json.items, ...second.json.items].map((p: { id: string }) => p.id);
    expect(new Set(ids).size).toBe(6);
  });

  it('searches name and email and filters by department', async () => {
    const byEmail = await call(server.baseUrl, 'GET', '/api/people?q=auditor%40test', { token: admin() });
    expect(byEmail.json.items.map((p: { email: string }) => p.email)).toEqual(['auditor@test.example']);
    const hardware = await call(server.baseUrl, 'GET', `/api/people?departmentId=${org.departments.Hardware}`, { token: admin() });
    expect(hardware.json.total).toBe(0);
    const wildcard = await call(server.baseUrl, 'GET', '/api/people?q=%25', { token: admin() });
    expect(wildcard.json.total).toBe(0);
  });

  it('answers 400 naming the field for a bad filter', async () => {
    const res = await call(server.baseUrl, 'GET', '/api/people?limit=0&departmentId=nope', { token: admin() });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const paths = res.json.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['querystring.departmentId', 'querystring.limit']);
  });
});

describe('POST /api/people', () => {
  it('creates a person with an audit event in the same transaction', async () => {
    const res = await call(server.baseUrl, 'POST', '/api/people', {
      token: admin(),
      body: { email: 'New.Hire@Test.example', name: 'New Hire', departmentId: org.departments.Hardware, jobFamily: 'electronics_engineer', employmentStartDate: '2026-11-01' },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ email: 'new.hire@test.example', departmentName: 'Hardware', roles: ['member'], currentTier: null });
    const events = await db.ctx.repos.audit.findByEntity(org.orgId, 'person', res.json.id);
    expect(events.map((e) => e.action)).toEqual(['person.created']);
  });

  it('refuses a duplicate email case-insensitively with 409 and writes nothing', async () => {
    const before = await db.ctx.repos.people.count(org.orgId);
    const res = await call(server.baseUrl, 'POST', '/api/people', { token: admin(), body: { email: 'MEMBER@test.example', name: 'Dup', departmentId: null, jobFamily: 'x' } });
    expect(res.status).toBe(409);
    expect(res.json.errors).toEqual([{ path: 'body.email', message: 'already in use' }]);
    expect(await db.ctx.repos.people.count(org.orgId)).toBe(before);
  });

  it('answers 400 with every bad field path', async () => {
    const res = await call(server.baseUrl, 'POST', '/api/people', { token: admin(), body: { email: 'not-an-email', name: '', departmentId: null, jobFamily: 'x', employmentStartDate: '2026-02-30' } });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.email', 'body.employmentStartDate', 'body.name']);
  });

  it('answers 400 for an unknown department', async () => {
    const res = await call(server.baseUrl, 'POST', '/api/people', { token: admin(), body: { email: 'a@b.example', name: 'A', departmentId: '00000000-0000-4000-8000-000000000000', jobFamily: 'x' } });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].path).toBe('body.departmentId');
  });

  it('answers 400 for a department lead without a department, and writes nothing', async () => {
    const before = await db.ctx.repos.people.count(org.orgId);
    const res = await call(server.baseUrl, 'POST', '/api/people', { token: admin(), body: { email: 'lead.nowhere@test.example', name: 'Lead', departmentId: null, jobFamily: 'x', roles: ['dept_lead'] } });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ path: 'body.roles', message: 'dept_lead needs a departmentId' }]);
    expect(await db.ctx.repos.people.count(org.orgId)).toBe(before);
  });
});

describe('PATCH /api/people/:id', () => {
  it('marks a person as left with the day recorded, and 404s for an unknown id', async () => {
    const res = await call(server.baseUrl, 'PATCH', `/api/people/${org.people.member.id}`, { token: admin(), body: { status: 'left' } });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('left');
    expect(res.json.leftOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const back = await call(server.baseUrl, 'PATCH', `/api/people/${org.people.member.id}`, { token: admin(), body: { status: 'active' } });
    expect(back.json.leftOn).toBeNull();
    const missing = await call(server.baseUrl, 'PATCH', '/api/people/00000000-0000-4000-8000-000000000000', { token: admin(), body: { name: 'X' } });
    expect(missing.status).toBe(404);
  });
});

describe('POST /api/people/import', () => {
  it('imports CSV idempotently and rejects a bad file whole', async () => {
    const csv = 'email,name,department,job_family,start_date,role\nimp.one@test.example,Imp One,Software,software_engineer,2024-01-02,member\nimp.two@test.example,Imp Two,hardware,electronics_engineer,,dept_lead\n';
    const first = await call(server.baseUrl, 'POST', '/api/people/import', { token: admin(), body: csv, contentType: 'text/csv' });
    expect(first.json).toEqual({ rows: 2, inserted: 2, updated: 0, unchanged: 0 });
    const again = await call(server.baseUrl, 'POST', '/api/people/import', { token: admin(), body: csv, contentType: 'text/csv' });
    expect(again.json).toEqual({ rows: 2, inserted: 0, updated: 0, unchanged: 2 });
    const bad = await call(server.baseUrl, 'POST', '/api/people/import', { token: admin(), body: `${csv}imp.three@test.example,,Software,x,2024-13-01,boss\n`, contentType: 'text/csv' });
    expect(bad.status).toBe(422);
    expect(bad.json.errors).toEqual([
      { line: 4, path: 'name', message: 'is required' },
      { line: 4, path: 'start_date', message: '"2024-13-01" is not a date in YYYY-MM-DD form' },
      { line: 4, path: 'role', message: '"boss" is not a role (use member, dept_lead, admin, owner, auditor)' },
    ]);
    expect(await db.ctx.repos.people.findByEmail(org.orgId, 'imp.three@test.example')).toBeUndefined();
  });

  it('carries job titles: a title column sets them, a file without one leaves them, a changed title updates', async () => {
    const base = 'email,name,department,job_family\ntitle.one@test.example,Title One,Software,software_engineer\n';
    const withTitle = 'email,name,department,job_family,title\ntitle.one@test.example,Title One,Software,software_engineer,Staff engineer\n';
    expect((await call(server.baseUrl, 'POST', '/api/people/import', { token: admin(), body: withTitle, contentType: 'text/csv' })).json).toMatchObject({ inserted: 1 });
    expect((await db.ctx.repos.people.findByEmail(org.orgId, 'title.one@test.example'))?.title).toBe('Staff engineer');
    expect((await call(server.baseUrl, 'POST', '/api/people/import', { token: admin(), body: base, contentType: 'text/csv' })).json).toMatchObject({ unchanged: 1 });
    expect((await db.ctx.repos.people.findByEmail(org.orgId, 'title.one@test.example'))?.title).toBe('Staff engineer');
    const renamed = withTitle.replace('Staff engineer', 'Principal engineer');
    expect((await call(server.baseUrl, 'POST', '/api/people/import', { token: admin(), body: renamed, contentType: 'text/csv' })).json).toMatchObject({ updated: 1 });
    const listed = await call(server.baseUrl, 'GET', '/api/people?q=title.one', { token: admin() });
    expect(listed.json.items[0]).toMatchObject({ email: 'title.one@test.example', title: 'Principal engineer' });
  });
});
