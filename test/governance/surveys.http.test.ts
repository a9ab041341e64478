import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/app/auth/auth.ts';
import { addDays, toDay } from '../../src/domain/dates.ts';
import { ZERO_USAGE } from '../../src/domain/usage.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';
import { call, startTestServer, type TestServer } from '../http.ts';

let db: TestDatabase;
let server: TestServer;
let org: TestOrg;
let hardware: { id: string; token: string };
const as = (role: keyof TestOrg['people']) => org.people[role].token;
const PERIOD = { periodStart: '2027-01-01', periodEnd: '2027-04-01' };

beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
  const id = await db.ctx.repos.people.insert(org.orgId, { email: 'hw@test.example', name: 'Hana Hardware', departmentId: org.departments.Hardware!, jobFamily: 'electronics_engineer', employmentStartDate: null });
  await db.ctx.repos.people.grantRole(org.orgId, id, 'member', null);
  hardware = { id, token: (await createApiToken(db.ctx, org.operator, { name: 't', personId: id })).token };
  server = await startTestServer(db.ctx);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('POST /api/survey-campaigns', () => {
  it('asks for a dollars-per-hour rate when there is no usage history to derive one', async () => {
    const res = await call(server.baseUrl, 'POST', '/api/survey-campaigns', { token: as('admin'), body: { title: 'Q1 demand', ...PERIOD } });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ path: 'body.usdPerHour', message: expect.stringContaining('is required') }]);
  });

  it('derives the rate from observed cost per active hour, and says so', async () => {
    const today = toDay(new Date());
    await db.ctx.repos.usage.writeRows(org.orgId, [0, 1, 2, 3, 4].map((i) => ({ ...ZERO_USAGE, personId: org.people.member.id, day: addDays(today, -i), source: 'csv', importId: null, activeMinutes: 240, costUsd: '12.00' })), 'replace');
    const res = await call(server.baseUrl, 'POST', '/api/survey-campaigns', { token: as('admin'), body: { title: 'Observed-rate survey', ...PERIOD } });
    expect(res.status).toBe(201);
    // $60 over 20 active hours.
    expect(res.json.campaign).toMatchObject({ usdPerHour: '3.00', rateSource: expect.stringMatching(/^observed: \$60\.00 over 20 active hours/) });
    expect(res.json.questions.map((q: { key: string }) => q.key)).toEqual(['weekly_hours', 'main_tasks', 'tools', 'projects']);
    await call(server.baseUrl, 'POST', `/api/survey-campaigns/${res.json.campaign.id}/close`, { token: as('admin') });
  });

  it('validates the period and the questions by field, and is for admins only', async () => {
    const bad = await call(server.baseUrl, 'POST', '/api/survey-campaigns', { token: as('admin'), body: { title: 'Q', periodStart: '2027-13-01', periodEnd: '2027-04-01', usdPerHour: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.periodStart', 'body.title', 'body.usdPerHour']);
    const noHours = await call(server.baseUrl, 'POST', '/api/survey-campaigns', { token: as('admin'), body: { title: 'No hours', ...PERIOD, usdPerHour: 3, questions: [{ key: 'tools', prompt: 'Which tools?', kind: 'text' }] } });
    expect(noHours.status).toBe(400);
    expect(noHours.json.errors[0].path).toBe('body.questions.weekly_hours');
    expect((await call(server.baseUrl, 'POST', '/api/survey-campaigns', { token: as('member'), body: { title: 'Mine', ...PERIOD, usdPerHour: 3 } })).status).toBe(403);
  });
});

describe('answering, results and closing', () => {
  let id: string;
  beforeAll(async () => {
    const res = await call(server.baseUrl, 'POST', '/api/survey-campaigns', { token: as('admin'), body: { title: 'Q1 2027 demand survey', ...PERIOD, usdPerHour: 4 } });
    id = res.json.campaign.id;
  });

  it('takes one answer per person: a second answer replaces the first', async () => {
    const first = await call(server.baseUrl, 'PUT', `/api/survey-campaigns/${id}/response`, { token: as('member'), body: { answers: { weekly_hours: 2, main_tasks: ['Writing code'] } } });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ outcome: 'created', myAnswers: { weekly_hours: 2, main_tasks: ['Writing code'] }, campaign: { hasAnswered: true, respondents: 1 } });
    const second = await call(server.baseUrl, 'PUT', `/api/survey-campaigns/${id}/response`, { token: as('member'), body: { answers: { weekly_hours: 6 } } });
    expect(second.json).toMatchObject({ outcome: 'updated', myAnswers: { weekly_hours: 6 }, campaign: { respondents: 1 } });
    await call(server.baseUrl, 'PUT', `/api/survey-campaigns/${id}/response`, { token: as('dept_lead'), body: { answers: { weekly_hours: 10 } } });
    await call(server.baseUrl, 'PUT', `/api/survey-campaigns/${id}/response`, { token: hardware.token, body: { answers: { weekly_hours: 1.5, tools: ['Claude Code'] } } });
  });

  it('names each invalid answer by question', async () => {
    const res = await call(server.baseUrl, 'PUT', `/api/survey-campaigns/${id}/response`, { token: as('owner'), body: { answers: { weekly_hours: 99, tools: ['Abacus'], mood: 'good' } } });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.answers.mood', 'body.answers.tools', 'body.answers.weekly_hours']);
  });

  it('shows per-department results to admins and auditors, not to members', async () => {
    const res = await call(server.baseUrl, 'GET', `/api/survey-campaigns/${id}/results`, { token: as('auditor') });
    expect(res.status).toBe(200);
    const software = res.json.departments.find((d: { departmentName: string }) => d.departmentName === 'Software');
    // Software: 6 people (one per role), answers 6 and 10 → avg 8 h × 6 × 52/12 × $4 = $832.00
    expect(software).toMatchObject({ headcount: 6, respondents: 2, averageWeeklyHours: 8, estimatedMonthlyUsd: '832.00' });
    expect(res.json.estimates).toEqual([]);
    expect((await call(server.baseUrl, 'GET', `/api/survey-campaigns/${id}/results`, { token: as('member') })).status).toBe(403);
  });

  it('closing writes one survey estimate per department with respondents, then refuses answers', async () => {
    const closed = await call(server.baseUrl, 'POST', `/api/survey-campaigns/${id}/close`, { token: as('admin') });
    expect(closed.status).toBe(200);
    expect(closed.json.campaign.status).toBe('closed');
    const rows = await db.ctx.db.selectFrom('surveyEstimates').selectAll().where('campaignId', '=', id).orderBy('estimatedMonthlyUsd').execute();
    expect(rows.map((r) => ({ dept: r.departmentId, source: r.source, respondents: r.respondents, hours: r.estimatedWeeklyHours, usd: r.estimatedMonthlyUsd, start: r.periodStart, end: r.periodEnd }))).toEqual([
      // Hardware: 1.5 h × 1 person × 52/12 × $4 = $26.00
      { dept: org.departments.Hardware, source: 'survey', respondents: 1, hours: '1.50', usd: '26.00', start: PERIOD.periodStart, end: PERIOD.periodEnd },
      { dept: org.departments.Software, source: 'survey', respondents: 2, hours: '8.00', usd: '832.00', start: PERIOD.periodStart, end: PERIOD.periodEnd },
    ]);
    const late = await call(server.baseUrl, 'PUT', `/api/survey-campaigns/${id}/response`, { token: as('owner'), body: { answers: { weekly_hours: 3 } } });
    expect(late.status).toBe(409);
    expect((await call(server.baseUrl, 'POST', `/api/survey-campaigns/${id}/close`, { token: as('admin') })).status).toBe(409);
    const audit = await db.ctx.repos.audit.findByEntity(org.orgId, 'survey_campaign', id);
    expect(audit.map((e) => e.action)).toEqual(['survey.opened', 'survey.answer_created', 'survey.answer_updated', 'survey.answer_created', 'survey.answer_created', 'survey.closed']);
  });

  it('rewriting estimates on demand replaces the rows for the same period (no duplicates)', async () => {
    const res = await call(server.baseUrl, 'POST', `/api/survey-campaigns/${id}/estimates`, { token: as('admin') });
    expect(res.json.estimates).toHaveLength(2);
    const count = await db.ctx.db.selectFrom('surveyEstimates').select((eb) => eb.fn.countAll<number>().as('n')).where('orgId', '=', org.orgId).where('periodStart', '=', PERIOD.periodStart).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });

  it('lists campaigns for everyone with whether I answered', async () => {
    const res = await call(server.baseUrl, 'GET', '/api/survey-campaigns', { token: hardware.token });
    expect(res.json.items.find((c: { id: string }) => c.id === id)).toMatchObject({ hasAnswered: true, respondents: 3, status: 'closed' });
    expect((await call(server.baseUrl, 'GET', '/api/survey-campaigns')).status).toBe(401);
  });
});
