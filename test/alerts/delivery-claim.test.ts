import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addAlertChannel } from '../../src/app/alerts/channels.ts';
import { runGuardrails } from '../../src/app/alerts/evaluate.ts';
import { setQuota } from '../../src/app/quotas/quotas.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';

// Concurrent guardrail runs (hourly job, POST /api/alerts/evaluate, the CLI, a second replica) must
// deliver each (alert, channel) once: an in-progress claim is not re-claimable unless it is stale.
const SECRET = 'claim-test-secret-claim-test-secret-0123';
const MINUTE = 60_000;

/** A webhook that holds every request ~1 s before answering (500 while `failing`), counting requests by title. */
async function startSlowReceiver() {
  const texts: string[] = [];
  const state = { failing: false };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      texts.push(JSON.parse(Buffer.concat(chunks).toString('utf8')).text as string);
      setTimeout(() => res.writeHead(state.failing ? 500 : 200).end(state.failing ? 'boom' : 'ok'), 1000);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/owner-secret-token`,
    texts,
    state,
    count: (title: string) => texts.filter((t) => t === title).length,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

let clock = new Date('2026-11-20T10:00:00.000Z');
let db: TestDatabase;
let org: TestOrg;
let hook: Awaited<ReturnType<typeof startSlowReceiver>>;
let channelId: string;

const run = () => runGuardrails(db.ctx, org.orgId, { secret: SECRET });
async function spendApi(day: string, usd: string) {
  await db.handle.db.deleteFrom('usageDaily').where('personId', '=', org.people.member.id).where('day', '=', day).where('source', '=', 'anthropic_api').execute();
  await db.ctx.repos.usage.insertMany(org.orgId, [{ personId: org.people.member.id, day, source: 'anthropic_api', messages: 10, inputTokens: 1000, outputTokens: 100, costUsd: usd, limitHits: 0, activeMinutes: 5 }]);
}
async function channelDelivery(alertId: string) {
  const rows = (await db.ctx.repos.alerts.listDeliveries([alertId])).filter((d) => d.target === `channel:${channelId}`);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}
async function raisedAlert(title: string) {
  const all = await db.ctx.repos.alerts.listAlerts(org.orgId, { status: 'all' }, { limit: 100, offset: 0 });
  const alert = all.items.find((a) => a.title === title);
  expect(alert).toBeDefined();
  return alert!;
}

beforeAll(async () => {
  db = await createTestDatabase({ now: () => clock });
  org = await buildOrg(db.ctx, { premiumSeats: 3 });
  await setQuota(db.ctx, org.operator, org.departments.Software!, { nominalPremium: 2, borrowingLimit: null, lendingLimit: null, monthlyBudget: '1000.00' });
  hook = await startSlowReceiver();
  // An owner room: of a budget threshold's two alerts (organization and department) only the
  // organization's informational notice routes to it, so one alert per crossing reaches this channel.
  channelId = (await addAlertChannel(db.ctx, org.operator, { name: 'Owner room', audience: 'owner', departmentId: null, settings: { kind: 'webhook', url: hook.url } }, { secret: SECRET })).id;
}, 120_000);
afterAll(async () => {
  await hook?.close();
  await db?.drop();
});

describe('delivery claims under concurrent guardrail runs', () => {
  it('sends a new alert once to a channel when three evaluations run at the same time', async () => {
    await spendApi('2026-11-19', '520.00');
    const runs = await Promise.all([run(), run(), run()]);
    const title = 'Test Co budget at 50% for 2026-11';
    expect(runs.flatMap((r) => r.raised).filter((a) => a.title === title)).toHaveLength(1);
    expect(hook.texts).toEqual([title]);
    const alert = await raisedAlert(title);
    const statuses = runs.flatMap((r) => r.deliveries).filter((d) => d.alertId === alert.id && d.target === `channel:${channelId}`).map((d) => d.status).sort();
    expect(statuses).toEqual(['already_sent', 'already_sent', 'sent']);
    expect(await channelDelivery(alert.id)).toMatchObject({ status: 'sent', attempts: 1, error: null });
  });

  it('retries a delivery that really failed on the next run, and sends it then', async () => {
    clock = new Date(clock.getTime() + 60 * MINUTE);
    hook.state.failing = true;
    await spendApi('2026-11-20', '300.00');
    const title = 'Test Co budget at 80% for 2026-11';
    const failed = await run();
    expect(failed.deliveries.find((d) => d.channelName === 'Owner room')).toMatchObject({ status: 'failed', error: 'the webhook answered 500' });
    const alert = await raisedAlert(title);
    expect(await channelDelivery(alert.id)).toMatchObject({ status: 'failed', error: 'the webhook answered 500', attempts: 1 });

    hook.state.failing = false;
    clock = new Date(clock.getTime() + 60 * MINUTE);
    const retried = await Promise.all([run(), run()]);
    expect(retried.flatMap((r) => r.deliveries).filter((d) => d.alertId === alert.id && d.channelName === 'Owner room' && d.status === 'sent')).toHaveLength(1);
    expect(hook.count(title)).toBe(2); // the failed attempt and the retry
    expect(await channelDelivery(alert.id)).toMatchObject({ status: 'sent', error: null, attempts: 2 });
    expect((await run()).deliveries.find((d) => d.alertId === alert.id && d.channelName === 'Owner room')).toMatchObject({ status: 'already_sent' });
    expect(hook.count(title)).toBe(2);
  });

  it('leaves a fresh in-progress claim to its claimer, and takes over a stale one', async () => {
    clock = new Date(clock.getTime() + 60 * MINUTE);
    const { alert } = await db.ctx.repos.alerts.insertIfNew(org.orgId, { kind: 'surge', severity: 'info', departmentId: null, dedupKey: 'surge:test-claim', title: 'Test Co cost surge', body: 'Spend jumped.', period: null, details: {} }, clock);
    // A run claimed the slot and died before recording the outcome.
    expect(await db.ctx.repos.alerts.claimDelivery({ alertId: alert.id, channelId, target: `channel:${channelId}`, level: 0, at: clock })).toBe(true);

    clock = new Date(clock.getTime() + 2 * MINUTE);
    expect((await run()).deliveries.find((d) => d.alertId === alert.id && d.channelName === 'Owner room')).toMatchObject({ status: 'already_sent' });
    expect(hook.count('Test Co cost surge')).toBe(0);
    expect(await channelDelivery(alert.id)).toMatchObject({ status: 'failed', error: 'in progress', attempts: 1 });

    await sql`update alert_deliveries set attempted_at = attempted_at - interval '10 minutes' where alert_id = ${alert.id}`.execute(db.handle.db);
    const takenOver = await Promise.all([run(), run()]);
    expect(takenOver.flatMap((r) => r.deliveries).filter((d) => d.alertId === alert.id && d.channelName === 'Owner room').map((d) => d.status).sort()).toEqual(['already_sent', 'sent']);
    expect(hook.count('Test Co cost surge')).toBe(1);
    expect(await channelDelivery(alert.id)).toMatchObject({ status: 'sent', error: null, attempts: 2 });
  });
});
