import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/app/auth/auth.ts';
import { addDays, toDay } from '../../src/domain/dates.ts';
import { ZERO_USAGE } from '../../src/domain/usage.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';
import { call, startTestServer, type TestServer } from '../http.ts';

// Who sees what, role by role: member, lead of Software (A), lead of Hardware (B), admin, auditor, owner.
// Software has six people with usage; Hardware has three, below the k = 5 disclosure threshold.
let db: TestDatabase;
let server: TestServer;
let org: TestOrg;
const token: Record<string, string> = {};
let hardwarePeople: string[] = [];
const SOME_ID = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
  server = await startTestServer(db.ctx);
  const hw = org.departments.Hardware!;
  hardwarePeople = [];
  for (const name of ['hw.lead', 'hw.one', 'hw.two']) {
    const id = await db.ctx.repos.people.insert(org.orgId, { email: `${name}@test.example`, name, departmentId: hw, jobFamily: 'electronics_engineer', employmentStartDate: null });
    await db.ctx.repos.people.grantRole(org.orgId, id, name === 'hw.lead' ? 'dept_lead' : 'member', name === 'hw.lead' ? hw : null);
    hardwarePeople.push(id);
  }
  token.leadB = (await createApiToken(db.ctx, org.operator, { name: 't', personId: hardwarePeople[0]! })).token;
  token.member = org.people.member.token;
  token.leadA = org.people.dept_lead.token;
  token.admin = org.people.admin.token;
  token.auditor = org.people.auditor.token;
  token.owner = org.people.owner.token;
  const today = toDay(new Date());
  const everyone = [...Object.values(org.people).map((p) => p.id), ...hardwarePeople];
  await db.ctx.repos.usage.insertMany(
    org.orgId,
    everyone.flatMap((personId, i) => [0, 1, 2].map((d) => ({ ...ZERO_USAGE, personId, day: addDays(today, -d), source: 'csv', messages: 10 + i + d }))),
  );
  // A lease decision, so the audit log holds an event with its policy rule.
  const lease = await call(server.baseUrl, 'POST', '/api/leases', { token: token.member, body: { startsAt: new Date(Date.now() + 86_400_000).toISOString(), endsAt: new Date(Date.now() + 8 * 86_400_000).toISOString(), reason: 'Sprint 12 firmware bring-up' } });
  expect(lease.status).toBe(201);
  token.leaseRule = lease.json.decision.rule;
  token.leaseId = lease.json.lease.id;
}, 120_000);
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const get = (who: string, path: string) => call(server.baseUrl, 'GET', path, { token: token[who]! });
const ROLES = ['member', 'leadA', 'leadB', 'admin', 'auditor', 'owner'] as const;

describe('GET /api/people/:id/usage (individual usage)', () => {
  it('shows each role exactly the people it is entitled to', async () => {
    const softwareColleague = org.people.primary_owner.id;
    const hardwareMember = hardwarePeople[1]!;
    const expected: Record<(typeof ROLES)[number], [number, number]> = {
      member: [403, 403],
      leadA: [200, 403],
      leadB: [403, 200],
      admin: [200, 200],
      auditor: [200, 200],
      owner: [200, 200],
    };
    for (const role of ROLES) {
      const sw = await get(role, `/api/people/${softwareColleague}/usage`);
      const hw = await get(role, `/api/people/${hardwareMember}/usage`);
      expect([sw.status, hw.status], role).toEqual(expected[role]);
    }
    expect((await get('member', `/api/people/${org.people.member.id}/usage`)).status).toBe(200);
  });
});

describe('GET /api/departments/:id/usage (department aggregates, k >= 5)', () => {
  it('gives per-person rows only to the department’s lead, admins, owners and auditors', async () => {
    for (const role of ROLES) {
      const sw = await get(role, `/api/departments/${org.departments.Software}/usage?days=7`);
      expect(sw.status, role).toBe(200);
      const entitled = role !== 'member' && role !== 'leadB';
      expect(sw.json.isPerPerson, role).toBe(entitled);
      expect(sw.json.people === null, role).toBe(!entitled);
      expect(sw.json.isSuppressed, role).toBe(false);
      expect(sw.json.days.reduce((n: number, d: { messages: number }) => n + d.messages, 0), role).toBeGreaterThan(0);
    }
  });

  it('withholds a three-person department’s totals from everyone not entitled to its people', async () => {
    for (const role of ROLES) {
      const hw = await get(role, `/api/departments/${org.departments.Hardware}/usage?days=7`);
      expect(hw.status, role).toBe(200);
      const entitled = role !== 'member' && role !== 'leadA';
      expect(hw.json.isSuppressed, role).toBe(!entitled);
      expect(hw.json.days.length, role).toBe(entitled ? 7 : 0);
      expect(hw.json.people === null, role).toBe(!entitled);
      if (entitled) expect(hw.json.people.map((p: { personId: string }) => p.personId).sort(), role).toEqual([...hardwarePeople].sort());
    }
  });
});

