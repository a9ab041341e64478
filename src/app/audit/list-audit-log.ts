import type { AuditFilter, AuditLogEntry } from '../../db/repositories/audit.repository.ts';
import type { Actor, AppContext } from '../context.ts';

/** One page of the organization's audit log, newest first (the route admits auditors and owners only). */
export async function listAuditLog(ctx: AppContext, actor: Actor, filter: AuditFilter, page: Readonly<{ limit: number; offset: number }>): Promise<{ items: AuditLogEntry[]; total: number }> {
  return ctx.repos.audit.list(actor.orgId, filter, page);
}
