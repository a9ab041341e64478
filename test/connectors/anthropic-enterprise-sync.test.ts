import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAnthropicEnterprise } from '../../src/app/connectors/configure.ts';
import type { ConnectorDeps } from '../../src/app/connectors/connectors.ts';
import { listConnectorStatus } from '../../src/app/connectors/status.ts';
import { planEnterpriseRange, syncAnthropicEnterprise } from '../../src/app/connectors/sync-anthropic-enterprise.ts';
import type { RetryEvent } from '../../src/connectors/http.ts';
import { addDays } from '../../src/domain/dates.ts';
import { handleUsageSync } from '../../src/jobs/usage-sync.job.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';

// A local stand-in for the Claude Enterprise Analytics API serving the SDK's row shapes, with small
// pages (cursor `page`/`next_page`), scripted failures (429 with retry-after, 500), days not published
// yet (400), and revisions: a user dropped from a day, or a day's numbers changed.
const API_KEY = 'sk-ant-api01-analytics-test-key-0123456789abcdefghij';
const SECRET = 'test-installation-secret-0123456789abcdef';

type Failure = { path: string; status: number; headers?: Record<string, string> };

function startFakeEnterprise() {
  const requests: string[] = [];
  const failures: Failure[] = [];
  /** `${email} ${day}` pairs the vendor no longer reports (a revision dropped them). */
  const dropped = new Set<string>();
  const revised = new Set<string>();
  const state = { latestDay: '9999-12-31' };
  const users = [
    { id: 'user_01MEMBER', email: 'member@test.example' },
    { id: 'user_01OWNER', email: 'Owner@Test.example' },
    { id: 'user_01STRANGER', email: 'stranger@elsewhere.example' },
    { id: 'user_01IDLE', email: 'admin@test.example' },
  ];
  const n = (day: string) => Number(day.slice(8, 10)) + (revised.has(day) ? 100 : 0);
  const activity = (u: (typeof users)[number], day: string) => {
    const idle = u.id === 'user_01IDLE';
    return {
      user: { id: u.id, email_address: u.email, type: 'user' },
      last_activity_date: day,
      web_search_count: 1,
      chat_metrics: { message_count: idle ? 0 : n(day), distinct_conversation_count: 1, thinking_message_count: 0 },
      claude_code_metrics: {
        core_metrics: { commit_count: idle ? 0 : 2, pull_request_count: idle ? 0 : 1, distinct_session_count: idle ? 0 : 3, artifacts_created_count: 0, lines_of_code: { added_count: idle ? 0 : 10 * n(day), removed_count: idle ? 0 : 4 } },
        tool_actions: { edit_tool: { accepted_count: 1, rejected_count: 0 } },
      },
      cowork_metrics: { message_count: 0 },
    };
  };
  /** Cursor pagination: the page token is an offset, opaque to the client; has_more is left out on purpose. */
  const paged = <T>(url: URL, items: T[], size: number) => {
    const offset = Number(url.searchParams.get('page') ? Buffer.from(url.searchParams.get('page')!, 'base64url').toString() : 0);
    const next = offset + size;
    return { data: items.slice(offset, next), next_page: next < items.length ? Buffer.from(String(next)).toString('base64url') : null };
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    requests.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers['x-api-key'] !== API_KEY || req.headers['anthropic-version'] !== '2023-06-01') {
      return send(401, { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${String(req.headers['x-api-key'])}` } });
    }
    const failure = failures.findIndex((f) => f.path === url.pathname);
    if (failure >= 0) {
      const [f] = failures.splice(failure, 1);
      return send(f!.status, { type: 'error', error: { type: f!.status === 429 ? 'rate_limit_error' : 'api_error', message: 'try later' } }, f!.headers);
    }
    switch (url.pathname) {
      case '/v1/organizations/analytics/users': {
        const day = url.searchParams.get('date')!;
        if (day > state.latestDay) return send(400, { type: 'error', error: { type: 'invalid_request_error', message: `date is too recent; the latest available day is ${state.latestDay}` } });
        const rows = users.filter((u) => !dropped.has(`${u.email.toLowerCase()} ${day}`)).map((u) => activity(u, day));
        return send(200, paged(url, rows, 2));
      }
      case '/v1/organizations/analytics/user_cost_report': {
        const rows = [];
        for (let day = url.searchParams.get('starting_at')!.slice(0, 10); `${day}T00:00:00Z` < url.searchParams.get('ending_at')!; day = addDays(day, 1)) {
          for (const u of users.slice(0, 3)) {
            if (dropped.has(`${u.email.toLowerCase()} ${day}`)) continue;
            rows.push({ actor: { type: 'user_actor', user_id: u.id, email_address: u.email, name: null, deleted: false }, amount: `${n(day)}.5`, list_amount: '0', currency: 'USD', starting_at: `${day}T00:00:00Z`, ending_at: `${addDays(day, 1)}T00:00:00Z`, requests: 3 });
          }
        }
        return send(200, { ...paged(url, rows, 4), has_more: Boolean(paged(url, rows, 4).next_page) });
      }
      default:
        return send(404, { type: 'error', error: { type: 'not_found_error', message: 'no such route' } });
    }
  });
  return new Promise<{ url: string; requests: string[]; failures: Failure[]; dropped: Set<string>; revised: Set<string>; state: { latestDay: string }; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, requests, failures, dropped, revised, state, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

let db: TestDatabase;
let org: TestOrg;
let vendor: Awaited<ReturnType<typeof startFakeEnterprise>>;
let clock = new Date('2026-11-10T06:00:00Z');
const sleeps: number[] = [];
const retries: RetryEvent[] = [];
const deps: ConnectorDeps = { secret: SECRET, http: { sleep: async (ms) => void sleeps.push(ms), onRetry: (e) => void retries.push(e), random: () => 0.5, baseDelayMs: 200 } };

beforeAll(async () => {
  db = await createTestDatabase({ now: () => clock });
  org = await buildOrg(db.ctx);
  vendor = await startFakeEnterprise();
  await configureAnthropicEnterprise(db.ctx, org.operator, { apiKey: API_KEY, baseUrl: vendor.url }, deps);
});
afterAll(async () => {
  await vendor?.close();
  await db?.drop();
});

const paramsOf = (path: string) => new URL(path, 'http://x').searchParams;
const requested = (pathname: string) => vendor.requests.filter((r) => r.startsWith(`${pathname}?`));
type Row = { email: string; day: string; messages: number; sessions: number; commits: number; pullRequests: number; linesAdded: number; costUsd: string };
const usageRows = async () =>
  (await sql<Row>`
    select p.email, u.day, u.messages, u.sessions, u.commits, u.pull_requests, u.lines_added, u.cost_usd from usage_daily u join people p on p.id = u.person_id
    where u.org_id = ${org.orgId} and u.source = 'anthropic_enterprise' order by p.email, u.day`.execute(db.handle.db)).rows;
const unmatchedDays = async () =>
  (await sql<{ identity: string; day: string }>`
    select i.identity, d.day from usage_unmatched_daily d join unmatched_identities i on i.id = d.identity_id
    where d.org_id = ${org.orgId} and d.source = 'anthropic_enterprise' order by i.identity, d.day`.execute(db.handle.db)).rows;

describe('planEnterpriseRange', () => {
  it('re-fetches three days before the cursor and never asks for days before 2026-01-01', () => {
    expect(planEnterpriseRange({ cursor: '2026-11-09', from: undefined, today: '2026-11-13' })).toEqual({ from: '2026-11-07', to: '2026-11-12' });
    expect(planEnterpriseRange({ cursor: undefined, from: undefined, today: '2026-01-10' })).toEqual({ from: '2026-01-01', to: '2026-01-09' });
    expect(planEnterpriseRange({ cursor: undefined, from: '2025-12-01', today: '2026-01-10' })).toEqual({ from: '2026-01-01', to: '2026-01-09' });
  });
});

describe('syncAnthropicEnterprise against a local Enterprise Analytics API', () => {
  it('follows every page, honours retry-after on a 429, retries a 500, stops at the last published day, and writes usage with cost', async () => {
    vendor.state.latestDay = '2026-11-08';
    vendor.failures.push({ path: '/v1/organizations/analytics/users', status: 429, headers: { 'retry-after': '2' } }, { path: '/v1/organizations/analytics/user_cost_report', status: 500 });
    const result = await syncAnthropicEnterprise(db.ctx, { orgId: org.orgId, createdBy: null, from: '2026-11-01' }, deps);
    expect(result).toMatchObject({ status: 'succeeded', error: null, range: { from: '2026-11-01', to: '2026-11-09' }, fetchedTo: '2026-11-08', removed: {} });

    expect(retries.map((r) => [new URL(r.url).pathname, r.status, r.reason, r.delayMs])).toEqual([
      ['/v1/organizations/analytics/users', 429, 'retry-after', 2000],
      ['/v1/organizations/analytics/user_cost_report', 500, 'backoff', 100],
    ]);
    expect(sleeps).toEqual([2000, 100]);

    // 8 published days × 2 pages of users (+ the 429) + the unpublished day's 400.
    const activity = requested('/v1/organizations/analytics/users');
    expect(activity).toHaveLength(8 * 2 + 1 + 1);
    expect(activity.filter((r) => paramsOf(r).get('page')).length).toBe(8);
    expect(new Set(activity.map((r) => paramsOf(r).get('date')))).toEqual(new Set(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07', '2026-11-08', '2026-11-09']));
    // Cost: one range request (8 days × 3 users = 24 rows, 6 pages) + the 500.
    const costs = requested('/v1/organizations/analytics/user_cost_report');
    expect(costs).toHaveLength(7);
    expect([paramsOf(costs[0]!).get('starting_at'), paramsOf(costs[0]!).get('ending_at'), paramsOf(costs[0]!).get('bucket_width')]).toEqual(['2026-11-01T00:00:00Z', '2026-11-09T00:00:00Z', '1d']);
    expect(result.costRows).toBe(24);

    const rows = await usageRows();
    expect(rows.map((r) => r.email).filter((e, i, all) => all.indexOf(e) === i)).toEqual(['member@test.example', 'owner@test.example']);
    expect(rows).toHaveLength(16);
    // 2026-11-03: 3 messages, 30 lines; cost 3.5 cents.
    expect(rows.find((r) => r.email === 'member@test.example' && r.day === '2026-11-03')).toMatchObject({ messages: 3, sessions: 3, commits: 2, pullRequests: 1, linesAdded: 30, costUsd: '0.0350' });
    // The idle user has no row; the stranger's usage is kept as unmatched.
    expect(rows.some((r) => r.email === 'admin@test.example')).toBe(false);
    expect((await unmatchedDays()).map((r) => r.identity)).toEqual(Array(8).fill('stranger@elsewhere.example'));
    expect(result).toMatchObject({ rows: 24, inserted: 16, unmatched: 8 });

    const status = (await listConnectorStatus(db.ctx, org.orgId)).find((s) => s.name === 'anthropic_enterprise')!;
    expect(status).toMatchObject({ isConfigured: true, lastError: null, includeCosts: true, cursor: { users: '2026-11-08' }, lastImport: { status: 'succeeded', inserted: 16 } });
  });

  it('re-runs incrementally: the last three synced days again plus the new ones, rewriting revised days and removing what a revision dropped', async () => {
    vendor.requests.length = 0;
    vendor.state.latestDay = '2026-11-12';
    vendor.revised.add('2026-11-07');
    // The vendor's revision drops the member's 11-08 and the stranger's 11-06.
    vendor.dropped.add('member@test.example 2026-11-08');
    vendor.dropped.add('stranger@elsewhere.example 2026-11-06');
    clock = new Date('2026-11-13T06:00:00Z');
    const result = await syncAnthropicEnterprise(db.ctx, { orgId: org.orgId, createdBy: null }, deps);
    expect(result).toMatchObject({ status: 'succeeded', range: { from: '2026-11-06', to: '2026-11-12' }, fetchedTo: '2026-11-12' });
    expect([...new Set(requested('/v1/organizations/analytics/users').map((r) => paramsOf(r).get('date')))]).toEqual(['2026-11-06', '2026-11-07', '2026-11-08', '2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12']);

    // One matched row (member 11-08) and one unmatched day (stranger 11-06) are gone, and counted.
    expect(result.removed).toEqual({ anthropic_enterprise: 2 });
    const rows = await usageRows();
    expect(rows.some((r) => r.email === 'member@test.example' && r.day === '2026-11-08')).toBe(false);
    expect(rows.find((r) => r.email === 'owner@test.example' && r.day === '2026-11-08')).toBeDefined();
    expect((await unmatchedDays()).some((r) => r.day === '2026-11-06')).toBe(false);
    // Days outside the fetched range keep their rows.
    expect(rows.find((r) => r.email === 'member@test.example' && r.day === '2026-11-01')).toBeDefined();
    // 11-07 revised: 107 messages, cost 107.5 cents.
    expect(rows.find((r) => r.email === 'member@test.example' && r.day === '2026-11-07')).toMatchObject({ messages: 107, costUsd: '1.0750' });
    // 11-06 unchanged (2), 11-07 rewritten (2), 11-08 owner unchanged (1), 4 new days × 2.
    expect(result).toMatchObject({ inserted: 8, updated: 2, unchanged: 3 });

    // The removal is in the audit trail, with its import and count.
    const audit = (await sql<{ entityId: string; after: unknown }>`select entity_id, after from audit_events where org_id = ${org.orgId} and action = 'usage.vanished_removed'`.execute(db.handle.db)).rows;
    expect(audit).toEqual([{ entityId: result.importId, after: { connector: 'anthropic_enterprise', removed: [{ source: 'anthropic_enterprise', from: '2026-11-06', to: '2026-11-12', rows: 2 }] } }]);

    const status = (await listConnectorStatus(db.ctx, org.orgId)).find((s) => s.name === 'anthropic_enterprise')!;
    expect(status.cursor).toEqual({ users: '2026-11-12' });
  });

  it('runs again the same day without changing or removing anything', async () => {
    const before = await usageRows();
    const result = await syncAnthropicEnterprise(db.ctx, { orgId: org.orgId, createdBy: null }, deps);
    expect(result).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0, removed: {} });
    expect(await usageRows()).toEqual(before);
  });

  it('leaves the cost out when turned off, and the job runs the connector', async () => {
    await configureAnthropicEnterprise(db.ctx, org.operator, { apiKey: API_KEY, baseUrl: vendor.url, includeCosts: false }, deps);
    vendor.requests.length = 0;
    expect(await handleUsageSync(db.ctx, { orgId: org.orgId, connector: 'anthropic_enterprise' }, deps)).toBe('done');
    expect(requested('/v1/organizations/analytics/user_cost_report')).toHaveLength(0);
    // Replace mode: the re-fetched days now carry no cost.
    expect((await usageRows()).find((r) => r.email === 'member@test.example' && r.day === '2026-11-12')?.costUsd).toBe('0.0000');
    expect((await usageRows()).find((r) => r.email === 'member@test.example' && r.day === '2026-11-01')?.costUsd).toBe('0.0150');
  });

  it('records a vendor failure (a 400 for a day synced before is not "not yet published"), keeps the cursor, never stores the key', async () => {
    vendor.state.latestDay = '2026-11-09';
    const result = await syncAnthropicEnterprise(db.ctx, { orgId: org.orgId, createdBy: null }, deps);
    expect(result.status).toBe('failed');
    expect(result.error).toContain('answered 400 for /v1/organizations/analytics/users');

    const wrongKey = 'sk-ant-api01-wrong-analytics-key-never-stored-anywhere';
    await configureAnthropicEnterprise(db.ctx, org.operator, { apiKey: wrongKey, baseUrl: vendor.url }, deps);
    const denied = await syncAnthropicEnterprise(db.ctx, { orgId: org.orgId, createdBy: null }, deps);
    expect(denied.status).toBe('failed');
    expect(denied.error).toContain('[redacted]');
    expect(denied.error).not.toContain(wrongKey);
    const status = (await listConnectorStatus(db.ctx, org.orgId)).find((s) => s.name === 'anthropic_enterprise')!;
    expect(status).toMatchObject({ lastError: denied.error, cursor: { users: '2026-11-12' }, lastImport: { status: 'failed' } });
    for (const key of [wrongKey, API_KEY]) {
      const hits = await sql<{ n: number }>`
        select (select count(*) from connector_states where secret_ciphertext like ${`%${key}%`} or coalesce(last_error, '') like ${`%${key}%`})
             + (select count(*) from usage_imports where coalesce(errors::text, '') like ${`%${key}%`}) as n`.execute(db.handle.db);
      expect(Number(hits.rows[0]!.n), key).toBe(0);
    }
  });

  it('refuses to run unconfigured or from today', async () => {
    const other = await db.ctx.repos.organizations.create({ name: 'Other', slug: `other-${Date.now()}` });
    await expect(syncAnthropicEnterprise(db.ctx, { orgId: other.id, createdBy: null }, deps)).rejects.toThrow(/not configured/);
    await expect(syncAnthropicEnterprise(db.ctx, { orgId: org.orgId, createdBy: null, from: '2026-11-13' }, deps)).rejects.toThrow(/past day/);
  });
});
