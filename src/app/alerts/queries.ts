import { hasAnyRole, ORG_READER_ROLES } from '../../domain/roles.ts';
import { AppError } from '../../errors.ts';
import type { AlertDelivery, AlertFilter, AlertRow } from '../../db/repositories/alert.repository.ts';
import type { Page, PageRequest } from '../../db/repositories/types.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import { loadSpendPicture, type BudgetScope, type SpendPicture } from './spend.ts';

/** Owners, admins, auditors and the CLI see every alert; a lead sees their departments' alerts. */
function visibleDepartments(actor: Actor): readonly string[] | undefined {
  if (actor.kind === 'cli' || hasAnyRole(actor.grants, ORG_READER_ROLES)) return undefined;
  return actor.grants.filter((g) => g.role === 'dept_lead' && g.departmentId).map((g) => g.departmentId!);
}

export type AlertWithDeliveries = AlertRow & { deliveries: readonly AlertDelivery[] };

/** The alert history visible to the actor, newest first, with each alert's deliveries. */
export async function listAlerts(ctx: AppContext, actor: Actor, filter: Omit<AlertFilter, 'departmentIds'>, page: PageRequest): Promise<Page<AlertWithDeliveries> & { open: number }> {
  const departmentIds = visibleDepartments(actor);
  const result = await ctx.repos.alerts.listAlerts(actor.orgId, { ...filter, ...(departmentIds ? { departmentIds } : {}) }, page);
  const deliveries = await ctx.repos.alerts.listDeliveries(result.items.map((a) => a.id));
  const open = departmentIds ? (await ctx.repos.alerts.listAlerts(actor.orgId, { status: 'open', departmentIds }, { limit: 1, offset: 0 })).total : await ctx.repos.alerts.countOpen(actor.orgId);
  return { ...result, open, items: result.items.map((a) => ({ ...a, deliveries: deliveries.filter((d) => d.alertId === a.id) })) };
}

/**
 * Acknowledges an alert: stops its escalation. Owners and admins acknowledge any alert, a lead their
 * department's; auditors only read. Acknowledging twice is a CONFLICT naming who did it first.
 */
export async function acknowledgeAlert(ctx: AppContext, actor: Actor, input: { alertId: string; note: string | null }): Promise<AlertRow> {
  return ctx.transaction(async (repos) => {
    const alert = await repos.alerts.findAlert(actor.orgId, input.alertId);
    const visible = visibleDepartments(actor);
    if (!alert || (visible && (!alert.departmentId || !visible.includes(alert.departmentId)))) throw new AppError('NOT_FOUND', { message: `No alert ${input.alertId} that you can see` });
    if (actor.kind === 'person' && !hasAnyRole(actor.grants, ['primary_owner', 'owner', 'admin', 'dept_lead'])) throw new AppError('FORBIDDEN', { message: 'Auditors read alerts but do not acknowledge them' });
    const by = actor.kind === 'person' ? actor.personId : null;
    if (!(await repos.alerts.acknowledge(actor.orgId, alert.id, { by, note: input.note, at: ctx.now() }))) {
      throw new AppError('CONFLICT', { message: `Alert "${alert.title}" was already acknowledged${alert.acknowledgedByName ? ` by ${alert.acknowledgedByName}` : ''}` });
    }
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'alert.acknowledged', entityType: 'alert', entityId: alert.id, after: { note: input.note }, reason: input.note });
    return (await repos.alerts.findAlert(actor.orgId, alert.id))!;
  });
}

export type BurnView = Readonly<{ picture: SpendPicture; scopes: readonly BudgetScope[]; pausedDepartmentIds: readonly string[] }>;

/** This month's burn for the organization and the departments the actor may see (leads: their own). */
export async function getBurn(ctx: AppContext, actor: Actor): Promise<BurnView> {
  const picture = await loadSpendPicture(ctx.repos, actor.orgId, ctx.now());
  const visible = visibleDepartments(actor);
  const departments = visible ? picture.departments.filter((d) => visible.includes(d.departmentId!)) : picture.departments;
  const pauses = await ctx.repos.alerts.listPauses(actor.orgId, picture.period);
  return { picture, scopes: [...(visible ? [] : [picture.organization]), ...departments], pausedDepartmentIds: pauses.filter((p) => p.liftedAt === null).map((p) => p.departmentId) };
}
