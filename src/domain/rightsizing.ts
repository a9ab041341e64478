import type { Cents } from './money.ts';
import { addDays } from './dates.ts';
import { quantile, type UsageDay } from './need.ts';

/**
 * Rightsizing: who should hold which tier, from sustained evidence. A recommendation is one of:
 * - upgrade: permanent premium for someone at the standard limit week after week;
 * - lease_next_sprint: a standard holder whose need comes in bursts: lease premium for the next sprint
 *   instead of a permanent seat;
 * - convert_to_lease: a permanent premium holder whose need comes in bursts: give the seat back to the
 *   pool and lease it per sprint;
 * - downgrade: a permanent premium holder whose use would have fit a standard seat for the whole span,
 *   with no project booked.
 * Never from one quiet week, never for anyone in a grace window (new in Seatwise, on recorded leave,
 * tier changed recently). Grace uses when the person joined Seatwise, not their employment start date.
 */
export type RecommendationKind = 'upgrade' | 'lease_next_sprint' | 'convert_to_lease' | 'downgrade';

export type RightsizingPolicy = Readonly<{
  /** Weeks of sustained low use before a downgrade is proposed. */
  downgradeAfterWeeks: number;
  /** Grace after joining Seatwise, and after a tier change. */
  newcomerGraceDays: number;
  tierChangeGraceDays: number;
}>;

export const DEFAULT_RIGHTSIZING: RightsizingPolicy = { downgradeAfterWeeks: 8, newcomerGraceDays: 60, tierChangeGraceDays: 30 };

export type RightsizingInput = Readonly<{
  asOf: string;
  tier: 'standard' | 'premium';
  /** Premium held permanently (not through a lease). */
  isPermanent: boolean;
  usage: readonly UsageDay[];
  standardDailyLimit: number;
  premiumDailyLimit: number;
  hasScheduledWork: boolean;
  joinedOn: string;
  tierSince: string;
  isOnLeave: boolean;
  prices: Readonly<{ premiumMonthCents: Cents; standardMonthCents: Cents }>;
  policy?: RightsizingPolicy;
}>;

export type Recommendation = Readonly<{ kind: RecommendationKind; reason: string; monthlySavingCents: Cents; evidence: Readonly<Record<string, number>> }>;

export type RightsizingResult = Readonly<{ recommendation: Recommendation | null; graceReason: string | null }>;

/** Weekly figures over the span: the week's busiest day relative to the standard limit, and limit hits. */
function weeklyProfile(usage: readonly UsageDay[], asOf: string, weeks: number, standardLimit: number) {
  const byDay = new Map(usage.map((u) => [u.day, u]));
  const out: Array<{ peak: number; hits: number }> = [];
  for (let w = weeks - 1; w >= 0; w--) {
    let peak = 0;
    let hits = 0;
    for (let d = 0; d < 7; d++) {
      const u = byDay.get(addDays(asOf, -(w * 7 + d)));
      if (!u) continue;
      peak = Math.max(peak, u.messages / standardLimit);
      hits += u.limitHits;
    }
    out.push({ peak, hits });
  }
  return out;
}

/** The recommendation for one person, or none; explains grace when it applies. */
export function recommendTier(input: RightsizingInput): RightsizingResult {
  const policy = input.policy ?? DEFAULT_RIGHTSIZING;
  if (input.isOnLeave) return { recommendation: null, graceReason: 'on recorded leave' };
  if (input.joinedOn > addDays(input.asOf, -policy.newcomerGraceDays)) return { recommendation: null, graceReason: `joined less than ${policy.newcomerGraceDays} days ago` };
  if (input.tierSince > addDays(input.asOf, -policy.tierChangeGraceDays)) return { recommendation: null, graceReason: `tier changed less than ${policy.tierChangeGraceDays} days ago` };

  const weeks = weeklyProfile(input.usage, input.asOf, 12, input.standardDailyLimit);
  const busyWeeks = weeks.filter((w) => w.peak >= 0.9 || w.hits > 0).length;
  const quietWeeks = weeks.filter((w) => w.peak < 0.6 && w.hits === 0).length;
  const recentQuiet = weeks.slice(-policy.downgradeAfterWeeks).every((w) => w.peak < 0.6 && w.hits === 0);
  const p95 = quantile(input.usage.filter((u) => u.day > addDays(input.asOf, -84)).map((u) => u.messages / input.standardDailyLimit), 0.95);
  const saving = input.prices.premiumMonthCents - input.prices.standardMonthCents;
  const evidence = { busyWeeks, quietWeeks, weeks: weeks.length, peakVsStandardP95: Math.round(p95 * 100) / 100 };
  const isBursty = busyWeeks >= 2 && quietWeeks >= 3;

  if (input.tier === 'standard') {
    if (busyWeeks >= 9) return { recommendation: { kind: 'upgrade', reason: `At the standard limit in ${busyWeeks} of the last 12 weeks: a permanent premium seat fits.`, monthlySavingCents: -saving, evidence }, graceReason: null };
    if (isBursty) return { recommendation: { kind: 'lease_next_sprint', reason: `Busy in ${busyWeeks} of 12 weeks and quiet in ${quietWeeks}: need comes in bursts, so lease premium for the next sprint rather than holding it permanently.`, monthlySavingCents: 0, evidence }, graceReason: null };
    return { recommendation: null, graceReason: null };
  }
  if (!input.isPermanent) return { recommendation: null, graceReason: null };
  if (recentQuiet && !input.hasScheduledWork && p95 < 0.6) {
    return { recommendation: { kind: 'downgrade', reason: `Use fit a standard seat for ${policy.downgradeAfterWeeks} weeks in a row, with no project booked.`, monthlySavingCents: saving, evidence }, graceReason: null };
  }
  if (isBursty && busyWeeks < 9) {
    return { recommendation: { kind: 'convert_to_lease', reason: `Premium use came in bursts (${busyWeeks} busy of 12 weeks): return the permanent seat to the pool and lease it per sprint.`, monthlySavingCents: Math.round((saving * quietWeeks) / 12), evidence }, graceReason: null };
  }
  return { recommendation: null, graceReason: null };
}
