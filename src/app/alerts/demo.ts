import { addDays, toDay, weekdayOf } from '../../domain/dates.ts';
import type { AppContext } from '../context.ts';
import { runGuardrails } from './evaluate.ts';
import { loadCostSeries, loadSpendPicture } from './spend.ts';

const SURGE_DAYS = 2;
const SURGE_EXTRA = 4;
/** The demo never exhausts a budget (that would pause auto-approvals under every demo lease request). */
const MAX_SHARE_OF_HEADROOM = 0.95;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[sorted.length >> 1]!;
};

/**
 * Demo data for the guardrails: yesterday a CI job of one department (the busiest whose budget can
 * take it) started calling the pay-per-use API in a retry loop, adding four times the department's usual
 * weekday cost on each of the last two days, so the department runs at about 5x. Capped so the spend
 * takes at most 95% of what is left of the budget: late in a month little is left, and a smaller cap
 * left no department a surge big enough to be one (the budget is still never exhausted). Evaluating the guardrails then raises the surge alert
 * and whatever budget thresholds the month has crossed; owners and leads see them in the bell and on
 * /alerts. Only the last two days are touched, so history-based demo figures elsewhere are unchanged.
 */
export async function seedAlertsDemo(ctx: AppContext, orgId: string): Promise<void> {
  const now = ctx.now();
  const picture = await loadSpendPicture(ctx.repos, orgId, now);
  const series = await loadCostSeries(ctx.repos, orgId, now, 29);
  const candidates = picture.departments
    .filter((d) => d.departmentId !== null && d.burn.budgetCents !== null)
    .map((d) => {
      const costs = series.byDepartment.get(d.departmentId) ?? new Map<string, number>();
      const usualWeekdayCents = median(series.days.slice(0, -1).filter((day) => weekdayOf(day) % 6 !== 0).map((day) => costs.get(day) ?? 0));
      const capCents = (MAX_SHARE_OF_HEADROOM * Math.max(0, d.burn.budgetCents! - d.burn.spentCents)) / SURGE_DAYS;
      return { department: d, wantedCents: SURGE_EXTRA * usualWeekdayCents, capCents };
    });
  // The busiest department whose budget can take a full 5x surge; otherwise the one with most room.
  const target = [...candidates].sort((a, b) => b.wantedCents - a.wantedCents).find((c) => c.wantedCents <= c.capCents) ?? [...candidates].sort((a, b) => b.capCents - a.capCents)[0];
  if (!target) return;
  const perDayCents = Math.min(target.wantedCents, target.capCents);
  if (perDayCents < 100) return;
  const leads = new Set(await ctx.repos.people.listIdsWithRole(orgId, ['dept_lead'], target.department.departmentId!));
  const people = await ctx.repos.people.list(orgId, { departmentId: target.department.departmentId! }, { limit: 200, offset: 0 }, now);
  const owner = people.items.find((p) => !leads.has(p.id));
  if (!owner) return;
  const today = toDay(now);
  const usd = perDayCents / 100;
  await ctx.repos.usage.insertMany(
    orgId,
    Array.from({ length: SURGE_DAYS }, (_, i) => ({
      personId: owner.id,
      day: addDays(today, i - SURGE_DAYS + 1),
      source: 'anthropic_api',
      // Roughly Sonnet-priced tokens behind the cost; unattended runs, so no active minutes.
      messages: Math.round(usd * 40),
      inputTokens: Math.round((usd * 1_000_000 * 0.55) / 3),
      outputTokens: Math.round((usd * 1_000_000 * 0.45) / 15),
      costUsd: usd.toFixed(4),
      limitHits: 0,
      activeMinutes: 0,
    })),
  );
  // No channel exists yet in a fresh demo, so the secret is never used to decrypt anything.
  await runGuardrails(ctx, orgId, { secret: 'demo-seed-has-no-alert-channels' });
}
