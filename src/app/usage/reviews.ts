import { addDays, dayToDate, toDay } from '../../domain/dates.ts';
import type { RecommendationKind } from '../../domain/rightsizing.ts';
import { addWorkingDays } from '../../domain/working-days.ts';
import { AppError, isAppError } from '../../errors.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { SeatReview } from '../../db/repositories/review.repository.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import { requestLease } from '../leases/request-lease.ts';
import { BASE_LINE, PREMIUM_LINE } from '../leases/pool-state.ts';
import { assertCanManage } from '../leases/scope.ts';
import { assignTier, assignTierWith } from '../seats/assignments.ts';
import { listRecommendations } from './need.ts';

/** Working days a person has to answer "do you still need your premium seat?". */
export const REVIEW_WORKING_DAYS = 5;

export type ActOutcome = Readonly<{ outcome: string; message: string; leaseId?: string; reviewId?: string }>;

/**
 * Accepts a recommendation through the allocation engine. A lease for the next sprint is requested
 * (and decided like any request); an upgrade is a permanent assignment that must fit the pool; a
 * downgrade or a conversion to leases only ASKS the person first, with a deadline: nothing changes
 * until they answer.
 */
export async function actOnRecommendation(ctx: AppContext, actor: Actor, input: { personId: string; kind: RecommendationKind }): Promise<ActOutcome> {
  const person = await ctx.repos.people.findById(actor.orgId, input.personId, ctx.now());
  if (!person?.departmentId) throw new AppError('NOT_FOUND', { message: `No active person ${input.personId} in a department` });
  assertCanManage(actor, person.departmentId, 'act on recommendations');
  const current = (await listRecommendations(ctx, actor.orgId, { departmentId: person.departmentId })).find((r) => r.personId === input.personId);
  if (current?.recommendation?.kind !== input.kind) {
    throw new AppError('CONFLICT', { message: `The recommendation for ${person.name} is now ${current?.recommendation?.kind ?? 'none'}${current?.graceReason ? ` (${current.graceReason})` : ''}; refresh and try again` });
  }
  const reason = current.recommendation.reason;
  if (input.kind === 'lease_next_sprint') {
    const today = toDay(ctx.now());
    const monday = addDays(today, ((8 - dayToDate(today).getUTCDay()) % 7) || 7);
    const { lease, decision } = await requestLease(ctx, actor, { personId: person.id, startsAt: dayToDate(monday), endsAt: dayToDate(addDays(monday, 14)), reason: `Recommended: ${reason}`, project: null });
    return { outcome: lease.status, message: decision.message, leaseId: lease.id };
  }
  if (input.kind === 'upgrade') {
    await assignTier(ctx, actor, { personId: person.id, ...PREMIUM_LINE, reason: `Recommended: ${reason}` });
    return { outcome: 'upgraded', message: `${person.name} now holds a permanent premium seat` };
  }
  const deadline = reviewDeadline(ctx.now());
  const reviewId = await ctx.transaction(async (repos) => {
    const open = await repos.reviews.list(actor.orgId, { personId: person.id, status: 'asked' });
    if (open.length) throw new AppError('CONFLICT', { message: `${person.name} has already been asked (until ${open[0]!.deadline.toISOString().slice(0, 10)})` });
    return askSeatReview(repos, actor, { personId: person.id, kind: input.kind as SeatReview['kind'], reason, choices: 'Keep it (with a short reason) or give it back', deadline, createdAt: ctx.now() });
  });
  return { outcome: 'asked', message: `Asked ${person.name} to keep or give back the premium seat by ${deadline.toISOString().slice(0, 10)}`, reviewId };
}

/** The answer deadline of a seat review asked at `now`: REVIEW_WORKING_DAYS working days later. */
export function reviewDeadline(now: Date): Date {
  return new Date(addWorkingDays(now.getTime(), REVIEW_WORKING_DAYS));
}

/**
 * Asks a person whether they still need their premium seat: the review with its deadline, the
 * notification (the reason, the `choices` they have and the deadline) and the audit event (with its
 * `cause` when given). Nothing about the seat changes. Runs in the caller's transaction.
 */
export async function askSeatReview(repos: Repositories, actor: Actor, input: { personId: string; kind: SeatReview['kind']; reason: string; choices: string; deadline: Date; createdAt: Date; cause?: string }): Promise<string> {
  const { personId, kind, reason, deadline } = input;
  const id = await repos.reviews.insert(actor.orgId, { personId, kind, reason, deadline, createdBy: actor.kind === 'person' ? actor.personId : null, createdAt: input.createdAt });
  await repos.allocation.notify(actor.orgId, [{ personId, kind: 'seat_review.asked', title: 'Do you still need your premium seat?', body: `${reason} ${input.choices} by ${deadline.toISOString().slice(0, 10)}. Nothing changes until you answer.`, leaseId: null }]);
  await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'seat_review.asked', entityType: 'seat_review', entityId: id, after: { personId, kind, deadline, ...(input.cause === undefined ? {} : { cause: input.cause }) } });
  return id;
}

