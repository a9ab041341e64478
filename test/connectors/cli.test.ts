import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, toDay } from '../../src/domain/dates.ts';
import { runCli, type CliResult } from '../cli/run-cli.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';

const ADMIN_KEY = 'sk-ant-admin01-cli-test-key-abcdefghijklmnopqrstuvwx';
const GH_TOKEN = 'ghp_clitesttoken_abcdefghijklmnopqrstuv';
const ANALYTICS_KEY = 'sk-ant-api01-cli-analytics-key-abcdefghijklmnopq';

/** `seatwise <args>` with `stdin` piped in. */
const runWithStdin = (args: readonly string[], env: Record<string, string>, stdin: string): Promise<CliResult> => runCli(args, env, undefined, stdin);

let db: TestDatabase;
let org: TestOrg;
let vendor: http.Server;
let vendorUrl: string;
let env: Record<string, string>;
const seen: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
  // One server plays both vendors: empty Anthropic reports, one Copilot seat.
  vendor = http.createServer((req, res) => {
    seen.push(req.url!);
    const ok = req.headers['x-api-key'] === ADMIN_KEY || req.headers['x-api-key'] === ANALYTICS_KEY || req.headers.authorization === `Bearer ${GH_TOKEN}`;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    if (req.url!.startsWith('/orgs/')) {
      return res.end(JSON.stringify({ total_seats: 1, seats: [{ created_at: '2026-01-01T00:00:00Z', last_activity_at: null, plan_type: 'business', assignee: { login: 'octo' } }] }));
    }
    res.end(JSON.stringify(req.url!.startsWith('/v1/organizations/users') ? { data: [], has_more: false } : { data: [], has_more: false, next_page: null }));
  });
  await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve));
  vendorUrl = `http://127.0.0.1:${(vendor.address() as AddressInfo).port}`;
  env = { DATABASE_URL: db.url, SEATWISE_SECRET: 'cli-test-installation-secret-0123456789ab' };
});
afterAll(async () => {
  await new Promise((r) => vendor?.close(r));
  await db?.drop();
});

describe('seatwise connector set / sync', { timeout: 90_000 }, () => {
  it('reads the Anthropic key from stdin and stores it encrypted', async () => {
    const result = await runWithStdin(['connector', 'set', 'anthropic', '--admin-key-stdin', '--base-url', vendorUrl], env, `${ADMIN_KEY}\n`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Anthropic connector configured');
    const row = await sql<{ s: string; config: unknown }>`select secret_ciphertext as s, config from connector_states where org_id = ${org.orgId} and connector = 'anthropic'`.execute(db.handle.db);
    expect(row.rows[0]!.s).not.toContain(ADMIN_KEY);
    expect(row.rows[0]!.config).toEqual({ baseUrl: vendorUrl });
  });

  it('syncs Anthropic from a given day and prints what it did', async () => {
    const from = addDays(toDay(new Date()), -3);
    const result = await runWithStdin(['sync', 'anthropic', '--from', from], env, '');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^anthropic: succeeded — 0 usage rows, 0 cost days/);
    expect(seen.some((u) => u.includes(`starting_at=${from}T00%3A00%3A00Z`))).toBe(true);
  });

  it('sets the Enterprise Analytics key from stdin (costs off) and syncs from a given day', async () => {
    const set = await runWithStdin(['connector', 'set', 'anthropic-enterprise', '--api-key-stdin', '--base-url', vendorUrl, '--without-costs'], env, `${ANALYTICS_KEY}\n`);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Enterprise Analytics connector configured');
    const row = await sql<{ s: string; config: unknown }>`select secret_ciphertext as s, config from connector_states where org_id = ${org.orgId} and connector = 'anthropic_enterprise'`.execute(db.handle.db);
    expect(row.rows[0]!.s).not.toContain(ANALYTICS_KEY);
    expect(row.rows[0]!.config).toEqual({ baseUrl: vendorUrl, includeCosts: false });

    const from = addDays(toDay(new Date()), -2);
    const table = await runWithStdin(['sync', 'anthropic-enterprise', '--from', from], env, '');
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^anthropic_enterprise: succeeded — 0 usage rows through \d{4}-\d{2}-\d{2}, 0 cost rows: 0 new, 0 updated, 0 unchanged, 0 unmatched, 0 removed/);
    expect(seen.filter((u) => u.startsWith('/v1/organizations/analytics/users?')).map((u) => new URL(u, 'http://x').searchParams.get('date'))).toEqual([from, addDays(from, 1)]);
    expect(seen.some((u) => u.startsWith('/v1/organizations/analytics/user_cost_report'))).toBe(false);
    const json = await runWithStdin(['sync', 'anthropic-enterprise', '--format', 'json'], env, '');
    expect(JSON.parse(json.stdout)).toMatchObject({ connector: 'anthropic_enterprise', status: 'succeeded', removed: {} });
  });

  it('sets and syncs Copilot, then lists connectors without credentials', async () => {
    const set = await runWithStdin(['connector', 'set', 'copilot', '--token-stdin', '--org', 'acme', '--base-url', vendorUrl], env, GH_TOKEN);
    expect(set.code).toBe(0);
    const sync = await runWithStdin(['sync', 'copilot', '--format', 'json'], env, '');
    expect(sync.code).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ connector: 'copilot', status: 'succeeded', seats: 1, unmatched: 1 });
    const list = await runWithStdin(['connector', 'list', '--format', 'json'], env, '');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((c: { name: string; isConfigured: boolean }) => [c.name, c.isConfigured])).toEqual([['anthropic', true], ['anthropic_enterprise', true], ['copilot', true]]);
    expect(list.stdout).not.toContain(ADMIN_KEY);
    expect(list.stdout).not.toContain(GH_TOKEN);
    expect(list.stdout).not.toContain(ANALYTICS_KEY);
  });

  it('refuses an empty stdin, a bad --from, and a key on the command line', async () => {
    const empty = await runWithStdin(['connector', 'set', 'anthropic', '--admin-key-stdin'], env, '\n');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('VALIDATION_FAILED: No Anthropic Admin API key on stdin');
    const badFrom = await runWithStdin(['sync', 'anthropic', '--from', 'last-week'], env, '');
    expect(badFrom.code).toBe(1);
    expect(badFrom.stderr).toContain('VALIDATION_FAILED: --from must be a date');
    const inArgv = await runWithStdin(['connector', 'set', 'anthropic', '--admin-key', ADMIN_KEY], env, '');
    expect(inArgv.code).toBe(1);
  });

  it('reports a failed sync as CODE: message on stderr and exits 1, in both formats', async () => {
    // The vendor answers 401 to a wrong key.
    const set = await runWithStdin(['connector', 'set', 'copilot', '--org', 'acme', '--token-stdin', '--base-url', vendorUrl], env, 'ghp_wrong_token_abcdefghijklmnopqrstuvwx\n');
    expect(set.code, set.stderr).toBe(0);
    for (const format of ['table', 'json']) {
      const failed = await runWithStdin(['sync', 'copilot', '--format', format], env, '');
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/^SYNC_FAILED: copilot: GitHub API answered 401/);
      if (format === 'json') expect(JSON.parse(failed.stdout)).toMatchObject({ connector: 'copilot', status: 'failed' });
    }
    // Put the working token back for the tests that follow.
    expect((await runWithStdin(['connector', 'set', 'copilot', '--org', 'acme', '--token-stdin', '--base-url', vendorUrl], env, `${GH_TOKEN}\n`)).code).toBe(0);
  });
});
