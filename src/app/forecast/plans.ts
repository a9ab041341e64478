import { comparePlans, type PlanComparison, type PlanPrices } from '../../domain/plans/compare.ts';
import { findPriceOn } from '../../domain/seats.ts';
import type { Actor, AppContext } from '../context.ts';
import { DEFAULT_PATHS, forecastScope, runForecast } from './forecast.ts';
import { loadForecastData, TEAM_LINE } from './load.ts';

export type PlanComparisonResult = PlanComparison & Readonly<{ today: string; prices: PlanPrices; purchased: Readonly<{ standard: number; premium: number }>; commitmentEndsOn: string | null }>;

/**
 * Compares Team as bought, Team with the cost-optimal premium count and Enterprise on the
 * organization's own simulated usage over the next `months` months. Prices come from the catalog in
 * force today; a missing Enterprise price leaves that option unpriced rather than guessed.
 */
export async function comparePlansForOrg(ctx: AppContext, actor: Actor, options: { months: number; paths?: number; seed?: number }): Promise<PlanComparisonResult> {
  forecastScope(actor);
  const data = await loadForecastData(ctx, actor.orgId, { months: options.months });
  const forecast = runForecast(data, { ...options, comparisonTiers: ['standard', 'premium'] });
  const cadence = data.inventory[0]?.cadence ?? 'annual';
  const price = (plan: string, tier: string, cad: 'annual' | 'monthly') => findPriceOn(data.catalog, { vendor: TEAM_LINE.vendor, plan, tier, cadence: cad }, data.today);
  const usd = (cents: number | undefined) => (cents === undefined ? null : cents / 100);
  const enterpriseSeat = price('enterprise', 'enterprise', 'annual') ?? price('enterprise', 'enterprise', 'monthly');
  const prices: PlanPrices = {
    teamStandard: usd(price('team', 'standard', cadence)?.pricePerSeatMonthCents) ?? 0,
    teamPremium: usd(price('team', 'premium', cadence)?.pricePerSeatMonthCents) ?? 0,
    teamExtraUsageRate: data.pricing.extraUsageRate,
    enterpriseSeat: usd(enterpriseSeat?.pricePerSeatMonthCents),
    enterpriseUsageRate: price('enterprise', 'usage', 'monthly')?.usageMultiplier ?? null,
  };
  const purchased = {
    standard: data.inventory.filter((l) => l.tier === 'standard').reduce((s, l) => s + l.seatsPurchased, 0),
    premium: data.inventory.filter((l) => l.tier === 'premium').reduce((s, l) => s + l.seatsPurchased, 0),
  };
  const commitmentEndsOn = data.inventory.map((l) => l.commitmentEndsOn).filter((d): d is string => d !== null).sort().at(-1) ?? null;
  const samples = forecast.personMonths;
  const result = comparePlans({
    months: forecast.months,
    paths: options.paths ?? DEFAULT_PATHS,
    people: data.people.map((p, i) => ({
      tier: data.currentTier.get(p.id) ?? null,
      usage: samples.usage[i]!,
      extraIfStandard: samples.extraByTier.standard![i]!,
      extraIfPremium: samples.extraByTier.premium![i]!,
    })),
    purchased,
    prices,
    today: data.today,
    commitmentEndsOn,
  });
  return { ...result, today: data.today, prices, purchased, commitmentEndsOn };
}
