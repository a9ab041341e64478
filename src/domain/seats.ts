import type { Cents } from './money.ts';

export type Cadence = 'monthly' | 'annual';

export type CatalogPrice = Readonly<{
  vendor: string;
  plan: string;
  tier: string;
  cadence: Cadence;
  pricePerSeatMonthCents: Cents;
  usageMultiplier: number | null;
  effectiveFrom: string;
  effectiveTo: string | null;
}>;

export type InventoryLine = Readonly<{
  vendor: string;
  plan: string;
  tier: string;
  cadence: Cadence;
  seatsPurchased: number;
}>;

export type CurrentAssignment = Readonly<{ vendor: string; plan: string; tier: string }>;

export type TierSummary = Readonly<{
  vendor: string;
  plan: string;
  tier: string;
  purchased: number;
  assigned: number;
  free: number;
  /** Negative free means more people hold the tier than seats were bought. */
  isOverAssigned: boolean;
  monthlyCostCents: Cents;
  /** Inventory lines with no catalog price on the day; their cost is missing from monthlyCostCents. */
  unpricedSeats: number;
}>;

/** The catalog price in force on `day` (YYYY-MM-DD) for a seat line, or undefined. */
export function findPriceOn(
  prices: readonly CatalogPrice[],
  line: Readonly<{ vendor: string; plan: string; tier: string; cadence: Cadence }>,
  day: string,
): CatalogPrice | undefined {
  return prices
    .filter(
      (p) =>
        p.vendor === line.vendor &&
        p.plan === line.plan &&
        p.tier === line.tier &&
        p.cadence === line.cadence &&
        p.effectiveFrom <= day &&
        (p.effectiveTo === null || day < p.effectiveTo),
    )
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0];
}

/**
 * Seats per tier on `day`: purchased (all cadences), assigned (current holders), free and the monthly
 * bill at catalog prices. The bill counts purchased seats, assigned or not: idle seats still cost.
 */
export function summarizeSeats(input: {
  inventory: readonly InventoryLine[];
  assignments: readonly CurrentAssignment[];
  prices: readonly CatalogPrice[];
  day: string;
}): TierSummary[] {
  const key = (x: { vendor: string; plan: string; tier: string }) => `${x.vendor}\u0000${x.plan}\u0000${x.tier}`;
  const rows = new Map<string, { vendor: string; plan: string; tier: string; purchased: number; assigned: number; cost: Cents; unpriced: number }>();
  const row = (x: { vendor: string; plan: string; tier: string }) => {
    const k = key(x);
    let r = rows.get(k);
    if (!r) {
      r = { vendor: x.vendor, plan: x.plan, tier: x.tier, purchased: 0, assigned: 0, cost: 0, unpriced: 0 };
      rows.set(k, r);
    }
    return r;
  };
  for (const line of input.inventory) {
    const r = row(line);
    r.purchased += line.seatsPurchased;
    const price = findPriceOn(input.prices, line, input.day);
    if (price) r.cost += price.pricePerSeatMonthCents * line.seatsPurchased;
    else r.unpriced += line.seatsPurchased;
  }
  for (const a of input.assignments) row(a).assigned += 1;
  return [...rows.values()]
    .sort((a, b) => key(a).localeCompare(key(b)))
    .map((r) => ({
      vendor: r.vendor,
      plan: r.plan,
      tier: r.tier,
      purchased: r.purchased,
      assigned: r.assigned,
      free: r.purchased - r.assigned,
      isOverAssigned: r.assigned > r.purchased,
      monthlyCostCents: r.cost,
      unpricedSeats: r.unpriced,
    }));
}
