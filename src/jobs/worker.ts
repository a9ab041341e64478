import PgBoss from 'pg-boss';
import type { PGlite } from '@electric-sql/pglite';
import type { PGliteSessionLock } from '../db/pglite-dialect.ts';
import type { FastifyBaseLogger } from 'fastify';
import { withJobs, type AppContext, type JobScheduler } from '../app/context.ts';
import { runLeaseSweep } from '../app/leases/sweep.ts';
import { handleLeaseSweep, LEASE_SWEEP_JOB, type LeaseSweepPayload } from './lease-sweep.job.ts';
import { handleUsageSync, USAGE_SYNC_CRON, USAGE_SYNC_JOB, type UsageSyncPayload } from './usage-sync.job.ts';
import { GUARDRAILS_CRON, GUARDRAILS_JOB, handleGuardrails, type GuardrailsPayload } from './guardrails.job.ts';
import { handleOtelPrune, OTEL_PRUNE_CRON, OTEL_PRUNE_JOB, type OtelPrunePayload } from './otel-prune.job.ts';

export type JobRunner = Readonly<{ ctx: AppContext; stop: () => Promise<void> }>;

/**
 * pg-boss over PGlite: parameterless calls are pg-boss's multi-statement schema SQL, which PGlite runs
 * only through `exec`; the rest go through `query`.
 */
function pgliteAdapter(pglite: PGlite, lock: PGliteSessionLock): PgBoss.Db {
  return {
    executeSql: (text: string, values: unknown[]) =>
      // Shares the session lock with Kysely, so a job statement never runs inside an app transaction.
      lock.run(async () => {
        if (!values || values.length === 0) {
          const results = await pglite.exec(text);
          const last = results[results.length - 1];
          return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? 0 } as { rows: unknown[] };
        }
        const result = await pglite.query(text, values);
        return { rows: result.rows, rowCount: result.affectedRows ?? 0 } as { rows: unknown[] };
      }),
  };
}

const isDeadlock = (error: unknown) => (error as { code?: string }).code === '40P01' || /deadlock detected/.test(String((error as Error).message));

/**
 * Starts pg-boss and its queue. Several service processes starting at once can deadlock in pg-boss's
 * schema setup; the loser backs off and tries again.
 */
async function startBoss(input: Parameters<typeof startJobs>[0]): Promise<PgBoss> {
  for (let attempt = 1; ; attempt++) {
    const boss = new PgBoss(input.database.kind === 'postgres' ? { connectionString: input.database.url, max: 3 } : { db: pgliteAdapter(input.database.pglite, input.database.lock) });
    boss.on('error', (error) => input.log.error({ err: error }, 'job queue error'));
    try {
      await boss.start();
      await ensureLeaseSweepQueue(boss);
      await boss.createQueue(USAGE_SYNC_JOB, { name: USAGE_SYNC_JOB, policy: 'singleton', retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInMinutes: 30 });
      await boss.createQueue(GUARDRAILS_JOB, { name: GUARDRAILS_JOB, policy: 'singleton', retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInMinutes: 15 });
      await boss.createQueue(OTEL_PRUNE_JOB, { name: OTEL_PRUNE_JOB, policy: 'singleton', retryLimit: 3, retryDelay: 600 });
      return boss;
    } catch (error) {
      await boss.stop({ graceful: false, wait: true }).catch(() => {});
      if (!isDeadlock(error) || attempt >= 5) throw error;
      input.log.warn({ attempt }, 'job queue setup deadlocked with another process; retrying');
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.floor(Math.random() * 200)));
    }
  }
}

/**
 * The lease-sweep queue keeps one waiting job per (organization, transition time): every sweep asks for
 * a job at the next transition, and under pg-boss's `short` policy a second request for the same
 * singleton key is dropped while the first still waits. Installations whose queue predates this ran it
 * under `standard`, where the key does not deduplicate and a job piled up every minute: the queue is
 * switched and its waiting jobs purged (the catch-up sweep at start asks for the next one again).
 */
