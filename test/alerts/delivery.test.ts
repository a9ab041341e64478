import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { runGuardrails } from '../../src/app/alerts/evaluate.ts';
import { requestLease } from '../../src/app/leases/request-lease.ts';
import { setQuota } from '../../src/app/quotas/quotas.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';
import { call, startTestServer, type TestServer } from '../http.ts';
import { startSmtpReceiver, startWebhookReceiver, subjectOf, textOf, type SmtpReceiver, type WebhookReceiver } from './receivers.ts';

// The same secret the test server encrypts channel settings with.
const SECRET = 'test-secret-test-secret-test-secret-0123';
const HOUR = 3_600_000;

let clock = new Date('2026-11-20T10:00:00.000Z');
let db: TestDatabase;
let server: TestServer;
let org: TestOrg;
let hooks: WebhookReceiver;
let smtp: SmtpReceiver;

const run = () => runGuardrails(db.ctx, org.orgId, { secret: SECRET });
/** Metered (pay-per-use API) cost for the member on a day, replacing what was there. */
async function spendApi(day: string, usd: string) {
  await db.handle.db.deleteFrom('usageDaily').where('personId', '=', org.people.member.id).where('day', '=', day).where('source', '=', 'anthropic_api').execute();
  await db.ctx.repos.usage.insertMany(org.orgId, [{ personId: org.people.member.id, day, source: 'anthropic_api', messages: 10, inputTokens: 1000, outputTokens: 100, costUsd: usd, limitHits: 0, activeMinutes: 5 }]);
}
const hooksTo = (path: string) => hooks.received.filter((r) => r.path === path);

beforeAll(async () => {
  db = await createTestDatabase({ now: () => clock });
  org = await buildOrg(db.ctx, { premiumSeats: 3 });
  await setQuota(db.ctx, org.operator, org.departments.Software!, { nominalPremium: 2, borrowingLimit: null, lendingLimit: null, monthlyBudget: '1000.00' });
  server = await startTestServer(db.ctx);
  hooks = await startWebhookReceiver();
  smtp = await startSmtpReceiver();
  const admin = org.people.admin.token;
  const add = (body: unknown) => call(server.baseUrl, 'POST', '/api/alert-channels', { token: admin, body });
  expect((await add({ name: 'Finance room', audience: 'finance', settings: { kind: 'webhook', url: hooks.url('/services/T000/B000/finance-secret-token') } })).status).toBe(201);
  expect((await add({ name: 'Owner room', audience: 'owner', settings: { kind: 'webhook', url: hooks.url('/services/T000/B000/owner-secret-token') } })).status).toBe(201);
  expect((await add({ name: 'Software lead mail', audience: 'department_lead', departmentId: org.departments.Software, settings: { kind: 'email', host: '127.0.0.1', port: smtp.port, from: 'seatwise@test.example', to: ['lead@test.example'], pass: 'smtp-password-123' } })).status).toBe(201);
}, 120_000);
afterAll(async () => {
  await hooks?.close();
  await smtp?.close();
  await server?.close();
  await db?.drop();
});

