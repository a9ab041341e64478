import type { VoteKind } from '../../domain/use-cases.ts';
import { AppError } from '../../errors.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import { getUseCase, type UseCase } from './list-use-cases.ts';

function voterOf(actor: Actor): string {
  if (actor.kind !== 'person') throw new AppError('FORBIDDEN', { message: 'Only a person can upvote or say "I use this too"' });
  return actor.personId;
}

/**
 * Upvote or "I use this too". Idempotent: one of each per person; repeating changes nothing and
 * writes no second audit event.
 */
export async function voteUseCase(ctx: AppContext, actor: Actor, input: { useCaseId: string; kind: VoteKind }): Promise<UseCase> {
  const personId = voterOf(actor);
  await getUseCase(ctx, actor, input.useCaseId);
  await ctx.transaction(async (repos) => {
    const isNew = await repos.governance.addVote(input.useCaseId, personId, input.kind);
    if (isNew) await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: `use_case.${input.kind === 'uses' ? 'used' : 'upvoted'}`, entityType: 'use_case', entityId: input.useCaseId });
  });
  return getUseCase(ctx, actor, input.useCaseId);
}

/** Takes back an upvote or "I use this too" (idempotent). */
export async function unvoteUseCase(ctx: AppContext, actor: Actor, input: { useCaseId: string; kind: VoteKind }): Promise<UseCase> {
  const personId = voterOf(actor);
  await getUseCase(ctx, actor, input.useCaseId);
  await ctx.transaction(async (repos) => {
    const removed = await repos.governance.removeVote(input.useCaseId, personId, input.kind);
    if (removed) await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: `use_case.${input.kind === 'uses' ? 'unused' : 'unvoted'}`, entityType: 'use_case', entityId: input.useCaseId });
  });
  return getUseCase(ctx, actor, input.useCaseId);
}
