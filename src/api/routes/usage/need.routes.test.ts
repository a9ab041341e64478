import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../../app/auth/auth.ts';
import { seedDemoCompany } from '../../../app/demo/seed-demo-company.ts';
import { recordUsage } from '../../../app/usage/record-usage.ts';
import { ZERO_USAGE } from '../../../domain/usage.ts';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { call, startTestServer, type TestServer } from '../../../../test/http.ts';

let db: TestDatabase;
let server: TestServer;
let orgId: string;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  orgId = (await seedDemoCompany(db.ctx)).orgId;
  server = await startTestServer(db.ctx);
  const departments = await db.ctx.repos.departments.listWithStats(orgId, new Date());
  const software = departments.find((d) => d.name === 'Software')!;
  const embedded = departments.find((d) => d.name === 'Embedded')!;
  const softwarePeople = await db.ctx.repos.people.list(orgId, { departmentId: software.id }, { limit: 50, offset: 0 }, new Date());
  const member = softwarePeople.items.find((p) => p.roles.length === 1)!;
  const other = softwarePeople.items.filter((p) => p.roles.length === 1)[1]!;
  for (const [name, id] of [['member', member.id], ['other', other.id], ['softwareLead', software.leads[0]!.id], ['embeddedLead', embedded.leads[0]!.id]] as const) {
    ids[name] = id;
    tokens[name] = (await createApiToken(db.ctx, { kind: 'cli', orgId }, { name: 't', personId: id })).token;
  }
  const admin = (await db.ctx.repos.people.listIdsWithRole(orgId, ['admin']))[0]!;
  ids.admin = admin;
  tokens.admin = (await createApiToken(db.ctx, { kind: 'cli', orgId }, { name: 't', personId: admin })).token;
}, 120_000);
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('GET /api/people/:id/usage', () => {
  it('shows me my daily usage against my tier limit and my need score with its reasons', async () => {
    const res = await call(server.baseUrl, 'GET', `/api/people/${ids.member}/usage?days=30`, { token: tokens.member });
    expect(res.status).toBe(200);
    expect(res.json.days).toHaveLength(30);
    expect(res.json.days.every((d: { limit: number }) => d.limit === 45 || d.limit === 225)).toBe(true);
    expect(res.json.need.components).toHaveLength(5);
    expect(res.json.need.components[0].explanation).toMatch(/%/);
  });

  it('lets the department lead see it, but not a colleague or another department’s lead', async () => {
    expect((await call(server.baseUrl, 'GET', `/api/people/${ids.member}/usage`, { token: tokens.softwareLead })).status).toBe(200);
    expect((await call(server.baseUrl, 'GET', `/api/people/${ids.member}/usage`, { token: tokens.other })).status).toBe(403);
    expect((await call(server.baseUrl, 'GET', `/api/people/${ids.member}/usage`, { token: tokens.embeddedLead })).status).toBe(403);
  });
});

describe('GET /api/recommendations', () => {
  it('recommends sprint leases for bursty standard users in the demo company, with reasons', async () => {
    const res = await call(server.baseUrl, 'GET', '/api/recommendations', { token: tokens.admin });
    expect(res.status).toBe(200);
    expect(res.json.items).toHaveLength(100);
    const kinds = res.json.items.map((i: { recommendation: { kind: string } | null }) => i.recommendation?.kind).filter(Boolean);
    expect(kinds).toContain('lease_next_sprint');
    const withReason = res.json.items.find((i: { recommendation: unknown }) => i.recommendation);
    expect(withReason.recommendation.reason.length).toBeGreaterThan(20);
  }, 60_000);

  it('scopes a lead to their own department', async () => {
    const own = await call(server.baseUrl, 'GET', '/api/recommendations', { token: tokens.softwareLead });
    expect(own.status).toBe(200);
    expect(new Set(own.json.items.map((i: { departmentName: string }) => i.departmentName))).toEqual(new Set(['Software']));
    const departments = await db.ctx.repos.departments.listWithStats(orgId, new Date());
    const embedded = departments.find((d) => d.name === 'Embedded')!;
    expect((await call(server.baseUrl, 'GET', `/api/recommendations?departmentId=${embedded.id}`, { token: tokens.softwareLead })).status).toBe(403);
  }, 60_000);
});

describe('unmatched identities', () => {
  it('keeps usage of an unknown email, and linking it moves that usage to the person', async () => {
    await db.ctx.transaction((repos) => recordUsage(repos, { orgId, records: [{ identity: 'old.alias@kestrel.example', day: '2026-11-20', source: 'csv', metrics: { ...ZERO_USAGE, messages: 17 } }], mode: 'replace', importId: null }));
    const list = await call(server.baseUrl, 'GET', '/api/unmatched-identities?status=open', { token: tokens.admin });
    const alias = list.json.items.find((i: { identity: string }) => i.identity === 'old.alias@kestrel.example');
    expect(alias).toMatchObject({ source: 'csv', days: 1, status: 'open' });
    expect((await call(server.baseUrl, 'POST', `/api/unmatched-identities/${alias.id}/link`, { token: tokens.member, body: { personId: ids.member } })).status).toBe(403);
    const linked = await call(server.baseUrl, 'POST', `/api/unmatched-identities/${alias.id}/link`, { token: tokens.admin, body: { personId: ids.member } });
    expect(linked.json).toEqual({ movedDays: 1 });
    const usage = await db.ctx.repos.usage.dailyForPerson(orgId, ids.member!, '2026-11-20', '2026-11-20');
    expect(usage.some((u) => u.messages >= 17)).toBe(true);
    // Later data for the alias now lands on the person directly.
    const later = await db.ctx.transaction((repos) => recordUsage(repos, { orgId, records: [{ identity: 'OLD.ALIAS@kestrel.example', day: '2026-11-21', source: 'csv', metrics: { ...ZERO_USAGE, messages: 3 } }], mode: 'replace', importId: null }));
    expect(later).toMatchObject({ inserted: 1, unmatched: 0 });
  });
});

describe('GET /api/departments/:id/usage', () => {
  it('gives the lead per-person figures and everyone else aggregates only', async () => {
    const departments = await db.ctx.repos.departments.listWithStats(orgId, new Date());
    const software = departments.find((d) => d.name === 'Software')!;
    const lead = await call(server.baseUrl, 'GET', `/api/departments/${software.id}/usage?days=30`, { token: tokens.softwareLead });
    expect(lead.status).toBe(200);
    expect(lead.json.isPerPerson).toBe(true);
    expect(lead.json.days).toHaveLength(30);
    expect(lead.json.people.length).toBeGreaterThan(10);
    const total = lead.json.days.reduce((n: number, d: { messages: number }) => n + d.messages, 0);
    expect(lead.json.people.reduce((n: number, p: { messages: number }) => n + p.messages, 0)).toBe(total);
    const member = await call(server.baseUrl, 'GET', `/api/departments/${software.id}/usage?days=30`, { token: tokens.member });
    expect(member.json).toMatchObject({ isPerPerson: false, people: null });
    expect(member.json.days).toEqual(lead.json.days);
    const otherLead = await call(server.baseUrl, 'GET', `/api/departments/${software.id}/usage?days=30`, { token: tokens.embeddedLead });
    expect(otherLead.json.isPerPerson).toBe(false);
  });
});
