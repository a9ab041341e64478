import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, type TestOrg } from '../../../test/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { call, startTestServer, type TestServer } from '../../../test/http.ts';

// Inputs that zod used to accept but the database refuses (integer overflow, numeric precision, CHECK)
// answered 500. Each is now a 400 naming the field, nothing is written, and the largest value the
// column holds is accepted and stored exactly.

let db: TestDatabase;
let server: TestServer;
let org: TestOrg;
/** A fresh database, organization and server per area, so one area's largest values never feed another's. */
function freshOrgPerArea() {
  beforeAll(async () => {
    db = await createTestDatabase({ now: () => new Date('2026-11-27T10:00:00Z') });
    org = await buildOrg(db.ctx, { premiumSeats: 2 });
    server = await startTestServer(db.ctx);
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });
}

async function expectRefused(res: Awaited<ReturnType<typeof call>>, path: string, message: string | RegExp) {
  expect(res.status, res.text).toBe(400);
  expect(res.json.code).toBe('VALIDATION_FAILED');
  expect(res.json.errors).toHaveLength(1);
  expect(res.json.errors[0].path).toBe(path);
  expect(res.json.errors[0].message).toMatch(message);
}

describe('PUT /api/quotas/:id', () => {
  freshOrgPerArea();
  const put = (body: unknown) => call(server.baseUrl, 'PUT', `/api/quotas/${org.departments.Software}`, { token: org.people.owner.token, body });
  const snapshot = async () => ({ quotas: await db.ctx.repos.allocation.listQuotas(org.orgId), history: await db.ctx.repos.allocation.listQuotaHistory(org.orgId) });

  it.each([
    ['borrowingLimit', { nominalPremium: 1, borrowingLimit: 3_000_000_000 }, 'must be at most 100000 seats'],
    ['lendingLimit', { nominalPremium: 1, lendingLimit: 3_000_000_000 }, 'must be at most 100000 seats'],
    ['borrowingLimit', { nominalPremium: 1, borrowingLimit: 100_001 }, 'must be at most 100000 seats'],
    ['nominalPremium', { nominalPremium: 3_000_000_000 }, 'must be at most 100000 seats'],
    ['monthlyBudget', { nominalPremium: 1, monthlyBudget: '12345678901' }, 'must be at most 9999999999.99'],
    ['monthlyBudget', { nominalPremium: 1, monthlyBudget: '10000000000.00' }, 'must be at most 9999999999.99'],
    ['monthlyBudget', { nominalPremium: 1, monthlyBudget: '12.345' }, 'must be an amount like 100 or 99.50'],
  ])('refuses an out-of-range %s with a 400 naming it, writing nothing', async (field, body, message) => {
    const before = await snapshot();
    await expectRefused(await put(body), `body.${field}`, message);
    expect(await snapshot()).toEqual(before);
  });

  it('accepts the largest values and stores them exactly', async () => {
    const res = await put({ nominalPremium: 100_000, borrowingLimit: 100_000, lendingLimit: 100_000, monthlyBudget: '9999999999.99', reason: 'bounds' });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ nominalPremium: 100_000, borrowingLimit: 100_000, lendingLimit: 100_000, monthlyBudget: '9999999999.99' });
    const stored = (await db.ctx.repos.allocation.listQuotas(org.orgId)).find((q) => q.departmentId === org.departments.Software);
    expect(stored).toMatchObject({ nominalPremium: 100_000, borrowingLimit: 100_000, lendingLimit: 100_000, monthlyBudget: '9999999999.99' });
  });
});

describe('survey estimates', () => {
  freshOrgPerArea();
  const base = () => ({ departmentId: org.departments.Software, periodStart: '2027-01-01', periodEnd: '2027-04-01', estimatedMonthlyUsd: '100' });
  const post = (body: unknown) => call(server.baseUrl, 'POST', '/api/survey-estimates', { token: org.people.admin.token, body });
  const rows = () => db.ctx.repos.forecast.listSurveyEstimates(org.orgId);

  it.each([
    ['respondents', { respondents: 3_000_000_000 }, 'must be at most 1000000 people'],
    ['respondents', { respondents: 1_000_001 }, 'must be at most 1000000 people'],
    ['estimatedMonthlyUsd', { estimatedMonthlyUsd: '12345678901' }, 'must be at most 9999999999.99'],
    ['estimatedWeeklyHours', { estimatedWeeklyHours: '1234567' }, 'must be at most 999999.99'],
  ])('POST refuses an out-of-range %s with a 400 naming it, writing nothing', async (field, over, message) => {
    await expectRefused(await post({ ...base(), ...over }), `body.${field}`, message);
    expect(await rows()).toEqual([]);
  });

  it('POST accepts the largest values and stores them exactly; PATCH refuses too many respondents', async () => {
    const res = await post({ ...base(), estimatedMonthlyUsd: '9999999999.99', estimatedWeeklyHours: '999999.99', respondents: 1_000_000 });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ estimatedMonthlyUsd: '9999999999.99', estimatedWeeklyHours: '999999.99', respondents: 1_000_000 });
    expect(await rows()).toEqual([expect.objectContaining({ id: res.json.id, estimatedMonthlyUsd: '9999999999.99', estimatedWeeklyHours: '999999.99', respondents: 1_000_000 })]);

    const before = await rows();
    const patch = (body: unknown) => call(server.baseUrl, 'PATCH', `/api/survey-estimates/${res.json.id}`, { token: org.people.admin.token, body });
    await expectRefused(await patch({ respondents: 3_000_000_000 }), 'body.respondents', 'must be at most 1000000 people');
    await expectRefused(await patch({ estimatedMonthlyUsd: '12345678901' }), 'body.estimatedMonthlyUsd', 'must be at most 9999999999.99');
    await expectRefused(await patch({ estimatedWeeklyHours: '1000000' }), 'body.estimatedWeeklyHours', 'must be at most 999999.99');
    expect(await rows()).toEqual(before);
  });
});

