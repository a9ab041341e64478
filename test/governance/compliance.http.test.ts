import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREMIUM_LINE } from '../../src/app/leases/pool-state.ts';
import { assignTier } from '../../src/app/seats/assignments.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';
import { call, startTestServer, type TestServer } from '../http.ts';

let clock = new Date('2026-06-01T09:00:00Z');
let db: TestDatabase;
let server: TestServer;
let org: TestOrg;
const as = (role: keyof TestOrg['people']) => org.people[role].token;
const RULE = { isEnabled: true, appliesTo: 'permanent_premium', requiredCount: 1, windowDays: 91, graceDays: 14, effectiveFrom: '2026-06-01' };

beforeAll(async () => {
  db = await createTestDatabase({ now: () => clock });
  org = await buildOrg(db.ctx, { premiumSeats: 4 });
  // Same facts, different people: a member hired in 2025 and the lead hired in 2020 (and a different title) both hold permanent premium.
  await db.ctx.repos.people.update(org.orgId, org.people.member.id, { employmentStartDate: '2025-09-01' });
  await db.ctx.repos.governance.setPersonTitle(org.orgId, org.people.member.id, 'Junior Engineer');
  await db.ctx.repos.governance.setPersonTitle(org.orgId, org.people.dept_lead.id, 'Head of Software');
  for (const role of ['member', 'dept_lead', 'owner'] as const) await assignTier(db.ctx, org.operator, { personId: org.people[role].id, ...PREMIUM_LINE, reason: 'test' });
  clock = new Date('2026-11-27T09:00:00Z');
  server = await startTestServer(db.ctx);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('PUT /api/compliance/rule', () => {
  it('is off by default and can be read by auditors, set only by admins', async () => {
    expect((await call(server.baseUrl, 'GET', '/api/compliance/rule', { token: as('auditor') })).json).toMatchObject({ isEnabled: false });
    expect((await call(server.baseUrl, 'PUT', '/api/compliance/rule', { token: as('dept_lead'), body: RULE })).status).toBe(403);
    expect((await call(server.baseUrl, 'GET', '/api/compliance/rule', { token: as('member') })).status).toBe(403);
  });

  it('names each bad setting', async () => {
    const res = await call(server.baseUrl, 'PUT', '/api/compliance/rule', { token: as('admin'), body: { ...RULE, windowDays: 3, appliesTo: 'seniors' } });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.appliesTo', 'body.windowDays']);
  });

  it('refuses exemptions before a rule exists', async () => {
    const res = await call(server.baseUrl, 'POST', '/api/compliance/exemptions', { token: as('admin'), body: { personId: org.people.owner.id, reason: 'Long customer deployment abroad' } });
    expect(res.status).toBe(409);
  });

  it('turns the rule on, audited with before and after', async () => {
    const res = await call(server.baseUrl, 'PUT', '/api/compliance/rule', { token: as('admin'), body: RULE });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ isEnabled: true, requiredCount: 1 });
    const rule = await db.ctx.repos.governance.findRule(org.orgId);
    const events = await db.ctx.repos.audit.findByEntity(org.orgId, 'participation_rule', rule!.id);
    expect(events[0]).toMatchObject({ action: 'compliance.rule_set', before: expect.objectContaining({ isEnabled: false }), after: expect.objectContaining({ isEnabled: true }) });
  });
});

