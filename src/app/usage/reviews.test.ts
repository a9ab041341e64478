import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/dates.ts';
import { ZERO_USAGE } from '../../domain/usage.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { ensureDefaultCatalog } from '../seats/ensure-catalog.ts';
import type { Actor } from '../context.ts';
import { recordUsage } from './record-usage.ts';
import { listRecommendations } from './need.ts';
import { actOnRecommendation, dismissRecommendation, respondToReview, runReviewSweep } from './reviews.ts';

let now = new Date('2026-11-23T09:00:00Z');
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ now: () => now });
  await ensureDefaultCatalog(db.ctx);
});
afterAll(async () => db?.drop());

/** Two quiet permanent premium holders (joined long ago), their lead, and 90 days of light use. */
async function setup() {
  now = new Date('2026-11-23T09:00:00Z');
  const org = await db.ctx.repos.organizations.create({ name: 'R', slug: `r-${Math.random().toString(36).slice(2)}` });
  const dept = await db.ctx.repos.departments.create(org.id, 'Systems');
  const ids = await db.ctx.repos.people.insertMany(org.id, ['lead', 'quiet1', 'quiet2', 'onleave'].map((n) => ({ email: `${n}@r.example`, name: n, departmentId: dept.id, jobFamily: 'systems_engineer', employmentStartDate: '2010-01-01' })));
  await db.ctx.repos.people.grantRole(org.id, ids[0]!, 'dept_lead', dept.id);
  for (const id of ids.slice(1)) await db.ctx.repos.people.grantRole(org.id, id, 'member', null);
  await db.ctx.repos.seats.insertInventory(org.id, { vendor: 'anthropic', plan: 'team', tier: 'premium', cadence: 'annual', seatsPurchased: 3, commitmentEndsOn: null });
  await db.ctx.repos.seats.insertInventory(org.id, { vendor: 'anthropic', plan: 'team', tier: 'standard', cadence: 'annual', seatsPurchased: 4, commitmentEndsOn: null });
  await db.ctx.repos.seats.insertAssignments(org.id, [
    { personId: ids[0]!, vendor: 'anthropic', plan: 'team', tier: 'standard', validFrom: new Date('2025-01-01T00:00:00Z'), validTo: null, reason: 'base', createdBy: null },
    ...ids.slice(1).map((personId) => ({ personId, vendor: 'anthropic', plan: 'team', tier: 'premium', validFrom: new Date('2025-01-01T00:00:00Z'), validTo: null, reason: 'manager approval', createdBy: null })),
  ]);
  await db.ctx.repos.reviews.recordLeave(org.id, { personId: ids[3]!, startsOn: '2026-11-16', endsOn: '2026-12-04', note: 'parental leave' });
  const records = ids.slice(1).flatMap((_, k) => Array.from({ length: 90 }, (__, i) => ({ identity: `${['quiet1', 'quiet2', 'onleave'][k]}@r.example`, day: addDays('2026-08-25', i), source: 'csv', metrics: { ...ZERO_USAGE, messages: 6 } })));
  await db.ctx.transaction((repos) => recordUsage(repos, { orgId: org.id, records, mode: 'replace', importId: null }));
  const lead: Actor = { kind: 'person', orgId: org.id, personId: ids[0]!, grants: [{ role: 'dept_lead', departmentId: dept.id }] };
  const member = (i: number): Actor => ({ kind: 'person', orgId: org.id, personId: ids[i]!, grants: [{ role: 'member', departmentId: null }] });
  return { orgId: org.id, ids, lead, member };
}

