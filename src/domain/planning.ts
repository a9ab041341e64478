import type { Cents } from './money.ts';

/**
 * Quarterly department planning: from a department's evidence (need, usage trend, unmet requests,
 * survey answers corrected by how past surveys compared with reality, the forecast) propose next
 * quarter's nominal premium quota and monthly budget, and say which inputs moved it. Pure: the caller
 * loads the inputs and the prices.
 *
 * The rule, step by step (every step is recorded in `reasons`):
 *  1. demand = people with high need (score ≥ 0.6) + ceil(unmet requests / 2), where unmet requests are
 *     open and waitlisted requests plus requests denied in the last quarter (two unmet asks ≈ one seat
 *     of sprint demand).
 *  2. trend: usage of the last 13 weeks against the 13 before, clamped to [0.8, 1.25]; demand × trend,
 *     rounded, is the target.
 *  3. a quota moves at most MAX_STEP seats a quarter from the current nominal (stability for leads).
 *  4. budget = (headcount × standard seat + proposed quota × (premium − standard)) per month, plus the
 *     expected usage spend above seat fees (forecast if known, else the corrected survey estimate), plus
 *     a 15% margin. Rounded up to whole dollars.
 */
export type PlanningInputs = Readonly<{
  headcount: number;
  currentNominal: number;
  currentBudgetCents: Cents | null;
  highNeedPeople: number;
  meanNeed: number;
  openRequests: number;
  waitlisted: number;
  deniedLastQuarter: number;
  /** Messages in the last 13 weeks and the 13 weeks before. */
  usageLastQuarter: number;
  usagePreviousQuarter: number;
  useCases: number;
  /** Survey estimate of monthly usage spend for next quarter. */
  surveyMonthlyCents: Cents | null;
  /**
   * Actual ÷ surveyed as learnt by the forecast (`domain/forecast/survey.ts`): the department's own
   * ratio, else the organization's; null without a past survey to compare. The same figure the
   * forecast uses and shows, so planning and forecast never disagree about how far surveys are off.
   */
  surveyCorrection: number | null;
  /** Forecast monthly usage spend (above seat fees) for the department, when a forecast exists. */
  forecastMonthlyCents: Cents | null;
  prices: Readonly<{ premiumMonthCents: Cents; standardMonthCents: Cents }>;
}>;

export type PlanningReason = Readonly<{ input: string; value: string; effect: string }>;

export type QuotaProposal = Readonly<{
  nominalPremium: number;
  monthlyBudgetCents: Cents;
  demand: number;
  trend: number;
  surveyCorrection: number | null;
  usageSpendCents: Cents;
  reasons: readonly PlanningReason[];
}>;

export const HIGH_NEED = 0.6;
export const MAX_STEP = 2;
export const TREND_BOUNDS = { min: 0.8, max: 1.25 } as const;
export const BUDGET_MARGIN = 0.15;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const usd = (cents: Cents) => `$${(cents / 100).toLocaleString('en-US', { maximumFractionDigits: 0 })}`;

/** Usage growth last quarter over the one before, clamped to TREND_BOUNDS; 1 without a previous quarter. */
export function usageTrend(last: number, previous: number): number {
  if (previous <= 0) return 1;
  return clamp(last / previous, TREND_BOUNDS.min, TREND_BOUNDS.max);
}

