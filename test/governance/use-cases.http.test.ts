import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUseCases } from '../../src/app/use-cases/list-use-cases.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';
import { call, startTestServer, type TestServer } from '../http.ts';

let db: TestDatabase;
let server: TestServer;
let org: TestOrg;
const as = (role: keyof TestOrg['people']) => org.people[role].token;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
  server = await startTestServer(db.ctx);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const share = (token: string, body: unknown) => call(server.baseUrl, 'POST', '/api/use-cases', { token, body });

describe('POST /api/use-cases', () => {
  it('shares a use case in the author’s department, normalising tags, and audits it', async () => {
    const res = await share(as('member'), { title: 'Bootloader review checklist', task: 'Review bootloader patches', workflow: 'Paste the diff, ask for a MISRA checklist', tools: ['Claude Code'], tags: ['Embedded', '#review', 'embedded'], links: ['https://wiki.example/boot'], minutesSavedPerWeek: 60 });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ title: 'Bootloader review checklist', tags: ['embedded', 'review'], department: { id: org.departments.Software, name: 'Software' }, author: { id: org.people.member.id }, upvotes: 0, users: 0 });
    const events = await db.ctx.repos.audit.findByEntity(org.orgId, 'use_case', res.json.id);
    expect(events.map((e) => e.action)).toEqual(['use_case.shared']);
  });

  it('names every failing field', async () => {
    const res = await share(as('member'), { title: 'ab', task: '', links: ['ftp://nope'], minutesSavedPerWeek: -1 });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['body.title', 'body.task', 'body.links', 'body.minutesSavedPerWeek']);
  });

  it('refuses a wrong type with the field path, an unknown department, anonymous callers and auditors', async () => {
    const bad = await share(as('member'), { title: 'Fine title', task: 'x task', minutesSavedPerWeek: 'lots' });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0]).toMatchObject({ path: 'body.minutesSavedPerWeek', message: 'must be a number of minutes' });
    const dept = await share(as('member'), { title: 'Fine title', task: 'x task', departmentId: '00000000-0000-4000-8000-000000000000' });
    expect(dept.status).toBe(400);
    expect(dept.json.errors[0].path).toBe('body.departmentId');
    expect((await call(server.baseUrl, 'POST', '/api/use-cases', { body: { title: 'abc', task: 'abc' } })).status).toBe(401);
    expect((await share(as('auditor'), { title: 'abc', task: 'abc' })).status).toBe(403);
  });
});

describe('GET /api/use-cases', () => {
  beforeAll(async () => {
    await share(as('admin'), { title: 'EMC test plan drafts', task: 'Draft test plans from the EMC standard', tags: ['emc', 'testing'], departmentId: org.departments.Hardware });
    await share(as('owner'), { title: 'Sprint report summaries', task: 'Summarise Jira exports into sprint reports', tools: ['Spreadsheet macros'], tags: ['reporting'] });
  });

  it('finds use cases by word prefix in title, task or workflow, and by tool', async () => {
    const byPrefix = await call(server.baseUrl, 'GET', '/api/use-cases?q=bootl', { token: as('auditor') });
    expect(byPrefix.json.items.map((u: { title: string }) => u.title)).toEqual(['Bootloader review checklist']);
    const twoWords = await call(server.baseUrl, 'GET', '/api/use-cases?q=' + encodeURIComponent('test PLANS'), { token: as('auditor') });
    expect(twoWords.json.items.map((u: { title: string }) => u.title)).toEqual(['EMC test plan drafts']);
    const byTool = await call(server.baseUrl, 'GET', '/api/use-cases?q=macros', { token: as('auditor') });
    expect(byTool.json.items.map((u: { title: string }) => u.title)).toEqual(['Sprint report summaries']);
    const operators = await call(server.baseUrl, 'GET', '/api/use-cases?q=' + encodeURIComponent("'&|!"), { token: as('auditor') });
    expect(operators.status).toBe(200);
    expect(operators.json.total).toBe(3);
  });

  it('filters by tag and department; lists tag counts', async () => {
    const tagged = await call(server.baseUrl, 'GET', '/api/use-cases?tag=EMC', { token: as('member') });
    expect(tagged.json.items.map((u: { title: string }) => u.title)).toEqual(['EMC test plan drafts']);
    const hw = await listUseCases(db.ctx, org.operator, { departmentId: org.departments.Hardware });
    expect(hw.items.map((u) => u.title)).toEqual(['EMC test plan drafts']);
    const tags = await call(server.baseUrl, 'GET', '/api/use-cases/tags', { token: as('member') });
    expect(tags.json.items).toEqual(expect.arrayContaining([{ tag: 'emc', count: 1 }, { tag: 'embedded', count: 1 }]));
  });

  it('answers 400 for a bad department id and 401 without a token', async () => {
    const res = await call(server.baseUrl, 'GET', '/api/use-cases?departmentId=nope', { token: as('member') });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].path).toBe('querystring.departmentId');
    expect((await call(server.baseUrl, 'GET', '/api/use-cases')).status).toBe(401);
  });
});

describe('PUT/DELETE /api/use-cases/:id/votes/:kind', () => {
  it('counts one upvote and one "I use this too" per person, however often they click', async () => {
    const list = await call(server.baseUrl, 'GET', '/api/use-cases?q=bootloader', { token: as('member') });
    const id = list.json.items[0].id;
    for (let i = 0; i < 3; i++) await call(server.baseUrl, 'PUT', `/api/use-cases/${id}/votes/upvote`, { token: as('owner') });
    const [a, b] = await Promise.all([call(server.baseUrl, 'PUT', `/api/use-cases/${id}/votes/uses`, { token: as('admin') }), call(server.baseUrl, 'PUT', `/api/use-cases/${id}/votes/uses`, { token: as('admin') })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const seen = await call(server.baseUrl, 'GET', `/api/use-cases/${id}`, { token: as('admin') });
    expect(seen.json).toMatchObject({ upvotes: 1, users: 1, hasUpvoted: false, isUsing: true });
    const events = await db.ctx.repos.audit.findByEntity(org.orgId, 'use_case', id);
    expect(events.filter((e) => e.action === 'use_case.upvoted')).toHaveLength(1);
    expect(events.filter((e) => e.action === 'use_case.used')).toHaveLength(1);
    const undone = await call(server.baseUrl, 'DELETE', `/api/use-cases/${id}/votes/upvote`, { token: as('owner') });
    expect(undone.json).toMatchObject({ upvotes: 0, hasUpvoted: false });
    expect((await call(server.baseUrl, 'DELETE', `/api/use-cases/${id}/votes/upvote`, { token: as('owner') })).json.upvotes).toBe(0);
  });

  it('refuses an unknown vote kind and an unknown use case', async () => {
    const bad = await call(server.baseUrl, 'PUT', '/api/use-cases/00000000-0000-4000-8000-000000000000/votes/love', { token: as('member') });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('params.kind');
    expect((await call(server.baseUrl, 'PUT', '/api/use-cases/00000000-0000-4000-8000-000000000000/votes/upvote', { token: as('member') })).status).toBe(404);
  });
});
