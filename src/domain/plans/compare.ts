import { bandOf, roundBand, type Band } from '../forecast/stats.ts';

/**
 * Plan comparison on the organization's own simulated usage. Every option is priced on the same Monte
 * Carlo paths, so the differences between options keep their correlation (a heavy month is heavy for
 * every plan) and each option, and each saving, gets a P10/P50/P90 band.
 *
 * Options: Team with the seats bought today (purchased standard and premium seats plus the extra
 * usage its people would run above their tier's allowance), Team with the cost-optimal premium count
 * (one seat per seat holder; a person gets premium when their expected extra usage saved exceeds the
 * premium price difference), Enterprise (one seat per holder at the Enterprise fee plus all usage at
 * API rates) and, on its own line, the extra-usage spend of today's mix.
 */

export type PlanPrices = Readonly<{
  /** USD per seat-month. */
  teamStandard: number;
  teamPremium: number;
  /** Multiplier on API rates for Team extra usage; null when unavailable. */
  teamExtraUsageRate: number | null;
  /** USD per seat-month, or null when the catalog has no Enterprise price. */
  enterpriseSeat: number | null;
  enterpriseUsageRate: number | null;
}>;

export type PlanPerson = Readonly<{
  /** Tier held today ('standard' | 'premium'), or null without a seat (left out of every option). */
  tier: string | null;
  /** Per month, per path: usage at API rates and extra usage above the standard and the premium allowance (already at the extra-usage rate). */
  usage: readonly Float64Array[];
  extraIfStandard: readonly Float64Array[];
  extraIfPremium: readonly Float64Array[];
}>;

export type PlanOptionKind = 'team_current' | 'team_optimal' | 'enterprise' | 'extra_usage';

export type PlanOption = Readonly<{
  kind: PlanOptionKind;
  label: string;
  standardSeats: number;
  premiumSeats: number;
  /** Monthly cost averaged over the compared months, with its band; null when the catalog lacks a price. */
  monthly: Band | null;
  /** Per month. */
  months: readonly Readonly<{ month: string; cost: Band }>[];
  /** Saving against Team as bought today (positive = cheaper), monthly average; null for the current plan and extra usage. */
  saving: Band | null;
  /** Share of simulated paths in which this option is cheaper than today's plan. */
  chanceCheaper: number | null;
}>;

export type PlanRecommendation = Readonly<{
  action: 'stay' | 'switch';
  option: PlanOptionKind;
  /** The first day the switch can pay off: today, or the end of the current seat commitment. */
  paysOffFrom: string | null;
  answer: string;
}>;

export type PlanComparison = Readonly<{ months: readonly string[]; options: readonly PlanOption[]; recommendation: PlanRecommendation }>;

/** A switch is recommended only when it is cheaper in at least this share of simulations. */
export const SWITCH_CONFIDENCE = 0.8;

/** Compares the plans. `paths` is the number of simulated paths behind every Float64Array. */
export function comparePlans(input: {
  months: readonly string[];
  paths: number;
  people: readonly PlanPerson[];
  purchased: Readonly<{ standard: number; premium: number }>;
  prices: PlanPrices;
  today: string;
  /** The day the current seats' commitment ends (annual seats), or null when seats can change any time. */
  commitmentEndsOn: string | null;
}): PlanComparison {
  const { months, paths, prices } = input;
  const seated = input.people.filter((p) => p.tier !== null);
  const perMonth = (cost: (m: number, p: number) => number) => months.map((_, m) => Float64Array.from({ length: paths }, (_, p) => cost(m, p)));
  const sum = (pick: (person: PlanPerson) => readonly Float64Array[], m: number, p: number, who: readonly PlanPerson[]) => who.reduce((s, person) => s + pick(person)[m]![p]!, 0);
  const extraAt = (person: PlanPerson, tier: string) => (tier === 'premium' ? person.extraIfPremium : person.extraIfStandard);

  const currentFees = input.purchased.standard * prices.teamStandard + input.purchased.premium * prices.teamPremium;
  const currentExtra = perMonth((m, p) => seated.reduce((s, person) => s + extraAt(person, person.tier!)[m]![p]!, 0));
  const current = currentExtra.map((x) => x.map((v) => v + currentFees));

  // Premium pays for itself when the extra usage it avoids exceeds the price difference (expected value).
  const delta = prices.teamPremium - prices.teamStandard;
  const optimalTier = seated.map((person) => (expectedMonthly(person.extraIfStandard) - expectedMonthly(person.extraIfPremium) > delta ? 'premium' : 'standard'));
  const optimalPremium = optimalTier.filter((t) => t === 'premium').length;
  const optimalFees = (seated.length - optimalPremium) * prices.teamStandard + optimalPremium * prices.teamPremium;
  const optimal = perMonth((m, p) => optimalFees + seated.reduce((s, person, i) => s + extraAt(person, optimalTier[i]!)[m]![p]!, 0));

  const enterprise = prices.enterpriseSeat === null || prices.enterpriseUsageRate === null
    ? null
    : perMonth((m, p) => seated.length * prices.enterpriseSeat! + prices.enterpriseUsageRate! * sum((x) => x.usage, m, p, seated));

  const option = (kind: PlanOptionKind, label: string, seats: { standard: number; premium: number }, samples: Float64Array[] | null, compare: boolean): PlanOption => {
    if (!samples) return { kind, label, standardSeats: seats.standard, premiumSeats: seats.premium, monthly: null, months: [], saving: null, chanceCheaper: null };
    const avg = averageOverMonths(samples, paths);
    const currentAvg = averageOverMonths(current, paths);
    const saving = compare ? currentAvg.map((c, p) => c - avg[p]!) : null;
    return {
      kind,
      label,
      standardSeats: seats.standard,
      premiumSeats: seats.premium,
      monthly: roundBand(bandOf(avg)),
      months: months.map((month, m) => ({ month, cost: roundBand(bandOf(samples[m]!)) })),
      saving: saving ? roundBand(bandOf(saving)) : null,
      chanceCheaper: saving ? saving.filter((s) => s > 0).length / paths : null,
    };
  };
  const options = [
    option('team_current', 'Team, seats as bought today', input.purchased, current, false),
    option('team_optimal', `Team with ${optimalPremium} premium seat${optimalPremium === 1 ? '' : 's'} (cost-optimal)`, { standard: seated.length - optimalPremium, premium: optimalPremium }, optimal, true),
    option('enterprise', 'Enterprise (seat fee + usage at API rates)', { standard: seated.length, premium: 0 }, enterprise, true),
    option('extra_usage', 'Extra usage above seat limits (today’s mix)', { standard: 0, premium: 0 }, prices.teamExtraUsageRate === null ? null : currentExtra, false),
  ];
  return { months, options, recommendation: recommend({ options, today: input.today, commitmentEndsOn: input.commitmentEndsOn, purchased: input.purchased, optimalPremium, seated: seated.length }) };
}

