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

/* ---------- Allocation engine: leases, approvals, quotas, notifications ---------- */

export const LEASE_STATUSES = ['requested', 'waitlisted', 'scheduled', 'active', 'ended', 'denied', 'cancelled'] as const;
export type LeaseStatus = (typeof LEASE_STATUSES)[number];
export type LeaseEndReason = 'expired' | 'returned' | 'reclaimed' | 'revoked';

export type Lease = Readonly<{
  id: string;
  personId: string;
  personName: string;
  personEmail: string;
  departmentId: string;
  departmentName: string;
  tier: string;
  startsAt: string;
  endsAt: string;
  requestedEndsAt: string;
  reason: string;
  project: string | null;
  deadline: string | null;
  status: LeaseStatus;
  endReason: LeaseEndReason | null;
  /** Whose decision a pending request waits for. */
  queue: 'lead' | 'owner' | null;
  priority: number;
  requestedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decision: { rule: string | null; note: string | null; inputs: unknown; policyVersion: number | null };
  reclaimNoticeAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
}>;

export type LeaseExtension = Readonly<{
  id: string;
  leaseId: string;
  newEndsAt: string;
  reason: string;
  status: 'requested' | 'approved' | 'denied';
  requestedAt: string;
  decidedAt: string | null;
  decisionRule: string | null;
  decisionNote: string | null;
}>;

export type LeaseWithExtensions = Lease & Readonly<{ extensions: LeaseExtension[] }>;

export type DecisionOutcome = 'approve' | 'reclaim_and_approve' | 'queue_for_lead' | 'queue_for_owner' | 'waitlist' | 'deny';

export type Decision = Readonly<{ outcome: DecisionOutcome | (string & {}); rule: string; message: string }>;

export type LeaseDecision = Readonly<{ lease: Lease; decision: Decision }>;

export type LeaseRequestBody = Readonly<{
  startsAt: string;
  endsAt: string;
  reason: string;
  project?: string | null;
  deadline?: string | null;
}>;

export type ExtensionResult = Readonly<{ lease: Lease; extension: LeaseExtension }>;

export type ApprovalImpact = Readonly<{
  fits: boolean;
  isBorrowing: boolean;
  reason: string | null;
  nominal: number;
  usedAtStart: number;
  monthlyBudget: string | null;
  projectedMonthlySpend: string;
  addedCost: string;
}>;

export type ApprovalItem = Readonly<{ lease: Lease; extensions: LeaseExtension[]; impact: ApprovalImpact }>;

export type Quota = Readonly<{
  departmentId: string;
  departmentName: string;
  nominalPremium: number;
  /** Seats above nominal it may borrow; null = unlimited. */
  borrowingLimit: number | null;
  /** Idle nominal seats others may borrow; null = all. */
  lendingLimit: number | null;
  /** USD per month; null = no budget. */
  monthlyBudget: string | null;
  updatedAt: string | null;
}>;

export type Quotas = Readonly<{ capacity: number; items: Quota[] }>;

export type TimelinePoint = Readonly<{ day: string; used: number; nominal: number; borrowed: number; lent: number }>;

export type Notification = Readonly<{
  id: string;
  kind: string;
  title: string;
  body: string;
  leaseId: string | null;
  createdAt: string;
  readAt: string | null;
}>;

export type Notifications = Readonly<{ items: Notification[]; unread: number }>;

export type LeasesQuery = Readonly<{
  mine?: boolean;
  personId?: string;
  departmentId?: string;
  status?: readonly LeaseStatus[];
  limit: number;
  offset: number;
}>;

/* ---------- Usage: my usage, need scores, recommendations, seat reviews, imports ---------- */

export type UsageDay = Readonly<{
  day: string;
  messages: number;
  limitHits: number;
  activeMinutes: number;
  /** API-equivalent cost, USD decimal string. */
  costUsd: string;
  inputTokens: number;
  outputTokens: number;
  /** The tier held that day (null: no seat). */
  tier: string | null;
  /** The daily message limit of that tier. */
  limit: number;
}>;

export type NeedLevel = 'high' | 'medium' | 'low';

export type NeedComponent = Readonly<{ name: string; weight: number; value: number; explanation: string }>;

export type NeedScore = Readonly<{
  /** 0..1, the weighted sum of the components. */
  score: number;
  level: NeedLevel;
  components: NeedComponent[];
  workdays84: number;
  limitHitDays84: number;
}>;

export type PersonUsage = Readonly<{ days: UsageDay[]; need: NeedScore }>;

export type DepartmentUsageDay = Readonly<{ day: string; messages: number; limitHits: number; activePeople: number }>;

export type DepartmentUsagePerson = Readonly<{
  personId: string;
  personName: string;
  messages: number;
  limitHitDays: number;
  /** API-equivalent cost, USD decimal string. */
  costUsd: string;
  /** Messages on the person's busiest day in the range. */
  busiestDay: number;
}>;

/** `people` is null unless the viewer leads the department or is an admin, owner or auditor (the server decides). */
export type DepartmentUsage = Readonly<{ isPerPerson: boolean; days: DepartmentUsageDay[]; people: DepartmentUsagePerson[] | null }>;

export const RECOMMENDATION_KINDS = ['upgrade', 'lease_next_sprint', 'convert_to_lease', 'downgrade'] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

export type Recommendation = Readonly<{
  kind: RecommendationKind | (string & {});
  reason: string;
  /** USD per month, decimal string; negative = extra cost. */
  monthlySaving: string;
  evidence: Record<string, number>;
}>;

export type RecommendationItem = Readonly<{
  personId: string;
  personName: string;
  departmentName: string | null;
  tier: string | null;
  need: NeedScore;
  recommendation: Recommendation | null;
  graceReason: string | null;
}>;

export type RecommendationActResult = Readonly<{ outcome: string; message: string; leaseId?: string | null; reviewId?: string | null }>;

export type SeatReviewStatus = 'asked' | 'kept' | 'released' | 'expired';

export type SeatReview = Readonly<{
  id: string;
  personId: string;
  personName: string;
  kind: string;
  status: SeatReviewStatus;
  deadline: string;
  reason: string;
  keepReason: string | null;
  createdAt: string;
  respondedAt: string | null;
}>;

export type UnmatchedStatus = 'open' | 'linked' | 'ignored';

export type UnmatchedIdentity = Readonly<{
  id: string;
  source: string;
  identity: string;
  status: UnmatchedStatus | (string & {});
  personId: string | null;
  occurrences: number;
  days: number;
  firstSeenAt: string;
  lastSeenAt: string;
}>;

export type UsageImportCounts = Readonly<{ rows: number; inserted: number; updated: number; unchanged: number; unmatched: number; importId: string }>;

export type UsageImportProblem = Readonly<{ line: number; path: string; message: string }>;

export type UsageImport = Readonly<{
  id: string;
  source: string;
  filename: string | null;
  status: 'succeeded' | 'failed' | (string & {});
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  unmatched: number;
  errors: UsageImportProblem[];
  startedAt: string;
  finishedAt: string | null;
}>;
