import { AppError } from '../../errors.ts';
import { isUniqueViolation } from '../../db/repositories/index.ts';
import type { PeopleFilter, PersonInsert, PersonPatch } from '../../db/repositories/person.repository.ts';
import type { Page, PageRequest, PersonWithSeat } from '../../db/repositories/types.ts';
import type { Role } from '../../domain/roles.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';

export async function listPeople(ctx: AppContext, orgId: string, filter: PeopleFilter, page: PageRequest): Promise<Page<PersonWithSeat>> {
  return ctx.repos.people.list(orgId, filter, page, ctx.now());
}

export async function getPerson(ctx: AppContext, orgId: string, id: string): Promise<PersonWithSeat> {
  const person = await ctx.repos.people.findById(orgId, id, ctx.now());
  if (!person) throw new AppError('NOT_FOUND', { message: `No person ${id}` });
  return person;
}

const emailTaken = (email: string) =>
  new AppError('CONFLICT', { message: `${email} already belongs to someone in this organization`, details: [{ path: 'body.email', message: 'already in use' }] });

async function assertDepartment(ctx: AppContext, orgId: string, departmentId: string | null | undefined) {
  if (departmentId && !(await ctx.repos.departments.findById(orgId, departmentId))) {
    throw new AppError('VALIDATION_FAILED', { message: `No department ${departmentId}`, details: [{ path: 'body.departmentId', message: 'no such department' }] });
  }
}

/** Adds a person with the member role (plus any extra roles given). */
export async function createPerson(ctx: AppContext, actor: Actor, input: PersonInsert & { roles?: readonly Role[] }): Promise<PersonWithSeat> {
  await assertDepartment(ctx, actor.orgId, input.departmentId);
  const { roles = [], ...fields } = input;
  if (roles.includes('dept_lead') && !fields.departmentId) {
    throw new AppError('VALIDATION_FAILED', { message: 'A department lead needs a department: set departmentId', details: [{ path: 'body.roles', message: 'dept_lead needs a departmentId' }] });
  }
  try {
    const id = await ctx.transaction(async (repos) => {
      const personId = await repos.people.insert(actor.orgId, { ...fields, email: fields.email.toLowerCase() });
      for (const role of new Set<Role>(['member', ...roles])) {
        await repos.people.grantRole(actor.orgId, personId, role, role === 'dept_lead' ? fields.departmentId : null);
      }
      await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'person.created', entityType: 'person', entityId: personId, after: { ...fields, roles } });
      return personId;
    });
    return getPerson(ctx, actor.orgId, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(input.email);
    throw error;
  }
}

/** Changes a person's fields; marking someone as left records the day. */
export async function updatePerson(ctx: AppContext, actor: Actor, id: string, patch: PersonPatch): Promise<PersonWithSeat> {
  await assertDepartment(ctx, actor.orgId, patch.departmentId);
  try {
    await ctx.transaction(async (repos) => {
      const before = await repos.people.findById(actor.orgId, id, ctx.now());
      if (!before) throw new AppError('NOT_FOUND', { message: `No person ${id}` });
      const changes: PersonPatch = { ...patch, ...(patch.email ? { email: patch.email.toLowerCase() } : {}) };
      if (patch.status === 'left' && before.status !== 'left' && patch.leftOn === undefined) {
        Object.assign(changes, { leftOn: ctx.now().toISOString().slice(0, 10) });
      }
      if (patch.status === 'active') Object.assign(changes, { leftOn: null });
      await repos.people.update(actor.orgId, id, changes);
      await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'person.updated', entityType: 'person', entityId: id, before, after: changes });
    });
    return getPerson(ctx, actor.orgId, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(patch.email ?? '');
    throw error;
  }
}