async function ensureLeaseSweepQueue(boss: PgBoss): Promise<void> {
  await boss.createQueue(LEASE_SWEEP_JOB, { name: LEASE_SWEEP_JOB, policy: 'short' });
  const queue = (await boss.getQueue(LEASE_SWEEP_JOB)) as { policy?: string } | null;
  if (queue?.policy === 'short') return;
  await boss.updateQueue(LEASE_SWEEP_JOB, { name: LEASE_SWEEP_JOB, policy: 'short' });
  await boss.purgeQueue(LEASE_SWEEP_JOB);
}

/**
 * Cron jobs name no organization: each run serves the installation's organization of that moment, so
 * one created (`org create`, `demo`) or replaced (`demo --reset`) while the service runs is served
 * without a restart. Jobs sent for one organization (a lease transition) keep theirs.
 */
async function forOrganization<T extends { orgId?: string | undefined }>(ctx: AppContext, data: T): Promise<(T & { orgId: string }) | undefined> {
  if (data.orgId) return data as T & { orgId: string };
  const org = await ctx.repos.organizations.findPrimary();
  return org ? { ...data, orgId: org.id } : undefined;
}

/**
 * Starts pg-boss on the service's database and wires the lease sweep: a job at each lease start and
 * end (scheduled by the use cases), a cron every minute as a safety net, and one sweep right away to
 * catch up on anything that fell due while the service was down.
 */
export async function startJobs(input: { ctx: AppContext; database: { kind: 'postgres'; url: string } | { kind: 'pglite'; pglite: PGlite; lock: PGliteSessionLock }; log: FastifyBaseLogger; secret: string }): Promise<JobRunner> {
  const boss = await startBoss(input);
  const scheduler: JobScheduler = {
    async scheduleLeaseSweep(orgId, at) {
      await boss.send(LEASE_SWEEP_JOB, { orgId } satisfies LeaseSweepPayload, { startAfter: at, singletonKey: `${orgId}:${at.toISOString()}`, retryLimit: 5 });
    },
  };
  const ctx = withJobs(input.ctx, scheduler);
  /** Works a queue whose jobs may name no organization (crons): each is served for the organization of the moment. */
  const work = <P extends { orgId: string }>(name: string, pollingIntervalSeconds: number, handle: (data: P) => Promise<unknown>) =>
    boss.work<Partial<P>>(name, { pollingIntervalSeconds }, async (jobs) => {
      for (const job of jobs) {
        const data = await forOrganization(ctx, job.data);
        if (data) await handle(data as P);
      }
    });
  await work<LeaseSweepPayload>(LEASE_SWEEP_JOB, 2, (data) => handleLeaseSweep(ctx, data));
  // Vendor connectors (Anthropic Admin API, Copilot seats) sync hourly when configured.
  await work<UsageSyncPayload>(USAGE_SYNC_JOB, 10, async (data) => {
    await handleUsageSync(ctx, data, { secret: input.secret });
    // Fresh usage may cross a budget threshold or show a surge: evaluate the guardrails right away.
    await boss.send(GUARDRAILS_JOB, { orgId: data.orgId } satisfies GuardrailsPayload);
  });
  // Budget thresholds, surges, pauses and escalations: hourly, and after every usage sync.
  await work<GuardrailsPayload>(GUARDRAILS_JOB, 10, (data) => handleGuardrails(ctx, data, { secret: input.secret }));
  // Telemetry series state past its retention goes daily.
  await work<OtelPrunePayload>(OTEL_PRUNE_JOB, 60, (data) => handleOtelPrune(ctx, data));
  // Upserts by name: replaces schedules that older versions bound to one organization's id.
  await boss.schedule(LEASE_SWEEP_JOB, '* * * * *', {});
  await boss.schedule(USAGE_SYNC_JOB, USAGE_SYNC_CRON, {});
  await boss.schedule(GUARDRAILS_JOB, GUARDRAILS_CRON, {});
  await boss.schedule(OTEL_PRUNE_JOB, OTEL_PRUNE_CRON, {});
  const org = await ctx.repos.organizations.findPrimary();
  if (org) {
    const caughtUp = await runLeaseSweep(ctx, org.id);
    if (caughtUp.started + caughtUp.ended + caughtUp.granted > 0) input.log.info(caughtUp, 'caught up on lease transitions');
  }
  return { ctx, stop: () => boss.stop({ graceful: true, wait: true, timeout: 5000 }) };
}
