import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { ensureDefaultCatalog } from './ensure-catalog.ts';
import { assignTier, updateAssignment } from './assignments.ts';
import { getSeatSummary } from './seat-summary.ts';
import type { Actor } from '../context.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await ensureDefaultCatalog(db.ctx);
});
afterAll(async () => db?.drop());

async function orgWith(people: number, premiumSeats: number) {
  const org = await db.ctx.repos.organizations.create({ name: 'P', slug: `p-${Math.random().toString(36).slice(2)}` });
  const ids = await db.ctx.repos.people.insertMany(
    org.id,
    Array.from({ length: people }, (_, i) => ({ email: `p${i}@x.example`, name: `P${i}`, departmentId: null, jobFamily: 'software_engineer', employmentStartDate: null })),
  );
  await db.ctx.repos.seats.insertInventory(org.id, { vendor: 'anthropic', plan: 'team', tier: 'premium', cadence: 'annual', seatsPurchased: premiumSeats, commitmentEndsOn: null });
  await db.ctx.repos.seats.insertInventory(org.id, { vendor: 'anthropic', plan: 'team', tier: 'standard', cadence: 'annual', seatsPurchased: people, commitmentEndsOn: null });
  const actor: Actor = { kind: 'cli', orgId: org.id };
  return { orgId: org.id, ids, actor };
}

const premium = { vendor: 'anthropic', plan: 'team', tier: 'premium' } as const;

describe('assignTier', () => {
  it('never lets concurrent assignments exceed the seats bought (property, real PostgreSQL)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 10 }), async (seats, requests) => {
        const { orgId, ids, actor } = await orgWith(requests, seats);
        const outcomes = await Promise.allSettled(ids.map((personId) => assignTier(db.ctx, actor, { personId, ...premium, reason: 'race' })));
        const granted = outcomes.filter((o) => o.status === 'fulfilled').length;
        const refused = outcomes.filter((o) => o.status === 'rejected');
        expect(granted).toBe(Math.min(seats, requests));
        for (const r of refused) expect((r as PromiseRejectedResult).reason.code).toBe('CONFLICT');
        const summary = await getSeatSummary(db.ctx, orgId);
        const tier = summary.find((t) => t.tier === 'premium')!;
        expect(tier.assigned).toBe(granted);
        expect(tier.assigned).toBeLessThanOrEqual(tier.purchased);
      }),
      { numRuns: 12 },
    );
  });

  it('ends the previous tier at the instant the new one starts, keeping history gap-free', async () => {
    const { orgId, ids, actor } = await orgWith(1, 1);
    const t0 = new Date('2026-01-01T00:00:00Z');
    const t1 = new Date('2026-03-01T00:00:00Z');
    await assignTier(db.ctx, actor, { personId: ids[0]!, vendor: 'anthropic', plan: 'team', tier: 'standard', validFrom: t0 });
    await assignTier(db.ctx, actor, { personId: ids[0]!, ...premium, validFrom: t1, reason: 'sprint' });
    const history = await db.ctx.repos.seats.listPersonHistory(orgId, ids[0]!, 'anthropic');
    expect(history.map((a) => [a.tier, a.validFrom.toISOString(), a.validTo?.toISOString() ?? null])).toEqual([
      ['standard', t0.toISOString(), t1.toISOString()],
      ['premium', t1.toISOString(), null],
    ]);
    const person = await db.ctx.repos.people.findById(orgId, ids[0]!, new Date('2026-02-01T00:00:00Z'));
    expect(person?.currentTier).toBe('standard');
  });

  it('refuses an unknown tier, a tier already held, and a start before existing history', async () => {
    const { ids, actor } = await orgWith(1, 2);
    await expect(assignTier(db.ctx, actor, { personId: ids[0]!, vendor: 'anthropic', plan: 'team', tier: 'platinum' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const at = new Date('2026-05-01T00:00:00Z');
    await assignTier(db.ctx, actor, { personId: ids[0]!, ...premium, validFrom: at });
    await expect(assignTier(db.ctx, actor, { personId: ids[0]!, ...premium, validFrom: new Date('2026-06-01T00:00:00Z') })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(assignTier(db.ctx, actor, { personId: ids[0]!, vendor: 'anthropic', plan: 'team', tier: 'standard', validFrom: new Date('2026-04-01T00:00:00Z') })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('frees the seat when an assignment is ended, so someone else can take it', async () => {
    const { ids, actor } = await orgWith(2, 1);
    const first = await assignTier(db.ctx, actor, { personId: ids[0]!, ...premium, validFrom: new Date('2026-01-01T00:00:00Z') });
    await expect(assignTier(db.ctx, actor, { personId: ids[1]!, ...premium, validFrom: new Date('2026-02-01T00:00:00Z') })).rejects.toMatchObject({ code: 'CONFLICT' });
    await updateAssignment(db.ctx, actor, first.id, { validTo: new Date('2026-01-15T00:00:00Z'), reason: 'project ended' });
    const second = await assignTier(db.ctx, actor, { personId: ids[1]!, ...premium, validFrom: new Date('2026-02-01T00:00:00Z') });
    expect(second.tier).toBe('premium');
    await expect(updateAssignment(db.ctx, actor, first.id, { validTo: new Date('2025-12-01T00:00:00Z') })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('lets an ended assignment run longer or reopen only onto a free seat and before the person’s next one', async () => {
    const { orgId, ids, actor } = await orgWith(2, 1);
    const first = await assignTier(db.ctx, actor, { personId: ids[0]!, ...premium, validFrom: new Date('2026-01-01T00:00:00Z'), validTo: new Date('2026-02-01T00:00:00Z') });
    await assignTier(db.ctx, actor, { personId: ids[1]!, ...premium, validFrom: new Date('2026-03-01T00:00:00Z') });
    // Running on into March would hold the one seat twice.
    await expect(updateAssignment(db.ctx, actor, first.id, { validTo: new Date('2026-04-01T00:00:00Z') })).rejects.toMatchObject({ code: 'CONFLICT', details: [{ path: 'body.validTo' }] });
    await expect(updateAssignment(db.ctx, actor, first.id, { validTo: null })).rejects.toMatchObject({ code: 'CONFLICT' });
    // Until the end of February the seat is free.
    const longer = await updateAssignment(db.ctx, actor, first.id, { validTo: new Date('2026-03-01T00:00:00Z'), reason: 'project ran late' });
    expect(longer.validTo?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    // The person's next assignment bounds it too.
    await assignTier(db.ctx, actor, { personId: ids[0]!, vendor: 'anthropic', plan: 'team', tier: 'standard', validFrom: new Date('2026-03-01T00:00:00Z') });
    await updateAssignment(db.ctx, actor, (await db.ctx.repos.seats.listPersonHistory(orgId, ids[1]!, 'anthropic'))[0]!.id, { validTo: new Date('2026-03-05T00:00:00Z') });
    await expect(updateAssignment(db.ctx, actor, first.id, { validTo: new Date('2026-03-10T00:00:00Z') })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/later assignment starts 2026-03-01/) });
    const summary = await getSeatSummary(db.ctx, orgId);
    expect(summary.find((t) => t.tier === 'premium')!.assigned).toBeLessThanOrEqual(1);
  });
});
