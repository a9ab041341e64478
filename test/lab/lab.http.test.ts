import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/app/auth/auth.ts';
import { seedDemoCompany } from '../../src/app/demo/seed-demo-company.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { call, startTestServer, type TestServer } from '../http.ts';
import { runCli } from '../cli/run-cli.ts';

let db: TestDatabase;
let server: TestServer;
let orgId: string;
const tokens: Record<'owner' | 'admin' | 'lead' | 'auditor' | 'member', string> = { owner: '', admin: '', lead: '', auditor: '', member: '' };

beforeAll(async () => {
  db = await createTestDatabase();
  orgId = (await seedDemoCompany(db.ctx)).orgId;
  const operator = { kind: 'cli', orgId } as const;
  const people = await db.ctx.repos.people.listWithRoles(orgId);
  const withOnly = (role: string) => people.find((p) => p.roles.length === 1 && p.roles[0] === role) ?? people.find((p) => p.roles.includes(role as never))!;
  for (const [who, role] of [['owner', 'owner'], ['admin', 'admin'], ['lead', 'dept_lead'], ['auditor', 'auditor'], ['member', 'member']] as const) {
    tokens[who] = (await createApiToken(db.ctx, operator, { name: 't', personId: withOnly(role === 'owner' ? 'primary_owner' : role).id })).token;
  }
  server = await startTestServer(db.ctx);
}, 180_000);
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const post = (who: keyof typeof tokens, path: string, body: unknown) => call(server.baseUrl, 'POST', path, { token: tokens[who], body });
const get = (who: keyof typeof tokens, path: string) => call(server.baseUrl, 'GET', path, { token: tokens[who] });

describe('GET /api/lab/scenarios', () => {
  it('lists the built-in scenarios with how many seeds fit a synchronous run', async () => {
    const r = await get('owner', '/api/lab/scenarios');
    expect(r.status).toBe(200);
    const small = r.json.items.find((s: any) => s.id === 'small-team');
    const seed = r.json.items.find((s: any) => s.id === 'seed-company');
    expect(small).toMatchObject({ people: 20, weeks: 16, warmupWeeks: 8, maxSeeds: 20 });
    expect(seed.people).toBeGreaterThan(90);
    expect(seed.maxSeeds).toBeGreaterThanOrEqual(1);
    expect(seed.maxSeeds).toBeLessThan(20);
  });

  it('is refused to anonymous callers (401) and members (403)', async () => {
    expect((await call(server.baseUrl, 'GET', '/api/lab/scenarios')).status).toBe(401);
    const r = await get('member', '/api/lab/scenarios');
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('FORBIDDEN');
  });
});

