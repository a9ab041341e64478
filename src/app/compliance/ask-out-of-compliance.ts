import type { Actor, AppContext } from '../context.ts';
import { askSeatReview, reviewDeadline } from '../usage/reviews.ts';
import { evaluateCompliance } from './compliance.ts';

export type AskResult = Readonly<{ asked: ReadonlyArray<{ personId: string; name: string; reviewId: string }>; alreadyAsked: readonly string[] }>;

/**
 * The consequence of non-compliance, the same for everyone: each person out of compliance (grace over)
 * is ASKED through the humane seat-review path — keep the seat with a reason, or give it back — and
 * nothing about their seat changes without their answer. People with an open review are not asked twice.
 */
export async function askOutOfCompliance(ctx: AppContext, actor: Actor): Promise<AskResult> {
  const deadline = reviewDeadline(ctx.now());
  return ctx.transaction(async (repos) => {
    const { rule, outcomes } = await evaluateCompliance(repos, actor.orgId, ctx.now());
    const open = new Set((await repos.reviews.list(actor.orgId, { status: 'asked' })).map((r) => r.personId));
    const asked: Array<{ personId: string; name: string; reviewId: string }> = [];
    const alreadyAsked: string[] = [];
    for (const o of outcomes.filter((x) => x.status === 'out_of_compliance')) {
      if (open.has(o.personId)) {
        alreadyAsked.push(o.personId);
        continue;
      }
      const reason = `Participation rule: share ${rule.requiredCount} use case${rule.requiredCount === 1 ? '' : 's'} every ${rule.windowDays} days to keep a ${rule.appliesTo === 'premium' ? '' : 'permanent '}premium seat. ${o.explanation}.`;
      const reviewId = await askSeatReview(repos, actor, { personId: o.personId, kind: 'downgrade', reason, choices: 'Share a use case, or keep the seat (with a short reason) or give it back', deadline, createdAt: ctx.now(), cause: 'participation_rule' });
      asked.push({ personId: o.personId, name: o.name, reviewId });
    }
    return { asked, alreadyAsked };
  });
}
