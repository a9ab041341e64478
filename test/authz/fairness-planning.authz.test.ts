import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/app/auth/auth.ts';
import { setQuota } from '../../src/app/quotas/quotas.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';
import { call, startTestServer, type TestServer } from '../http.ts';

let db: TestDatabase;
let server: TestServer;
let org: TestOrg;
let tokens: Record<'member' | 'leadA' | 'leadB' | 'admin' | 'auditor' | 'owner', string>;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx, { premiumSeats: 4 });
  // Lead of department B (Hardware), with two people of its own.
  const leadB = await db.ctx.repos.people.insert(org.orgId, { email: 'lead.b@test.example', name: 'Lead B', departmentId: org.departments.Hardware!, jobFamily: 'electronics_engineer', employmentStartDate: '2019-03-01' });
  await db.ctx.repos.people.grantRole(org.orgId, leadB, 'dept_lead', org.departments.Hardware!);
  await db.ctx.repos.people.insert(org.orgId, { email: 'hw.one@test.example', name: 'Hardware One', departmentId: org.departments.Hardware!, jobFamily: 'electronics_engineer', employmentStartDate: '2025-10-01' });
  await setQuota(db.ctx, org.operator, org.departments.Software!, { nominalPremium: 2, borrowingLimit: null, lendingLimit: null, monthlyBudget: '1000.00' });
  await setQuota(db.ctx, org.operator, org.departments.Hardware!, { nominalPremium: 1, borrowingLimit: null, lendingLimit: null, monthlyBudget: '400.00' });
  const { token: leadBToken } = await createApiToken(db.ctx, org.operator, { name: 'test', personId: leadB });
  tokens = { member: org.people.member.token, leadA: org.people.dept_lead.token, leadB: leadBToken, admin: org.people.admin.token, auditor: org.people.auditor.token, owner: org.people.owner.token };
  server = await startTestServer(db.ctx);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const get = (who: keyof typeof tokens, path: string) => call(server.baseUrl, 'GET', path, { token: tokens[who] });
const post = (who: keyof typeof tokens, path: string, body: unknown) => call(server.baseUrl, 'POST', path, { token: tokens[who], body });

describe('fairness endpoints by role', () => {
  it.each(['/api/fairness', '/api/fairness/report.csv', '/api/fairness/report.html'])('%s: 401 anonymous; 403 for member, leads and admin; 200 for auditor and owner', async (path) => {
    expect((await call(server.baseUrl, 'GET', path)).status).toBe(401);
    for (const who of ['member', 'leadA', 'leadB', 'admin'] as const) {
      const r = await get(who, path);
      expect(r.status, who).toBe(403);
      expect(r.json.code).toBe('FORBIDDEN');
    }
    for (const who of ['auditor', 'owner'] as const) expect((await get(who, path)).status, who).toBe(200);
  });

  it('shows auditors every group, small ones flagged rather than hidden, and validates the window', async () => {
    const r = await get('auditor', '/api/fairness?days=90');
    expect(r.status).toBe(200);
    const department = r.json.dimensions.find((d: any) => d.dimension === 'department');
    const hardware = department.rows.find((row: any) => row.group === 'Hardware');
    expect(hardware.people).toBe(2);
    expect(hardware.isSmallSample).toBe(true);
    expect(department.rows.find((row: any) => row.group === 'Software').people).toBe(6);
    const bad = await get('auditor', '/api/fairness?days=3');
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('querystring.days');
  });

  it('exports CSV with one row per group and a printable HTML page', async () => {
    const csv = await get('owner', '/api/fairness/report.csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^dimension,group,people,small_sample/);
    expect(lines.some((l) => l.startsWith('department,Hardware,2,true'))).toBe(true);
    const html = await get('owner', '/api/fairness/report.html');
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.text).toContain('@media print');
    expect(html.text).toContain('By department');
  });
});

