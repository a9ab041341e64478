import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { ensureDefaultCatalog } from '../seats/ensure-catalog.ts';
import type { Actor } from '../context.ts';
import { requestLease } from './request-lease.ts';
import { decideLease } from './decide-lease.ts';
import { returnLease } from './end-lease.ts';
import { requestLeaseExtension } from './extend-lease.ts';
import { runLeaseSweep } from './sweep.ts';
import { setQuota } from '../quotas/quotas.ts';
import { savePolicy, dryRunPolicy } from '../policies/policies.ts';
import { updateAssignment } from '../seats/assignments.ts';

// A controllable clock: the engine never reads the real time.
let now = new Date('2026-11-23T09:00:00Z'); // a Monday
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ now: () => now });
  await ensureDefaultCatalog(db.ctx);
});
afterAll(async () => db?.drop());

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

async function setup(options: { premium: number; quotas: Record<string, { nominal: number; borrowingLimit?: number | null; lendingLimit?: number | null; budget?: string | null }>; people: Record<string, number> }) {
  now = new Date('2026-11-23T09:00:00Z');
  const org = await db.ctx.repos.organizations.create({ name: 'L', slug: `l-${Math.random().toString(36).slice(2)}` });
  const operator: Actor = { kind: 'cli', orgId: org.id };
  const departments: Record<string, string> = {};
  const people: Record<string, string[]> = {};
  for (const [name, count] of Object.entries(options.people)) {
    departments[name] = (await db.ctx.repos.departments.create(org.id, name)).id;
    people[name] = [];
    for (let i = 0; i < count; i++) {
      const id = await db.ctx.repos.people.insert(org.id, { email: `${name}${i}@x.example`, name: `${name} ${i}`, departmentId: departments[name]!, jobFamily: 'software_engineer', employmentStartDate: '2020-01-01' });
      await db.ctx.repos.people.grantRole(org.id, id, 'member', null);
      await db.ctx.repos.seats.insertAssignments(org.id, [{ personId: id, vendor: 'anthropic', plan: 'team', tier: 'standard', validFrom: day('2026-01-01'), validTo: null, reason: 'base', createdBy: null }]);
      people[name]!.push(id);
    }
    const lead = people[name]![0]!;
    await db.ctx.repos.people.grantRole(org.id, lead, 'dept_lead', departments[name]!);
  }
  await db.ctx.repos.seats.insertInventory(org.id, { vendor: 'anthropic', plan: 'team', tier: 'premium', cadence: 'annual', seatsPurchased: options.premium, commitmentEndsOn: null });
  await db.ctx.repos.seats.insertInventory(org.id, { vendor: 'anthropic', plan: 'team', tier: 'standard', cadence: 'annual', seatsPurchased: 100, commitmentEndsOn: null });
  for (const [name, q] of Object.entries(options.quotas)) {
    await setQuota(db.ctx, operator, departments[name]!, { nominalPremium: q.nominal, borrowingLimit: q.borrowingLimit ?? null, lendingLimit: q.lendingLimit ?? null, monthlyBudget: q.budget ?? null });
  }
  const member = (dept: string, i: number): Actor => ({ kind: 'person', orgId: org.id, personId: people[dept]![i]!, grants: [{ role: 'member', departmentId: null }] });
  const lead = (dept: string): Actor => ({ kind: 'person', orgId: org.id, personId: people[dept]![0]!, grants: [{ role: 'member', departmentId: null }, { role: 'dept_lead', departmentId: departments[dept]! }] });
  return { orgId: org.id, operator, departments, people, member, lead };
}

const tierOf = async (orgId: string, personId: string, at: Date) => {
  const saved = now;
  now = at;
  const p = await db.ctx.repos.people.findById(orgId, personId, at);
  now = saved;
  return p?.currentTier;
};

