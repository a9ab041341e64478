import { AppError } from '../../errors.ts';
import { isUniqueViolation } from '../../db/repositories/index.ts';
import type { DepartmentStats } from '../../db/repositories/types.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';

export async function listDepartments(ctx: AppContext, orgId: string): Promise<DepartmentStats[]> {
  return ctx.repos.departments.listWithStats(orgId, ctx.now());
}

export async function getDepartment(ctx: AppContext, orgId: string, id: string): Promise<DepartmentStats> {
  const d = await ctx.repos.departments.findWithStats(orgId, id, ctx.now());
  if (!d) throw new AppError('NOT_FOUND', { message: `No department ${id}` });
  return d;
}

const duplicate = (name: string) =>
  new AppError('CONFLICT', { message: `A department named "${name}" already exists`, details: [{ path: 'body.name', message: 'already exists' }] });

/** Creates a department; names are unique per organization. */
export async function createDepartment(ctx: AppContext, actor: Actor, name: string): Promise<DepartmentStats> {
  try {
    const id = await ctx.transaction(async (repos) => {
      const created = await repos.departments.create(actor.orgId, name);
      await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'department.created', entityType: 'department', entityId: created.id, after: created });
      return created.id;
    });
    return getDepartment(ctx, actor.orgId, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(name);
    throw error;
  }
}

export async function renameDepartment(ctx: AppContext, actor: Actor, id: string, name: string): Promise<DepartmentStats> {
  try {
    await ctx.transaction(async (repos) => {
      const before = await repos.departments.findById(actor.orgId, id);
      if (!before) throw new AppError('NOT_FOUND', { message: `No department ${id}` });
      const after = await repos.departments.rename(actor.orgId, id, name);
      await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'department.renamed', entityType: 'department', entityId: id, before, after });
    });
    return getDepartment(ctx, actor.orgId, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(name);
    throw error;
  }
}
