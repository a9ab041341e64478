import type { Database } from '../db/client.ts';
import { createRepositories, inTransaction, type Repositories } from '../db/repositories/index.ts';
import type { AuditActor } from '../db/repositories/audit.repository.ts';
import type { RoleGrant } from '../domain/roles.ts';

/** What every use case receives: repositories, a transaction runner and the clock (never read directly). */
export type AppContext = Readonly<{
  db: Database;
  repos: Repositories;
  now: () => Date;
  transaction: <T>(work: (repos: Repositories) => Promise<T>) => Promise<T>;
}>;

export function createAppContext(db: Database, now: () => Date = () => new Date()): AppContext {
  return { db, repos: createRepositories(db), now, transaction: (work) => inTransaction(db, work) };
}

/** Who is acting: a signed-in person (web or API token) or an operator at the CLI. */
export type Actor =
  | Readonly<{ kind: 'person'; orgId: string; personId: string; grants: readonly RoleGrant[] }>
  | Readonly<{ kind: 'cli'; orgId: string }>;

export function auditActorOf(actor: Actor): AuditActor {
  return actor.kind === 'person' ? { kind: 'person', personId: actor.personId } : { kind: 'cli' };
}
