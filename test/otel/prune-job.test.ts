import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTEL_PRUNE_CRON, OTEL_PRUNE_JOB } from '../../src/jobs/otel-prune.job.ts';
import { startJobs, type JobRunner } from '../../src/jobs/worker.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg } from '../factories.ts';

// The worker schedules the daily prune for the organization next to the other jobs.
let db: TestDatabase;
let runner: JobRunner | undefined;
const silent = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };

beforeAll(async () => {
  db = await createTestDatabase();
  await buildOrg(db.ctx);
});
afterAll(async () => {
  await runner?.stop();
  await db?.drop();
});

describe('job worker', () => {
  it('schedules otel-prune daily for the organization', async () => {
    runner = await startJobs({ ctx: db.ctx, database: { kind: 'postgres', url: db.url }, log: silent as never, secret: 'test-installation-secret-0123456789abcdef' });
    const org = await db.ctx.repos.organizations.findPrimary();
    const rows = (await sql<{ name: string; cron: string; data: { orgId: string } }>`select name, cron, data from pgboss.schedule where name = ${OTEL_PRUNE_JOB}`.execute(db.handle.db)).rows;
    expect(rows).toEqual([{ name: OTEL_PRUNE_JOB, cron: OTEL_PRUNE_CRON, data: { orgId: org!.id } }]);
  }, 60_000);
});
