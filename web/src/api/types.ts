export const ROLES = ['primary_owner', 'owner', 'admin', 'dept_lead', 'member', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export type Tier = 'standard' | 'premium';

export type DemoUser = Readonly<{
  id: string;
  name: string;
  email: string;
  departmentName: string | null;
  jobFamily: string;
  roles: Role[];
}>;

export type Me = Readonly<{
  id: string;
  name: string;
  email: string;
  departmentId: string | null;
  departmentName: string | null;
  grants: { role: Role; departmentId: string | null }[];
  organization: { id: string; name: string };
}>;

export type DepartmentLead = Readonly<{ id: string; name: string; email: string }>;

export type Department = Readonly<{
  id: string;
  name: string;
  headcount: number;
  premiumSeats: number;
  leads: DepartmentLead[];
  createdAt: string;
  updatedAt: string;
}>;

export type TierSummary = Readonly<{
  vendor: string;
  plan: string;
  tier: string;
  purchased: number;
  assigned: number;
  free: number;
  isOverAssigned: boolean;
  monthlyCost: string;
  unpricedSeats: number;
}>;

export type Overview = Readonly<{
  organization: { id: string; name: string };
  asOf: string;
  headcount: number;
  monthlyCost: string;
  seats: TierSummary[];
  departments: Department[];
  usage: {
    personDays: number;
    messages: number;
    apiEquivalentCostUsd: string;
    firstDay: string | null;
    lastDay: string | null;
  };
}>;

export type Person = Readonly<{
  id: string;
  email: string;
  name: string;
  departmentId: string | null;
  departmentName: string | null;
  jobFamily: string;
  status: 'active' | 'left';
  leftOn: string | null;
  currentTier: string | null;
  roles: Role[];
  createdAt: string;
  updatedAt: string;
}>;

export type Page<T> = Readonly<{ items: T[]; total: number; limit: number; offset: number }>;

export type Items<T> = Readonly<{ items: T[] }>;

export type PeopleQuery = Readonly<{
  q?: string;
  departmentId?: string;
  status?: 'active' | 'left';
  tier?: string;
  limit: number;
  offset: number;
}>;