describe('POST /api/lab/simulate', () => {
  it('runs a small scenario: the chosen policies with intervals, weekly costs and the oracle', async () => {
    const r = await post('owner', '/api/lab/simulate', { scenario: 'small-team', policies: ['P1', 'P3', 'P6'], seeds: 3 });
    expect(r.status).toBe(200);
    const result = r.json.result;
    expect(result.seeds).toEqual([1, 2, 3]);
    expect(result.policies.map((p: any) => p.id)).toEqual(['P1', 'P3', 'P6']);
    expect(result.periods).toHaveLength(16);
    expect(result.periods[0]).toBe('2027-01-04');
    for (const p of result.policies) {
      expect(p.costByPeriod).toHaveLength(16);
      expect(p.cost.lo).toBeLessThanOrEqual(p.cost.mean);
      expect(p.cost.mean).toBeLessThanOrEqual(p.cost.hi);
      const weekly = p.costByPeriod.reduce((a: number, w: any) => a + w.mean, 0);
      expect(Math.abs(weekly - p.cost.mean)).toBeLessThan(1);
    }
    const p6 = result.policies.find((p: any) => p.id === 'P6');
    expect(p6.unmetDemandShare.mean).toBe(0);
    expect(result.oracle.cost.mean).toBeGreaterThan(0);
    expect(r.json.reportUrl).toBe('/api/lab/report.html?scenario=small-team&seeds=3&policies=P1%2CP3%2CP6');
    expect(r.json.reportHtml).toBeUndefined();
  });

  it('is allowed to admins and department leads; auditors run the same through the GET form; members never', async () => {
    for (const who of ['admin', 'lead'] as const) expect((await post(who, '/api/lab/simulate', { scenario: 'small-team', policies: ['P1'], seeds: 1 })).status, who).toBe(200);
    expect((await post('auditor', '/api/lab/simulate', { scenario: 'small-team', seeds: 1 })).status).toBe(403);
    const viaGet = await get('auditor', '/api/lab/simulate?scenario=small-team&policies=P1,P6&seeds=2');
    expect(viaGet.status).toBe(200);
    expect(viaGet.json.result.policies.map((p: any) => p.id)).toEqual(['P1', 'P6']);
    expect(viaGet.json.result.seeds).toEqual([1, 2]);
    expect(viaGet.json.reportUrl).toBe('/api/lab/report.html?scenario=small-team&seeds=2&policies=P1%2CP6');
    expect((await post('member', '/api/lab/simulate', { scenario: 'small-team', seeds: 1 })).status).toBe(403);
    expect((await get('member', '/api/lab/simulate?scenario=small-team')).status).toBe(403);
    expect((await call(server.baseUrl, 'POST', '/api/lab/simulate', { body: { scenario: 'small-team' } })).status).toBe(401);
  });

  it('refuses a run too big to answer synchronously, naming the size, the limit and the CLI', async () => {
    const r = await post('owner', '/api/lab/simulate', { scenario: 'seed-company', seeds: 20 });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.json.code).toBe('VALIDATION_FAILED');
    expect(r.json.detail).toMatch(/person-days; the limit is 250,000 person-days/);
    expect(r.json.detail).toContain('seatwise simulate --scenario seed-company --seeds 20');
    expect(r.json.errors[0].path).toBe('body.seeds');
  });

  it('rejects an unknown scenario and a bad policy id with the field', async () => {
    const unknown = await post('owner', '/api/lab/simulate', { scenario: 'no-such-thing' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].path).toBe('body.scenario');
    expect(unknown.json.detail).toContain('no-such-thing');
    const bad = await post('owner', '/api/lab/simulate', { scenario: 'small-team', policies: ['P9'] });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toMatch(/^body\.policies/);
  });

  it('runs an inline scenario and returns its report, and names the bad field of an invalid one', async () => {
    const scenario = { id: 'tiny', name: 'Tiny <b>co</b>', horizon: { start: '2027-01-04', weeks: 8, warmupWeeks: 4 }, departments: [{ name: 'Software', jobFamily: 'software_engineer', headcount: 6, baseMessages: 30, burstShare: 0.5 }], currentPremiumSeats: 1 };
    const ok = await post('owner', '/api/lab/simulate', { scenario, seeds: 2, includeReport: true });
    expect(ok.status).toBe(200);
    expect(ok.json.result.scenario.name).toBe('Tiny <b>co</b>');
    expect(ok.json.reportUrl).toBeNull();
    expect(ok.json.reportHtml).toContain('Tiny &lt;b&gt;co&lt;/b&gt;');
    const bad = await post('owner', '/api/lab/simulate', { scenario: { ...scenario, departments: [{ ...scenario.departments[0], headcount: 0 }] } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('body.scenario.departments.0.headcount');
  });
});

describe('POST /api/lab/replay', () => {
  it('replays every policy over the last 13 whole weeks of the organization’s real usage', async () => {
    const r = await post('owner', '/api/lab/replay', {});
    expect(r.status).toBe(200);
    const { result, inputs } = r.json;
    expect(inputs.window.weeks).toBe(13);
    expect(new Date(`${inputs.window.from}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(inputs.warmup.weeks).toBe(12);
    const active = (await db.ctx.repos.people.listWithRoles(orgId)).filter((p) => p.status === 'active').length;
    expect(inputs.people).toBeGreaterThanOrEqual(active);
    expect(inputs.usageRows).toBeGreaterThan(1000);
    expect(inputs.limitHitDays).toBeGreaterThan(0);
    const inventory = await db.ctx.repos.seats.listInventory(orgId);
    const premium = inventory.filter((i) => i.tier === 'premium').reduce((n, i) => n + i.seatsPurchased, 0);
    expect(inputs.premiumSeats).toBe(premium);
    expect(result.scenario.id).toBe('replay');
    expect(result.scenario.name).toContain(inputs.window.from);
    expect(result.policies.map((p: any) => p.id)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
    expect(result.policies.find((p: any) => p.id === 'P1').poolSeats.mean).toBe(premium);
    expect(result.periods).toHaveLength(13);
    expect(result.oracle.costByPeriod).toHaveLength(13);
    // Real history has need (limit-hit days), so the oracle buys premium seats.
    expect(result.oracle.poolSeats.mean).toBeGreaterThan(0);
    // The demo's leases all start today, so the sprint calendar is inferred from usage, and said so.
    expect(inputs.calendar).toBe('bursts');
    expect(inputs.sprints).toBeGreaterThan(0);
    expect(inputs.notes.join(' ')).toContain('inferred from usage');
    expect(result.policies.find((p: any) => p.id === 'P3').unmetDemandShare.mean).toBeLessThan(1);
    expect(r.json.reportUrl).toBe(`/api/lab/report.html?replay=true&from=${inputs.window.from}&to=${inputs.window.to}`);
  }, 60_000);

  it('answers “what would P4 have cost us” for a chosen window, snapped to whole weeks', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    const r = await post('lead', '/api/lab/replay', { from, to: today, policies: ['P4'], warmupWeeks: 4 });
    expect(r.status).toBe(200);
    expect(r.json.result.policies.map((p: any) => p.id)).toEqual(['P4']);
    expect(r.json.inputs.window.from <= from).toBe(true);
    expect(r.json.inputs.window.to >= today).toBe(true);
    expect(r.json.inputs.warmup.weeks).toBe(4);
    expect(r.json.result.policies[0].cost.mean).toBeGreaterThan(0);
    // The auditor's GET form gives the same answer.
    const same = await get('auditor', `/api/lab/replay?from=${from}&to=${today}&policies=P4&warmupWeeks=4`);
    expect(same.status).toBe(200);
    expect(same.json.result.policies[0].cost).toEqual(r.json.result.policies[0].cost);
    expect(same.json.inputs.window).toEqual(r.json.inputs.window);
  }, 60_000);

  it('with the calendar of leases asked for, says P3 and P4 received no requests when nobody asked', async () => {
    const r = await post('owner', '/api/lab/replay', { policies: ['P3'], calendar: 'leases' });
    expect(r.status).toBe(200);
    expect(r.json.inputs.calendar).toBe('leases');
    expect(r.json.inputs.sprints).toBe(0);
    expect(r.json.inputs.notes.join(' ')).toContain('P3 and P4 (sprint leases) receive no requests');
    expect(r.json.result.policies[0].unmetDemandShare.mean).toBe(1);
    expect(r.json.reportUrl).toContain('calendar=leases');
  }, 60_000);

  it('rejects a window that ends in the future or runs backwards, naming the field', async () => {
    const future = await post('owner', '/api/lab/replay', { from: '2026-01-05', to: '2099-01-01' });
    expect(future.status).toBe(400);
    expect(future.json.errors[0].path).toBe('body.to');
    const backwards = await post('owner', '/api/lab/replay', { from: '2026-03-01', to: '2026-02-01' });
    expect(backwards.status).toBe(400);
    expect(backwards.json.detail).toContain('before from');
    const half = await post('owner', '/api/lab/replay', { from: '2026-03-01' });
    expect(half.status).toBe(400);
    expect(half.json.errors[0].path).toBe('body.to');
    expect((await post('member', '/api/lab/replay', {})).status).toBe(403);
    expect((await get('member', '/api/lab/replay')).status).toBe(403);
    const badQuery = await get('auditor', '/api/lab/replay?from=2026-13-01&to=2026-02-01');
    expect(badQuery.status).toBe(400);
    expect(badQuery.json.errors[0].path).toBe('querystring.from');
  });

  it('gives the same replay from the command line (`seatwise simulate --replay`), as JSON and as a table', async () => {
    const api = await post('owner', '/api/lab/replay', { policies: ['P1', 'P5'], warmupWeeks: 8 });
    expect(api.status).toBe(200);
    const cli = await runCli(['simulate', '--replay', '--policies', 'p1,P5', '--warmup-weeks', '8', '--format', 'json'], { DATABASE_URL: db.url }, 120_000);
    expect(cli.code, cli.stderr).toBe(0);
    const json = JSON.parse(cli.stdout);
    expect(json.inputs.window).toEqual(api.json.inputs.window);
    expect(json.inputs.warmup.weeks).toBe(8);
    expect(json.policies.map((p: { id: string }) => p.id)).toEqual(['P1', 'P5']);
    for (const p of json.policies) {
      const same = api.json.result.policies.find((q: { id: string }) => q.id === p.id);
      expect(p.cost.mean).toBeCloseTo(same.cost.mean, 1);
      expect(p.unmetDemandShare.mean).toBeCloseTo(same.unmetDemandShare.mean, 4);
    }
    expect(json.oracle.cost.mean).toBeCloseTo(api.json.result.oracle.cost.mean, 1);

    const table = await runCli(['simulate', '--replay', '--policies', 'P4'], { DATABASE_URL: db.url }, 120_000);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain(`Replay of the organization's history: ${api.json.inputs.window.from} to ${api.json.inputs.window.to}`);
    expect(table.stdout).toContain('one run (no intervals)');
    expect(table.stdout).toMatch(/^P4 Department budgets \+ borrowing \+ leases +\d/m);

    const stray = await runCli(['simulate', '--warmup-weeks', '4'], { DATABASE_URL: db.url });
    expect(stray.code).toBe(1);
    expect(stray.stderr).toContain('--warmup-weeks only applies with --replay');
  }, 240_000);
});

describe('GET /api/lab/report.html', () => {
  it('returns the printable report of a scenario run and of a replay', async () => {
    const sim = await get('auditor', '/api/lab/report.html?scenario=small-team&seeds=2&policies=P1,P5');
    expect(sim.status).toBe(200);
    expect(sim.headers.get('content-type')).toContain('text/html');
    expect(sim.text).toContain('<svg class="chart frontier"');
    expect(sim.text).toContain('data-policy="P5"');
    expect(sim.text).not.toContain('data-policy="P3"');
    const replay = await get('lead', '/api/lab/report.html?replay=true&policies=P1,P4');
    expect(replay.status).toBe(200);
    expect(replay.text).toContain('usage history');
    expect(replay.text).toContain('data-policy="P4"');
  }, 60_000);

  it('asks which run to report when given neither a scenario nor a replay', async () => {
    const r = await get('owner', '/api/lab/report.html');
    expect(r.status).toBe(400);
    expect(r.json.errors[0].path).toBe('querystring.scenario');
    expect((await get('member', '/api/lab/report.html?scenario=small-team')).status).toBe(403);
  });
});
