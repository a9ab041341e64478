import { median } from '../stats.ts';

/**
 * What a seat includes, in USD of usage at API rates per day, learned from the organization's own
 * usage: on days a person hit their tier's limit, what they had used is what the tier allows. The
 * median over those days is the allowance. A tier with no limit-hit days borrows another tier's
 * allowance scaled by the catalog's usage multipliers (premium 6.25x Pro vs standard 1.25x Pro).
 */

export type LimitDay = Readonly<{ tier: string; costUsd: number; limitHits: number }>;

/** Unmet demand on a limit-hit day, as a share of the allowance per hit (a documented assumption). */
export const UNMET_SHARE_PER_LIMIT_HIT = 0.25;

export function estimateAllowances(input: { days: readonly LimitDay[]; multipliers: Readonly<Record<string, number>> }): Record<string, number> {
  const byTier = new Map<string, number[]>();
  for (const d of input.days) if (d.limitHits > 0 && d.costUsd > 0) byTier.set(d.tier, [...(byTier.get(d.tier) ?? []), d.costUsd]);
  const out: Record<string, number> = {};
  for (const [tier, costs] of byTier) out[tier] = median(costs);
  for (const tier of Object.keys(input.multipliers)) {
    if (out[tier] !== undefined) continue;
    const known = Object.keys(out).find((t) => input.multipliers[t] !== undefined && input.multipliers[t]! > 0);
    if (known) out[tier] = (out[known]! * input.multipliers[tier]!) / input.multipliers[known]!;
  }
  return out;
}

/**
 * Demand behind one day of usage: what was used plus what the limit blocked. Each limit hit stands for
 * a quarter of the day's allowance of blocked work (UNMET_SHARE_PER_LIMIT_HIT).
 */
export function demandOf(day: Readonly<{ costUsd: number; limitHits: number }>, allowance: number | undefined): number {
  if (day.limitHits <= 0 || allowance === undefined || !Number.isFinite(allowance)) return day.costUsd;
  return day.costUsd + day.limitHits * UNMET_SHARE_PER_LIMIT_HIT * allowance;
}
