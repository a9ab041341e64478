import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';
import { call, startTestServer, type TestServer } from '../http.ts';

const TODAY = '2026-11-27';
let db: TestDatabase;
let server: TestServer;
let org: TestOrg;
let tokens: Record<'member' | 'lead' | 'admin' | 'auditor' | 'owner', string>;

// Software (the factory's six people) uses exactly $1 a day each; Hardware (three people) $2 a day each.
const SOFTWARE_DAILY = 6;

beforeAll(async () => {
  db = await createTestDatabase({ now: () => new Date(`${TODAY}T12:00:00Z`) });
  org = await buildOrg(db.ctx);
  const hardware: string[] = [];
  for (let i = 0; i < 3; i++) {
    hardware.push(await db.ctx.repos.people.insert(org.orgId, { email: `hw${i}@test.example`, name: `Hardware ${i}`, departmentId: org.departments.Hardware!, jobFamily: 'electronics_engineer', employmentStartDate: '2020-01-01' }));
  }
  const rows = [];
  for (let d = -150; d < 0; d++) {
    const day = addDays(TODAY, d);
    for (const p of Object.values(org.people)) rows.push({ orgId: org.orgId, personId: p.id, day, source: 'manual', costUsd: '1.00' });
    for (const id of hardware) rows.push({ orgId: org.orgId, personId: id, day, source: 'manual', costUsd: '2.00' });
  }
  await db.handle.db.insertInto('usageDaily').values(rows).execute();
  tokens = { member: org.people.member.token, lead: org.people.dept_lead.token, admin: org.people.admin.token, auditor: org.people.auditor.token, owner: org.people.owner.token };
  server = await startTestServer(db.ctx);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const as = (who: keyof typeof tokens, method: string, path: string, body?: unknown) => call(server.baseUrl, method, path, { token: tokens[who], ...(body === undefined ? {} : { body }) });

describe('GET /api/forecast', () => {
  it('answers 401 without a token and 403 for members', async () => {
    expect((await call(server.baseUrl, 'GET', '/api/forecast?months=1')).status).toBe(401);
    const r = await as('member', 'GET', '/api/forecast?months=1');
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('FORBIDDEN');
  });

  it('gives admins every department and a lead the organization total and their own department only', async () => {
    const admin = await as('admin', 'GET', '/api/forecast?months=1');
    expect(admin.status).toBe(200);
    expect(admin.json.months).toHaveLength(1);
    expect(admin.json.months[0].month).toBe('2026-12');
    expect(Object.keys(admin.json.months[0].departments).sort()).toEqual(['Hardware', 'Software']);
    const lead = await as('lead', 'GET', '/api/forecast?months=1');
    expect(lead.status).toBe(200);
    expect(Object.keys(lead.json.months[0].departments)).toEqual(['Software']);
    expect(Object.keys(lead.json.daily.departments)).toEqual(['Software']);
    expect(lead.json.months[0].org).toEqual(admin.json.months[0].org);
    // A flat $6 a day for Software: December's usage is 31 × 6 in every path.
    expect(admin.json.months[0].departments.Software.usage.p50).toBeCloseTo(31 * SOFTWARE_DAILY, 6);
    const { p10, p50, p90 } = admin.json.months[0].org.cost;
    expect(p10).toBeLessThanOrEqual(p50);
    expect(p50).toBeLessThanOrEqual(p90);
  });

  it.each(['0', '4', 'two'])('answers 400 naming months for months=%s', async (months) => {
    const r = await as('admin', 'GET', `/api/forecast?months=${months}`);
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('VALIDATION_FAILED');
    expect(r.json.errors[0].path).toBe('querystring.months');
  });
});

describe('/api/survey-estimates', () => {
  let manualId: string;

  it('refuses members and leads on POST and names each invalid field', async () => {
    const body = { departmentId: org.departments.Software, periodStart: '2026-08-01', periodEnd: '2026-11-01', estimatedMonthlyUsd: '36.53' };
    expect((await as('member', 'POST', '/api/survey-estimates', body)).status).toBe(403);
    expect((await as('lead', 'POST', '/api/survey-estimates', body)).status).toBe(403);
    const badMoney = await as('admin', 'POST', '/api/survey-estimates', { ...body, estimatedMonthlyUsd: 'lots' });
    expect(badMoney.status).toBe(400);
    expect(badMoney.json.errors[0].path).toBe('body.estimatedMonthlyUsd');
    const backwards = await as('admin', 'POST', '/api/survey-estimates', { ...body, periodEnd: '2026-07-01' });
    expect(backwards.status).toBe(400);
    expect(backwards.json.errors[0].path).toBe('body.periodEnd');
    const nowhere = await as('admin', 'POST', '/api/survey-estimates', { ...body, departmentId: '00000000-0000-4000-8000-000000000000' });
    expect(nowhere.status).toBe(400);
    expect(nowhere.json.errors[0].path).toBe('body.departmentId');
  });

  it('records a manual estimate with an audit event', async () => {
    const r = await as('admin', 'POST', '/api/survey-estimates', { departmentId: org.departments.Software, periodStart: '2026-08-01', periodEnd: '2026-11-01', estimatedMonthlyUsd: '36.53', respondents: 6 });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ departmentName: 'Software', source: 'manual', estimatedMonthlyUsd: '36.53', respondents: 6 });
    manualId = r.json.id;
    const events = await db.ctx.repos.audit.findByEntity(org.orgId, 'survey_estimate', manualId);
    expect(events.map((e) => e.action)).toEqual(['survey_estimate.created']);
  });

  it('learns the actual / surveyed ratio: Software used five times what it said', async () => {
    // Actual: $6 a day × 30.44 = $182.64 a month against $36.53 surveyed.
    const r = await as('lead', 'GET', '/api/survey-estimates/correction');
    expect(r.status).toBe(200);
    const software = r.json.departments.find((d: { departmentName: string }) => d.departmentName === 'Software');
    expect(software.ratio).toBeCloseTo(5, 2);
    expect(r.json.orgRatio).toBeCloseTo(5, 2);
    // Quarterly planning shows and uses the very same ratio (not a second estimate of its own).
    const planning = await as('lead', 'GET', `/api/planning/departments/${org.departments.Software}`);
    expect(planning.status).toBe(200);
    expect(planning.json.surveys.correction).toBe(software.ratio);
  });

  it('generates every department’s planning proposal from one forecast, as each department’s own view computes it', async () => {
    const generated = await as('admin', 'POST', '/api/planning/proposals/generate');
    expect(generated.status).toBe(200);
    expect(generated.json.items.map((p: { departmentName: string }) => p.departmentName).sort()).toEqual(['Hardware', 'Software']);
    for (const proposal of generated.json.items as Array<{ departmentId: string; computedNominal: number; computedBudget: string }>) {
      const view = await as('admin', 'GET', `/api/planning/departments/${proposal.departmentId}`);
      expect(view.json.forecast).not.toBeNull();
      expect(proposal.computedBudget).toBe(view.json.draft.monthlyBudget);
      expect(proposal.computedNominal).toBe(view.json.draft.nominalPremium);
    }
  });

  it('validates PATCH fields and refuses rows from survey campaigns', async () => {
    const bad = await as('admin', 'PATCH', `/api/survey-estimates/${manualId}`, { respondents: -1 });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('body.respondents');
    const ok = await as('admin', 'PATCH', `/api/survey-estimates/${manualId}`, { note: 'from the August all-hands' });
    expect(ok.status).toBe(200);
    expect(ok.json.note).toBe('from the August all-hands');
    const campaign = await db.handle.db
      .insertInto('surveyEstimates')
      .values({ orgId: org.orgId, departmentId: org.departments.Hardware!, periodStart: '2026-08-01', periodEnd: '2026-11-01', estimatedMonthlyUsd: '100.00', source: 'survey', campaignId: '00000000-0000-4000-8000-0000000000aa' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const refused = await as('admin', 'PATCH', `/api/survey-estimates/${campaign.id}`, { estimatedMonthlyUsd: '10.00' });
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toContain('survey campaign');
    const actions = (await db.ctx.repos.audit.findByEntity(org.orgId, 'survey_estimate', manualId)).map((e) => e.action);
    expect(actions).toEqual(['survey_estimate.created', 'survey_estimate.updated']);
  });

  it('refuses moving a manual estimate onto the period of another, naming the field', async () => {
    const other = await as('admin', 'POST', '/api/survey-estimates', { departmentId: org.departments.Software, periodStart: '2026-05-01', periodEnd: '2026-08-01', estimatedMonthlyUsd: '20.00' });
    expect(other.status).toBe(201);
    const moved = await as('admin', 'PATCH', `/api/survey-estimates/${other.json.id}`, { periodStart: '2026-08-01', periodEnd: '2026-11-01' });
    expect(moved.status).toBe(409);
    expect(moved.json.errors).toEqual([{ path: 'body.periodStart', message: 'already has a manual estimate' }]);
    expect((await as('admin', 'PATCH', `/api/survey-estimates/${other.json.id}`, { periodEnd: '2026-07-01' })).status).toBe(200);
  });
});

describe('/api/forecast/holidays', () => {
  const christmas = [
    { day: '2026-12-24', name: 'Christmas Eve' },
    { day: '2026-12-25', name: 'Christmas Day' },
    { day: '2026-12-28', name: 'Between the years' },
    { day: '2026-12-29', name: 'Between the years' },
    { day: '2026-12-30', name: 'Between the years' },
    { day: '2026-12-31', name: 'New Year’s Eve' },
  ];

  it('lets admins replace a range, refuses members, and names the bad row', async () => {
    expect((await as('member', 'PUT', '/api/forecast/holidays', { from: '2026-12-01', to: '2026-12-31', holidays: christmas })).status).toBe(403);
    const outside = await as('admin', 'PUT', '/api/forecast/holidays', { from: '2026-12-01', to: '2026-12-31', holidays: [...christmas, { day: '2027-01-01', name: 'New Year' }] });
    expect(outside.status).toBe(400);
    expect(outside.json.errors[0].path).toBe('body.holidays.6.day');
    const unnamed = await as('admin', 'PUT', '/api/forecast/holidays', { from: '2026-12-01', to: '2026-12-31', holidays: [{ day: '2026-12-24', name: ' ' }] });
    expect(unnamed.status).toBe(400);
    expect(unnamed.json.errors[0].path).toBe('body.holidays.0.name');
    const r = await as('admin', 'PUT', '/api/forecast/holidays', { from: '2026-12-01', to: '2026-12-31', holidays: christmas });
    expect(r.status).toBe(200);
    expect(r.json.items).toHaveLength(6);
    const listed = await as('lead', 'GET', '/api/forecast/holidays?from=2026-12-01&to=2026-12-31');
    expect(listed.json.items).toEqual(christmas);
    const events = await db.ctx.repos.audit.findByEntity(org.orgId, 'org_calendar', org.orgId);
    expect(events.map((e) => e.action)).toContain('holidays.replaced');
  });

  it('forecasts the holidays as days off', async () => {
    const r = await as('admin', 'GET', '/api/forecast?months=1');
    expect(r.json.model.holidaysAhead).toBe(6);
    // The history has no holidays: a holiday counts like a weekend day, and this org works weekends.
    expect(r.json.model.holidayFactorSource).toBe('weekend');
    const byDay = new Map(r.json.daily.org.forecast.map((d: { day: string; p50: number }) => [d.day, d.p50]));
    expect(byDay.get('2026-12-24')).toBeCloseTo(byDay.get('2026-12-23') as number, 6);
  });
});

describe('GET /api/forecast/backtest', () => {
  it('is for owners, admins and auditors, and scores both sources', async () => {
    expect((await as('lead', 'GET', '/api/forecast/backtest?source=history')).status).toBe(403);
    const history = await as('auditor', 'GET', '/api/forecast/backtest?source=history&paths=20');
    expect(history.status).toBe(200);
    expect(history.json.name).toBe('history');
    // Flat usage is predictable: what error is left is the 20-path sample of the prior level spread at
    // early origins, which have too little history to calibrate it.
    expect(history.json.mape).toBeLessThan(0.05);
    expect(history.json.origins).toBeGreaterThan(5);
    const synthetic = await as('owner', 'GET', '/api/forecast/backtest?source=synthetic&seeds=201&paths=20');
    expect(synthetic.status).toBe(200);
    expect(synthetic.json).toMatchObject({ name: 'synthetic', horizonDays: 30, origins: 40, paths: 20 });
    const bad = await as('owner', 'GET', '/api/forecast/backtest?paths=5');
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('querystring.paths');
    // The synthetic backtest runs in the request: the API takes at most two seeds (the CLI runs more).
    const tooMany = await as('owner', 'GET', '/api/forecast/backtest?source=synthetic&seeds=201,202,203');
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors[0]).toMatchObject({ path: 'querystring.seeds' });
    expect(tooMany.json.errors[0].message).toContain('seatwise forecast backtest');
  });
});