describe('exemptions and the report', () => {
  it('requires a reason for an exemption, naming the field', async () => {
    const none = await call(server.baseUrl, 'POST', '/api/compliance/exemptions', { token: as('admin'), body: { personId: org.people.owner.id } });
    expect(none.status).toBe(400);
    expect(none.json.errors[0]).toMatchObject({ path: 'body.reason' });
    const short = await call(server.baseUrl, 'POST', '/api/compliance/exemptions', { token: as('admin'), body: { personId: org.people.owner.id, reason: 'VIP' } });
    expect(short.status).toBe(400);
    expect(short.json.errors[0]).toMatchObject({ path: 'body.reason', message: expect.stringContaining('at least 10 characters') });
  });

  it('grants an exemption with its reason, logs it, and shows it in the report', async () => {
    const res = await call(server.baseUrl, 'POST', '/api/compliance/exemptions', { token: as('admin'), body: { personId: org.people.owner.id, reason: 'On a six-week customer deployment without network access' } });
    expect(res.status).toBe(201);
    const events = await db.ctx.repos.audit.findByEntity(org.orgId, 'compliance_exemption', res.json.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'compliance.exemption_granted', reason: 'On a six-week customer deployment without network access', actorPersonId: org.people.admin.id });
    const again = await call(server.baseUrl, 'POST', '/api/compliance/exemptions', { token: as('admin'), body: { personId: org.people.owner.id, reason: 'A second reason for the same person' } });
    expect(again.status).toBe(409);
  });

  it('applies the same rule to everyone: the lead and the member with the same facts get the same outcome', async () => {
    const res = await call(server.baseUrl, 'GET', '/api/compliance/report', { token: as('auditor') });
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.json.people.map((p: { name: string }) => [p.name, p]));
    expect(byName['Test member']).toMatchObject({ status: 'out_of_compliance', count: 0 });
    expect(byName['Test dept_lead']).toMatchObject({ status: 'out_of_compliance', count: 0 });
    const { personId: _a, name: _b, ...member } = byName['Test member'];
    const { personId: _c, name: _d, ...lead } = byName['Test dept_lead'];
    expect(lead).toEqual(member);
    expect(byName['Test owner']).toMatchObject({ status: 'exempt', explanation: 'Exempt: On a six-week customer deployment without network access' });
    expect(res.json.exemptions).toHaveLength(1);
    expect(res.json.totals).toMatchObject({ subject: 3, exempt: 1, outOfCompliance: 2, compliant: 0, rate: 0.333 });
    expect(res.json.byTenureBand.map((g: { group: string }) => g.group)).toEqual(['1–3 years', '3–7 years']);
    expect(res.json.byDepartment).toEqual([{ group: 'Software', subject: 3, compliant: 0, exempt: 1, due: 0, outOfCompliance: 2, rate: 0.333 }]);
    expect((await call(server.baseUrl, 'GET', '/api/compliance/report', { token: as('member') })).status).toBe(403);
  });

  it('sharing a use case brings a person back into compliance', async () => {
    await call(server.baseUrl, 'POST', '/api/use-cases', { token: as('member'), body: { title: 'Unit tests from specs', task: 'Generate unit test skeletons' } });
    const res = await call(server.baseUrl, 'GET', '/api/compliance/report', { token: as('admin') });
    expect(res.json.people.find((p: { name: string }) => p.name === 'Test member')).toMatchObject({ status: 'compliant', count: 1 });
  });

  it('asks (never downgrades) everyone out of compliance through a seat review, once', async () => {
    const res = await call(server.baseUrl, 'POST', '/api/compliance/reviews', { token: as('admin') });
    expect(res.status).toBe(200);
    expect(res.json.asked.map((a: { personId: string }) => a.personId)).toEqual([org.people.dept_lead.id]);
    const review = (await db.ctx.repos.reviews.list(org.orgId, { personId: org.people.dept_lead.id }))[0]!;
    expect(review).toMatchObject({ status: 'asked', kind: 'downgrade', reason: expect.stringContaining('Participation rule') });
    expect((await db.ctx.repos.people.findById(org.orgId, org.people.dept_lead.id, clock))!.currentTier).toBe('premium');
    const again = await call(server.baseUrl, 'POST', '/api/compliance/reviews', { token: as('admin') });
    expect(again.json).toEqual({ asked: [], alreadyAsked: [org.people.dept_lead.id] });
  });

  it('revokes an exemption with a reason', async () => {
    const [x] = await db.ctx.repos.governance.listExemptions(org.orgId, { isActiveOnly: true });
    const res = await call(server.baseUrl, 'POST', `/api/compliance/exemptions/${x!.id}/revoke`, { token: as('admin'), body: { reason: 'Back from the deployment' } });
    expect(res.json).toMatchObject({ revokeReason: 'Back from the deployment', revokedAt: expect.any(String) });
    const report = await call(server.baseUrl, 'GET', '/api/compliance/report', { token: as('admin') });
    expect(report.json.people.find((p: { name: string }) => p.name === 'Test owner').status).toBe('out_of_compliance');
  });
});
