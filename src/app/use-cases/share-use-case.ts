import { validateUseCase, type UseCaseDraft } from '../../domain/use-cases.ts';
import { AppError } from '../../errors.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import { getUseCase, type UseCase } from './list-use-cases.ts';

export type ShareUseCaseInput = Partial<UseCaseDraft> & Readonly<{ title: string; task: string; departmentId?: string | null; authorId?: string }>;

/**
 * Anyone may share a use case. It belongs to the author's department unless another department is
 * named. The CLI operator must name an author. Audited in the same transaction.
 */
export async function shareUseCase(ctx: AppContext, actor: Actor, input: ShareUseCaseInput): Promise<UseCase> {
  const authorId = actor.kind === 'person' ? actor.personId : input.authorId;
  if (!authorId) throw new AppError('VALIDATION_FAILED', { message: 'Name the author of the use case', details: [{ path: 'body.authorId', message: 'is required' }] });
  const checked = validateUseCase({ title: input.title, task: input.task, workflow: input.workflow ?? '', tools: input.tools ?? [], tags: input.tags ?? [], links: input.links ?? [], minutesSavedPerWeek: input.minutesSavedPerWeek ?? null });
  if (!checked.ok) {
    throw new AppError('VALIDATION_FAILED', { message: `The use case is not valid: ${checked.problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, details: checked.problems.map((p) => ({ path: `body.${p.field}`, message: p.message })) });
  }
  const id = await ctx.transaction(async (repos) => {
    const author = await repos.people.findById(actor.orgId, authorId, ctx.now());
    if (!author || author.status !== 'active') throw new AppError('VALIDATION_FAILED', { message: `No active person ${authorId}`, details: [{ path: 'body.authorId', message: 'no such active person' }] });
    let departmentId = author.departmentId;
    if (input.departmentId) {
      const department = await repos.departments.findById(actor.orgId, input.departmentId);
      if (!department) throw new AppError('VALIDATION_FAILED', { message: `No department ${input.departmentId}`, details: [{ path: 'body.departmentId', message: 'no such department' }] });
      departmentId = department.id;
    }
    const useCaseId = await repos.governance.insertUseCase(actor.orgId, { authorId, departmentId, ...checked.value, createdAt: ctx.now() });
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'use_case.shared', entityType: 'use_case', entityId: useCaseId, after: { title: checked.value.title, authorId, departmentId, tags: checked.value.tags } });
    return useCaseId;
  });
  return getUseCase(ctx, actor, id);
}