describe('GET /api/recommendations (per-person need scores)', () => {
  it('lets leads see only their own department, and members nothing', async () => {
    expect((await get('member', '/api/recommendations')).status).toBe(403);
    expect((await get('leadA', `/api/recommendations?departmentId=${org.departments.Hardware}`)).status).toBe(403);
    const leadB = await get('leadB', '/api/recommendations');
    expect(leadB.status).toBe(200);
    expect(leadB.json.items.map((i: { personId: string }) => i.personId).sort()).toEqual([...hardwarePeople].sort());
    for (const role of ['admin', 'auditor', 'owner'] as const) expect((await get(role, '/api/recommendations')).status, role).toBe(200);
  });
});

describe('audit endpoints', () => {
  it('are for auditors and owners only', async () => {
    for (const path of ['/api/audit', '/api/audit/verify', '/api/audit/export?format=csv']) {
      for (const role of ROLES) {
        const res = await get(role, path);
        expect(res.status, `${role} ${path}`).toBe(role === 'auditor' || role === 'owner' ? 200 : 403);
      }
    }
  });

  it('list filters by entity and action and carries the policy rule of a lease decision', async () => {
    const res = await get('auditor', `/api/audit?entityType=lease&entityId=${token.leaseId}`);
    expect(res.json.total).toBeGreaterThanOrEqual(2);
    const decision = res.json.items.find((e: { action: string }) => e.action !== 'lease.requested');
    expect(decision.rule).toBe(token.leaseRule);
    expect(decision.actor).toMatchObject({ kind: 'person', personId: org.people.member.id, name: 'Test member' });
    expect(res.json.items.every((e: { seq: number; hash: string }) => e.seq > 0 && /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    const requested = await get('owner', '/api/audit?action=lease.requested');
    expect(requested.json.items.map((e: { entityId: string }) => e.entityId)).toEqual([token.leaseId]);
    const byPrefix = await get('owner', '/api/audit?action=lease.&limit=1');
    expect(byPrefix.json).toMatchObject({ total: res.json.total, limit: 1 });
    const future = await get('owner', `/api/audit?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`);
    expect(future.json.total).toBe(0);
  });

  it('verify reports the intact chain; export streams CSV and JSON lines', async () => {
    const v = await get('auditor', '/api/audit/verify');
    expect(v.json).toMatchObject({ status: 'verified', firstBreak: null });
    expect(v.json.entries).toBe((await get('auditor', '/api/audit?limit=1')).json.total);
    const csv = await get('auditor', '/api/audit/export?format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(v.json.entries + 1);
    const jsonl = await get('owner', '/api/audit/export?format=jsonl');
    expect(jsonl.text.trimEnd().split('\n').map((l) => JSON.parse(l).seq)).toEqual(Array.from({ length: v.json.entries }, (_, i) => i + 1));
  });

  it('rejects bad filters with the field named', async () => {
    const res = await get('auditor', '/api/audit?actorPersonId=nope&format=x');
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toContain('querystring.actorPersonId');
    expect((await get('auditor', '/api/audit/export?format=xlsx')).status).toBe(400);
  });
});

describe('auditors change nothing', () => {
  // Personal, not organization data: an auditor may manage their own API tokens and mark their own notifications read.
  // The policy lab's runs are POSTs only because their input is large; they compute and store nothing.
  const PERSONAL = ['/api/tokens', '/api/notifications', '/api/lab/simulate', '/api/lab/replay'];

  it('every non-GET route of the server answers the auditor 403', async () => {
    const writes = server.app.routeTable.filter((r) => r.method !== 'GET' && r.auth !== 'public' && !PERSONAL.some((p) => r.url.startsWith(p)));
    expect(writes.length).toBeGreaterThan(30);
    for (const route of writes) {
      const res = await call(server.baseUrl, route.method, route.url.replace(/:[a-zA-Z]+/g, SOME_ID), { token: token.auditor!, ...(route.method === 'DELETE' ? {} : { body: {} }) });
      expect(res.status, `${route.method} ${route.url}`).toBe(403);
    }
  });

  it('the only non-GET routes open to auditors are their own tokens and notifications, and lab runs', () => {
    const open = server.app.routeTable.filter((r) => r.method !== 'GET' && r.auth !== 'public' && r.auth.includes('auditor'));
    expect(open.every((r) => PERSONAL.some((p) => r.url.startsWith(p))), open.map((r) => `${r.method} ${r.url}`).join(', ')).toBe(true);
  });
});
