import { hasAnyRole } from '../../domain/roles.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../context.ts';

/** True when the actor may act for the people of a department: its lead, an admin or owner, or the CLI operator. */
export function canManageDepartment(actor: Actor, departmentId: string): boolean {
  if (actor.kind === 'cli') return true;
  if (hasAnyRole(actor.grants, ['primary_owner', 'owner', 'admin'])) return true;
  return actor.grants.some((g) => g.role === 'dept_lead' && g.departmentId === departmentId);
}

export function isOwner(actor: Actor): boolean {
  return actor.kind === 'cli' || hasAnyRole(actor.grants, ['primary_owner', 'owner']);
}

export function assertCanManage(actor: Actor, departmentId: string, what: string): void {
  if (!canManageDepartment(actor, departmentId)) throw new AppError('FORBIDDEN', { message: `Only the department's lead, an admin or an owner can ${what}` });
}

/** The person acting on their own lease, or someone who manages their department. */
export function assertSelfOrManager(actor: Actor, personId: string, departmentId: string, what: string): void {
  if (actor.kind === 'person' && actor.personId === personId) return;
  assertCanManage(actor, departmentId, what);
}
