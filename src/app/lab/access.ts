import { hasAnyRole, type Role } from '../../domain/roles.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../context.ts';

/** Who may run the policy lab: a read-only computation, so auditors may too; members may not. */
export const LAB_ROLES: readonly Role[] = ['primary_owner', 'owner', 'admin', 'dept_lead', 'auditor'];

/**
 * The POST forms of the lab routes (which take a body, e.g. an inline scenario) leave auditors out: by
 * the API's rule no POST route admits an auditor. Auditors run the same computations through the GET forms.
 */
export const LAB_POST_ROLES: readonly Role[] = ['primary_owner', 'owner', 'admin', 'dept_lead'];

/** Largest synchronous run (people × days incl. warm-up × seeds); bigger runs belong to the CLI. */
export const MAX_SYNC_PERSON_DAYS = 250_000;
export const MAX_SYNC_SEEDS = 20;

export function assertCanRunLab(actor: Actor): void {
  if (actor.kind === 'person' && !hasAnyRole(actor.grants, LAB_ROLES)) throw new AppError('FORBIDDEN', { message: 'Only owners, admins, department leads and auditors run the policy lab' });
}
