import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureCopilot } from '../../src/app/connectors/configure.ts';
import type { ConnectorDeps } from '../../src/app/connectors/connectors.ts';
import { getCopilotSeatsOverview } from '../../src/app/connectors/copilot-seats.ts';
import { syncCopilot } from '../../src/app/connectors/sync-copilot.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';

const TOKEN = 'ghp_testtoken0123456789abcdefghijklmnopqr';
const SECRET = 'test-installation-secret-0123456789abcdef';

type Seat = { login?: string; slug?: string; lastActivityAt: string | null; createdAt: string; plan?: string };

/** A local stand-in for GitHub's seat list, two seats per page whatever per_page says. */
function startFakeGitHub(seats: Seat[]) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    requests.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}` || req.headers['x-github-api-version'] !== '2022-11-28') return send(401, { message: 'Bad credentials' });
    if (url.pathname !== '/orgs/acme/copilot/billing/seats') return send(404, { message: 'Not Found' });
    const page = Number(url.searchParams.get('page') ?? '1');
    const slice = seats.slice((page - 1) * 2, page * 2);
    send(200, {
      total_seats: seats.length,
      seats: slice.map((s) => ({
        created_at: s.createdAt,
        updated_at: s.createdAt,
        pending_cancellation_date: null,
        last_activity_at: s.lastActivityAt,
        last_activity_editor: s.lastActivityAt ? 'vscode/1.93.0/copilot/1.200.0' : null,
        plan_type: s.plan ?? 'business',
        assignee: s.login ? { login: s.login, id: 1, type: 'User' } : { slug: s.slug, id: 2, name: s.slug },
        assigning_team: null,
      })),
    });
  });
  return new Promise<{ url: string; requests: string[]; seats: Seat[]; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, requests, seats, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

const NOW = new Date('2026-11-27T12:00:00Z');
let db: TestDatabase;
let org: TestOrg;
let vendor: Awaited<ReturnType<typeof startFakeGitHub>>;
const deps: ConnectorDeps = { secret: SECRET, http: { sleep: async () => {} } };

const link = (login: string, personId: string) =>
  sql`insert into unmatched_identities (org_id, source, identity, status, person_id) values (${org.orgId}, 'github_copilot', ${login}, 'linked', ${personId})
      on conflict (org_id, source, lower(identity)) do update set status = 'linked', person_id = excluded.person_id`.execute(db.handle.db);

beforeAll(async () => {
  db = await createTestDatabase({ now: () => NOW });
  org = await buildOrg(db.ctx);
  vendor = await startFakeGitHub([
    { login: 'dana-r', lastActivityAt: '2026-11-25T10:00:00Z', createdAt: '2026-02-01T09:00:00Z' },
    { login: 'Idle-Ivan', lastActivityAt: '2026-09-01T08:00:00Z', createdAt: '2026-02-01T09:00:00Z' },
    { login: 'new-nora', lastActivityAt: null, createdAt: '2026-11-20T09:00:00Z', plan: 'enterprise' },
    { slug: 'whole-team', lastActivityAt: null, createdAt: '2026-01-05T09:00:00Z' },
  ]);
  await configureCopilot(db.ctx, org.operator, { token: TOKEN, org: 'acme', baseUrl: vendor.url }, deps);
  // Ivan is the member, who also holds a premium Claude seat.
  await link('idle-ivan', org.people.member.id);
  await db.ctx.repos.seats.insertAssignments(org.orgId, [{ personId: org.people.member.id, vendor: 'anthropic', plan: 'team', tier: 'premium', validFrom: new Date('2026-01-01T00:00:00Z'), validTo: null, reason: null, createdBy: null }]);
});
afterAll(async () => {
  await vendor?.close();
  await db?.drop();
});

describe('syncCopilot against a local GitHub API', () => {
  it('reads both pages and mirrors the seats, linking logins only through explicit links', async () => {
    const result = await syncCopilot(db.ctx, { orgId: org.orgId, createdBy: null }, deps);
    expect(vendor.requests).toEqual(['/orgs/acme/copilot/billing/seats?page=1&per_page=100', '/orgs/acme/copilot/billing/seats?page=2&per_page=100']);
    expect(result).toEqual({ connector: 'copilot', status: 'succeeded', importId: expect.any(String), seats: 3, inserted: 3, updated: 0, unchanged: 0, removed: 0, skipped: 1, unmatched: 2, idle: 1, error: null });

    const rows = (await sql<{ login: string; personId: string | null; planType: string }>`select login, person_id, plan_type from copilot_seats where org_id = ${org.orgId} order by lower(login)`.execute(db.handle.db)).rows;
    expect(rows).toEqual([
      { login: 'dana-r', personId: null, planType: 'business' },
      { login: 'Idle-Ivan', personId: org.people.member.id, planType: 'business' },
      { login: 'new-nora', personId: null, planType: 'enterprise' },
    ]);
    const open = (await sql<{ identity: string }>`select identity from unmatched_identities where org_id = ${org.orgId} and source = 'github_copilot' and status = 'open' order by identity`.execute(db.handle.db)).rows;
    expect(open.map((r) => r.identity)).toEqual(['dana-r', 'new-nora']);
    const history = (await sql<{ source: string; status: string; rows: number }>`select source, status, rows from usage_imports where id = ${result.importId}`.execute(db.handle.db)).rows;
    expect(history).toEqual([{ source: 'github_copilot', status: 'succeeded', rows: 3 }]);
  });

  it('shows idle seats next to the linked person and their Claude tier, and lists logins to link', async () => {
    const overview = await getCopilotSeatsOverview(db.ctx, org.orgId);
    expect(overview.summary).toEqual({ total: 3, idle: 1, unmatched: 2, idleWithClaudeSeat: 1 });
    const ivan = overview.seats.find((s) => s.login === 'Idle-Ivan');
    expect(ivan).toMatchObject({ isIdle: true, daysSinceActivity: 87, personId: org.people.member.id, personEmail: 'member@test.example', claudeTier: 'premium' });
    expect(overview.seats.find((s) => s.login === 'new-nora')).toMatchObject({ isIdle: false, daysSinceActivity: null, personId: null });
    expect(overview.unmatchedIdentities.map((u) => u.login)).toEqual(['dana-r', 'new-nora']);
    expect((await getCopilotSeatsOverview(db.ctx, org.orgId, { onlyIdle: true })).seats.map((s) => s.login)).toEqual(['Idle-Ivan']);
    expect((await getCopilotSeatsOverview(db.ctx, org.orgId, { idleDays: 1 })).summary.idle).toBe(3);
  });

  it('counts a link made after the sync at once', async () => {
    await link('DANA-R', org.people.admin.id);
    const overview = await getCopilotSeatsOverview(db.ctx, org.orgId);
    expect(overview.seats.find((s) => s.login === 'dana-r')).toMatchObject({ personId: org.people.admin.id, personName: 'Test admin', claudeTier: null });
    expect(overview.unmatchedIdentities.map((u) => u.login)).toEqual(['new-nora']);
  });

  it('updates changed seats and removes seats no longer listed', async () => {
    vendor.requests.length = 0;
    vendor.seats.splice(2, 1);
    vendor.seats[0]!.lastActivityAt = '2026-11-27T09:00:00Z';
    const result = await syncCopilot(db.ctx, { orgId: org.orgId, createdBy: null }, deps);
    expect(vendor.requests).toHaveLength(2);
    // dana: new activity and now linked; Ivan unchanged; nora gone; the team seat skipped.
    expect(result).toMatchObject({ status: 'succeeded', seats: 2, inserted: 0, updated: 1, unchanged: 1, removed: 1, skipped: 1, unmatched: 0 });
    const logins = (await sql<{ login: string }>`select login from copilot_seats where org_id = ${org.orgId} order by lower(login)`.execute(db.handle.db)).rows;
    expect(logins.map((r) => r.login)).toEqual(['dana-r', 'Idle-Ivan']);
  });

  it('records a refused token as a failed run without storing the token', async () => {
    const wrong = 'ghp_wrongtoken0123456789abcdefghijklmnop';
    await configureCopilot(db.ctx, org.operator, { token: wrong, org: 'acme', baseUrl: vendor.url }, deps);
    const result = await syncCopilot(db.ctx, { orgId: org.orgId, createdBy: null }, deps);
    expect(result).toMatchObject({ status: 'failed', seats: 0 });
    expect(result.error).toContain('GitHub API answered 401');
    // A failed run leaves the mirrored seats alone.
    const count = await sql<{ n: number }>`select count(*)::int as n from copilot_seats where org_id = ${org.orgId}`.execute(db.handle.db);
    expect(count.rows[0]!.n).toBe(2);
    const stored = await sql<{ s: string }>`select secret_ciphertext as s from connector_states where org_id = ${org.orgId} and connector = 'copilot'`.execute(db.handle.db);
    expect(stored.rows[0]!.s).not.toContain(wrong);
    expect(stored.rows[0]!.s).not.toContain(Buffer.from(wrong).toString('base64').slice(0, 12));
  });

  it('refuses a malformed organization', async () => {
    await expect(configureCopilot(db.ctx, org.operator, { token: TOKEN, org: 'acme/../x' }, deps)).rejects.toThrow(/organization login/);
  });
});
