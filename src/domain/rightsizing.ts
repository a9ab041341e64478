import type { Cents } from './money.ts';
import { addDays, dayIndexOf } from './dates.ts';
import { NEED_WINDOW_DAYS, quantileInPlace, usageIndex, type UsageDay } from './need.ts';

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

/**
 * The rightsizing input by day index: the 84 days (12 weeks) ending on `asOfDay` (index 83 is asOfDay),
 * with 0 messages and 0 hits on a day without a record, and the sample the 95th-percentile peak is
 * taken from (the daily messages of each usage record of those 84 days). `standardDailyLimit` > 0.
 * The fast path the live service
 * (through `recommendTier`) and the policy lab share.
 */
export type RightsizingDayInput = Readonly<
  Omit<RightsizingInput, 'asOf' | 'usage' | 'joinedOn' | 'tierSince'> & {
    asOfDay: number;
    joinedOnDay: number;
    tierSinceDay: number;
    messages: ArrayLike<number>;
    limitHits: ArrayLike<number>;
    peakSample: ArrayLike<number>;
  }
>;

const SPAN_WEEKS = NEED_WINDOW_DAYS / 7;

/** The recommendation for one person, or none; explains grace when it applies. Works on day indices. */
export function recommendTierByDay(input: RightsizingDayInput): RightsizingResult {
  const policy = input.policy ?? DEFAULT_RIGHTSIZING;
  if (input.isOnLeave) return { recommendation: null, graceReason: 'on recorded leave' };
  if (input.joinedOnDay > input.asOfDay - policy.newcomerGraceDays) return { recommendation: null, graceReason: `joined less than ${policy.newcomerGraceDays} days ago` };
  if (input.tierSinceDay > input.asOfDay - policy.tierChangeGraceDays) return { recommendation: null, graceReason: `tier changed less than ${policy.tierChangeGraceDays} days ago` };

  // Weekly figures, oldest week first: the week's busiest day relative to the standard limit, and limit hits.
  // The last `downgradeAfterWeeks` weeks, with Array.prototype.slice(-n) semantics (n = 0 is every week).
  const rel = Math.trunc(-policy.downgradeAfterWeeks) || 0;
  const recentFrom = rel < 0 ? Math.max(SPAN_WEEKS + rel, 0) : Math.min(rel, SPAN_WEEKS);
  let busyWeeks = 0;
  let quietWeeks = 0;
  let recentQuiet = true;
  for (let w = 0; w < SPAN_WEEKS; w++) {
    let peak = 0;
    let hits = 0;
    for (let d = 6; d >= 0; d--) {
      const i = w * 7 + d;
      peak = Math.max(peak, input.messages[i]! / input.standardDailyLimit);
      hits += input.limitHits[i]!;
    }
    if (peak >= 0.9 || hits > 0) busyWeeks++;
    const isQuiet = peak < 0.6 && hits === 0;
    if (isQuiet) quietWeeks++;
    else if (w >= recentFrom) recentQuiet = false;
  }
  // The 95th percentile by nearest rank (as `quantile`), on a typed copy.
  const sample = new Float64Array(input.peakSample.length);
  for (let i = 0; i < sample.length; i++) sample[i] = input.peakSample[i]! / input.standardDailyLimit;
  const p95 = quantileInPlace(sample, sample.length, 0.95);
  const saving = input.prices.premiumMonthCents - input.prices.standardMonthCents;
  const evidence = { busyWeeks, quietWeeks, weeks: SPAN_WEEKS, peakVsStandardP95: Math.round(p95 * 100) / 100 };
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

/**
 * The recommendation from dated usage: places each day's record (the last one of a day wins) in the 84
 * days ending asOf, takes the peak sample from every record after asOf − 84 days, and decides with
 * `recommendTierByDay`.
 */
export function recommendTier(input: RightsizingInput): RightsizingResult {
  const asOfDay = dayIndexOf(input.asOf);
  const first = asOfDay - (NEED_WINDOW_DAYS - 1);
  const messages = new Float64Array(NEED_WINDOW_DAYS);
  const limitHits = new Float64Array(NEED_WINDOW_DAYS);
  const since = addDays(input.asOf, -NEED_WINDOW_DAYS);
  const peakSample: number[] = [];
  for (const u of input.usage) {
    if (u.day > since) peakSample.push(u.messages);
    const i = usageIndex(u.day, first);
    if (i === undefined) continue;
    messages[i] = u.messages;
    limitHits[i] = u.limitHits;
  }
  const { asOf: _asOf, usage: _usage, joinedOn, tierSince, ...rest } = input;
  return recommendTierByDay({ ...rest, asOfDay, joinedOnDay: dayIndexOf(joinedOn), tierSinceDay: dayIndexOf(tierSince), messages, limitHits, peakSample });
}