/** Hides a recommendation for a person for 30 days. */
export async function dismissRecommendation(ctx: AppContext, actor: Actor, input: { personId: string; kind: RecommendationKind; note?: string | null }): Promise<void> {
  const person = await ctx.repos.people.findById(actor.orgId, input.personId, ctx.now());
  if (!person?.departmentId) throw new AppError('NOT_FOUND', { message: `No person ${input.personId}` });
  assertCanManage(actor, person.departmentId, 'dismiss recommendations');
  await ctx.transaction(async (repos) => {
    await repos.reviews.dismiss(actor.orgId, { personId: input.personId, kind: input.kind, until: addDays(toDay(ctx.now()), 30), note: input.note ?? null, createdBy: actor.kind === 'person' ? actor.personId : null });
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'recommendation.dismissed', entityType: 'person', entityId: input.personId, after: { kind: input.kind }, reason: input.note ?? null });
  });
}

/**
 * The person answers: keep the seat (with a reason) or give it back (the tier changes now, in the same
 * transaction: if no base seat is free the answer is refused and the review stays open).
 */
export async function respondToReview(ctx: AppContext, actor: Actor, input: { reviewId: string; keep: boolean; reason?: string | null }): Promise<SeatReview> {
  const review = await ctx.transaction(async (repos) => {
    const r = await repos.reviews.lock(actor.orgId, input.reviewId);
    if (!r) throw new AppError('NOT_FOUND', { message: `No seat review ${input.reviewId}` });
    if (actor.kind === 'person' && actor.personId !== r.personId) throw new AppError('FORBIDDEN', { message: 'Only the person asked can answer' });
    if (r.status !== 'asked') throw new AppError('CONFLICT', { message: `This review is already ${r.status}` });
    if (input.keep && !input.reason?.trim()) throw new AppError('VALIDATION_FAILED', { message: 'Say briefly why you keep the seat', details: [{ path: 'body.reason', message: 'is required when keeping the seat' }] });
    await repos.reviews.update(actor.orgId, r.id, { status: input.keep ? 'kept' : 'released', keepReason: input.keep ? input.reason! : null, respondedAt: ctx.now() });
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: `seat_review.${input.keep ? 'kept' : 'released'}`, entityType: 'seat_review', entityId: r.id, before: { status: 'asked' }, after: { status: input.keep ? 'kept' : 'released' }, reason: input.reason ?? null });
    if (r.createdBy) await repos.allocation.notify(actor.orgId, [{ personId: r.createdBy, kind: 'seat_review.answered', title: `${r.personName} ${input.keep ? 'keeps' : 'gives back'} the premium seat`, body: input.reason ?? '', leaseId: null }]);
    if (!input.keep) {
      const now = ctx.now();
      // Already back on the base tier (an admin changed it meanwhile): nothing to give back.
      const person = await repos.people.findById(actor.orgId, r.personId, now);
      if (person?.currentTier === PREMIUM_LINE.tier) {
        await assignTierWith(repos, actor, { personId: r.personId, ...BASE_LINE, reason: 'Gave the premium seat back after a seat review' }, now).catch((error: unknown) => {
          // Said to the person answering, who cannot buy seats.
          if (isAppError(error) && error.code === 'CONFLICT' && error.details?.some((d) => d.path === 'body.tier')) {
            throw new AppError('CONFLICT', { message: `No ${BASE_LINE.tier} seat is free to move you to, so nothing changed and your premium seat stays. An admin needs to free a ${BASE_LINE.tier} seat, or an owner to buy one; then answer again.` });
          }
          throw error;
        });
      }
    }
    return r;
  });
  // A premium seat may be free now: let the waitlist look again.
  if (!input.keep) await ctx.jobs.scheduleLeaseSweep(actor.orgId, ctx.now());
  return (await ctx.repos.reviews.find(actor.orgId, review.id))!;
}

/** Reminds people halfway to the deadline; past it, marks the review expired and tells who asked. Never changes a tier. */
export async function runReviewSweep(ctx: AppContext, orgId: string): Promise<{ reminded: number; expired: number }> {
  const now = ctx.now();
  let reminded = 0;
  let expired = 0;
  for (const r of await ctx.repos.reviews.list(orgId, { status: 'asked' })) {
    await ctx.transaction(async (repos) => {
      const review = await repos.reviews.lock(orgId, r.id);
      if (review?.status !== 'asked') return;
      if (review.deadline <= now) {
        await repos.reviews.update(orgId, review.id, { status: 'expired' });
        if (review.createdBy) await repos.allocation.notify(orgId, [{ personId: review.createdBy, kind: 'seat_review.expired', title: `${review.personName} did not answer the seat review`, body: 'Nothing was changed. Talk with them before deciding.', leaseId: null }]);
        await repos.audit.append({ orgId, actor: { kind: 'system' }, action: 'seat_review.expired', entityType: 'seat_review', entityId: review.id, before: { status: 'asked' }, after: { status: 'expired' } });
        expired++;
      } else if (!review.remindedAt && now.getTime() >= (review.createdAt.getTime() + review.deadline.getTime()) / 2) {
        await repos.reviews.update(orgId, review.id, { remindedAt: now });
        await repos.allocation.notify(orgId, [{ personId: review.personId, kind: 'seat_review.reminder', title: 'Reminder: do you still need your premium seat?', body: `Please answer by ${review.deadline.toISOString().slice(0, 10)}.`, leaseId: null }]);
        reminded++;
      }
    });
  }
  return { reminded, expired };
}
