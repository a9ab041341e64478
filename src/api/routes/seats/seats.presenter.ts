import { z } from 'zod';
import { centsToDecimal } from '../../../domain/money.ts';
import type { TierSummary } from '../../../domain/seats.ts';
import type { Assignment, CatalogEntry, InventoryEntry } from '../../../db/repositories/types.ts';
import { CadenceSchema, iso, isoOrNull } from '../../schemas.ts';

export const CatalogEntrySchema = z.object({
  id: z.uuid(),
  vendor: z.string(),
  plan: z.string(),
  tier: z.string(),
  cadence: CadenceSchema,
  pricePerSeatMonth: z.string().describe('USD per seat per month, decimal string'),
  usageMultiplier: z.string().nullable().describe("Usage relative to the vendor's individual Pro plan"),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  source: z.string().nullable(),
});
export const presentCatalogEntry = (c: CatalogEntry): z.infer<typeof CatalogEntrySchema> => ({
  id: c.id, vendor: c.vendor, plan: c.plan, tier: c.tier, cadence: c.cadence, pricePerSeatMonth: c.pricePerSeatMonth,
  usageMultiplier: c.usageMultiplier, effectiveFrom: c.effectiveFrom, effectiveTo: c.effectiveTo, source: c.source,
});

export const InventorySchema = z.object({
  id: z.uuid(),
  vendor: z.string(),
  plan: z.string(),
  tier: z.string(),
  cadence: CadenceSchema,
  seatsPurchased: z.number().int(),
  commitmentEndsOn: z.string().nullable(),
  updatedAt: z.string(),
});
export const presentInventory = (i: InventoryEntry): z.infer<typeof InventorySchema> => ({
  id: i.id, vendor: i.vendor, plan: i.plan, tier: i.tier, cadence: i.cadence, seatsPurchased: i.seatsPurchased, commitmentEndsOn: i.commitmentEndsOn, updatedAt: iso(i.updatedAt),
});

export const AssignmentSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  personName: z.string(),
  vendor: z.string(),
  plan: z.string(),
  tier: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  reason: z.string().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
});
export const presentAssignment = (a: Assignment): z.infer<typeof AssignmentSchema> => ({
  id: a.id, personId: a.personId, personName: a.personName, vendor: a.vendor, plan: a.plan, tier: a.tier,
  validFrom: iso(a.validFrom), validTo: isoOrNull(a.validTo), reason: a.reason, createdBy: a.createdBy, createdAt: iso(a.createdAt),
});

export const TierSummarySchema = z.object({
  vendor: z.string(),
  plan: z.string(),
  tier: z.string(),
  purchased: z.number().int(),
  assigned: z.number().int(),
  free: z.number().int(),
  isOverAssigned: z.boolean(),
  monthlyCost: z.string().describe('USD per month for the purchased seats'),
  unpricedSeats: z.number().int(),
});
export const presentTierSummary = (t: TierSummary): z.infer<typeof TierSummarySchema> => ({
  vendor: t.vendor, plan: t.plan, tier: t.tier, purchased: t.purchased, assigned: t.assigned, free: t.free,
  isOverAssigned: t.isOverAssigned, monthlyCost: centsToDecimal(t.monthlyCostCents), unpricedSeats: t.unpricedSeats,
});