describe('requesting a lease', () => {
  let org: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    org = await setup({ premium: 2, quotas: { Software: { nominal: 1 }, Embedded: { nominal: 1, lendingLimit: 1 } }, people: { Software: 3, Embedded: 2 } });
  });

  it('auto-approves two weeks within the quota; the seat is premium during the lease and standard after', async () => {
    const { lease, decision } = await requestLease(db.ctx, org.member('Software', 1), { startsAt: day('2026-11-23'), endsAt: day('2026-12-07'), reason: 'Firmware bring-up sprint', project: 'FW-7' });
    expect(decision).toMatchObject({ outcome: 'approve', rule: 'auto_approve.free_quota' });
    expect(lease.status).toBe('active');
    expect(lease.decisionInputs).toMatchObject({ days: 14, admission: { ok: true, isBorrowing: false } });
    expect(await tierOf(org.orgId, lease.personId, day('2026-11-30'))).toBe('premium');
    expect(await tierOf(org.orgId, lease.personId, day('2026-12-08'))).toBe('standard');
    const notes = await db.ctx.repos.allocation.listNotifications(org.orgId, lease.personId, 10);
    expect(notes[0]?.kind).toBe('lease.approved');
  });

  it('borrows Embedded’s idle seat, then waitlists the third request with a reason', async () => {
    await requestLease(db.ctx, org.member('Software', 1), { startsAt: day('2026-11-23'), endsAt: day('2026-12-07'), reason: 'Sprint 41' });
    const second = await requestLease(db.ctx, org.member('Software', 2), { startsAt: day('2026-11-23'), endsAt: day('2026-12-07'), reason: 'Sprint 41' });
    expect(second.decision.rule).toBe('auto_approve.borrowed_quota');
    const third = await requestLease(db.ctx, org.member('Software', 0), { startsAt: day('2026-11-24'), endsAt: day('2026-12-01'), reason: 'Sprint 41' });
    expect(third.lease.status).toBe('waitlisted');
    expect(third.decision.rule).toBe('capacity.pool_full');
  });

  it('reclaims a borrowed seat with two working days’ notice when the lender needs its quota', async () => {
    await requestLease(db.ctx, org.member('Software', 1), { startsAt: day('2026-11-23'), endsAt: day('2026-12-21'), reason: 'own quota' });
    now = new Date('2026-11-23T09:05:00Z');
    const borrowed = await requestLease(db.ctx, org.member('Software', 2), { startsAt: day('2026-11-23'), endsAt: day('2026-12-21'), reason: 'borrowed' });
    now = new Date('2026-11-27T10:00:00Z'); // Friday
    const embedded = await requestLease(db.ctx, org.member('Embedded', 1), { startsAt: day('2026-11-27'), endsAt: day('2026-12-11'), reason: 'Embedded needs its seat' });
    expect(embedded.decision.rule).toBe('capacity.reclaim');
    expect(embedded.lease.status).toBe('scheduled');
    expect(embedded.lease.startsAt.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    const victim = (await db.ctx.repos.leases.find(org.orgId, borrowed.lease.id))!;
    expect(victim.endsAt.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(victim.reclaimNoticeAt).not.toBeNull();
    const notes = await db.ctx.repos.allocation.listNotifications(org.orgId, victim.personId, 10);
    expect(notes.map((n) => n.kind)).toContain('lease.reclaim_notice');

    now = new Date('2026-12-01T10:00:01Z');
    const sweep = await runLeaseSweep(db.ctx, org.orgId);
    expect(sweep).toMatchObject({ started: 1, ended: 1 });
    expect((await db.ctx.repos.leases.find(org.orgId, victim.id))).toMatchObject({ status: 'ended', endReason: 'reclaimed' });
    expect((await db.ctx.repos.leases.find(org.orgId, embedded.lease.id))!.status).toBe('active');
    expect(await tierOf(org.orgId, victim.personId, new Date('2026-12-02T00:00:00Z'))).toBe('standard');
    expect(await tierOf(org.orgId, embedded.lease.personId, new Date('2026-12-02T00:00:00Z'))).toBe('premium');
  });

  it('refuses overlapping requests for the same person and bad intervals', async () => {
    await requestLease(db.ctx, org.member('Software', 1), { startsAt: day('2026-11-23'), endsAt: day('2026-12-07'), reason: 'first' });
    await expect(requestLease(db.ctx, org.member('Software', 1), { startsAt: day('2026-12-01'), endsAt: day('2026-12-10'), reason: 'second' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(requestLease(db.ctx, org.member('Software', 2), { startsAt: day('2026-12-10'), endsAt: day('2026-12-01'), reason: 'backwards' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const past = await requestLease(db.ctx, org.member('Software', 2), { startsAt: day('2026-11-01'), endsAt: day('2026-11-10'), reason: 'past' });
    expect(past.decision).toMatchObject({ outcome: 'deny', rule: 'lease.starts_in_past' });
  });

  it('does not let a member request for someone else', async () => {
    await expect(requestLease(db.ctx, org.member('Software', 1), { personId: org.people.Software![2]!, startsAt: day('2026-11-23'), endsAt: day('2026-12-07'), reason: 'for a friend' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the lead’s queue, waitlist and extensions', () => {
  it('queues a long lease for the lead, who approves it; the waitlist moves when a seat is returned', async () => {
    const org = await setup({ premium: 1, quotas: { Software: { nominal: 1 } }, people: { Software: 3 } });
    const long = await requestLease(db.ctx, org.member('Software', 1), { startsAt: day('2026-11-30'), endsAt: day('2027-01-11'), reason: 'Release hardening', project: 'R2' });
    expect(long.decision).toMatchObject({ outcome: 'queue_for_lead', rule: 'lead_approval.long_lease' });
    expect((await db.ctx.repos.allocation.listNotifications(org.orgId, org.people.Software![0]!, 5))[0]?.kind).toBe('lease.awaiting_decision');
    await expect(decideLease(db.ctx, org.member('Software', 2), { leaseId: long.lease.id, approve: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(decideLease(db.ctx, org.lead('Software'), { leaseId: long.lease.id, approve: false })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const approved = await decideLease(db.ctx, org.lead('Software'), { leaseId: long.lease.id, approve: true, note: 'Release matters' });
    expect(approved.lease).toMatchObject({ status: 'scheduled', decisionRule: 'approval.lead' });

    const waiting = await requestLease(db.ctx, org.member('Software', 2), { startsAt: day('2026-12-07'), endsAt: day('2026-12-21'), reason: 'Sprint 42', deadline: '2026-12-18' });
    expect(waiting.lease.status).toBe('waitlisted');

    now = new Date('2026-12-01T08:00:00Z');
    await runLeaseSweep(db.ctx, org.orgId);
    await returnLease(db.ctx, org.member('Software', 1), long.lease.id, 'done early');
    const sweep = await runLeaseSweep(db.ctx, org.orgId);
    expect(sweep.granted).toBe(1);
    expect((await db.ctx.repos.leases.find(org.orgId, waiting.lease.id))).toMatchObject({ status: 'scheduled', decisionRule: 'waitlist.auto_approve.free_quota' });
  });

  it('auto-approves a short extension when the seat stays free, and refuses one past the maximum', async () => {
    const org = await setup({ premium: 1, quotas: { Software: { nominal: 1 } }, people: { Software: 2 } });
    const { lease } = await requestLease(db.ctx, org.member('Software', 1), { startsAt: day('2026-11-23'), endsAt: day('2026-12-07'), reason: 'Sprint' });
    const ext = await requestLeaseExtension(db.ctx, org.member('Software', 1), { leaseId: lease.id, newEndsAt: day('2026-12-14'), reason: 'Slipped a week' });
    expect(ext.extension.status).toBe('approved');
    expect(ext.lease.endsAt.toISOString()).toBe('2026-12-14T00:00:00.000Z');
    expect(await tierOf(org.orgId, lease.personId, day('2026-12-10'))).toBe('premium');
    expect(await tierOf(org.orgId, lease.personId, day('2026-12-15'))).toBe('standard');
    const tooLong = await requestLeaseExtension(db.ctx, org.member('Software', 1), { leaseId: lease.id, newEndsAt: day('2027-03-01'), reason: 'forever' });
    expect(tooLong.extension).toMatchObject({ status: 'denied', decisionRule: 'extension.max_days' });
  });
});

describe('budgets and policies', () => {
  it('routes an over-budget request to the owner, and a dry run shows what a stricter policy would change', async () => {
    // 3 people × $25 base = $75 of a $90 budget; two weeks of premium adds ~$35 → over.
    const org = await setup({ premium: 2, quotas: { Software: { nominal: 2, budget: '90' } }, people: { Software: 3 } });
    const over = await requestLease(db.ctx, org.member('Software', 1), { startsAt: day('2026-12-01'), endsAt: day('2026-12-15'), reason: 'Sprint' });
    expect(over.decision).toMatchObject({ outcome: 'queue_for_owner', rule: 'budget.owner_approval' });
    await expect(decideLease(db.ctx, org.lead('Software'), { leaseId: over.lease.id, approve: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const owner = await decideLease(db.ctx, org.operator, { leaseId: over.lease.id, approve: true, note: 'Worth it' });
    expect(owner.lease.decisionRule).toBe('approval.owner');

    const dry = await dryRunPolicy(db.ctx, org.orgId, 'budget:\n  onExceed: deny\n');
    expect(dry.examined).toBeGreaterThanOrEqual(1);
    expect(dry.changes.map((c) => [c.recordedOutcome, c.newOutcome])).toContainEqual(['queue_for_owner', 'deny']);
    const saved = await savePolicy(db.ctx, org.operator, { text: '{"autoApprove": {"enabled": false}}' });
    expect(saved.version).toBe(1);
    const queued = await requestLease(db.ctx, org.member('Software', 2), { startsAt: day('2027-01-04'), endsAt: day('2027-01-06'), reason: 'short' });
    expect(queued.lease.policyVersion).toBe(1);
    await expect(savePolicy(db.ctx, org.operator, { text: 'autoApprove: {maxDays: 0}' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'document.autoApprove.maxDays' }] });
  });
});

describe('the sweep', () => {
  it('ends a lease exactly once however often and however concurrently it runs', async () => {
    const org = await setup({ premium: 1, quotas: { Software: { nominal: 1 } }, people: { Software: 2 } });
    const { lease } = await requestLease(db.ctx, org.member('Software', 1), { startsAt: day('2026-11-23'), endsAt: day('2026-11-25'), reason: 'Short' });
    now = new Date('2026-11-25T00:00:01Z');
    const results = await Promise.all([runLeaseSweep(db.ctx, org.orgId), runLeaseSweep(db.ctx, org.orgId), runLeaseSweep(db.ctx, org.orgId)]);
    expect(results.reduce((n, r) => n + r.ended, 0)).toBe(1);
    const events = await sql<{ n: number }>`select count(*)::int as n from audit_events where entity_id = ${lease.id} and action = 'lease.expired'`.execute(db.handle.db);
    expect(events.rows[0]!.n).toBe(1);
    expect((await db.ctx.repos.leases.find(org.orgId, lease.id))).toMatchObject({ status: 'ended', endReason: 'expired' });
  });
});

describe('reminders', () => {
  it('reminds the lead once a request has waited longer than the policy allows, and not again before the next interval', async () => {
    const org = await setup({ premium: 1, quotas: { Software: { nominal: 1 } }, people: { Software: 2 } });
    const { lease } = await requestLease(db.ctx, org.member('Software', 1), { startsAt: day('2026-11-30'), endsAt: day('2027-01-11'), reason: 'Long one' });
    expect(lease.queue).toBe('lead');
    now = new Date('2026-11-24T08:00:00Z');
    expect((await runLeaseSweep(db.ctx, org.orgId)).reminded).toBe(0);
    now = new Date('2026-11-24T10:00:00Z');
    expect((await runLeaseSweep(db.ctx, org.orgId)).reminded).toBe(1);
    expect((await runLeaseSweep(db.ctx, org.orgId)).reminded).toBe(0);
    const leadNotes = await db.ctx.repos.allocation.listNotifications(org.orgId, org.people.Software![0]!, 10);
    expect(leadNotes.filter((n) => n.kind === 'lease.reminder')).toHaveLength(1);
  });

  it('reminds once when sweeps run concurrently (two service processes), and not for a request decided meanwhile', async () => {
    const org = await setup({ premium: 2, quotas: { Software: { nominal: 2 } }, people: { Software: 3 } });
    const first = await requestLease(db.ctx, org.member('Software', 1), { startsAt: day('2026-11-30'), endsAt: day('2027-01-11'), reason: 'Long one' });
    const second = await requestLease(db.ctx, org.member('Software', 2), { startsAt: day('2026-11-30'), endsAt: day('2027-01-11'), reason: 'Another long one' });
    expect([first.lease.queue, second.lease.queue]).toEqual(['lead', 'lead']);
    now = new Date('2026-11-24T10:00:00Z');
    const [sweeps] = await Promise.all([
      Promise.all([runLeaseSweep(db.ctx, org.orgId), runLeaseSweep(db.ctx, org.orgId), runLeaseSweep(db.ctx, org.orgId)]),
      decideLease(db.ctx, org.lead('Software'), { leaseId: first.lease.id, approve: true }),
    ]);
    const reminders = (await db.ctx.repos.allocation.listNotifications(org.orgId, org.people.Software![0]!, 20)).filter((n) => n.kind === 'lease.reminder');
    // The waiting request: one reminder, whichever sweep sent it. The decided one: at most one (if a
    // sweep got there before the decision), never one after it.
    expect(reminders.filter((n) => n.leaseId === second.lease.id)).toHaveLength(1);
    expect(reminders.filter((n) => n.leaseId === first.lease.id).length).toBeLessThanOrEqual(1);
    expect(sweeps.reduce((n, r) => n + r.reminded, 0)).toBe(reminders.length);
  });
});

describe('a lease’s seat history', () => {
  it('cannot be stretched by editing its assignment: the lease is extended or returned instead', async () => {
    const org = await setup({ premium: 1, quotas: { Software: { nominal: 1 } }, people: { Software: 2 } });
    const { lease } = await requestLease(db.ctx, org.member('Software', 1), { startsAt: day('2026-11-23'), endsAt: day('2026-12-07'), reason: 'Sprint' });
    const interval = (await db.ctx.repos.seats.listPersonHistory(org.orgId, lease.personId, 'anthropic')).find((a) => a.leaseId === lease.id && a.tier === 'premium')!;
    await expect(updateAssignment(db.ctx, org.operator, interval.id, { validTo: day('2026-12-21') })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/belongs to a lease/) });
    const renamed = await updateAssignment(db.ctx, org.operator, interval.id, { reason: 'Sprint 48' });
    expect(renamed.validTo?.toISOString()).toBe(day('2026-12-07').toISOString());
    // The base seat the lease hands back to is an ordinary seat: an admin can end it (the person leaves).
    const base = (await db.ctx.repos.seats.listPersonHistory(org.orgId, lease.personId, 'anthropic')).find((a) => a.leaseId === lease.id && a.tier === 'standard')!;
    expect(base.validTo).toBeNull();
    const ended = await updateAssignment(db.ctx, org.operator, base.id, { validTo: day('2027-01-31'), reason: 'Leaves the company' });
    expect(ended.validTo?.toISOString()).toBe(day('2027-01-31').toISOString());
  });
});

describe('seniority is never an input', () => {
  // The same requests, in the same order, against organizations that differ only in everyone's start
  // dates and job titles, must get identical decisions.
  it('gives identical decisions whatever anyone’s start date or title (property)', async () => {
    const fc = (await import('fast-check')).default;
    const script = [
      { who: 1, from: '2026-11-23', to: '2026-12-07' },
      { who: 2, from: '2026-11-24', to: '2026-12-08' },
      { who: 3, from: '2026-11-25', to: '2027-01-20' },
      { who: 4, from: '2026-11-23', to: '2026-11-30' },
      { who: 5, from: '2026-12-01', to: '2026-12-10' },
    ];
    const decisionsFor = async (startDates: readonly string[], titles: readonly string[]) => {
      const org = await setup({ premium: 2, quotas: { Software: { nominal: 1 }, Embedded: { nominal: 1, lendingLimit: 1 } }, people: { Software: 6, Embedded: 2 } });
      for (const [i, personId] of org.people.Software!.entries()) {
        await db.ctx.repos.people.update(org.orgId, personId, { employmentStartDate: startDates[i]!, jobFamily: titles[i]! });
      }
      const out: string[] = [];
      for (const s of script) {
        const r = await requestLease(db.ctx, org.member('Software', s.who), { startsAt: day(s.from), endsAt: day(s.to), reason: 'scripted' });
        out.push(`${r.decision.outcome}:${r.decision.rule}:${r.lease.status}`);
      }
      return out;
    };
    const baseline = await decisionsFor(Array(6).fill('2020-01-01'), Array(6).fill('software_engineer'));
    expect(new Set(baseline).size).toBeGreaterThan(1);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.date({ min: new Date('1990-01-01'), max: new Date('2026-11-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { minLength: 6, maxLength: 6 }),
        fc.array(fc.constantFrom('principal_engineer', 'intern', 'software_engineer', 'vp_engineering', 'project_manager'), { minLength: 6, maxLength: 6 }),
        async (dates, titles) => {
          expect(await decisionsFor(dates, titles)).toEqual(baseline);
        },
      ),
      { numRuns: 6 },
    );
  }, 120_000);
});

describe('fairness of the queue', () => {
  it('gives a freed seat to the earlier waiter, not to a newcomer asking for the same dates', async () => {
    const org = await setup({ premium: 1, quotas: { Software: { nominal: 1 } }, people: { Software: 3 } });
    const holder = await requestLease(db.ctx, org.member('Software', 1), { startsAt: day('2026-11-23'), endsAt: day('2027-01-04'), reason: 'Holder' });
    expect(holder.lease.status).toBe('requested');
    await decideLease(db.ctx, org.lead('Software'), { leaseId: holder.lease.id, approve: true });
    const waiter = await requestLease(db.ctx, org.member('Software', 2), { startsAt: day('2026-11-30'), endsAt: day('2026-12-14'), reason: 'Waiter' });
    expect(waiter.lease.status).toBe('waitlisted');
    expect(waiter.lease.decidedBy).toBeNull();
    await returnLease(db.ctx, org.member('Software', 1), holder.lease.id, null);
    // No sweep has run yet; a newcomer arrives first.
    const newcomer = await requestLease(db.ctx, org.lead('Software'), { startsAt: day('2026-11-30'), endsAt: day('2026-12-14'), reason: 'Newcomer' });
    expect(newcomer.lease.status).toBe('waitlisted');
    expect((await db.ctx.repos.leases.find(org.orgId, waiter.lease.id))!.status).toBe('scheduled');
  });

  it('sends an extension to the lead when the whole lease would exceed the auto-approval length', async () => {
    const org = await setup({ premium: 1, quotas: { Software: { nominal: 1 } }, people: { Software: 2 } });
    const { lease } = await requestLease(db.ctx, org.member('Software', 1), { startsAt: day('2026-11-23'), endsAt: day('2026-12-07'), reason: 'Sprint' });
    const ext = await requestLeaseExtension(db.ctx, org.member('Software', 1), { leaseId: lease.id, newEndsAt: day('2026-12-28'), reason: 'Three more weeks' });
    expect(ext.extension).toMatchObject({ status: 'requested', decisionRule: 'extension.lead_approval.long_lease' });
    expect(ext.lease.endsAt.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    // A double submit (or a second ask) while the lead has not decided: refused, one request waits.
    const again = () => requestLeaseExtension(db.ctx, org.member('Software', 1), { leaseId: lease.id, newEndsAt: day('2026-12-28'), reason: 'Three more weeks' });
    const [a, b] = await Promise.allSettled([again(), again()]);
    expect([a.status, b.status]).toEqual(['rejected', 'rejected']);
    expect((a as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/2026-12-28 already waits/) });
    expect((await db.ctx.repos.leases.listExtensions(org.orgId, [lease.id])).filter((e) => e.status === 'requested')).toHaveLength(1);
  });

  it('settles the lead’s “please decide” notification when the request is cancelled', async () => {
    const org = await setup({ premium: 1, quotas: { Software: { nominal: 1 } }, people: { Software: 2 } });
    const { lease } = await requestLease(db.ctx, org.member('Software', 1), { startsAt: day('2026-11-30'), endsAt: day('2027-01-11'), reason: 'Long' });
    const lead = org.people.Software![0]!;
    expect(await db.ctx.repos.allocation.countUnread(org.orgId, lead)).toBe(1);
    const { cancelLeaseRequest } = await import('./end-lease.ts');
    await cancelLeaseRequest(db.ctx, org.member('Software', 1), lease.id);
    expect(await db.ctx.repos.allocation.countUnread(org.orgId, lead)).toBe(0);
  });
});