/** Proposes next quarter's nominal premium quota and monthly budget for one department, with reasons. */
export function proposeQuota(input: PlanningInputs): QuotaProposal {
  const reasons: PlanningReason[] = [];
  const unmet = input.openRequests + input.waitlisted + input.deniedLastQuarter;
  const unmetSeats = Math.ceil(unmet / 2);
  const demand = input.highNeedPeople + unmetSeats;
  reasons.push({ input: 'high-need people', value: String(input.highNeedPeople), effect: `+${input.highNeedPeople} seats of demand (need score ≥ ${HIGH_NEED}; mean need ${input.meanNeed.toFixed(2)})` });
  reasons.push({ input: 'unmet requests', value: `${input.openRequests} open, ${input.waitlisted} waitlisted, ${input.deniedLastQuarter} denied`, effect: unmet ? `+${unmetSeats} seats of demand (one per two unmet requests)` : 'none' });

  const trend = usageTrend(input.usageLastQuarter, input.usagePreviousQuarter);
  const target = Math.round(demand * trend);
  const growth = input.usagePreviousQuarter > 0 ? input.usageLastQuarter / input.usagePreviousQuarter - 1 : null;
  reasons.push({
    input: 'usage trend',
    value: growth === null ? 'no previous quarter' : `${growth >= 0 ? '+' : ''}${Math.round(growth * 100)}% messages quarter on quarter`,
    effect: `demand ${demand} × ${trend.toFixed(2)} = target ${target}`,
  });

  const lo = Math.max(0, input.currentNominal - MAX_STEP);
  const hi = input.currentNominal + MAX_STEP;
  const nominalPremium = clamp(target, lo, hi);
  reasons.push({
    input: 'current quota',
    value: String(input.currentNominal),
    effect: nominalPremium !== target ? `target ${target} limited to ${nominalPremium} (at most ±${MAX_STEP} seats a quarter)` : nominalPremium === input.currentNominal ? 'unchanged' : `${nominalPremium > input.currentNominal ? '+' : ''}${nominalPremium - input.currentNominal} seats`,
  });

  const correction = input.surveyCorrection;
  let usageSpendCents = 0;
  if (input.forecastMonthlyCents !== null) {
    usageSpendCents = input.forecastMonthlyCents;
    reasons.push({ input: 'forecast', value: `${usd(input.forecastMonthlyCents)} a month of usage spend`, effect: 'added to the budget' });
  } else if (input.surveyMonthlyCents !== null) {
    usageSpendCents = Math.round(input.surveyMonthlyCents * (correction ?? 1));
    reasons.push({
      input: 'survey',
      value: `${usd(input.surveyMonthlyCents)} a month estimated`,
      effect: correction === null ? `added as is (no past survey to correct it): ${usd(usageSpendCents)}` : `× ${correction.toFixed(2)} (past actual ÷ surveyed) = ${usd(usageSpendCents)} added to the budget`,
    });
  }
  if (input.useCases > 0) reasons.push({ input: 'use cases', value: `${input.useCases} shared`, effect: 'context for the lead; not counted' });

  const seatCents = input.headcount * input.prices.standardMonthCents + nominalPremium * Math.max(0, input.prices.premiumMonthCents - input.prices.standardMonthCents);
  const monthlyBudgetCents = Math.ceil(((seatCents + usageSpendCents) * (1 + BUDGET_MARGIN)) / 100) * 100;
  reasons.push({
    input: 'prices',
    value: `${input.headcount} standard at ${usd(input.prices.standardMonthCents)}, premium +${usd(input.prices.premiumMonthCents - input.prices.standardMonthCents)}`,
    effect: `(${usd(seatCents)} seats + ${usd(usageSpendCents)} usage) × ${1 + BUDGET_MARGIN} = ${usd(monthlyBudgetCents)} a month${input.currentBudgetCents !== null ? ` (now ${usd(input.currentBudgetCents)})` : ''}`,
  });
  return { nominalPremium, monthlyBudgetCents, demand, trend, surveyCorrection: correction, usageSpendCents, reasons };
}

/** The first day of the calendar quarter after `day` (YYYY-MM-DD). */
export function nextQuarterStart(day: string): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const next = Math.floor((month - 1) / 3) * 3 + 4;
  return next > 12 ? `${year + 1}-01-01` : `${year}-${String(next).padStart(2, '0')}-01`;
}

/** The first day of the quarter containing `day`. */
export function quarterStartOf(day: string): string {
  const month = Number(day.slice(5, 7));
  return `${day.slice(0, 4)}-${String(Math.floor((month - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
}

/** "2027 Q1" for a quarter's first day. */
export function quarterLabel(quarterStart: string): string {
  return `${quarterStart.slice(0, 4)} Q${Math.floor((Number(quarterStart.slice(5, 7)) - 1) / 3) + 1}`;
}
