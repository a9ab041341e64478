import { toDay } from '../../domain/dates.ts';
import { decimalToCents } from '../../domain/money.ts';
import { summarizeSeats, type CatalogPrice, type TierSummary } from '../../domain/seats.ts';
import type { CatalogEntry } from '../../db/repositories/types.ts';
import type { AppContext } from '../context.ts';

export function toCatalogPrice(entry: CatalogEntry): CatalogPrice {
  return {
    vendor: entry.vendor,
    plan: entry.plan,
    tier: entry.tier,
    cadence: entry.cadence,
    pricePerSeatMonthCents: decimalToCents(entry.pricePerSeatMonth),
    usageMultiplier: entry.usageMultiplier === null ? null : Number(entry.usageMultiplier),
    effectiveFrom: entry.effectiveFrom,
    effectiveTo: entry.effectiveTo,
  };
}

/** Seats per tier today: purchased, assigned, free and monthly cost at catalog prices. */
export async function getSeatSummary(ctx: AppContext, orgId: string): Promise<TierSummary[]> {
  const now = ctx.now();
  const [inventory, holders, catalog] = await Promise.all([
    ctx.repos.seats.listInventory(orgId),
    ctx.repos.seats.listCurrentHolders(orgId, now),
    ctx.repos.seats.listCatalog(),
  ]);
  return summarizeSeats({ inventory, assignments: holders, prices: catalog.map(toCatalogPrice), day: toDay(now) });
}
