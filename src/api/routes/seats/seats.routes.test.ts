import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, type TestOrg } from '../../../../test/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../../../test/db.ts';
import { call, startTestServer, type TestServer } from '../../../../test/http.ts';

let db: TestDatabase;
let server: TestServer;
let org: TestOrg;
beforeAll(async () => {
  db = await createTestDatabase({ now: () => new Date('2026-11-27T10:00:00Z') });
  org = await buildOrg(db.ctx, { premiumSeats: 1, standardSeats: 10 });
  server = await startTestServer(db.ctx);
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});
const as = (role: keyof TestOrg['people']) => org.people[role].token;

describe('catalog', () => {
  it('lists the seeded prices, and a new price ends the previous one the day it takes effect', async () => {
    const listed = await call(server.baseUrl, 'GET', '/api/catalog?vendor=anthropic&on=2026-11-27', { token: as('member') });
    const premiumAnnual = listed.json.items.find((c: { tier: string; cadence: string }) => c.tier === 'premium' && c.cadence === 'annual');
    expect(premiumAnnual).toMatchObject({ pricePerSeatMonth: '100.00', usageMultiplier: '6.250', effectiveTo: null });
    const standard = listed.json.items.find((c: { tier: string; cadence: string }) => c.tier === 'standard' && c.cadence === 'annual');
    expect(standard).toMatchObject({ pricePerSeatMonth: '25.00', usageMultiplier: '1.250' });

    const added = await call(server.baseUrl, 'POST', '/api/catalog', { token: as('owner'), body: { vendor: 'anthropic', plan: 'team', tier: 'premium', cadence: 'annual', pricePerSeatMonth: '90', effectiveFrom: '2027-01-01' } });
    expect(added.status).toBe(201);
    const old = await call(server.baseUrl, 'GET', `/api/catalog/${premiumAnnual.id}`, { token: as('member') });
    expect(old.json.effectiveTo).toBe('2027-01-01');
    const later = await call(server.baseUrl, 'GET', '/api/catalog?vendor=anthropic&on=2027-01-01', { token: as('member') });
    expect(later.json.items.find((c: { tier: string; cadence: string }) => c.tier === 'premium' && c.cadence === 'annual').pricePerSeatMonth).toBe('90.00');
    const dup = await call(server.baseUrl, 'POST', '/api/catalog', { token: as('owner'), body: { vendor: 'anthropic', plan: 'team', tier: 'premium', cadence: 'annual', pricePerSeatMonth: '80', effectiveFrom: '2027-01-01' } });
    expect(dup.status).toBe(409);
  });

  it('rejects a malformed price naming the field', async () => {
    const res = await call(server.baseUrl, 'POST', '/api/catalog', { token: as('owner'), body: { vendor: 'x', plan: 'y', tier: 'z', cadence: 'weekly', pricePerSeatMonth: '-5', effectiveFrom: 'soon' } });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.cadence', 'body.effectiveFrom', 'body.pricePerSeatMonth']);
  });
});

describe('inventory and seats', () => {
  it('changes seats purchased with an audit event and prices the summary', async () => {
    const { items } = (await call(server.baseUrl, 'GET', '/api/inventory', { token: as('auditor') })).json;
    const premium = items.find((i: { tier: string }) => i.tier === 'premium');
    const patched = await call(server.baseUrl, 'PATCH', `/api/inventory/${premium.id}`, { token: as('primary_owner'), body: { seatsPurchased: 3, reason: 'Q1 sprint plan' } });
    expect(patched.json.seatsPurchased).toBe(3);
    const events = await db.ctx.repos.audit.findByEntity(org.orgId, 'seat_inventory', premium.id);
    expect(events.at(-1)).toMatchObject({ action: 'inventory.updated', reason: 'Q1 sprint plan', before: expect.objectContaining({ seatsPurchased: 1 }), after: expect.objectContaining({ seatsPurchased: 3 }) });
    const seats = await call(server.baseUrl, 'GET', '/api/seats', { token: as('member') });
    expect(seats.json).toEqual({
      tiers: [
        { vendor: 'anthropic', plan: 'team', tier: 'premium', purchased: 3, assigned: 0, free: 3, isOverAssigned: false, monthlyCost: '300.00', unpricedSeats: 0 },
        { vendor: 'anthropic', plan: 'team', tier: 'standard', purchased: 10, assigned: 0, free: 10, isOverAssigned: false, monthlyCost: '250.00', unpricedSeats: 0 },
      ],
      monthlyCost: '550.00',
    });
  });

  it('refuses a second line for the same tier and cadence', async () => {
    const res = await call(server.baseUrl, 'POST', '/api/inventory', { token: as('owner'), body: { vendor: 'anthropic', plan: 'team', tier: 'premium', cadence: 'annual', seatsPurchased: 1 } });
    expect(res.status).toBe(409);
  });
});

