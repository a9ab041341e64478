import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAnthropic } from '../../src/app/connectors/configure.ts';
import type { ConnectorDeps } from '../../src/app/connectors/connectors.ts';
import { listConnectorStatus } from '../../src/app/connectors/status.ts';
import { planReportRange, syncAnthropic } from '../../src/app/connectors/sync-anthropic.ts';
import { handleUsageSync } from '../../src/jobs/usage-sync.job.ts';
import type { RetryEvent } from '../../src/connectors/http.ts';
import { addDays } from '../../src/domain/dates.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';

// A local stand-in for the Anthropic Admin API serving the documented response shapes, with small
// pages so every report needs several requests, and scripted failures (429 with retry-after, 500).
const ADMIN_KEY = 'sk-ant-admin01-test-key-0123456789abcdefghijklmnop';
const SECRET = 'test-installation-secret-0123456789abcdef';

type Failure = { path: string; status: number; headers?: Record<string, string> };

function startFakeAnthropic() {
  const requests: string[] = [];
  const failures: Failure[] = [];
  const revised = new Set<string>();
  /** `${account id or email} ${day}` rows a revised report no longer carries. */
  const dropped = new Set<string>();
  const users = [
    { type: 'user', id: 'user_01MEMBER', email: 'member@test.example', name: 'M', role: 'developer', added_at: '2026-01-01T00:00:00Z' },
    { type: 'user', id: 'user_01OWNER', email: 'Owner@Test.example', name: 'O', role: 'admin', added_at: '2026-01-01T00:00:00Z' },
    { type: 'user', id: 'user_01STRANGER', email: 'stranger@elsewhere.example', name: 'S', role: 'user', added_at: '2026-01-01T00:00:00Z' },
  ];
  const tokens = (day: string) => Number(day.slice(8, 10)) * 100 + (revised.has(day) ? 1 : 0);
  const daysOf = (url: URL) => {
    const days: string[] = [];
    for (let d = url.searchParams.get('starting_at')!.slice(0, 10); `${d}T00:00:00Z` < url.searchParams.get('ending_at')!; d = addDays(d, 1)) days.push(d);
    return days;
  };
  /** Cursor pagination over `items`: the page token is the offset, opaque to the client. */
  const paged = <T>(url: URL, items: T[], size: number) => {
    const offset = Number(url.searchParams.get('page') ? Buffer.from(url.searchParams.get('page')!, 'base64url').toString() : 0);
    const next = offset + size;
    return { data: items.slice(offset, next), has_more: next < items.length, next_page: next < items.length ? Buffer.from(String(next)).toString('base64url') : null };
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    requests.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers['x-api-key'] !== ADMIN_KEY || req.headers['anthropic-version'] !== '2023-06-01') {
      // Echoes what it got, as some APIs do: the connector must not store that.
      return send(401, { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${String(req.headers['x-api-key'])}` } });
    }
    const failure = failures.findIndex((f) => f.path === url.pathname);
    if (failure >= 0) {
      const [f] = failures.splice(failure, 1);
      return send(f!.status, { type: 'error', error: { type: f!.status === 429 ? 'rate_limit_error' : 'api_error', message: 'try later' } }, f!.headers);
    }
    switch (url.pathname) {
      case '/v1/organizations/users': {
        const after = url.searchParams.get('after_id');
        const start = after ? users.findIndex((u) => u.id === after) + 1 : 0;
        const data = users.slice(start, start + 2);
        return send(200, { data, has_more: start + 2 < users.length, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
      }
      case '/v1/organizations/usage_report/messages': {
        const buckets = daysOf(url).map((day) => ({
          starting_at: `${day}T00:00:00Z`,
          ending_at: `${addDays(day, 1)}T00:00:00Z`,
          results: ([
            { account_id: 'user_01MEMBER', api_key_id: 'apikey_01A', workspace_id: null, model: null, service_tier: null, context_window: null, uncached_input_tokens: tokens(day), cache_read_input_tokens: 10, cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 }, output_tokens: 5, server_tool_use: { web_search_requests: 0 } },
            { account_id: 'user_01UNKNOWN', api_key_id: 'apikey_01B', workspace_id: null, model: null, service_tier: null, context_window: null, uncached_input_tokens: 7, cache_read_input_tokens: 0, cache_creation: null, output_tokens: 1, server_tool_use: null },
          ]).filter((r) => !dropped.has(`${r.account_id} ${day}`)),
        }));
        return send(200, paged(url, buckets, 4));
      }
      case '/v1/organizations/cost_report': {
        const buckets = daysOf(url).map((day) => ({
          starting_at: `${day}T00:00:00Z`,
          ending_at: `${addDays(day, 1)}T00:00:00Z`,
          results: [
            { currency: 'USD', amount: '1000.5', workspace_id: 'wrkspc_01A', description: null, cost_type: null, context_window: null, model: null, service_tier: null, token_type: null },
            { currency: 'USD', amount: '99.5', workspace_id: null, description: null, cost_type: null, context_window: null, model: null, service_tier: null, token_type: null },
          ],
        }));
        return send(200, paged(url, buckets, 5));
      }
      case '/v1/organizations/usage_report/claude_code': {
        const day = url.searchParams.get('starting_at')!;
        const record = (email: string, sessions: number) => ({
          date: `${day}T00:00:00Z`,
          actor: { type: 'user_actor', email_address: email },
          organization_id: '12345678-1234-5678-1234-567812345678',
          customer_type: 'api',
          terminal_type: 'vscode',
          core_metrics: { num_sessions: sessions, lines_of_code: { added: tokens(day), removed: 3 }, commits_by_claude_code: 1, pull_requests_by_claude_code: 0 },
          tool_actions: { edit_tool: { accepted: 1, rejected: 0 } },
          model_breakdown: [{ model: 'claude-sonnet-4-6', tokens: { input: 100, output: 50, cache_read: 0, cache_creation: 0 }, estimated_cost: { currency: 'USD', amount: 186 } }],
        });
        const records = [record('member@test.example', 2), record('owner@test.example', 1), record('stranger@elsewhere.example', 4)].filter((r) => !dropped.has(`${r.actor.email_address} ${day}`));
        return send(200, paged(url, records, 2));
      }
      default:
        return send(404, { type: 'error', error: { type: 'not_found_error', message: 'no such route' } });
    }
  });
  return new Promise<{ url: string; requests: string[]; failures: Failure[]; revised: Set<string>; dropped: Set<string>; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, requests, failures, revised, dropped, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

let db: TestDatabase;
let org: TestOrg;
let vendor: Awaited<ReturnType<typeof startFakeAnthropic>>;
let clock = new Date('2026-11-10T06:00:00Z');
const sleeps: number[] = [];
const retries: RetryEvent[] = [];
const deps: ConnectorDeps = { secret: SECRET, http: { sleep: async (ms) => void sleeps.push(ms), onRetry: (e) => void retries.push(e), random: () => 0.5, baseDelayMs: 200 } };

beforeAll(async () => {
  db = await createTestDatabase({ now: () => clock });
  org = await buildOrg(db.ctx);
  vendor = await startFakeAnthropic();
  await configureAnthropic(db.ctx, org.operator, { adminKey: ADMIN_KEY, baseUrl: vendor.url }, deps);
});
afterAll(async () => {
  await vendor?.close();
  await db?.drop();
});

const paramsOf = (path: string) => new URL(path, 'http://x').searchParams;
const requested = (pathname: string) => vendor.requests.filter((r) => r.startsWith(`${pathname}?`));
const usageRows = async (source: string) =>
  (await sql<{ email: string; day: string; inputTokens: number; linesAdded: number; sessions: number; costUsd: string }>`
    select p.email, u.day, u.input_tokens, u.lines_added, u.sessions, u.cost_usd from usage_daily u join people p on p.id = u.person_id
    where u.org_id = ${org.orgId} and u.source = ${source} order by p.email, u.day`.execute(db.handle.db)).rows;

describe('planReportRange', () => {
  it('starts a first run 30 days back, a later one the day before its cursor, and stops at yesterday', () => {
    expect(planReportRange({ cursor: undefined, from: undefined, today: '2026-11-10' })).toEqual({ from: '2026-10-11', to: '2026-11-09' });
    expect(planReportRange({ cursor: '2026-11-09', from: undefined, today: '2026-11-13' })).toEqual({ from: '2026-11-08', to: '2026-11-12' });
    expect(planReportRange({ cursor: '2026-11-09', from: undefined, today: '2026-11-10' })).toEqual({ from: '2026-11-08', to: '2026-11-09' });
    expect(planReportRange({ cursor: '2026-11-09', from: '2026-06-01', today: '2026-11-10' })).toEqual({ from: '2026-06-01', to: '2026-08-31' });
  });
});

describe('syncAnthropic against a local Admin API', () => {
  it('follows every page, honours retry-after on a 429, retries a 500, and writes usage, costs and history', async () => {
    vendor.failures.push({ path: '/v1/organizations/cost_report', status: 429, headers: { 'retry-after': '1' } }, { path: '/v1/organizations/usage_report/claude_code', status: 500 });
    const result = await syncAnthropic(db.ctx, { orgId: org.orgId, createdBy: null, from: '2026-11-01' }, deps);
    expect(result).toMatchObject({ status: 'succeeded', error: null, costDays: 9, ranges: { messages: { from: '2026-11-01', to: '2026-11-09' } } });

    // The 429 asked for one second and got exactly that; the 500 got jittered backoff.
    expect(retries.map((r) => [new URL(r.url).pathname, r.status, r.reason, r.delayMs])).toEqual([
      ['/v1/organizations/cost_report', 429, 'retry-after', 1000],
      ['/v1/organizations/usage_report/claude_code', 500, 'backoff', 100],
    ]);
    expect(sleeps).toEqual([1000, 100]);

    // Pagination: users by after_id, reports by next_page.
    expect(requested('/v1/organizations/users').map((r) => paramsOf(r).get('after_id'))).toEqual([null, 'user_01OWNER']);
    const messages = requested('/v1/organizations/usage_report/messages');
    expect(messages).toHaveLength(3);
    expect(paramsOf(messages[0]!).get('starting_at')).toBe('2026-11-01T00:00:00Z');
    expect(paramsOf(messages[0]!).get('ending_at')).toBe('2026-11-10T00:00:00Z');
    expect(paramsOf(messages[0]!).getAll('group_by[]')).toEqual(['account_id', 'api_key_id']);
    expect(messages.slice(1).every((r) => paramsOf(r).get('page'))).toBe(true);
    const claudeCode = requested('/v1/organizations/usage_report/claude_code');
    // 9 days × 2 pages, plus the request that got a 500.
    expect(claudeCode).toHaveLength(19);

    const api = await usageRows('anthropic_api');
    expect(api).toHaveLength(9);
    expect(api[0]).toMatchObject({ email: 'member@test.example', day: '2026-11-01', inputTokens: 110 });
    const code = await usageRows('claude_code_admin');
    expect(code.map((r) => r.email).filter((e, i, all) => all.indexOf(e) === i)).toEqual(['member@test.example', 'owner@test.example']);
    expect(code).toHaveLength(18);
    expect(code[0]).toMatchObject({ day: '2026-11-01', sessions: 2, linesAdded: 100, costUsd: '1.8600' });

    // Unknown account and non-member stay as unmatched identities with their usage.
    const unmatched = (await sql<{ identity: string; source: string }>`select identity, source from unmatched_identities where org_id = ${org.orgId} order by identity`.execute(db.handle.db)).rows;
    expect(unmatched).toEqual([
      { identity: 'anthropic-account:user_01unknown', source: 'anthropic_api' },
      { identity: 'stranger@elsewhere.example', source: 'claude_code_admin' },
    ]);
    expect(result.unmatched).toBe(18);

    const history = (await sql<{ source: string; status: string; rows: number; inserted: number }>`select source, status, rows, inserted from usage_imports where id = ${result.importId}`.execute(db.handle.db)).rows;
    expect(history).toEqual([{ source: 'anthropic_admin', status: 'succeeded', rows: 9 * 2 + 9 * 3, inserted: 27 }]);

    const [status] = await listConnectorStatus(db.ctx, org.orgId);
    expect(status).toMatchObject({ name: 'anthropic', isConfigured: true, lastError: null, cursor: { messages: '2026-11-09', costs: '2026-11-09', claudeCode: '2026-11-09' } });
    // 1100 cents a day for 9 days.
    expect(status!.costs).toMatchObject({ last30DaysUsd: '99.0000' });
    expect(status!.costs!.days[0]).toEqual({ day: '2026-11-01', totalUsd: '11.0000' });
  });

  it('re-runs incrementally: only the last two synced days again plus the new ones, replacing revised days', async () => {
    vendor.requests.length = 0;
    vendor.revised.add('2026-11-09');
    clock = new Date('2026-11-13T06:00:00Z');
    const result = await syncAnthropic(db.ctx, { orgId: org.orgId, createdBy: null }, deps);
    expect(result.status).toBe('succeeded');

    const messages = requested('/v1/organizations/usage_report/messages');
    expect(messages.map((r) => [paramsOf(r).get('starting_at'), paramsOf(r).get('ending_at')])).toEqual([['2026-11-08T00:00:00Z', '2026-11-13T00:00:00Z'], ['2026-11-08T00:00:00Z', '2026-11-13T00:00:00Z']]);
    expect(requested('/v1/organizations/cost_report').map((r) => paramsOf(r).get('starting_at'))).toEqual(['2026-11-08T00:00:00Z']);
    const days = requested('/v1/organizations/usage_report/claude_code').map((r) => paramsOf(r).get('starting_at'));
    expect([...new Set(days)]).toEqual(['2026-11-08', '2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12']);

    // 11-08 unchanged; 11-09 revised (member's API tokens and both members' Claude Code lines); 3 new days.
    expect(result).toMatchObject({ inserted: 9, updated: 3, unchanged: 3 });
    expect((await usageRows('anthropic_api')).find((r) => r.day === '2026-11-09')?.inputTokens).toBe(911);
    expect(await usageRows('anthropic_api')).toHaveLength(12);

    const [status] = await listConnectorStatus(db.ctx, org.orgId);
    expect(status!.cursor).toEqual({ messages: '2026-11-12', costs: '2026-11-12', claudeCode: '2026-11-12' });
    expect(status!.costs!.days).toHaveLength(12);
  });

  it('runs again the same day without duplicating anything', async () => {
    const result = await syncAnthropic(db.ctx, { orgId: org.orgId, createdBy: null }, deps);
    expect(result).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0 });
    expect(await usageRows('anthropic_api')).toHaveLength(12);
  });

  it('sums traffic of an account an admin linked to a member with the member\'s own on the same day', async () => {
    await sql`update unmatched_identities set status = 'linked', person_id = ${org.people.member.id} where org_id = ${org.orgId} and identity = 'anthropic-account:user_01unknown'`.execute(db.handle.db);
    const result = await syncAnthropic(db.ctx, { orgId: org.orgId, createdBy: null }, deps);
    expect(result).toMatchObject({ status: 'succeeded', updated: 2 });
    // 1200 uncached + 10 cache reads for the member, 7 for the linked account.
    expect((await usageRows('anthropic_api')).find((r) => r.day === '2026-11-12')?.inputTokens).toBe(1217);
  });

  it('records a vendor failure in the history and the connector, leaves the cursor, and never stores the key', async () => {
    const wrongKey = 'sk-ant-admin01-wrong-key-should-not-be-stored-anywhere';
    await configureAnthropic(db.ctx, org.operator, { adminKey: wrongKey, baseUrl: vendor.url }, deps);
    const result = await syncAnthropic(db.ctx, { orgId: org.orgId, createdBy: null }, deps);
    expect(result.status).toBe('failed');
    expect(result.error).toContain('answered 401 for /v1/organizations/users');
    expect(result.error).toContain('[redacted]');
    expect(result.error).not.toContain(wrongKey);

    const [status] = await listConnectorStatus(db.ctx, org.orgId);
    expect(status).toMatchObject({ lastError: result.error, cursor: { messages: '2026-11-12' }, lastImport: { status: 'failed' } });
    await expect(handleUsageSync(db.ctx, { orgId: org.orgId }, deps)).rejects.toThrow(/anthropic: Anthropic Admin API answered 401/);

    // Nothing in the database carries either key in clear.
    for (const key of [wrongKey, ADMIN_KEY]) {
      const hits = await sql<{ n: number }>`
        select (select count(*) from connector_states where secret_ciphertext like ${`%${key}%`} or config::text like ${`%${key}%`} or coalesce(last_error, '') like ${`%${key}%`})
             + (select count(*) from usage_imports where coalesce(errors::text, '') like ${`%${key}%`})
             + (select count(*) from audit_events where coalesce(after::text, '') || coalesce(before::text, '') like ${`%${key}%`}) as n`.execute(db.handle.db);
      expect(Number(hits.rows[0]!.n), key).toBe(0);
    }
    await configureAnthropic(db.ctx, org.operator, { adminKey: ADMIN_KEY, baseUrl: vendor.url }, deps);
  });

  it('refuses to run unconfigured, and the job skips an organization with no connectors', async () => {
    const other = await db.ctx.repos.organizations.create({ name: 'Other', slug: `other-${Date.now()}` });
    await expect(syncAnthropic(db.ctx, { orgId: other.id, createdBy: null }, deps)).rejects.toThrow(/not configured/);
    expect(await handleUsageSync(db.ctx, { orgId: other.id }, deps)).toBe('skipped');
    await expect(handleUsageSync(db.ctx, { orgId: 'nope' }, deps)).rejects.toThrow();
  });

  it('removes usage a revised report no longer carries for a re-fetched day, matched or not, and counts it', async () => {
    // On 11-11 the revision drops both accounts' API traffic of the member and the owner's Claude Code;
    // on 11-12 the stranger's (unmatched) Claude Code.
    for (const key of ['user_01MEMBER 2026-11-11', 'user_01UNKNOWN 2026-11-11', 'owner@test.example 2026-11-11', 'stranger@elsewhere.example 2026-11-12']) vendor.dropped.add(key);
    const before = await usageRows('claude_code_admin');
    expect(before.some((r) => r.email === 'owner@test.example' && r.day === '2026-11-11')).toBe(true);
    const result = await syncAnthropic(db.ctx, { orgId: org.orgId, createdBy: null }, deps);
    expect(result).toMatchObject({ status: 'succeeded', ranges: { messages: { from: '2026-11-11', to: '2026-11-12' } }, removed: { anthropic_api: 1, claude_code_admin: 2 } });
    expect((await usageRows('anthropic_api')).some((r) => r.day === '2026-11-11')).toBe(false);
    const code = await usageRows('claude_code_admin');
    expect(code.some((r) => r.email === 'owner@test.example' && r.day === '2026-11-11')).toBe(false);
    expect(code.some((r) => r.email === 'member@test.example' && r.day === '2026-11-11')).toBe(true);
    // Days before the re-fetched range are untouched.
    expect(code.some((r) => r.email === 'owner@test.example' && r.day === '2026-11-10')).toBe(true);
    const stranger = await sql<{ day: string }>`
      select d.day from usage_unmatched_daily d join unmatched_identities i on i.id = d.identity_id
      where i.identity = 'stranger@elsewhere.example' and d.day >= '2026-11-11' order by d.day`.execute(db.handle.db);
    expect(stranger.rows.map((r) => r.day)).toEqual(['2026-11-11']);
    // A second run finds nothing more to remove.
    expect((await syncAnthropic(db.ctx, { orgId: org.orgId, createdBy: null }, deps)).removed).toEqual({});
  });

  it('cannot read the stored key with another installation secret', async () => {
    await expect(syncAnthropic(db.ctx, { orgId: org.orgId, createdBy: null }, { ...deps, secret: `${SECRET}-other` })).rejects.toThrow(/cannot be decrypted/);
  });
});
