import { toPrefixQuery, normalizeTag } from '../../domain/use-cases.ts';
import { AppError } from '../../errors.ts';
import type { UseCaseRow } from '../../db/repositories/governance.repository.ts';
import type { Page } from '../../db/repositories/types.ts';
import type { Actor, AppContext } from '../context.ts';

export type UseCase = UseCaseRow;

export type ListUseCasesOptions = Readonly<{
  /** Only this department's use cases (a lead planning their department passes theirs). */
  departmentId?: string;
  /** Free-text search over title, task, workflow, tags and tools (every word, as a prefix). */
  search?: string;
  tag?: string;
  authorId?: string;
  sort?: 'top' | 'new';
  limit?: number;
  offset?: number;
}>;

/**
 * The use-case library as `actor` sees it: everyone in the organization reads every use case (sharing
 * is the point); votes are counted, and the actor's own upvote and "I use this too" are flagged.
 * Stable signature: the department planning view calls it with `{ departmentId }`.
 */
export async function listUseCases(ctx: AppContext, actor: Actor, options: ListUseCasesOptions = {}): Promise<Page<UseCase>> {
  const tsQuery = options.search ? toPrefixQuery(options.search) : null;
  return ctx.repos.governance.listUseCases(
    actor.orgId,
    {
      ...(tsQuery ? { tsQuery } : {}),
      ...(options.tag ? { tag: normalizeTag(options.tag) } : {}),
      ...(options.departmentId ? { departmentId: options.departmentId } : {}),
      ...(options.authorId ? { authorId: options.authorId } : {}),
      sort: options.sort ?? 'top',
    },
    { limit: options.limit ?? 50, offset: options.offset ?? 0 },
    actor.kind === 'person' ? actor.personId : null,
  );
}

/** One use case, or NOT_FOUND. */
export async function getUseCase(ctx: AppContext, actor: Actor, id: string): Promise<UseCase> {
  const found = await ctx.repos.governance.findUseCase(actor.orgId, id, actor.kind === 'person' ? actor.personId : null);
  if (!found) throw new AppError('NOT_FOUND', { message: `No use case ${id}` });
  return found;
}

/** Tags in use with how many use cases carry each, most used first (for the tag filter). */
export async function listUseCaseTags(ctx: AppContext, actor: Actor): Promise<Array<{ tag: string; count: number }>> {
  return ctx.repos.governance.tagCounts(actor.orgId);
}