describe('planning endpoints by role', () => {
  const A = () => org.departments.Software!;
  const B = () => org.departments.Hardware!;

  it('members get 403 on every planning endpoint; anonymous 401', async () => {
    expect((await call(server.baseUrl, 'GET', `/api/planning/departments/${A()}`)).status).toBe(401);
    expect((await get('member', `/api/planning/departments/${A()}`)).status).toBe(403);
    expect((await get('member', '/api/planning/proposals')).status).toBe(403);
    expect((await post('member', `/api/planning/departments/${A()}/proposal`, {})).status).toBe(403);
    expect((await post('member', '/api/planning/proposals/decide', { approve: [] })).status).toBe(403);
  });

  it("lead of A sees A's planning with names, B's only in aggregate, and cannot propose for B", async () => {
    await db.ctx.repos.leases.insert(org.orgId, { personId: (await db.ctx.repos.people.findByEmail(org.orgId, 'hw.one@test.example'))!.id, departmentId: B(), vendor: 'anthropic', plan: 'team', tier: 'premium', startsAt: new Date(Date.now() + 5 * 86_400_000), endsAt: new Date(Date.now() + 19 * 86_400_000), reason: 'bring-up', project: 'Board rev C', deadline: null, status: 'requested', queue: 'lead', priority: 0, requestedBy: null, requestedAt: new Date(), decidedBy: null, decidedAt: null, decisionRule: 'lead_approval.required', decisionNote: null, decisionInputs: null, policyVersion: 1 });
    const own = await get('leadA', `/api/planning/departments/${A()}`);
    expect(own.status).toBe(200);
    expect(own.json.isPerPerson).toBe(true);
    expect(own.json.department.headcount).toBe(6);
    const other = await get('leadA', `/api/planning/departments/${B()}`);
    expect(other.status).toBe(200);
    expect(other.json.isPerPerson).toBe(false);
    expect(other.json.requests.open).toBe(1);
    expect(other.json.requests.items[0].personName).toBeNull();
    const asLeadB = await get('leadB', `/api/planning/departments/${B()}`);
    expect(asLeadB.json.requests.items[0].personName).toBe('Hardware One');
    expect((await post('leadA', `/api/planning/departments/${B()}/proposal`, {})).status).toBe(403);
  });

  it('a lead adjusts their proposal only with a reason; auditors read but cannot propose or approve', async () => {
    const missing = await post('leadA', `/api/planning/departments/${A()}/proposal`, { nominalPremium: 1, monthlyBudget: '900' });
    expect(missing.status).toBe(400);
    expect(missing.json.errors[0].path).toBe('body.reason');
    const adjusted = await post('leadA', `/api/planning/departments/${A()}/proposal`, { nominalPremium: 1, monthlyBudget: '900', reason: 'Two people move to Hardware in January' });
    expect(adjusted.status).toBe(200);
    expect(adjusted.json).toMatchObject({ status: 'proposed', proposedNominal: 1, proposedBudget: '900.00', adjustReason: 'Two people move to Hardware in January', adjustedByName: 'Test dept_lead', beforeNominal: 2 });
    const seen = await get('auditor', '/api/planning/proposals');
    expect(seen.status).toBe(200);
    expect(seen.json.items.map((p: any) => p.departmentName)).toEqual(['Software']);
    expect((await post('auditor', `/api/planning/departments/${A()}/proposal`, {})).status).toBe(403);
    expect((await post('auditor', '/api/planning/proposals/decide', { approve: [adjusted.json.id], apply: true })).status).toBe(403);
    expect((await post('leadA', '/api/planning/proposals/decide', { approve: [adjusted.json.id], apply: true })).status).toBe(403);
    expect((await post('admin', '/api/planning/proposals/decide', { approve: [adjusted.json.id], apply: true })).status).toBe(403);
    // Lead B sees only B's proposals (none yet).
    expect((await get('leadB', '/api/planning/proposals')).json.items).toEqual([]);
  });

  it('the owner previews, then approves: the quota and budget change with an audit entry, once', async () => {
    const { items } = (await get('owner', '/api/planning/proposals')).json;
    const proposal = items.find((p: any) => p.departmentName === 'Software');
    const preview = await post('owner', '/api/planning/proposals/decide', { approve: [proposal.id] });
    expect(preview.status).toBe(200);
    expect(preview.json.applied).toBe(false);
    expect(preview.json.changes.find((c: any) => c.departmentName === 'Software')).toMatchObject({ decision: 'approved', beforeNominal: 2, afterNominal: 1, afterBudget: '900.00' });
    expect((await db.ctx.repos.allocation.listQuotas(org.orgId)).find((q) => q.departmentName === 'Software')!.nominalPremium).toBe(2);

    const applied = await post('owner', '/api/planning/proposals/decide', { approve: [proposal.id], note: 'Q1 plan', apply: true });
    expect(applied.status).toBe(200);
    const software = (await db.ctx.repos.allocation.listQuotas(org.orgId)).find((q) => q.departmentName === 'Software')!;
    expect(software).toMatchObject({ nominalPremium: 1, monthlyBudget: '900.00' });
    const hardware = (await db.ctx.repos.allocation.listQuotas(org.orgId)).find((q) => q.departmentName === 'Hardware')!;
    expect(hardware.nominalPremium).toBe(1);
    const events = await db.ctx.repos.audit.findByEntity(org.orgId, 'department_quota', A());
    const planned = events.filter((e) => e.action === 'quota.planned');
    expect(planned).toHaveLength(1);
    expect(planned[0]).toMatchObject({ actorPersonId: org.people.owner.id, reason: 'Q1 plan', before: { nominalPremium: 2, monthlyBudget: '1000.00' }, after: { nominalPremium: 1, monthlyBudget: '900.00' } });
    const decided = (await get('auditor', '/api/planning/proposals')).json.items[0];
    expect(decided).toMatchObject({ status: 'approved', afterNominal: 1, decidedByName: 'Test owner', decisionNote: 'Q1 plan' });
    const again = await post('owner', '/api/planning/proposals/decide', { approve: [proposal.id], apply: true });
    expect(again.status).toBe(409);
    expect(again.json.detail).toContain('already approved');
  });
});