describe('channel configuration', () => {
  it('stores webhook URLs and SMTP passwords encrypted, and never returns them', async () => {
    const rows = await sql<{ secret: string; target_hint: string }>`select secret, target_hint from alert_channels`.execute(db.handle.db);
    expect(rows.rows).toHaveLength(3);
    for (const row of rows.rows) {
      expect(row.secret).toMatch(/^v1\./);
      expect(row.secret).not.toContain('secret-token');
      expect(row.secret).not.toContain('smtp-password');
    }
    const listed = await call(server.baseUrl, 'GET', '/api/alert-channels', { token: org.people.owner.token });
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain('secret-token');
    expect(listed.json.items.map((c: { target: string }) => c.target)).toContain('lead@test.example via 127.0.0.1:' + smtp.port);
  });

  it('rejects a bad channel with the failing field named, a duplicate name, and non-admins', async () => {
    const bad = await call(server.baseUrl, 'POST', '/api/alert-channels', { token: org.people.admin.token, body: { name: 'x', audience: 'finance', settings: { kind: 'webhook', url: 'ftp://nope' } } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toContain('body.settings.url');
    const dup = await call(server.baseUrl, 'POST', '/api/alert-channels', { token: org.people.admin.token, body: { name: 'finance ROOM', audience: 'finance', settings: { kind: 'webhook', url: hooks.url('/x') } } });
    expect(dup.status).toBe(409);
    expect(dup.json.detail).toContain('finance ROOM');
    expect((await call(server.baseUrl, 'POST', '/api/alert-channels', { token: org.people.dept_lead.token, body: {} })).status).toBe(403);
  });
});

describe('budget thresholds and delivery', () => {
  it('fires 50% once to the lead (e-mail) and finance (webhook), naming budget, owner, amount and top contributors', async () => {
    await spendApi('2026-11-19', '520.00');
    const first = await run();
    // The organization's budget (the sum of department budgets) crosses 50% too.
    expect(first.raised.map((a) => a.title)).toEqual(['Test Co budget at 50% for 2026-11', 'Software budget at 50% for 2026-11']);
    const finance = hooksTo('/services/T000/B000/finance-secret-token').filter((h) => h.body.text.startsWith('Software'));
    expect(finance).toHaveLength(1);
    expect(finance[0]!.body.text).toBe('Software budget at 50% for 2026-11');
    expect(finance[0]!.body.blocks[1].text.text).toContain('$520.00 of its $1,000.00 budget');
    expect(finance[0]!.body.blocks[1].text.text).toContain('Budget owner: Test dept_lead');
    expect(finance[0]!.body.blocks[1].text.text).toContain('Top contributors: Test member $520.00');
    // Routing: a department's informational notice goes to its lead and finance, not the owner; the
    // organization's goes to owner and finance, not to a department's lead.
    expect(hooksTo('/services/T000/B000/owner-secret-token').map((h) => h.body.text)).toEqual(['Test Co budget at 50% for 2026-11']);
    expect(hooksTo('/services/T000/B000/finance-secret-token')).toHaveLength(2);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.to).toEqual(['lead@test.example']);
    expect(subjectOf(smtp.messages[0]!.raw)).toBe('[Seatwise info] Software budget at 50% for 2026-11');
    expect(textOf(smtp.messages[0]!.raw)).toContain('Budget owner: Test dept_lead');
    // In-app: the department lead is notified.
    const inbox = await call(server.baseUrl, 'GET', '/api/notifications', { token: org.people.dept_lead.token });
    expect(inbox.json.items.map((n: { title: string }) => n.title)).toContain('Software budget at 50% for 2026-11');
  });

  it('deduplicates: evaluating again (and again) raises and sends nothing new', async () => {
    clock = new Date(clock.getTime() + HOUR);
    const before = { hooks: hooks.received.length, mails: smtp.messages.length };
    const again = await run();
    const third = await run();
    expect([...again.raised, ...third.raised]).toEqual([]);
    expect(again.deliveries.length).toBeGreaterThan(0);
    expect(again.deliveries.every((d) => d.status === 'already_sent')).toBe(true);
    expect(hooks.received.length).toBe(before.hooks);
    expect(smtp.messages.length).toBe(before.mails);
  });

  it('escalates an unacknowledged 80% warning to the owner after 24 hours, and stops once acknowledged', async () => {
    await spendApi('2026-11-20', '300.00');
    const raisedAt = clock.getTime();
    const r = await run();
    expect(r.raised.map((a) => a.title)).toEqual(['Test Co budget at 80% for 2026-11', 'Software budget at 80% for 2026-11']);
    const warning = r.raised[1]!;
    const toOwner = () => hooksTo('/services/T000/B000/owner-secret-token').map((h) => h.body.text as string).filter((t) => t.includes('Software'));
    expect(toOwner()).toEqual([]);

    clock = new Date(raisedAt + 23 * HOUR);
    expect((await run()).escalated).toBe(0);
    clock = new Date(raisedAt + 24 * HOUR);
    const escalation = await run();
    // Both 80% warnings (organization and Software) are unacknowledged.
    expect(escalation.escalated).toBe(2);
    expect(toOwner()).toEqual(['[Escalated, unacknowledged] Software budget at 80% for 2026-11']);
    expect(smtp.messages.map((m) => subjectOf(m.raw))).toContain('[Escalated] [Seatwise warning] Software budget at 80% for 2026-11');
    // The 50% notices are informational: they never escalate.
    expect(hooks.received.some((h) => h.body.text.includes('Escalated') && h.body.text.includes('50%'))).toBe(false);

    const ack = await call(server.baseUrl, 'POST', `/api/alerts/${warning.id}/acknowledge`, { token: org.people.dept_lead.token, body: { note: 'API key rotated; CI job fixed' } });
    expect(ack.status).toBe(200);
    expect(ack.json).toMatchObject({ acknowledgedByName: 'Test dept_lead', acknowledgeNote: 'API key rotated; CI job fixed', escalationLevel: 1 });
    const twice = await call(server.baseUrl, 'POST', `/api/alerts/${warning.id}/acknowledge`, { token: org.people.owner.token, body: {} });
    expect(twice.status).toBe(409);
    expect(twice.json.detail).toContain('already acknowledged by Test dept_lead');
    clock = new Date(raisedAt + 60 * HOUR);
    const later = await run();
    // Only the organization's warning, still unacknowledged, climbs to level 2.
    expect(later.escalated).toBe(1);
    expect(toOwner()).toHaveLength(1);
  });

  it('at 100% pauses auto-approval for new requests only: a running lease is untouched, a new one goes to the lead', async () => {
    const before = await requestLease(db.ctx, org.operator, { personId: org.people.admin.id, startsAt: clock, endsAt: new Date(clock.getTime() + 7 * 24 * HOUR), reason: 'Sprint work before the overrun' });
    expect(before.decision.rule).toBe('auto_approve.free_quota');
    await spendApi('2026-11-21', '200.00');
    const r = await run();
    expect(r.raised.map((a) => a.title)).toEqual(['Test Co budget at 100% for 2026-11', 'Software budget at 100% for 2026-11', 'Auto-approval paused for Software (2026-11)']);
    expect(r.paused).toEqual(['Software']);
    const pause = r.raised.find((a) => a.kind === 'guardrail_pause')!;
    expect(pause.body).toContain('Leases already running are not touched');
    // Lead and owner are told (pause alerts are critical: the owner's room and the lead's e-mail).
    expect(hooksTo('/services/T000/B000/owner-secret-token').map((h) => h.body.text)).toContain('Auto-approval paused for Software (2026-11)');
    expect(smtp.messages.map((m) => subjectOf(m.raw))).toContain('[Seatwise critical] Auto-approval paused for Software (2026-11)');

    const after = await requestLease(db.ctx, org.operator, { personId: org.people.member.id, startsAt: clock, endsAt: new Date(clock.getTime() + 7 * 24 * HOUR), reason: 'Sprint work after the overrun' });
    expect(after.decision).toMatchObject({ outcome: 'queue_for_lead', rule: 'guardrail.budget_exhausted' });
    const running = await db.ctx.repos.leases.find(org.orgId, before.lease.id);
    expect(running?.status).toBe(before.lease.status);
    expect(running?.endsAt.getTime()).toBe(before.lease.endsAt.getTime());
  });

  it('sends a reset notice once when the next budget period begins, and lifts the pause with it', async () => {
    clock = new Date('2026-12-01T06:00:00.000Z');
    const r = await run();
    const resets = r.raised.filter((a) => a.kind === 'budget_reset');
    expect(resets.map((a) => a.title)).toEqual(['Test Co budget reset for 2026-12', 'Software budget reset for 2026-12']);
    expect((await run()).raised).toEqual([]);
    const next = await requestLease(db.ctx, org.operator, { personId: org.people.auditor.id, startsAt: clock, endsAt: new Date(clock.getTime() + 5 * 24 * HOUR), reason: 'New month, new budget' });
    expect(next.decision.rule).toBe('auto_approve.free_quota');
  });

  it('records a failed delivery and retries it on the next evaluation', async () => {
    hooks.failPaths.add('/services/T000/B000/finance-secret-token');
    await spendApi('2026-12-01', '600.00');
    const failed = await run();
    expect(failed.raised.map((a) => a.title)).toEqual(['Test Co budget at 50% for 2026-12', 'Software budget at 50% for 2026-12']);
    expect(failed.deliveries.find((d) => d.channelName === 'Finance room')).toMatchObject({ status: 'failed', error: 'the webhook answered 500' });
    hooks.failPaths.clear();
    const retried = await run();
    expect(retried.deliveries.filter((d) => d.channelName === 'Finance room' && d.status === 'sent')).toHaveLength(2);
    expect(hooksTo('/services/T000/B000/finance-secret-token').filter((h) => h.body.text === 'Software budget at 50% for 2026-12')).toHaveLength(1);
    const history = await call(server.baseUrl, 'GET', '/api/alerts?limit=50', { token: org.people.owner.token });
    const alert = history.json.items.find((a: { title: string }) => a.title === 'Software budget at 50% for 2026-12');
    expect(alert.deliveries.find((d: { target: string; attempts: number }) => d.target.startsWith('channel:') && d.attempts === 2)).toMatchObject({ status: 'sent' });
  });
});

describe('test alert and history API', () => {
  it('sends a test alert to every enabled channel', async () => {
    const before = { hooks: hooks.received.length, mails: smtp.messages.length };
    const res = await call(server.baseUrl, 'POST', '/api/alert-channels/test', { token: org.people.admin.token, body: {} });
    expect(res.status).toBe(200);
    expect(res.json.results.map((r: { channelName: string; status: string }) => `${r.channelName}:${r.status}`).sort()).toEqual(['Finance room:sent', 'Owner room:sent', 'Software lead mail:sent']);
    expect(hooks.received.length - before.hooks).toBe(2);
    expect(smtp.messages.length - before.mails).toBe(1);
    expect(hooks.received.at(-1)!.body.text).toBe('Seatwise test alert');
  });

  it('shows a lead only their departments’ alerts, refuses members, and serves the burn', async () => {
    const lead = await call(server.baseUrl, 'GET', '/api/alerts?status=all', { token: org.people.dept_lead.token });
    expect(lead.status).toBe(200);
    expect(lead.json.items.length).toBeGreaterThan(0);
    expect(lead.json.items.every((a: { departmentId: string | null }) => a.departmentId === org.departments.Software)).toBe(true);
    expect((await call(server.baseUrl, 'GET', '/api/alerts', { token: org.people.member.token })).status).toBe(403);
    expect((await call(server.baseUrl, 'GET', '/api/alerts?status=maybe', { token: org.people.owner.token })).status).toBe(400);
    const burn = await call(server.baseUrl, 'GET', '/api/alerts/burn', { token: org.people.owner.token });
    expect(burn.status).toBe(200);
    const software = burn.json.scopes.find((s: { name: string }) => s.name === 'Software');
    // $600 of API usage plus the seat-day of the lease that started this morning (premium, $100/month).
    expect(software).toMatchObject({ budget: '1000.00', spent: '602.42', percentUsed: 60.2, owner: 'Test dept_lead', status: 'over_pace' });
    expect(software.contributors[0]).toEqual({ name: 'Test member', amount: '600.00' });
    expect(software.points).toHaveLength(31);
    expect(software.points[30].pace).toBe(1000);
  });
});
