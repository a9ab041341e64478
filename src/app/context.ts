import type { Database } from '../db/client.ts';
import { createRepositories, inTransaction, type Repositories } from '../db/repositories/index.ts';
import type { AuditActor } from '../db/repositories/audit.repository.ts';
import type { RoleGrant } from '../domain/roles.ts';

/** Schedules background work; the live service backs it with pg-boss, tests and the CLI with nothing. */
export type JobScheduler = Readonly<{
  /** Run the lease sweep for an organization at (or soon after) `at`. */
  scheduleLeaseSweep: (orgId: string, at: Date) => Promise<void>;
}>;

export const NO_JOBS: JobScheduler = { scheduleLeaseSweep: async () => {} };

/** What every use case receives: repositories, a transaction runner, the clock (never read directly) and jobs. */
export type AppContext = Readonly<{
  db: Database;
  repos: Repositories;
  now: () => Date;
  transaction: <T>(work: (repos: Repositories) => Promise<T>) => Promise<T>;
  jobs: JobScheduler;
}>;

export function createAppContext(db: Database, now: () => Date = () => new Date(), jobs: JobScheduler = NO_JOBS): AppContext {
  return { db, repos: createRepositories(db), now, transaction: (work) => inTransaction(db, work), jobs };
}

/** The same context with another job scheduler (the server attaches pg-boss after start). */
export function withJobs(ctx: AppContext, jobs: JobScheduler): AppContext {
  return { ...ctx, jobs };
}

/** Who is acting: a signed-in person (web or API token) or an operator at the CLI. */
export type Actor =
  | Readonly<{ kind: 'person'; orgId: string; personId: string; grants: readonly RoleGrant[] }>
  | Readonly<{ kind: 'cli'; orgId: string }>;

export function auditActorOf(actor: Actor): AuditActor {
  return actor.kind === 'person' ? { kind: 'person', personId: actor.personId } : { kind: 'cli' };
}