function expectedMonthly(samples: readonly Float64Array[]): number {
  let s = 0;
  let n = 0;
  for (const month of samples) for (const v of month) {
    s += v;
    n++;
  }
  return n === 0 ? 0 : (s / n);
}

function averageOverMonths(samples: readonly Float64Array[], paths: number): Float64Array {
  const out = new Float64Array(paths);
  for (const month of samples) for (let p = 0; p < paths; p++) out[p]! += month[p]! / samples.length;
  return out;
}

const usd = (v: number) => `$${Math.round(v).toLocaleString('en-US')}`;

/** The plain answer: switch only to an option that is cheaper in most simulations, and say from when. */
export function recommend(input: {
  options: readonly PlanOption[];
  today: string;
  commitmentEndsOn: string | null;
  purchased: Readonly<{ standard: number; premium: number }>;
  optimalPremium: number;
  seated: number;
}): PlanRecommendation {
  const candidates = input.options.filter((o) => o.saving && o.chanceCheaper !== null && o.saving.p50 > 0 && o.chanceCheaper >= SWITCH_CONFIDENCE);
  const best = [...candidates].sort((a, b) => b.saving!.p50 - a.saving!.p50)[0];
  if (!best) {
    const closest = input.options.filter((o) => o.saving).sort((a, b) => b.saving!.p50 - a.saving!.p50)[0];
    const why = closest
      ? ` The closest alternative, ${closest.label}, would save ${usd(closest.saving!.p50)} a month at the median (P10–P90 ${usd(closest.saving!.p10)} to ${usd(closest.saving!.p90)}) and is cheaper in ${Math.round(closest.chanceCheaper! * 100)}% of simulations, short of the ${SWITCH_CONFIDENCE * 100}% needed to recommend a switch.`
      : '';
    return { action: 'stay', option: 'team_current', paysOffFrom: null, answer: `Stay on Team as bought.${why}` };
  }
  // Adding premium seats can happen at once; dropping seats or changing plan waits for the commitment to end.
  const onlyAdds = best.kind === 'team_optimal' && input.optimalPremium >= input.purchased.premium && input.seated <= input.purchased.standard + input.purchased.premium;
  const waits = !onlyAdds && input.commitmentEndsOn !== null && input.commitmentEndsOn > input.today;
  const from = waits ? input.commitmentEndsOn! : input.today;
  const s = best.saving!;
  const when = waits ? `when the current seat commitment ends on ${from} (seats are paid until then)` : 'now; it pays off from the first month';
  return {
    action: 'switch',
    option: best.kind,
    paysOffFrom: from,
    answer: `Switch to ${best.label} ${when}: it saves ${usd(s.p50)} a month at the median (P10–P90 ${usd(s.p10)} to ${usd(s.p90)}), about ${usd(s.p50 * 12)} a year, and is cheaper in ${Math.round(best.chanceCheaper! * 100)}% of simulations.`,
  };
}