describe('POST /api/catalog', () => {
  freshOrgPerArea();
  const line = (tier: string) => ({ vendor: 'bounds-vendor', plan: 'team', tier, cadence: 'monthly', pricePerSeatMonth: '10', effectiveFrom: '2027-01-01' });
  const post = (body: unknown) => call(server.baseUrl, 'POST', '/api/catalog', { token: org.people.owner.token, body });

  it.each([
    ['usageMultiplier', { usageMultiplier: '0' }, 'must be more than 0'],
    ['usageMultiplier', { usageMultiplier: '0.000' }, 'must be more than 0'],
    ['usageMultiplier', { usageMultiplier: '100000' }, 'must be at most 99999.999'],
    ['usageMultiplier', { usageMultiplier: '1.2345' }, 'must be a multiplier like 6.25 (at most 3 decimals)'],
    ['pricePerSeatMonth', { pricePerSeatMonth: '12345678901' }, 'must be at most 9999999999.99'],
  ])('refuses an out-of-range %s with a 400 naming it, writing nothing', async (field, over, message) => {
    await expectRefused(await post({ ...line('refused'), ...over }), `body.${field}`, message);
    expect(await db.ctx.repos.seats.listCatalog({ vendor: 'bounds-vendor' })).toEqual([]);
  });

  it('accepts the largest values and stores them exactly', async () => {
    const res = await post({ ...line('largest'), pricePerSeatMonth: '9999999999.99', usageMultiplier: '99999.999' });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ pricePerSeatMonth: '9999999999.99', usageMultiplier: '99999.999' });
    const smallest = await post({ ...line('smallest'), pricePerSeatMonth: '0', usageMultiplier: '0.001' });
    expect(smallest.status, smallest.text).toBe(201);
    const stored = await db.ctx.repos.seats.listCatalog({ vendor: 'bounds-vendor' });
    expect(stored.map((c) => [c.tier, c.pricePerSeatMonth, c.usageMultiplier]).sort()).toEqual([
      ['largest', '9999999999.99', '99999.999'],
      ['smallest', '0.00', '0.001'],
    ]);
  });
});

describe('POST /api/survey-campaigns', () => {
  freshOrgPerArea();
  const post = (title: string, usdPerHour: number) => call(server.baseUrl, 'POST', '/api/survey-campaigns', { token: org.people.admin.token, body: { title, periodStart: '2027-01-01', periodEnd: '2027-04-01', usdPerHour } });
  const campaigns = () => db.ctx.repos.governance.listCampaigns(org.orgId, null);

  it.each([
    [0.004, 'must be at least 0.01'],
    [0, 'must be at least 0.01'],
    [1000.01, 'must be at most 1000'],
  ])('refuses usdPerHour %s with a 400 naming it, writing nothing', async (usdPerHour, message) => {
    await expectRefused(await post('Too cheap or dear', usdPerHour), 'body.usdPerHour', message);
    expect(await campaigns()).toEqual([]);
  });

  it('accepts the smallest and largest rates and stores them exactly', async () => {
    const cheapest = await post('Cheapest rate', 0.01);
    expect(cheapest.status, cheapest.text).toBe(201);
    expect(cheapest.json.campaign.usdPerHour).toBe('0.01');
    const dearest = await post('Dearest rate', 1000);
    expect(dearest.status, dearest.text).toBe(201);
    expect(dearest.json.campaign.usdPerHour).toBe('1000.00');
    expect((await campaigns()).map((c) => c.usdPerHour).sort()).toEqual(['0.01', '1000.00']);
  });
});

describe('POST /api/planning/departments/:id/proposal', () => {
  freshOrgPerArea();
  const propose = (body: unknown) => call(server.baseUrl, 'POST', `/api/planning/departments/${org.departments.Software}/proposal`, { token: org.people.dept_lead.token, body });

  it.each([
    ['monthlyBudget', { nominalPremium: 1, monthlyBudget: '12345678901', reason: 'big plans' }, 'must be at most 9999999999.99'],
    ['nominalPremium', { nominalPremium: 3_000_000_000, monthlyBudget: '100', reason: 'big plans' }, 'must be at most 100000 seats'],
  ])('refuses an out-of-range %s with a 400 naming it, writing nothing', async (field, body, message) => {
    await expectRefused(await propose(body), `body.${field}`, message);
    expect(await db.ctx.repos.planning.listProposals(org.orgId)).toEqual([]);
  });

  it('accepts the largest budget, stores it exactly, and approving it writes it to the department quota', async () => {
    const res = await propose({ nominalPremium: 1, monthlyBudget: '9999999999.99', reason: 'largest budget' });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ proposedNominal: 1, proposedBudget: '9999999999.99' });
    expect((await db.ctx.repos.planning.findProposal(org.orgId, res.json.id))?.proposedBudget).toBe('9999999999.99');

    const decided = await call(server.baseUrl, 'POST', '/api/planning/proposals/decide', { token: org.people.owner.token, body: { approve: [res.json.id], apply: true } });
    expect(decided.status, decided.text).toBe(200);
    const quota = (await db.ctx.repos.allocation.listQuotas(org.orgId)).find((q) => q.departmentId === org.departments.Software);
    expect(quota?.monthlyBudget).toBe('9999999999.99');
  });
});