describe('assignments', () => {
  it('assigns, reports the current tier, refuses when full and frees the seat when ended', async () => {
    const first = await call(server.baseUrl, 'POST', '/api/assignments', { token: as('admin'), body: { personId: org.people.member.id, vendor: 'anthropic', plan: 'team', tier: 'premium', validFrom: '2026-11-01T00:00:00Z', reason: 'firmware sprint' } });
    expect(first.status).toBe(201);
    for (const role of ['dept_lead', 'auditor'] as const) {
      const ok = await call(server.baseUrl, 'POST', '/api/assignments', { token: as('admin'), body: { personId: org.people[role].id, vendor: 'anthropic', plan: 'team', tier: 'premium', validFrom: '2026-11-01T00:00:00Z' } });
      expect(ok.status).toBe(201);
    }
    const full = await call(server.baseUrl, 'POST', '/api/assignments', { token: as('admin'), body: { personId: org.people.owner.id, vendor: 'anthropic', plan: 'team', tier: 'premium' } });
    expect(full.status).toBe(409);
    expect(full.json.detail).toBe('No free premium seat: 3 purchased, 3 assigned. Buy seats or free one first.');

    const person = await call(server.baseUrl, 'GET', `/api/people/${org.people.member.id}`, { token: as('member') });
    expect(person.json.currentTier).toBe('premium');
    const current = await call(server.baseUrl, 'GET', `/api/assignments?personId=${org.people.member.id}&current=true`, { token: as('member') });
    expect(current.json.items.map((a: { tier: string }) => a.tier)).toEqual(['premium']);

    const ended = await call(server.baseUrl, 'PATCH', `/api/assignments/${first.json.id}`, { token: as('admin'), body: { validTo: '2026-11-20T00:00:00Z', reason: 'sprint over' } });
    expect(ended.json).toMatchObject({ validTo: '2026-11-20T00:00:00.000Z', reason: 'sprint over' });
    const now = await call(server.baseUrl, 'POST', '/api/assignments', { token: as('admin'), body: { personId: org.people.owner.id, vendor: 'anthropic', plan: 'team', tier: 'premium' } });
    expect(now.status).toBe(201);
  });

  it('validates input and answers 404 for unknown ids', async () => {
    const bad = await call(server.baseUrl, 'POST', '/api/assignments', { token: as('admin'), body: { personId: org.people.member.id, vendor: 'anthropic', plan: 'team', tier: 'premium', validFrom: 'yesterday' } });
    expect(bad.json.errors[0].path).toBe('body.validFrom');
    const unknownPerson = await call(server.baseUrl, 'POST', '/api/assignments', { token: as('admin'), body: { personId: '00000000-0000-4000-8000-000000000000', vendor: 'anthropic', plan: 'team', tier: 'standard' } });
    expect(unknownPerson.status).toBe(404);
    expect((await call(server.baseUrl, 'GET', '/api/assignments/00000000-0000-4000-8000-000000000000', { token: as('member') })).status).toBe(404);
  });
});

describe('departments', () => {
  it('lists departments with headcount, premium seats and leads, and refuses duplicate names', async () => {
    const list = await call(server.baseUrl, 'GET', '/api/departments', { token: as('member') });
    const software = list.json.items.find((d: { name: string }) => d.name === 'Software');
    expect(software.headcount).toBe(6);
    expect(software.leads.map((l: { email: string }) => l.email)).toEqual(['dept.lead@test.example']);
    const created = await call(server.baseUrl, 'POST', '/api/departments', { token: as('admin'), body: { name: 'Quality' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'Quality', headcount: 0, premiumSeats: 0, leads: [] });
    const dup = await call(server.baseUrl, 'PATCH', `/api/departments/${created.json.id}`, { token: as('admin'), body: { name: 'Software' } });
    expect(dup.status).toBe(409);
    expect(dup.json.errors).toEqual([{ path: 'body.name', message: 'already exists' }]);
  });
});
