import { AppError } from '../../errors.ts';
import type { Lease } from '../../db/repositories/lease.repository.ts';
import type { Decision } from '../../domain/policy.ts';
import type { Actor, AppContext } from '../context.ts';
import { submitForAdmission } from './admission-queue.ts';
import { scheduleNextTransition } from './apply-decision.ts';

export type LeaseRequestInput = Readonly<{
  personId?: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  project?: string | null;
  deadline?: string | null;
}>;

/**
 * Anyone may ask for a premium lease for themselves (leads and admins may ask for their people). The
 * engine decides at once: approve (free or borrowed quota, or reclaiming a lent seat with notice),
 * queue for the lead or owner, waitlist when capacity is short, or deny. The request goes through the
 * organization's admission queue (`admission-queue.ts`), which checks the people of the requests
 * waiting together, then decides them in arrival order in one transaction under the pool lock.
 */
export async function requestLease(ctx: AppContext, actor: Actor, input: LeaseRequestInput): Promise<{ lease: Lease; decision: Decision }> {
  if (input.endsAt <= input.startsAt) {
    throw new AppError('VALIDATION_FAILED', { message: 'The lease must end after it starts', details: [{ path: 'body.endsAt', message: 'must be after startsAt' }] });
  }
  const personId = input.personId ?? (actor.kind === 'person' ? actor.personId : undefined);
  if (!personId) throw new AppError('VALIDATION_FAILED', { message: 'Name the person the lease is for', details: [{ path: 'body.personId', message: 'is required' }] });
  const result = await submitForAdmission(ctx, {
    actor,
    personId,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    reason: input.reason,
    project: input.project ?? null,
    deadline: input.deadline ?? null,
    now: ctx.now(),
  });
  await scheduleNextTransition(ctx, result.lease);
  return result;
}
