import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/app/context.ts';
import { requestLease } from '../../src/app/leases/request-lease.ts';
import { setQuota } from '../../src/app/quotas/quotas.ts';
import { ensureDefaultCatalog } from '../../src/app/seats/ensure-catalog.ts';
import { GUARDRAILS_CRON, GUARDRAILS_JOB } from '../../src/jobs/guardrails.job.ts';
import { LEASE_SWEEP_JOB } from '../../src/jobs/lease-sweep.job.ts';
import { OTEL_PRUNE_CRON, OTEL_PRUNE_JOB } from '../../src/jobs/otel-prune.job.ts';
import { USAGE_SYNC_CRON, USAGE_SYNC_JOB } from '../../src/jobs/usage-sync.job.ts';
import { startJobs, type JobRunner } from '../../src/jobs/worker.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';

// The job worker on real PostgreSQL and pg-boss: what it schedules, and what the queue holds after.
const silent = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };
const SECRET = 'test-installation-secret-0123456789abcdef';

let db: TestDatabase | undefined;
let runner: JobRunner | undefined;
let client: PgBoss | undefined;
afterEach(async () => {
  await runner?.stop();
  await client?.stop({ graceful: false, wait: true });
  await db?.drop();
  runner = client = db = undefined;
});

const start = async (test: TestDatabase) => (runner = await startJobs({ ctx: test.ctx, database: { kind: 'postgres', url: test.url }, log: silent as never, secret: SECRET }));
const waitingSweeps = async (test: TestDatabase) =>
  (await sql<{ key: string | null; policy: string }>`select singleton_key as key, policy from pgboss.job where name = ${LEASE_SWEEP_JOB} and state in ('created', 'retry') order by start_after`.execute(test.handle.db)).rows;

/** An organization (created after the worker started, if the test says so) with a lease that starts in `startsInMs`. */
async function orgWithScheduledLease(test: TestDatabase, clock: { now: Date }, startsInMs: number) {
  await ensureDefaultCatalog(test.ctx);
  const org = await test.ctx.repos.organizations.create({ name: 'Jobs Co', slug: 'jobs' });
  const operator: Actor = { kind: 'cli', orgId: org.id };
  const software = await test.ctx.repos.departments.create(org.id, 'Software');
  await test.ctx.repos.seats.insertInventory(org.id, { vendor: 'anthropic', plan: 'team', tier: 'premium', cadence: 'annual', seatsPurchased: 2, commitmentEndsOn: null });
  await setQuota(test.ctx, operator, software.id, { nominalPremium: 2, borrowingLimit: null, lendingLimit: null, monthlyBudget: null });
  const personId = await test.ctx.repos.people.insert(org.id, { email: 'dev@jobs.example', name: 'Dev', departmentId: software.id, jobFamily: 'software_engineer', employmentStartDate: '2020-01-01' });
  await test.ctx.repos.people.grantRole(org.id, personId, 'member', null);
  const member: Actor = { kind: 'person', orgId: org.id, personId, grants: [{ role: 'member', departmentId: null }] };
  const startsAt = new Date(clock.now.getTime() + startsInMs);
  const { lease } = await requestLease(test.ctx, member, { startsAt, endsAt: new Date(startsAt.getTime() + 7 * 86_400_000), reason: 'Sprint' });
  expect(lease.status).toBe('scheduled');
  return { orgId: org.id, lease };
}

describe('job worker', () => {
  it('registers every cron without an organization, and each run serves the organization of the moment', async () => {
    const clock = { now: new Date() };
    db = await createTestDatabase({ now: () => clock.now });
    // Started on an empty database, as `serve` is before `org create`.
    await start(db);
    const schedules = (await sql<{ name: string; cron: string; data: unknown }>`select name, cron, data from pgboss.schedule order by name`.execute(db.handle.db)).rows;
    expect(schedules).toEqual(
      [
        { name: GUARDRAILS_JOB, cron: GUARDRAILS_CRON, data: {} },
        { name: LEASE_SWEEP_JOB, cron: '* * * * *', data: {} },
        { name: OTEL_PRUNE_JOB, cron: OTEL_PRUNE_CRON, data: {} },
        { name: USAGE_SYNC_JOB, cron: USAGE_SYNC_CRON, data: {} },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );

    // The organization arrives after the worker started; a cron-shaped sweep (no orgId) starts its due lease.
    const { orgId, lease } = await orgWithScheduledLease(db, clock, 60_000);
    clock.now = new Date(clock.now.getTime() + 120_000);
    client = new PgBoss({ connectionString: db.url, max: 1, supervise: false, schedule: false });
    await client.start();
    // Its own key: under the queue's policy a cron job waiting at this moment (key '') would swallow a keyless send.
    const jobId = await client.send(LEASE_SWEEP_JOB, {}, { singletonKey: `test-${Date.now()}` });
    expect(jobId).toBeTruthy();
    await expect.poll(async () => (await db!.ctx.repos.leases.find(orgId, lease.id))?.status, { timeout: 20_000, interval: 250 }).toBe('active');
    await expect.poll(async () => (await client!.getJobById(LEASE_SWEEP_JOB, jobId!))?.state, { timeout: 20_000, interval: 250 }).toBe('completed');
  }, 60_000);

  it('keeps one waiting sweep per lease transition however often sweeps ask for it', async () => {
    const clock = { now: new Date() };
    db = await createTestDatabase({ now: () => clock.now });
    const { orgId, lease } = await orgWithScheduledLease(db, clock, 3_600_000);
    const worker = await start(db);
    for (let i = 0; i < 5; i++) await worker.ctx.jobs.scheduleLeaseSweep(orgId, lease.startsAt);
    const waiting = await waitingSweeps(db);
    expect(waiting.filter((j) => j.key === `${orgId}:${lease.startsAt.toISOString()}`)).toEqual([{ key: `${orgId}:${lease.startsAt.toISOString()}`, policy: 'short' }]);
  }, 60_000);

  it('moves a queue made by an earlier version to deduplicating, dropping the jobs that had piled up', async () => {
    const clock = { now: new Date() };
    db = await createTestDatabase({ now: () => clock.now });
    const { orgId, lease } = await orgWithScheduledLease(db, clock, 3_600_000);
    // What an earlier version left: a standard queue with the same transition's job sent once a minute.
    client = new PgBoss({ connectionString: db.url, max: 1, supervise: false, schedule: false });
    await client.start();
    await client.createQueue(LEASE_SWEEP_JOB);
    const key = `${orgId}:${lease.startsAt.toISOString()}`;
    for (let i = 0; i < 30; i++) await client.send(LEASE_SWEEP_JOB, { orgId }, { startAfter: lease.startsAt, singletonKey: key });
    expect(await waitingSweeps(db)).toHaveLength(30);

    await start(db);
    expect(await waitingSweeps(db)).toEqual([{ key, policy: 'short' }]);
    // A second start (another replica, a restart) changes nothing more.
    await runner!.stop();
    await start(db);
    expect(await waitingSweeps(db)).toEqual([{ key, policy: 'short' }]);
  }, 60_000);
});
