import type { Role } from '../../domain/roles.ts';
import type { Cadence } from '../../domain/seats.ts';

export type Organization = Readonly<{ id: string; name: string; slug: string }>;

export type Department = Readonly<{ id: string; orgId: string; name: string; createdAt: Date; updatedAt: Date }>;

export type DepartmentStats = Department & Readonly<{ headcount: number; premiumSeats: number; leads: readonly PersonRef[] }>;

export type PersonRef = Readonly<{ id: string; name: string; email: string }>;

export type Person = Readonly<{
  id: string;
  orgId: string;
  email: string;
  name: string;
  departmentId: string | null;
  departmentName: string | null;
  jobFamily: string;
  /** Job title: shown, never an input to a decision (the metamorphic test permutes it). */
  title: string | null;
  employmentStartDate: string | null;
  status: 'active' | 'left';
  leftOn: string | null;
  createdAt: Date;
  updatedAt: Date;
}>;

export type PersonWithSeat = Person & Readonly<{ currentTier: string | null; roles: readonly Role[] }>;

export type RoleGrantRow = Readonly<{ id: string; personId: string; role: Role; departmentId: string | null }>;

export type CatalogEntry = Readonly<{
  id: string;
  vendor: string;
  plan: string;
  tier: string;
  cadence: Cadence;
  pricePerSeatMonth: string;
  usageMultiplier: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
  source: string | null;
}>;

export type InventoryEntry = Readonly<{
  id: string;
  orgId: string;
  vendor: string;
  plan: string;
  tier: string;
  cadence: Cadence;
  seatsPurchased: number;
  commitmentEndsOn: string | null;
  updatedAt: Date;
}>;

export type Assignment = Readonly<{
  id: string;
  orgId: string;
  personId: string;
  personName: string;
  vendor: string;
  plan: string;
  tier: string;
  validFrom: Date;
  validTo: Date | null;
  reason: string | null;
  createdBy: string | null;
  createdAt: Date;
  /** The lease that created this interval, if any (null for permanent assignments). */
  leaseId: string | null;
}>;

export type ApiToken = Readonly<{
  id: string;
  orgId: string;
  personId: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}>;

export type Page<T> = Readonly<{ items: readonly T[]; total: number; limit: number; offset: number }>;

export type PageRequest = Readonly<{ limit: number; offset: number }>;
