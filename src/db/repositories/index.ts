import type { Database } from '../client.ts';
import { createAllocationRepository } from './allocation.repository.ts';
import { createAuditRepository } from './audit.repository.ts';
import { createReviewRepository } from './review.repository.ts';
import { createConnectorRepository } from './connector.repository.ts';
import { createLeaseRepository } from './lease.repository.ts';
import { createDepartmentRepository } from './department.repository.ts';
import { createOrganizationRepository } from './organization.repository.ts';
import { createOtelRepository } from './otel.repository.ts';
import { createPersonRepository } from './person.repository.ts';
import { createSeatRepository } from './seat.repository.ts';
import { createTokenRepository } from './token.repository.ts';
import { createUsageRepository } from './usage.repository.ts';
import { createUsageImportRepository } from './usage-import.repository.ts';
import { createForecastRepository } from './forecast.repository.ts';
import { createAlertRepository } from './alert.repository.ts';
import { createGovernanceRepository } from './governance.repository.ts';
import { createPlanningRepository } from './planning.repository.ts';
import { createFairnessRepository } from './fairness.repository.ts';
import { createLabRepository } from './lab.repository.ts';

export function createRepositories(db: Database) {
  return {
    organizations: createOrganizationRepository(db),
    departments: createDepartmentRepository(db),
    people: createPersonRepository(db),
    seats: createSeatRepository(db),
    usage: createUsageRepository(db),
    usageImports: createUsageImportRepository(db),
    tokens: createTokenRepository(db),
    audit: createAuditRepository(db),
    leases: createLeaseRepository(db),
    allocation: createAllocationRepository(db),
    reviews: createReviewRepository(db),
    connectors: createConnectorRepository(db),
    otel: createOtelRepository(db),
    forecast: createForecastRepository(db),
    alerts: createAlertRepository(db),
    governance: createGovernanceRepository(db),
    planning: createPlanningRepository(db),
    fairness: createFairnessRepository(db),
    lab: createLabRepository(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;

/**
 * Runs `work` in one transaction with repositories bound to it. Unique and check violations surface as
 * the driver's error; callers map them. PostgreSQL and PGlite behave the same here.
 */
export async function inTransaction<T>(db: Database, work: (repos: Repositories) => Promise<T>): Promise<T> {
  return db.transaction().execute((trx) => work(createRepositories(trx)));
}

/** True for a PostgreSQL unique-violation error (23505), optionally of a named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string } | undefined;
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