describe('humane reclaim', () => {
  it('asks before downgrading; keeping needs a reason; giving back changes the tier; leave protects', async () => {
    const org = await setup();
    const recs = await listRecommendations(db.ctx, org.orgId);
    const byName = new Map(recs.map((r) => [r.personName, r]));
    expect(byName.get('quiet1')!.recommendation?.kind).toBe('downgrade');
    expect(byName.get('onleave')).toMatchObject({ recommendation: null, graceReason: 'on recorded leave' });

    const asked = await actOnRecommendation(db.ctx, org.lead, { personId: org.ids[1]!, kind: 'downgrade' });
    expect(asked.outcome).toBe('asked');
    expect((await db.ctx.repos.people.findById(org.orgId, org.ids[1]!, now))!.currentTier).toBe('premium');
    await expect(actOnRecommendation(db.ctx, org.member(2), { personId: org.ids[2]!, kind: 'downgrade' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(respondToReview(db.ctx, org.member(2), { reviewId: asked.reviewId!, keep: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(respondToReview(db.ctx, org.member(1), { reviewId: asked.reviewId!, keep: true })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const released = await respondToReview(db.ctx, org.member(1), { reviewId: asked.reviewId!, keep: false });
    expect(released.status).toBe('released');
    expect((await db.ctx.repos.people.findById(org.orgId, org.ids[1]!, new Date(now.getTime() + 1000)))!.currentTier).toBe('standard');
  });

  it('gives the seat back whole or not at all: with no standard seat free the answer is refused and the review stays open', async () => {
    const org = await setup();
    // Fill the standard seats (4 bought; the lead holds one).
    const others = await db.ctx.repos.people.insertMany(org.orgId, ['s1', 's2', 's3'].map((n) => ({ email: `${n}@r.example`, name: n, departmentId: null, jobFamily: 'systems_engineer', employmentStartDate: '2010-01-01' })));
    await db.ctx.repos.seats.insertAssignments(org.orgId, others.map((personId) => ({ personId, vendor: 'anthropic', plan: 'team', tier: 'standard', validFrom: new Date('2025-01-01T00:00:00Z'), validTo: null, reason: 'base', createdBy: null })));
    const asked = await actOnRecommendation(db.ctx, org.lead, { personId: org.ids[1]!, kind: 'downgrade' });
    await expect(respondToReview(db.ctx, org.member(1), { reviewId: asked.reviewId!, keep: false })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/No standard seat is free to move you to, so nothing changed/) });
    expect((await db.ctx.repos.reviews.find(org.orgId, asked.reviewId!))!.status).toBe('asked');
    expect((await db.ctx.repos.people.findById(org.orgId, org.ids[1]!, new Date(now.getTime() + 1000)))!.currentTier).toBe('premium');
    // One more standard seat bought: the same answer goes through.
    await db.ctx.repos.seats.insertInventory(org.orgId, { vendor: 'anthropic', plan: 'team', tier: 'standard', cadence: 'monthly', seatsPurchased: 1, commitmentEndsOn: null });
    expect((await respondToReview(db.ctx, org.member(1), { reviewId: asked.reviewId!, keep: false })).status).toBe('released');
    expect((await db.ctx.repos.people.findById(org.orgId, org.ids[1]!, new Date(now.getTime() + 1000)))!.currentTier).toBe('standard');
  });

  it('reminds halfway, expires at the deadline without touching the seat, and dismissals stay quiet', async () => {
    const org = await setup();
    const asked = await actOnRecommendation(db.ctx, org.lead, { personId: org.ids[2]!, kind: 'downgrade' });
    now = new Date('2026-11-27T12:00:00Z'); // past halfway to Monday Nov 30
    expect(await runReviewSweep(db.ctx, org.orgId)).toEqual({ reminded: 1, expired: 0 });
    now = new Date('2026-12-01T10:00:00Z');
    expect(await runReviewSweep(db.ctx, org.orgId)).toEqual({ reminded: 0, expired: 1 });
    expect((await db.ctx.repos.reviews.find(org.orgId, asked.reviewId!))!.status).toBe('expired');
    expect((await db.ctx.repos.people.findById(org.orgId, org.ids[2]!, now))!.currentTier).toBe('premium');
    await dismissRecommendation(db.ctx, org.lead, { personId: org.ids[2]!, kind: 'downgrade', note: 'Audit season next month' });
    const after = (await listRecommendations(db.ctx, org.orgId)).find((r) => r.personId === org.ids[2]);
    expect(after?.recommendation).toBeNull();
  });
});
